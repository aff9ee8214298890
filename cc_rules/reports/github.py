"""GitHub Actions workflow commands (`::error file=…,line=…::…`) for the gates a result misses and what blocks them.

The command decides whether to print them (it reads GITHUB_ACTIONS); this only formats the verdicts `check` computed.
"""

from __future__ import annotations

from cc_rules import results
from cc_rules.reports import templating
from cc_rules.reports.base import Options


def render(report: results.Report, options: Options) -> str:
    lang = options.lang
    lines: list[str] = []
    seen: set[tuple[str, int, str]] = set()  # a finding blocking two gates is annotated once
    for assessment in report.assessments:
        for result in assessment.results:
            for verdict in result.gates_missed():
                command = verdict.severity
                lines.append(f"::{command} file={_prop(assessment.file)},line=1,title={_prop(result.pack_id)} "
                             f"{_prop(verdict.gate)}::{_data(templating.gate_text(verdict, lang))}")
                for missing in verdict.blocking:
                    finding = result.finding(missing.id)
                    file, line = finding.location() if finding else (assessment.file, 1)
                    key = (file or assessment.file, line, missing.id)
                    if key in seen:
                        continue
                    seen.add(key)
                    text = f"{missing.id} ({missing.clause}): {templating.reason(missing, lang)}"
                    if finding is not None and finding.explanation is not None:
                        text += f" — {finding.explanation.get(lang)}"
                    lines.append(f"::{command} file={_prop(file or assessment.file)},line={line},"
                                 f"title={_prop(missing.id)}::{_data(text)}")
    return "".join(line + "\n" for line in lines)


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
