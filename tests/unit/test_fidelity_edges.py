"""Edges an assessor would be misled by: 0 seats meet every staffing ratio trivially, so both packs warn."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from cc_rules import engine
from cc_rules.assess import pipeline
from cc_rules.io import loading

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("example", "pack", "rule"), [
    ("gbt43045-level3-bank-card-centre.yaml", "gbt43045", "gbt.7.2.seats_given"),
    ("ccso-pass-bank.yaml", "ccso", "ccso.staffing.seats_given"),
])
@pytest.mark.parametrize("seats", [0, 200])
def test_zero_seats_raise_a_warning_and_a_real_count_does_not(example: str, pack: str, rule: str,
                                                               seats: int) -> None:
    doc = loading.read_document(ROOT / "examples" / example)
    data = copy.deepcopy(doc.data)
    data["organization"]["seats"] = seats
    changed = loading.Document(doc.file, data, doc.lines, doc.text)
    report = pipeline.assess_evidence(pipeline.load_evidence(changed), (pack,), None, engine.get("plain"))
    (result,) = report.results
    finding = result.finding(rule)
    assert finding is not None and finding.kind == "warning"
    assert finding.met is (seats > 0)
    assert (finding in result.warnings()) is (seats == 0)
