"""`cc-rules crosswalk`: which evidence serves which clause of which standard."""

from __future__ import annotations

import datetime as dt

import click

from cc_rules.cli.common import _emit, handles_input_errors
from cc_rules.cli.options import as_of_option, format_option, lang_option, output_option
from cc_rules.reports import crosswalk_text
from cc_rules.tools import crosswalk as crosswalking


@click.command(name="crosswalk")
@click.argument("args", nargs=-1, metavar="[PACK...] [EVIDENCE]")
@format_option(["text", "markdown", "html", "json"])
@as_of_option(help="Use the rules in force on this date (default: the evidence's date, else today).")
@lang_option
@output_option()
@handles_input_errors
def crosswalk_command(args: tuple[str, ...], fmt: str, as_of: dt.date | None, lang: str, output: str | None) -> None:
    """For every fact the rules of the packs read, which rules of which packs read it, with their clauses.

    PACK is a built-in id or a pack directory (default: every built-in pack); an argument that is a file is the
    EVIDENCE. With evidence: per pack the clauses it already evidences (every fact their rules read is given), and
    the missing facts that would advance the most clauses across all packs, best first. Exit 0 (2 on bad input).
    """
    result = crosswalking.crosswalk(args, as_of)
    if fmt == "json":
        text = result.to_json()
    elif fmt == "markdown":
        text = crosswalk_text.render_markdown(result, lang)
    elif fmt == "html":
        text = crosswalk_text.render_html(result, lang)
    else:
        text = crosswalk_text.render_text(result, lang)
    _emit(text, output)


COMMANDS = [crosswalk_command]
