"""`cc-rules init`: a commented evidence questionnaire for some packs, valid evidence as it is."""

from __future__ import annotations

import datetime as dt

import click

from cc_rules.cli.common import _emit, handles_input_errors
from cc_rules.cli.options import lang_option, output_option
from cc_rules.model import packs
from cc_rules.tools import authoring


@click.command(name="init")
@click.argument("pack_refs", nargs=-1, required=True, metavar="PACK...")
@lang_option
@output_option(help="Write the questionnaire here instead of stdout.")
@handles_input_errors
def init_command(pack_refs: tuple[str, ...], lang: str, output: str | None) -> None:
    """An evidence questionnaire in YAML for the PACKs: every fact their rules read, under its item and clause,
    with its question, unit and allowed values, commented out (unknown) until answered; dated today.

    PACK is a built-in id or a pack directory. Exit 0 (2 on bad input).
    """
    loaded = [packs.load(ref) for ref in pack_refs]
    _emit(authoring.questionnaire(loaded, lang, dt.date.today()), output)


COMMANDS = [init_command]
