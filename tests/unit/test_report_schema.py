"""Every bundled example's JSON report matches `schemas/report.schema.json`, and a broken one does not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cc_rules import results
from cc_rules.assess import pipeline as assessment
from cc_rules.io import validation

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_report_matches_schema(path: Path) -> None:
    report = json.loads(assessment.run([path]).to_json())
    errors = list(validation.validator("report").iter_errors(report))
    assert errors == []
    assert report["assessments"][0]["results"], "at least one pack result"


def test_schema_rejects_a_report_missing_a_stable_key() -> None:
    report = json.loads(assessment.run([EXAMPLES[0]]).to_json())
    del report["assessments"][0]["results"][0]["findings"][0]["provenance"]
    assert any("provenance" in e.message for e in validation.validator("report").iter_errors(report))


@pytest.mark.parametrize("spec", [results.GateSpec(), results.GateSpec(min_level=5, min_score=99, fail_on_warn=True)])
def test_gated_reports_and_other_packs_match_the_schema(spec: results.GateSpec) -> None:
    three = ROOT / "tests" / "packs" / "three_dims"
    for report in (assessment.run(EXAMPLES), assessment.run([three / "evidence" / "exactly-70.yaml"], [str(three)])):
        gated = json.loads(assessment.gate(report, spec).to_json())
        assert list(validation.validator("report").iter_errors(gated)) == []
        assert all(r["gates"] for a in gated["assessments"] for r in a["results"])
