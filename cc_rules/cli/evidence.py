"""`cc-rules evidence build`: facts computed from the centre's own data, written as a cited evidence file."""

from __future__ import annotations

import click

from cc_rules.base import errors, i18n
from cc_rules.cli.common import _emit, handles_input_errors
from cc_rules.cli.options import lang_option, output_option


@click.group(name="evidence")
@lang_option
def evidence_group(lang: str) -> None:
    """Evidence made from data: `evidence build SOURCES.yaml`."""


@evidence_group.command(name="build")
@click.argument("sources_file", metavar="SOURCES.yaml", type=click.Path(dir_okay=False))
@lang_option
@output_option(help="Write the evidence file here instead of stdout.")
@handles_input_errors
def build_command(sources_file: str, lang: str, output: str | None) -> None:
    """Compute facts from the files SOURCES.yaml names (call records, chats, surveys, rosters, forecasts, QA and
    knowledge exports: CSV in UTF-8 or GB18030, or XLSX) and write an evidence file: every computed fact is
    {value, source, date}, its source naming the files, rows and formula; hand-written evidence is merged in.

    The build report (rows per source, bad rows per reason with the first rows) goes to stderr. Exit 0; 2 on bad
    input, a refused file, a fact both computed and hand-written, or a source with more bad rows than
    bad_rows_max_pct (default 1 %).
    """
    from cc_rules.tools.builder import run as builder  # DuckDB is loaded only by this command

    built = builder.build(sources_file, lang)
    click.echo(builder.report(built, lang), err=True, nl=False)
    if built.failures:
        raise errors.InputError(list(built.failures))
    _emit(built.text, output)
    if output:
        click.echo(i18n.message("builder.wrote", lang, file=output), err=True)


COMMANDS = [evidence_group]
