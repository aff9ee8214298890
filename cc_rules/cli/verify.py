"""`cc-rules verify`: run the packs' Gherkin features through the shared step library, no pytest needed."""

from __future__ import annotations

import sys

import click

from cc_rules.cli import _emit, handles_input_errors, select_engine
from cc_rules.cli.options import engine_option, format_option, lang_option, output_option
from cc_rules.reports import verify_junit, verify_text
from cc_rules.tools import verify as verifying


@click.command(name="verify")
@click.argument("targets", nargs=-1, metavar="[PACK_DIR...] [FEATURE...]")
@format_option(["text", "json", "junit"])
@engine_option(help="Evaluator used by the When steps.")
@click.option("-v", "--verbose", is_flag=True, help="List the steps of passing scenarios too.")
@lang_option
@output_option()
@handles_input_errors
def verify_command(targets: tuple[str, ...], fmt: str, engine_name: str, verbose: bool, lang: str,
                   output: str | None) -> None:
    """Run Gherkin features; print each scenario's pass/fail with the failing step and the actual value.

    TARGETS are pack directories or built-in pack ids (default: every built-in pack), .feature files or
    directories of them. Without features, each pack's own are run (<pack>/features/, features/<id>/ beside the
    pack, or the repository's features/<id>/). A step that names a pack given here by directory is assessed
    against that directory, so a changed copy of a pack can be checked against the committee's features.

    Features in a pack directory are added to the repository's features for that pack (a note says so; a file of
    the same name takes the place of the repository's). The report ends with rule coverage: the rules no scenario
    exercises. --format junit writes JUnit XML (one test case per scenario) for CI.

    Exit 0 when every scenario passes, 1 when one fails, 2 on bad input (malformed feature, unknown step phrase:
    the message lists the closest known phrases).
    """
    outcome = verifying.run(targets, select_engine(engine_name, lang))
    if fmt == "json":
        text = outcome.to_json()
    elif fmt == "junit":
        text = verify_junit.render(outcome, lang)
    else:
        text = verify_text.render_text(outcome, verbose, lang)
    _emit(text, output)
    sys.exit(outcome.exit_code())


COMMANDS = [verify_command]
