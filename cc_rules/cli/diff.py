"""`cc-rules diff`: which organisations a rule change moves, and which rules cause it."""

from __future__ import annotations

import datetime as dt

import click

from cc_rules.cli import _emit, handles_input_errors
from cc_rules.cli.options import as_of_option, engine_option, format_option, lang_option, output_option
from cc_rules.reports import diff_text
from cc_rules.tools import diff as diffing


@click.command(name="diff")
@click.argument("old_pack")
@click.argument("new_pack")
@click.argument("evidence", nargs=-1, required=True)
@as_of_option(help="Assess both packs as of this date (default: each evidence's date).")
@format_option(["text", "json", "markdown", "html"])
@click.option("--all", "show_all", is_flag=True, help="Text: list unchanged centres too.")
@engine_option(default="plain")
@lang_option
@output_option()
@handles_input_errors
def diff_command(old_pack: str, new_pack: str, evidence: tuple[str, ...], as_of: dt.date | None, fmt: str,
                 show_all: bool, engine_name: str, lang: str, output: str | None) -> None:
    """Assess EVIDENCE (files or directories of *.yaml) with OLD_PACK and NEW_PACK (ids or directories).

    For each centre: level/score/grade/pass before and after, and the rules whose outcome or points differ (plus
    rules added or removed) with the facts behind each move; the distribution of levels, grades and verdicts
    before and after (a chart in --format html); the dates a dated change touches with how many centres fall in
    them; and how many moved up, down and across the pass line. --format markdown is for a committee's minutes.
    Exit 0 (2 on bad input).
    """
    result = diffing.compare(old_pack, new_pack, evidence, as_of, engine_name)
    if fmt == "json":
        text = result.to_json()
    elif fmt == "markdown":
        text = diff_text.render_markdown(result, lang)
    elif fmt == "html":
        text = diff_text.render_html(result, lang)
    else:
        text = diff_text.render_text(result, show_all, lang)
    _emit(text, output)


COMMANDS = [diff_command]
