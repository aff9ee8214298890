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

import itertools
import operator
from collections.abc import Iterator
from typing import Any

from cc_rules import results
from cc_rules.base import jsontext
from cc_rules.reports.base import Options

FORMAT = "cc-rules/record@1"
LEFT_OUT = results.DETAIL  # keys of the JSON report's result a record does not carry


def records(assessed: results.AssessmentResult) -> Iterator[str]:
    """The lines of one evidence file's assessment, one per pack (each with its newline)."""
    # The JSON report's entry of the file and each result without its findings and item tree (the costly keys), made
    # by the report's own code: every verdict key then has the JSON report's value, by construction.
    head, verdicts = results.verdicts(assessed)
    for result, verdict in zip(assessed.results, verdicts, strict=True):
        yield jsontext.line({**head, **verdict, "format": FORMAT, **_findings(result.findings)}) + "\n"


def _findings(findings: tuple[results.Finding, ...]) -> dict[str, Any]:
    """`shortfalls` (the findings to fix, in the report's order) and `tally` (every finding by outcome).

    A shortfall's keys but its facts are its rule's and its outcome's, the same in every assessment: made with the
    `RuleInfo` (once per compiled pack, `RuleInfo.record_fields`) and copied. Its facts are `results.facts_read`'s
    (what the JSON report's `because` says)."""
    mets = list(map(_MET, findings))
    infos = list(map(_INFO, findings))
    shortfalls: list[dict[str, Any]] = []
    add = shortfalls.append
    for f, info, met in itertools.compress(zip(findings, infos, mets, strict=True),
                                           map(operator.contains, map(_PROBLEM_ON, infos), mets)):
        points = f.points
        prepared = info.record_fields.get(met)
        if prepared is not None and (prepared[0] == points if points is not None else prepared[0] is None):
            out = prepared[1].copy()
        else:  # points an item's cap changed, or a rule without prepared outcomes
            out = results.shortfall_fields(info, met, points)
        out["facts"] = results.facts_read(f)
        add(out)
    return {"shortfalls": shortfalls,
            "tally": {"findings": len(findings), "met": mets.count(True), "not_met": mets.count(False),
                      "not_evidenced": mets.count(None), "shortfalls": len(shortfalls)}}


_MET = operator.attrgetter("met")
_INFO = operator.attrgetter("info")
_PROBLEM_ON = operator.attrgetter("problem_on")


def error_record(failure: results.InputFailure) -> str:
    """The line of an evidence file that could not be assessed."""
    entry = results.Report((), (failure,)).to_dict()["errors"][0]
    return jsontext.line({"format": FORMAT, "error": entry}) + "\n"


def render(report: results.Report, options: Options) -> str:
    return "".join([*(line for a in report.assessments for line in records(a)),
                    *(error_record(f) for f in report.failures)])
