"""What the commands share: turning our errors into one paragraph and exit 2, choosing the evaluator, running the
assessment with progress on stderr, rendering through the reporter registry, writing the output."""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from cc_rules import engine, results
from cc_rules.assess import pipeline as assessment
from cc_rules.base import errors, i18n
from cc_rules.cli.options import current_lang
from cc_rules.reports import registry

F = TypeVar("F", bound=Callable[..., Any])
PROGRESS_ABOVE = 3  # show a progress bar on stderr when assessing more files than this


def handles_input_errors(func: F) -> F:
    """Turn our errors into one paragraph on stderr and exit 2; never a traceback or a partial report."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except errors.CcRulesError as exc:
            lang = kwargs.get("lang") or current_lang()
            click.echo(i18n.message("cli.error", lang, text=exc.render(lang)), err=True)
            sys.exit(exc.exit_code)

    return wrapper  # type: ignore[return-value]


def select_engine(engine_name: str, lang: str | None = None) -> str:
    """`engine_name`, or `plain` when it cannot be imported here (durable-rules on Python 3.13): said once on stderr."""
    try:
        engine.get(engine_name)
    except errors.EngineUnavailable as exc:
        lang = lang or current_lang()
        click.echo(i18n.message("cli.warning", lang, text=exc.problems[0].text(lang)), err=True)
        return "plain"
    return engine_name


def run_assessment(paths: tuple[str, ...], pack_refs: tuple[str, ...], as_of: dt.date | None,
                   engine_name: str, lang: str | None = None) -> results.Report:
    """`assessment.run`, with a progress bar on stderr for more than a few files (stdout stays the report)."""
    engine_name = select_engine(engine_name, lang)
    if len(paths) <= PROGRESS_ABOVE:
        return assessment.run(paths, pack_refs, as_of, engine_name)
    label = i18n.message("cli.assessing", lang or current_lang())
    with click.progressbar(paths, label=label, file=sys.stderr, show_pos=True) as bar:
        parts = [assessment.run([path], pack_refs, as_of, engine_name) for path in bar]
    return results.Report(tuple(a for part in parts for a in part.assessments))


def render_report(fmt: str, report: results.Report, lang: str, output: str | None, *,
                  gates: results.GateSpec | None = None, gates_only: bool = False) -> str:
    """Render with the registered reporter `fmt`. A CI format gets gate verdicts (the pack's own verdicts unless
    `gates` says otherwise); text is styled only for a terminal (never into a file; click strips it off a non-TTY)."""
    reporter = registry.get(fmt)
    if gates is not None or reporter.needs_gates:
        report = assessment.gate(report, gates or results.GateSpec())
    options = registry.Options(lang=lang, color=output is None, gates_only=gates_only)
    return reporter.render(report, options)


def _emit(text: str, output: str | None) -> None:
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
