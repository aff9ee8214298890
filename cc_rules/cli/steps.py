"""`cc-rules steps`: the catalogue of step phrases for feature files, one example each (the docs page's source)."""

from __future__ import annotations

import click

from cc_rules.cli.common import _emit, handles_input_errors
from cc_rules.cli.options import format_option, lang_option, output_option
from cc_rules.tools.steps import catalogue


@click.command(name="steps")
@format_option(["text", "markdown"])
@lang_option
@output_option()
@handles_input_errors
def steps_command(fmt: str, lang: str, output: str | None) -> None:
    """List the step phrases a feature may use, in --lang, each with an example (markdown: docs/zh/steps.md)."""
    _emit(catalogue.render(lang, fmt), output)


COMMANDS = [steps_command]
