"""JSON Lines for studying many centres: one compact record per evidence file × pack, written as each file is
assessed (`cc-rules/record@1`, schemas/record.schema.json).

A record is what a table of centres needs and no more: the evidence file, organisation and assessment date, every
verdict key of that pack's result in the JSON report with the same value (`pack`, `model`, `level`, `passed`,
`grade`, `score`, `next_level`, `nonconformities`, `gates`, `unknown`, `coverage`, `retest`, the roadmap `actions`,
…), the findings that are shortfalls (not met, not evidenced, a warning raised) as `rule`, `clause`, `item`, `kind`,
`met`, `points`, `level`, `dimension` and the facts they read with their values, and a `tally` of every finding.
The explanations, why-nots and item tree of the JSON report are left to `--format json`: they are most of its
bytes and of the time it takes to write. A file that could not be assessed is one `error` record. Keys are sorted
and there are no timestamps, so the same input gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cc_rules import results
from cc_rules.base import jsontext
from cc_rules.reports.base import Options

FORMAT = "cc-rules/record@1"
LEFT_OUT = ("findings", "items")  # keys of the JSON report's result a record does not carry


def records(assessed: results.AssessmentResult) -> Iterator[str]:
    """The lines of one evidence file's assessment, one per pack (each with its newline)."""
    # The JSON report's entry of the file, each result without its findings and item tree (the costly keys): every
    # verdict key then has the JSON report's value, by construction.
    bare = results.AssessmentResult(
        assessed.file, assessed.sha256, assessed.organization, assessed.date, assessed.mode,
        tuple(r.evolve(findings=(), item_nodes=()) for r in assessed.results), assessed.facts_line,
        assessed.other_pack_facts)
    entry = results.Report((bare,)).to_dict()["assessments"][0]
    head = {key: value for key, value in entry.items() if key != "results"}
    for result, verdict in zip(assessed.results, entry["results"], strict=True):
        for key in LEFT_OUT:
            verdict.pop(key, None)
        yield jsontext.line({**head, **verdict, "format": FORMAT, **_findings(result.findings)}) + "\n"


def _findings(findings: tuple[results.Finding, ...]) -> dict[str, Any]:
    """`shortfalls` (the findings to fix, in the report's order) and `tally` (every finding by outcome)."""
    shortfalls = []
    met = unmet = unknown = 0
    for f in findings:
        outcome = f.met
        if outcome is True:
            met += 1
        elif outcome is False:
            unmet += 1
        else:
            unknown += 1
        if outcome in f.info.problem_on:
            info = f.info
            shortfalls.append({
                "rule": info.rule, "clause": info.clause, "item": info.item, "kind": info.kind, "met": outcome,
                "points": _num(f.points), "level": info.level, "dimension": info.dimension,
                "facts": {b.fact: list(b.value) if isinstance(b.value, tuple) else b.value for b in f.because}})
    return {"shortfalls": shortfalls,
            "tally": {"findings": len(findings), "met": met, "not_met": unmet, "not_evidenced": unknown,
                      "shortfalls": len(shortfalls)}}


def _num(value: float | None) -> float | int | None:
    """Points as the JSON report writes them: rounded to 4 places, whole numbers as integers."""
    if value is None:
        return None
    rounded = round(value, 4)
    return int(rounded) if float(rounded).is_integer() else rounded


def error_record(failure: results.InputFailure) -> str:
    """The line of an evidence file that could not be assessed."""
    entry = results.Report((), (failure,)).to_dict()["errors"][0]
    return jsontext.line({"format": FORMAT, "error": entry}) + "\n"


def render(report: results.Report, options: Options) -> str:
    return "".join([*(line for a in report.assessments for line in records(a)),
                    *(error_record(f) for f in report.failures)])
