"""Options shared by the commands, so each is spelled, defaulted and documented once.

`--lang` defaults to the locale (`i18n.default_lang(os.environ)`: LC_ALL, LC_MESSAGES, LANG; zh for a zh locale, else
en) and is remembered on the click context, so `handles_input_errors` prints an error paragraph in the command's
language. Only the CLI reads the environment; the core takes `lang` as an argument.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

from cc_rules.base import dates, i18n

F = TypeVar("F", bound=Callable[..., Any])
LANG_KEY = "cc_rules.lang"


def current_lang() -> str:
    """The language of the running command: its --lang once parsed, else the locale's."""
    ctx = click.get_current_context(silent=True)
    while ctx is not None:
        if LANG_KEY in ctx.meta:
            return str(ctx.meta[LANG_KEY])
        ctx = ctx.parent
    return i18n.default_lang(os.environ)


def _remember_lang(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
    lang = value or i18n.default_lang(os.environ)
    ctx.meta[LANG_KEY] = lang
    return lang


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    day = dates.parse(value)
    if day is None:
        raise click.BadParameter(i18n.message(dates.MESSAGE, current_lang(), value=dates.shown(value)))
    return day


def lang_option(func: F) -> F:
    return click.option("--lang", type=click.Choice(list(i18n.LANGS)), default=None, callback=_remember_lang,
                        is_eager=True, show_default="zh for a zh locale (LC_ALL, LC_MESSAGES, LANG), else en",
                        help="Language of the output and of error messages: zh 中文 or en English.")(func)


def as_of_option(help: str = "Assess with the edition in force on this date (YYYY-MM-DD).") -> Callable[[F], F]:
    return click.option("--as-of", callback=_date, help=help)


def engine_option(
    default: str = "durable",
    help: str = "Evaluator: durable-rules forward chaining or the plain Python walk.",
) -> Callable[[F], F]:
    return click.option("--engine", "engine_name", type=click.Choice(["durable", "plain"]), default=default,
                        show_default=True, help=help)


def output_option(help: str = "Write the report here instead of stdout.") -> Callable[[F], F]:
    return click.option("-o", "--output", type=click.Path(dir_okay=False), help=help)


def evidence_argument(func: F) -> F:
    """EVIDENCE...: files, directories (their *.yaml, *.yml, *.json evidence files), glob patterns, `-` for stdin."""
    return click.argument("evidence", nargs=-1, required=True, type=click.Path(allow_dash=True))(func)


def report_option(func: F) -> F:
    return click.option("--report", "reports", multiple=True, metavar="FORMAT=PATH",
                        help="Also write the report in FORMAT to PATH (repeatable; any --format name), from the same "
                             "run.")(func)


def format_option(choices: Sequence[str], default: str = "text") -> Callable[[F], F]:
    return click.option("--format", "fmt", type=click.Choice(list(choices)), default=default, show_default=True)
