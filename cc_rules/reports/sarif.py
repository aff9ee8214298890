"""SARIF 2.1.0 for code-scanning UIs: each unmet or unknown finding is a result at the evidence line of its fact.

A finding points at the first fact it read that has a line in the evidence file (`Because.file/line`); when none
has one (the fact is missing, or comes from pack data) it points at the rule in its pack file.
"""

from __future__ import annotations

import json
from typing import Any

from cc_rules import results

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"requirement": "error", "deduction": "error", "warning": "warning", "bonus": "note"}


def render(report: results.Report, lang: str = "en", gates: results.Gates | None = None) -> str:
    rules: dict[str, dict[str, Any]] = {}
    found: list[dict[str, Any]] = []
    for assessment in report.assessments:
        for result in assessment.results:
            for finding in result.findings:
                if finding.met is True or (finding.kind == "bonus" and finding.met is False):
                    continue
                if finding.kind == "warning" and finding.met is None:
                    continue
                rules.setdefault(finding.rule, _descriptor(finding, lang))
                found.append(_result(assessment, result, finding, lang))
    run = {
        "tool": {"driver": {"name": "cc-rules", "informationUri": "https://example.invalid/cc-rules",
                            "rules": [rules[k] for k in sorted(rules)]}},
        "results": found,
        "columnKind": "unicodeCodePoints",
    }
    doc = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(doc, sort_keys=True, ensure_ascii=False, indent=2) + "\n"


def _descriptor(finding: results.Finding, lang: str) -> dict[str, Any]:
    return {"id": finding.rule, "name": finding.rule,
            "shortDescription": {"text": f"{finding.rule} ({finding.clause})"},
            "properties": {"clause": finding.clause, "provenance": finding.provenance, "kind": finding.kind,
                           "item": finding.item}}


def location(finding: results.Finding) -> tuple[str | None, int]:
    """The evidence line of the first fact with one, else the rule's line in its pack file."""
    for because in finding.because:
        if because.file and because.line:
            return because.file, because.line
    return finding.file, finding.line or 1


def _result(assessment: results.AssessmentResult, result: results.PackResult, finding: results.Finding,
            lang: str) -> dict[str, Any]:
    file, line = location(finding)
    state = "not met" if finding.met is False else "not evidenced"
    text = f"{result.pack_id}: {finding.rule} ({finding.clause}, {finding.provenance}) {state}"
    if finding.explanation is not None:
        text += f": {finding.explanation.get(lang)}"
    if finding.points:
        text += f" [{finding.points:+g} points]"
    return {
        "ruleId": finding.rule,
        "level": _LEVEL.get(finding.kind, "warning") if finding.met is False else "warning",
        "message": {"text": text},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": (file or assessment.file).replace("\\", "/")},
                                            "region": {"startLine": line}}}],
        "properties": {"pack": result.pack_id, "evidence": assessment.file, "met": finding.met,
                       "level": finding.level, "points": finding.points},
    }
