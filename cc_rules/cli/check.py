"""`cc-rules check`: the CI gate. Same assessment as `assess`; exit 1 when a result misses a gate.

Gates: a minimum level, a minimum score, no warnings; each award model applies the gates of its kind and holds a
result with none to its pack's own verdict. The verdicts are computed once (`assess.pipeline.gate`) and every format
reads them; this module only wires options, the reporter and the GitHub annotations (printed when
GITHUB_ACTIONS=true, the one place the environment is read).
"""

from __future__ import annotations

import datetime as dt
import os
import sys

import click

from cc_rules import results
from cc_rules.assess import pipeline as assessment
from cc_rules.cli.common import _emit, handles_input_errors, run_assessment
from cc_rules.cli.options import _date, lang_option
from cc_rules.reports import registry


@click.command(name="check")
@click.argument("evidence", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--pack", "pack_refs", multiple=True, help="Built-in pack id or pack directory (repeatable).")
@click.option("--min-level", type=click.IntRange(min=0), help="Fail below this maturity level (maturity packs).")
@click.option("--min-score", type=float, help="Fail below this total score (points packs).")
@click.option("--fail-on-warn", is_flag=True, help="Fail when a warning finding fires.")
@click.option("--as-of", callback=_date, help="Assess with the edition in force on this date (YYYY-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(sorted(registry.REPORTERS)), default="text", show_default=True)
@lang_option
@click.option("--engine", "engine_name", type=click.Choice(["durable", "plain"]), default="durable",
              show_default=True, help="Evaluator: durable-rules forward chaining or the plain Python walk.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report here instead of stdout.")
@handles_input_errors
def check_command(evidence: tuple[str, ...], pack_refs: tuple[str, ...], min_level: int | None,
                  min_score: float | None, fail_on_warn: bool, as_of: dt.date | None, fmt: str, lang: str,
                  engine_name: str, output: str | None) -> None:
    """Gate EVIDENCE files in CI: exit 0 when every result passes, 1 when one misses a gate, 2 on bad input."""
    spec = results.GateSpec(min_level, min_score, fail_on_warn)
    report = assessment.gate(run_assessment(evidence, pack_refs, as_of, engine_name, lang), spec)
    options = registry.Options(lang=lang, color=output is None, gates_only=True)
    if os.environ.get("GITHUB_ACTIONS") == "true" and fmt != "github" and (fmt == "text" or output is not None):
        click.echo(registry.get("github").render(report, options), nl=False)
    _emit(registry.get(fmt).render(report, options), output)
    sys.exit(report.exit_code())


COMMANDS = [check_command]
