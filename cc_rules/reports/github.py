"""GitHub Actions workflow commands (`::error file=…,line=…::…`) for the gates a result misses and what blocks them.

The command decides whether to print them (it reads GITHUB_ACTIONS); this only formats the verdicts `check` computed.
One `::group::` per evidence file: the gates it misses first, then the findings that block them, at most
`Options.max_annotations` annotations in all (GitHub shows only a few per step); the rest are summed up in one
`::notice`. Every annotation points into the evidence file, the one file of the user's repository: a finding on a fact
the evidence lacks points at where the evidence gives its facts, never at a pack file.
"""

from __future__ import annotations

from cc_rules import results
from cc_rules.reports import templating
from cc_rules.reports.base import Options


def render(report: results.Report, options: Options) -> str:
    out: list[str] = [f"::error file={_prop(f.file)},line={f.line or 1}::{_data(f.message.get(options.lang))}"
                      for f in report.failures]  # files that could not be assessed come first
    for assessment in report.assessments:
        lines = _annotations(assessment, options.lang)
        if not lines:
            continue
        cap = max(options.max_annotations, 0)
        out.append(f"::group::{_data(assessment.file)}")
        out.extend(lines[:cap])
        if len(lines) > cap:
            more = templating.labels(options.lang)["github_more"].format(n=len(lines) - cap)
            out.append(f"::notice file={_prop(assessment.file)},line=1::{_data(more)}")
        out.append("::endgroup::")
    return "".join(line + "\n" for line in out)


def _annotations(assessment: results.AssessmentResult, lang: str) -> list[str]:
    """Gate misses first (all results), then the findings that block them, each once."""
    gates: list[str] = []
    findings: list[str] = []
    seen: set[str] = set()  # a finding blocking two gates is annotated once
    file = _prop(assessment.file)
    for result in assessment.results:
        for verdict in result.gates_missed():
            command = verdict.severity
            gates.append(f"::{command} file={file},line=1,title={_prop(result.pack_id)} {_prop(verdict.gate)}"
                         f"::{_data(templating.gate_text(verdict, lang))}")
            for missing in verdict.blocking:
                if missing.id in seen:
                    continue
                seen.add(missing.id)
                finding = result.finding(missing.id)
                line = (finding.evidence_location(assessment.file, assessment.facts_line)[1] if finding
                        else assessment.facts_line or 1)
                text = f"{missing.id} ({missing.clause}): {templating.reason(missing, lang)}"
                if finding is not None and finding.explanation is not None:
                    text += f" — {finding.explanation.get(lang)}"
                findings.append(f"::{command} file={file},line={line},title={_prop(missing.id)}::{_data(text)}")
    return gates + findings


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
