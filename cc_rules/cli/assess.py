"""`cc-rules assess`: each evidence file against each pack, in any registered report format.

EVIDENCE may be files, directories, glob patterns or `-` (stdin); a bad file does not hide the others: every good
file is reported, each bad one's error goes to stderr and the exit code is 2 (after the reports are written).
"""

from __future__ import annotations

import datetime as dt

import click

from cc_rules import results
from cc_rules.cli.common import (
    default_jobs,
    deliver,
    expand_inputs,
    finish,
    gater,
    handles_input_errors,
    parse_reports,
    render_output,
    run_assessment,
    stream_jsonl,
    stream_reports,
    streamable,
)
from cc_rules.cli.options import (
    as_of_option,
    engine_option,
    evidence_argument,
    lang_option,
    output_option,
    report_option,
)
from cc_rules.reports import registry


@click.command(name="assess")
@evidence_argument
@click.option("--pack", "pack_refs", multiple=True, help="Built-in pack id or pack directory (repeatable).")
@as_of_option()
@click.option("--format", "fmt", type=click.Choice(sorted(registry.REPORTERS)), default="text", show_default=True)
@lang_option
@engine_option()
@output_option()
@report_option
@click.option("--verbose", "-v", is_flag=True, help="Text: list the met findings and every roadmap step too.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="jsonl: assess the files in this many processes, records still in the order of the files "
                   "[default: the cores available].")
@handles_input_errors
def assess(evidence: tuple[str, ...], pack_refs: tuple[str, ...], as_of: dt.date | None, fmt: str, lang: str,
           engine_name: str, output: str | None, reports: tuple[str, ...], verbose: bool, jobs: int | None) -> None:
    """Assess each EVIDENCE file (a file, a directory, a glob pattern or - for stdin) against each pack."""
    targets = parse_reports(reports)
    if fmt == "jsonl" and not targets:  # streamed: each record written as its file is assessed, nothing kept
        finish(stream_jsonl(expand_inputs(evidence, lang), pack_refs, as_of, engine_name, output, lang,
                            jobs or default_jobs()), lang, 0)
    paths = expand_inputs(evidence, lang)
    every = [(fmt, output), *targets]
    if streamable([name for name, _ in every]):  # text, JUnit, SARIF: written as the files are assessed
        done = stream_reports(paths, pack_refs, as_of, engine_name, lang, every,
                              lambda name, path: registry.Options(lang=lang, color=path is None, verbose=verbose),
                              gate=gater(results.GateSpec()))
        finish(done.failures, lang, 0)
    outcome = run_assessment(paths, pack_refs, as_of, engine_name, lang)
    failures = list(outcome.failures)
    if outcome.report.assessments or not failures:  # nothing at all on stdout when every file is bad
        n = len(failures)
        failures += deliver(fmt, output, targets,
                            lambda f, path: render_output(f, outcome.report, lang, path, errors_count=n,
                                                          verbose=verbose))
    finish(failures, lang, 0)


COMMANDS = [assess]
