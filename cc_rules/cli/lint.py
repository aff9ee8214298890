"""`cc-rules lint`: static checks of rule packs, each with a stable code, a location and a fix hint."""

from __future__ import annotations

import sys

import click

from cc_rules.cli.common import _emit, handles_input_errors
from cc_rules.cli.options import format_option, lang_option, output_option
from cc_rules.reports import lint_text
from cc_rules.tools import lint as linting


@click.command(name="lint")
@click.argument("pack_dirs", nargs=-1, metavar="[PACK_DIR...]")
@format_option(["text", "json"])
@click.option("--severity", "min_severity", type=click.Choice(list(linting.SEVERITIES)), default="info",
              show_default=True, help="Least severe findings shown in text (JSON always lists all).")
@click.option("--no-features", is_flag=True, help="Skip running the packs' features (CCR015).")
@click.option("--corpus", type=click.Path(exists=True),
              help="Evidence file or directory for the corpus coverage (CCR020); default: examples/corpus/ of a "
                   "checkout, when present.")
@click.option("--no-corpus", is_flag=True, help="Skip the corpus coverage (CCR020).")
@lang_option
@output_option()
@handles_input_errors
def lint_command(pack_dirs: tuple[str, ...], fmt: str, min_severity: str, no_features: bool, corpus: str | None,
                 no_corpus: bool, lang: str, output: str | None) -> None:
    """Check rule packs (directories or built-in ids; default: every built-in pack).

    Exit 0 when no finding is an error (warnings and info are listed), 1 when one is, 2 when a pack cannot be read.
    The checks and their codes (CCR001…) are listed in docs/committee.md.
    """
    report = linting.lint(pack_dirs, features=not no_features,
                          corpus=None if no_corpus else corpus or linting.default_corpus())
    _emit(report.to_json() if fmt == "json" else lint_text.render_text(report, min_severity, lang), output)
    sys.exit(report.exit_code())


COMMANDS = [lint_command]
