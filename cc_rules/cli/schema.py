"""`cc-rules schema`: the JSON Schema of evidence for some packs, for editor completion and pre-commit checks."""

from __future__ import annotations

import json

import click

from cc_rules.cli.common import _emit, handles_input_errors
from cc_rules.cli.options import lang_option, output_option
from cc_rules.model import packs
from cc_rules.tools import authoring


@click.command(name="schema")
@click.argument("pack_refs", nargs=-1, required=True, metavar="PACK...")
@lang_option
@output_option(help="Write the schema here instead of stdout.")
@handles_input_errors
def schema_command(pack_refs: tuple[str, ...], lang: str, output: str | None) -> None:
    """The JSON Schema (draft 2020-12) of evidence for the PACKs: the common structure, and `facts` with each fact
    of the packs typed, described and also accepted as {value, source, date}; a misspelt fact is an error.

    PACK is a built-in id or a pack directory. The schema's descriptions carry both languages; --lang is the
    language of error messages. Exit 0 (2 on bad input).
    """
    schema = authoring.evidence_schema([packs.load(ref) for ref in pack_refs])
    _emit(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", output)


COMMANDS = [schema_command]
