"""`cc-rules check`: the CI gate. Same assessment as `assess`; exit 1 when a result misses a gate.

Gates: a minimum level (maturity packs), a minimum score (points packs), no warnings; a result with no gate of its
kind is held to its pack's own verdict (level ≥ 1, score above the pass line, conformity) — see `results.Gates`. The verdicts are `results.PackResult.gate_checks`; this module only wires options,
reporters and the GitHub annotations (printed when GITHUB_ACTIONS=true, the one place the environment is read).
"""

from __future__ import annotations

import datetime as dt
import os
import sys

import click

from cc_rules import results
from cc_rules.cli import _date, _emit, handles_input_errors, run_assessment
from cc_rules.reports import github, junit, sarif, text

FORMATS = ("text", "json", "junit", "sarif")


def render(fmt: str, report: results.Report, gates: results.Gates, lang: str, color: bool = False) -> str:
    if fmt == "json":
        return report.to_json()
    if fmt == "junit":
        return junit.render(report, lang, gates)
    if fmt == "sarif":
        return sarif.render(report, lang, gates)
    return text.render_gates(report, gates, lang, color)


@click.command(name="check")
@click.argument("evidence", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--pack", "pack_refs", multiple=True, help="Built-in pack id or pack directory (repeatable).")
@click.option("--min-level", type=click.IntRange(min=0), help="Fail below this maturity level (maturity packs).")
@click.option("--min-score", type=float, help="Fail below this total score (points packs).")
@click.option("--fail-on-warn", is_flag=True, help="Fail when a warning finding fires.")
@click.option("--as-of", callback=_date, help="Assess with the edition in force on this date (YYYY-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--lang", type=click.Choice(["zh", "en"]), default="en", show_default=True)
@click.option("--engine", "engine_name", type=click.Choice(["durable", "plain"]), default="durable",
              show_default=True, help="Evaluator: durable-rules forward chaining or the plain Python walk.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report here instead of stdout.")
@handles_input_errors
def check_command(evidence: tuple[str, ...], pack_refs: tuple[str, ...], min_level: int | None,
                  min_score: float | None, fail_on_warn: bool, as_of: dt.date | None, fmt: str, lang: str,
                  engine_name: str, output: str | None) -> None:
    """Gate EVIDENCE files in CI: exit 0 when every result passes, 1 when one misses a gate, 2 on bad input."""
    gates = results.Gates(min_level, min_score, fail_on_warn)
    report = run_assessment(evidence, pack_refs, as_of, engine_name)
    annotate = os.environ.get("GITHUB_ACTIONS") == "true" and (fmt == "text" or output is not None)
    if annotate:
        click.echo(github.render(report, lang, gates), nl=False)
    _emit(render(fmt, report, gates, lang, color=output is None), output)
    sys.exit(report.exit_code(gates))


COMMANDS = [check_command]
