"""The click app. Commands parse options, call the pipeline, pick a reporter; bad input → one paragraph, exit 2."""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from cc_rules import __version__, engine, results
from cc_rules.assess import pipeline as assessment
from cc_rules.assess import prepared
from cc_rules.base import errors, i18n
from cc_rules.cli.options import _date as _date  # re-exported for the command modules
from cc_rules.cli.options import as_of_option, current_lang, engine_option, lang_option, output_option
from cc_rules.compile import compiler
from cc_rules.model import packs
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
    parts = []
    label = i18n.message("cli.assessing", lang or current_lang())
    with click.progressbar(paths, label=label, file=sys.stderr, show_pos=True) as bar:
        for path in bar:
            parts.append(assessment.run([path], pack_refs, as_of, engine_name))
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


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(version=__version__, prog_name="cc-rules")
def main() -> None:
    """Rules-as-code for contact-centre standards: GB/T 43045.1-2023 maturity levels and CCSO scores."""


@main.command()
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


@main.command(name="packs")
@lang_option
@handles_input_errors
def list_packs(lang: str) -> None:
    """List the built-in packs: id, model, editions, coverage."""
    for pack_id in packs.builtin_ids():
        pack = packs.load(pack_id)
        editions = ", ".join(i18n.message("cli.edition-from", lang, edition=e.id, start=e.effective_from.isoformat())
                             for e in pack.editions)
        line = f"{pack.id:10} {pack.model:10} {editions}"
        covered = prepared.coverage(pack)
        if covered is not None:
            line += "  " + i18n.message("cli.coverage", lang, encoded="/".join(map(str, covered.encoded)),
                                        official="/".join(map(str, covered.official)))
        click.echo(f"{line}  {pack.title.get(lang)}")


@main.command()
@click.argument("pack_ref")
@lang_option
@handles_input_errors
def facts(pack_ref: str, lang: str) -> None:
    """List the fact vocabulary of PACK (id or directory)."""
    pack = packs.load(pack_ref)
    for spec in pack.facts + compiler.implicit_facts(pack):
        detail: str = spec.type
        if spec.values:
            detail += " " + "|".join(map(str, spec.values))
        if spec.min is not None or spec.max is not None:
            detail += f" [{'' if spec.min is None else f'{spec.min:g}'}..{'' if spec.max is None else f'{spec.max:g}'}]"
        if spec.unit:
            detail += f" ({spec.unit})"
        if spec.derived:
            detail += " " + i18n.message("cli.derived", lang)
        click.echo(f"{spec.name:45} {detail:30} {spec.description.get(lang)}")


def _register_optional_commands() -> None:
    """Commands that live in their own modules (one per workflow) register here."""
    import importlib

    for module_name in COMMAND_MODULES:
        module = importlib.import_module(module_name)
        for command in module.COMMANDS:
            main.add_command(command)


# Each module defines COMMANDS: a list of click commands (see cc_rules/commands/).
COMMAND_MODULES: list[str] = ["cc_rules.cli.explain", "cc_rules.cli.check", "cc_rules.cli.lint",
                               "cc_rules.cli.verify", "cc_rules.cli.diff"]
_register_optional_commands()
