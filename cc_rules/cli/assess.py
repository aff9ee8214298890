"""`cc-rules assess`: each evidence file against each pack, in any registered report format."""

from __future__ import annotations

import datetime as dt

import click

from cc_rules.cli.common import _emit, handles_input_errors, render_report, run_assessment
from cc_rules.cli.options import as_of_option, engine_option, lang_option, output_option
from cc_rules.reports import registry


@click.command(name="assess")
@click.argument("evidence", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--pack", "pack_refs", multiple=True, help="Built-in pack id or pack directory (repeatable).")
@as_of_option()
@click.option("--format", "fmt", type=click.Choice(sorted(registry.REPORTERS)), default="text", show_default=True)
@lang_option
@engine_option()
@output_option()
@handles_input_errors
def assess(evidence: tuple[str, ...], pack_refs: tuple[str, ...], as_of: dt.date | None, fmt: str, lang: str,
           engine_name: str, output: str | None) -> None:
    """Assess each EVIDENCE file against each pack."""
    report = run_assessment(evidence, pack_refs, as_of, engine_name, lang)
    _emit(render_report(fmt, report, lang, output), output)


COMMANDS = [assess]
