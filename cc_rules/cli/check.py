"""`cc-rules check`: the CI gate. Same assessment as `assess`; exit 1 when a result misses a gate.

Gates: a minimum level, a minimum score (met when the total is at least it), no warnings; each award model applies
the gates of its kind and holds a result with none to its pack's own verdict. The verdicts are computed once
(`assess.pipeline.gate`) and every format reads them (`--format` on stdout or `-o`, each `--report FORMAT=PATH`);
this module only wires options, the reporters, the GitHub annotations (printed when GITHUB_ACTIONS=true) and the job
summary (the markdown report appended to GITHUB_STEP_SUMMARY): the one place the environment is read.

A bad evidence file does not hide the others: every good file is gated and reported, each bad one's error goes to
stderr, and the exit code is 2 after the reports are written. `--no-fail` reports without failing (exit 0 unless
the input is bad).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence

import click

from cc_rules import results
from cc_rules.assess import pipeline as assessment
from cc_rules.base import errors, i18n
from cc_rules.cli.common import (
    _emit,
    deliver,
    expand_inputs,
    finish,
    gater,
    handles_input_errors,
    parse_reports,
    run_assessment,
    stream_reports,
    streamable,
    write_file,
)
from cc_rules.cli.options import (
    as_of_option,
    engine_option,
    evidence_argument,
    lang_option,
    output_option,
    report_option,
)
from cc_rules.model import waivers as waiver_model
from cc_rules.reports import registry


@click.command(name="check")
@evidence_argument
@click.option("--pack", "pack_refs", multiple=True, help="Built-in pack id or pack directory (repeatable).")
@click.option("--min-level", type=click.IntRange(min=0), help="Fail below this maturity level (maturity packs).")
@click.option("--min-score", type=float, metavar="X",
              help="Fail when the total score is below X: met when total ≥ X (points packs).")
@click.option("--fail-on-warn", is_flag=True, help="Fail when a warning finding fires.")
@click.option("--no-fail", is_flag=True, help="Report the verdicts but exit 0 when a gate is missed (2 on bad input).")
@as_of_option()
@click.option("--waivers", "waivers_file", type=click.Path(dir_okay=False), metavar="PATH",
              help="Waivers file (cc-rules/waivers@1): known findings or gates accepted until a date.")
@click.option("--format", "fmt", type=click.Choice(sorted(registry.REPORTERS)), default="text", show_default=True)
@click.option("--max-annotations", type=click.IntRange(min=0), default=10, show_default=True,
              help="GitHub annotations per evidence file; the rest are summarised in one notice.")
@lang_option
@engine_option()
@output_option()
@report_option
@handles_input_errors
def check_command(evidence: tuple[str, ...], pack_refs: tuple[str, ...], min_level: int | None,
                  min_score: float | None, fail_on_warn: bool, no_fail: bool, as_of: dt.date | None,
                  waivers_file: str | None, fmt: str, max_annotations: int, lang: str, engine_name: str,
                  output: str | None, reports: tuple[str, ...]) -> None:
    """Gate EVIDENCE (files, directories, glob patterns, - for stdin) in CI: exit 0 when every result passes, 1 when
    one misses a gate, 2 on bad input."""
    spec = results.GateSpec(min_level, min_score, fail_on_warn)
    targets = parse_reports(reports)
    accepted = waiver_model.load(waivers_file).waivers if waivers_file is not None else ()
    paths = expand_inputs(evidence, lang)
    on_actions = os.environ.get("GITHUB_ACTIONS") == "true"
    every = [(fmt, output), *targets]
    if streamable([name for name, _ in every]) and not on_actions:  # written as the files are assessed
        watch = _WaiversSeen(accepted)
        gate = gater(spec, accepted)

        def gated(assessed: results.AssessmentResult) -> results.AssessmentResult:
            return watch.see(gate(assessed))

        done = stream_reports(
            paths, pack_refs, as_of, engine_name, lang, every,
            lambda name, path: registry.Options(lang=lang, color=path is None, gates_only=True,
                                                max_annotations=max_annotations),
            gate=gated, gate_all=True)
        for warning in watch.warnings():  # an expired or unmatched waiver never fails
            click.echo(i18n.message("cli.warning", lang, text=warning.render(lang)), err=True)
        finish(done.failures, lang, 0 if no_fail or not done.missed else 1)
    outcome = run_assessment(paths, pack_refs, as_of, engine_name, lang)
    failures: list[errors.CcRulesError] = list(outcome.failures)
    report = assessment.gate(outcome.report, spec, accepted)
    for warning in assessment.waiver_warnings(report, accepted):  # an expired or unmatched waiver never fails
        click.echo(i18n.message("cli.warning", lang, text=warning.render(lang)), err=True)
    if report.assessments or not failures:  # nothing at all on stdout when every file is bad
        # The bad files travel in the report (`Report.failures`): every format shows them as error entries.
        def render(name: str, path: str | None) -> str:
            options = registry.Options(lang=lang, color=path is None, gates_only=True, errors=len(outcome.failures),
                                       max_annotations=max_annotations)
            return registry.get(name).render(report, options)

        if on_actions and fmt != "github" and (fmt == "text" or output is not None):
            _emit(render("github", None), None)
        failures += deliver(fmt, output, targets, render)
        summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if on_actions and summary:
            try:
                write_file(summary, render("markdown", summary), append=True)
            except errors.CcRulesError as exc:
                failures.append(exc)
    finish(failures, lang, 0 if no_fail else report.exit_code())


class _WaiversSeen:
    """`assess.pipeline.waiver_warnings` over a run whose files are not kept: what each waiver named in each file,
    as the files are gated, then the same warnings as over the whole report (in the order of the waivers)."""

    def __init__(self, waivers: Sequence[waiver_model.Waiver]) -> None:
        self.waivers = waivers
        self.expired: dict[int, errors.Problem] = {}  # waiver → its warning from the first file it named, expired
        self.named: set[int] = set()  # the waivers that named something
        self.in_force: set[int] = set()  # the waivers in force on a result they named

    def see(self, assessed: results.AssessmentResult) -> results.AssessmentResult:
        report = results.Report((assessed,))
        for index, waiver in enumerate(self.waivers):
            said = assessment.waiver_warnings(report, (waiver,))
            if not said:
                self.named.add(index)
                self.in_force.add(index)
            elif said[0].code == "waiver-expired":
                self.named.add(index)
                self.expired.setdefault(index, said[0])
        return assessed

    def warnings(self) -> list[errors.Problem]:
        out: list[errors.Problem] = []
        for index in range(len(self.waivers)):
            if index not in self.named:  # named nothing in any file (or no file could be assessed)
                out.extend(assessment.waiver_warnings(results.Report(()), (self.waivers[index],)))
            elif index in self.named and index not in self.in_force:
                out.append(self.expired[index])
        return out


COMMANDS = [check_command]
