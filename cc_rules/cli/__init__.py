"""The click app: the `cc-rules` group and its commands, one module per command (`COMMANDS` in each).

A command's module is imported only when that command runs (or when `--help` lists them all), so `--version`
and a light command do not import the engine, the schemas and every reporter.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

import click

from cc_rules import __version__

if TYPE_CHECKING:  # imported when first used (see `__getattr__` below)
    from cc_rules.cli.common import _emit as _emit
    from cc_rules.cli.common import handles_input_errors as handles_input_errors
    from cc_rules.cli.common import render_report as render_report
    from cc_rules.cli.common import run_assessment as run_assessment
    from cc_rules.cli.common import select_engine as select_engine
    from cc_rules.cli.options import _date as _date

COMMAND_MODULES = ("assess", "check", "explain", "packs", "lint", "verify", "diff", "crosswalk", "schema", "init",
                   "evidence", "steps")
MODULE_OF = {"facts": "packs"}  # commands whose module is not named after them


class _LazyGroup(click.Group):
    """Commands found in their module when asked for by name."""

    def _load(self, module: str) -> None:
        for command in importlib.import_module(f"cc_rules.cli.{module}").COMMANDS:
            if command.name not in self.commands:
                self.add_command(command)

    def list_commands(self, ctx: click.Context) -> list[str]:
        for module in COMMAND_MODULES:
            self._load(module)
        return sorted(self.commands)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands:
            module = MODULE_OF.get(cmd_name, cmd_name)
            if module in COMMAND_MODULES:
                self._load(module)
            if cmd_name not in self.commands:  # a module that defines a command of another name
                self.list_commands(ctx)
        return self.commands.get(cmd_name)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(version=__version__, prog_name="cc-rules")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Rules-as-code for contact-centre standards: maturity levels, weighted scores and conformity."""
    import os

    from cc_rules.cli import cache
    from cc_rules.io import parsecache

    previous = cache.install(os.environ)  # parsed YAML kept between runs (docs/ci.md); none after the command
    ctx.call_on_close(lambda: parsecache.restore(previous))


_REEXPORTED = {  # for the command modules and tests that import them from here
    "_emit": "cc_rules.cli.common", "handles_input_errors": "cc_rules.cli.common",
    "render_report": "cc_rules.cli.common", "run_assessment": "cc_rules.cli.common",
    "select_engine": "cc_rules.cli.common", "_date": "cc_rules.cli.options",
}


def __getattr__(name: str) -> Any:
    if name in _REEXPORTED:
        return getattr(importlib.import_module(_REEXPORTED[name]), name)
    raise AttributeError(f"module 'cc_rules.cli' has no attribute {name!r}")
