"""GitHub Actions workflow commands (`::error file=…,line=…::…`) for the gates a result misses.

The command module decides whether to print them (it reads GITHUB_ACTIONS); this only formats.
"""

from __future__ import annotations

from cc_rules import results
from cc_rules.reports import sarif


def render(report: results.Report, lang: str = "en", gates: results.Gates | None = None) -> str:
    gates = gates or results.Gates()
    lines: list[str] = []
    seen: set[tuple[str, int, str]] = set()  # a deduction missing two gates is annotated once
    for assessment in report.assessments:
        for result in assessment.results:
            for check in result.gate_checks(gates):
                if check.ok:
                    continue
                command = "warning" if check.gate == "warnings" else "error"
                lines.append(f"::{command} file={_prop(assessment.file)},line=1,title={_prop(result.pack_id)} "
                             f"{_prop(check.gate)}::{_data(check.message)}")
                for missing in check.missing:
                    finding = result.finding(missing.id)
                    file, line = sarif.location(finding) if finding else (assessment.file, 1)
                    key = (file or assessment.file, line, missing.id)
                    if key in seen:
                        continue
                    seen.add(key)
                    text = f"{missing.id} ({missing.clause}): {missing.reason}"
                    if finding is not None and finding.explanation is not None:
                        text += f" — {finding.explanation.get(lang)}"
                    lines.append(f"::{command} file={_prop(file or assessment.file)},line={line},"
                                 f"title={_prop(missing.id)}::{_data(text)}")
    return "".join(line + "\n" for line in lines)


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
