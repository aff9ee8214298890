"""SARIF 2.1.0 for code-scanning UIs: every finding that is a shortfall, at the evidence line of its fact.

Its level is the CI severity `check` computed once (`PackResult.severities`): a finding that blocks a gate is an
`error`, another one not met a `warning`, one not evidenced a `note`. A finding points at the first fact it read that
has a line in the evidence file; when none has one it points at the rule in its pack file.
"""

from __future__ import annotations

import json
from typing import Any

from cc_rules import __version__, results
from cc_rules.reports import templating
from cc_rules.reports.base import Options

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def render(report: results.Report, options: Options) -> str:
    lang = options.lang
    rules: dict[str, dict[str, Any]] = {}
    found: list[dict[str, Any]] = []
    for assessment in report.assessments:
        for result in assessment.results:
            for finding in result.findings:
                severity = result.severity(finding.rule)
                if severity is None:
                    continue
                rules.setdefault(finding.rule, _descriptor(finding, lang))
                found.append(_result(assessment, result, finding, severity, lang))
    run = {
        "tool": {"driver": {"name": "cc-rules", "version": __version__,
                            "informationUri": "https://example.invalid/cc-rules",
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


def _result(assessment: results.AssessmentResult, result: results.PackResult, finding: results.Finding,
            severity: str, lang: str) -> dict[str, Any]:
    t = templating.labels(lang)
    file, line = finding.location()
    state = t["not_met"] if finding.met is False else t["not_evidenced"]
    text = f"{result.pack_id}: {finding.rule} ({finding.clause}, {t['provenance_' + finding.provenance]}) {state}"
    if finding.explanation is not None:
        text += f": {finding.explanation.get(lang)}"
    if finding.points:
        text += f" [{finding.points:+g}]"
    return {
        "ruleId": finding.rule,
        "level": severity,
        "message": {"text": text},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": (file or assessment.file).replace("\\", "/")},
                                            "region": {"startLine": line}}}],
        "properties": {"pack": result.pack_id, "evidence": assessment.file, "met": finding.met,
                       "level": finding.level, "points": finding.points},
    }
