"""JSON Lines: one record per evidence file × pack, so a long run can be written (and read) as it goes.

Each record is the JSON report's assessment entry for one evidence file with a single `result` (that pack's)
instead of the `results` list, plus `format`; a file that could not be assessed is one `error` record. Keys are
sorted and there are no timestamps, so the same input gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterator

from cc_rules import results
from cc_rules.base import jsontext
from cc_rules.reports.base import Options

FORMAT = "cc-rules/report-line@1"


def records(assessed: results.AssessmentResult) -> Iterator[str]:
    """The lines of one evidence file's assessment, one per pack (each with its newline)."""
    entry = results.Report((assessed,)).to_dict()["assessments"][0]
    head = {key: value for key, value in entry.items() if key != "results"}
    for result in entry["results"]:
        yield jsontext.line({**head, "format": FORMAT, "result": result}) + "\n"


def error_record(failure: results.InputFailure) -> str:
    """The line of an evidence file that could not be assessed."""
    entry = results.Report((), (failure,)).to_dict()["errors"][0]
    return jsontext.line({"format": FORMAT, "error": entry}) + "\n"


def render(report: results.Report, options: Options) -> str:
    return "".join([*(line for a in report.assessments for line in records(a)),
                    *(error_record(f) for f in report.failures)])
