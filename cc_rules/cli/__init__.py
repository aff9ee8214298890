"""The click app: the `cc-rules` group and its commands, one module per command (`COMMANDS` in each)."""

from __future__ import annotations

import importlib

import click

from cc_rules import __version__
from cc_rules.cli.common import _emit as _emit  # re-exported for the command modules
from cc_rules.cli.common import handles_input_errors as handles_input_errors
from cc_rules.cli.common import render_report as render_report
from cc_rules.cli.common import run_assessment as run_assessment
from cc_rules.cli.common import select_engine as select_engine
from cc_rules.cli.options import _date as _date

COMMAND_MODULES = ("assess", "check", "explain", "packs", "lint", "verify", "diff", "crosswalk", "schema", "init",
                   "evidence", "steps")


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(version=__version__, prog_name="cc-rules")
def main() -> None:
    """Rules-as-code for contact-centre standards: maturity levels, weighted scores and conformity."""


for _name in COMMAND_MODULES:
    for _command in importlib.import_module(f"cc_rules.cli.{_name}").COMMANDS:
        main.add_command(_command)
