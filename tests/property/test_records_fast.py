"""A compact record's shortfalls read their facts from the assessment that made the findings
(`Assessment.facts_read`, no `Because` made): on random evidence for the bundled packs and the constructs pack,
the record is byte for byte the one made from each finding's own `because` (`results.facts_read`, the JSON
report's), as for findings replaced or made by hand."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from cc_rules import engine, results
from cc_rules.assess import findings, pipeline
from cc_rules.base import errors
from cc_rules.compile import compiler
from cc_rules.model import evidence, packs
from cc_rules.reports import jsonl
from tests.property import strategies

ROOT = Path(__file__).resolve().parents[2]
DAY = dt.date(2026, 6, 30)
PACKS = ["gbt43045", "ccso", str(ROOT / "tests/packs/constructs")]
PLAIN = engine.get("plain")


def _evidence(values: dict[str, Any]) -> evidence.Evidence:
    facts = tuple(sorted((evidence.FactValue(name, tuple(v) if isinstance(v, list) else v, None, None, "ev.json",
                                             i + 1, f"$.facts.{name}") for i, (name, v) in enumerate(values.items())),
                         key=lambda f: f.name))
    return evidence.Evidence(
        file="ev.json", sha256="0" * 64, organization_name="x", industry=values.get("organization.industry"),
        seats=values.get("organization.seats"), date=DAY, first_date=DAY, mode="self", reviewers=(), facts=facts,
        benchmarks=(), packs=None, assessment_line=1)


def _eager(result: results.PackResult) -> results.PackResult:
    """The same result with every finding given its facts at once (`because` read from the assessment)."""
    return result.evolve(findings=tuple(dataclasses.replace(f) for f in result.findings))


def _line(result: results.PackResult) -> str:
    return "".join(jsonl.records(results.AssessmentResult(
        file="ev.json", sha256="0" * 64, organization=(("name", "x"),), date=DAY.isoformat(), mode="self",
        results=(result,))))


@pytest.mark.parametrize("pack_ref", PACKS)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data())
def test_records_read_from_the_assessment_are_those_read_from_each_because(pack_ref: str,
                                                                           data: st.DataObject) -> None:
    compiled = compiler.compile_pack(packs.load(pack_ref), DAY)
    values = data.draw(strategies.fact_values(compiled))
    try:
        result = pipeline.assess(_evidence(values), compiled, PLAIN)
    except errors.EvidenceError:  # a value out of its declared range: no record to make
        reject()
    result = result.evolve(actions=())  # the roadmap is not at stake here
    _assert_same_record(result)


def _assert_same_record(result: results.PackResult) -> None:
    # the findings the fast path reads (an award model may have read some `because` already, or replaced findings)
    fast_ones = [f for f in result.findings
                 if type(f.__dict__.get("_assessed")) is findings.Assessment and "_because" not in f.__dict__]
    fast = _line(result)  # before any `because` is read
    for f in fast_ones:  # the assessment's answer, then each `Because` made and read
        read = f.__dict__["_assessed"].facts_read(f)
        assert read == {b.fact: list(b.value) if isinstance(b.value, tuple) else b.value for b in f.because}, f.rule
        assert results.facts_read(f) == read  # `because` read now: from the `Because` objects
    eager = _eager(result)
    assert all("_because" in f.__dict__ for f in eager.findings)  # the other path
    assert _line(eager) == fast


@pytest.mark.parametrize("path", sorted((ROOT / "examples" / "corpus").glob("*.yaml"))[:6], ids=lambda p: p.stem)
def test_corpus_records_read_from_the_assessment_are_those_read_from_each_because(path: Path) -> None:
    ev = pipeline.load_evidence(path, today=DAY)
    for result in pipeline.assess_evidence(ev, (), None, PLAIN).results:
        result = result.evolve(actions=())
        if result.model == "points":  # nothing of its assessment read a `because` yet: the fast path is taken
            assert all("_because" not in f.__dict__ for f in result.findings if "_assessed" in f.__dict__)
        _assert_same_record(result)


def test_a_finding_made_by_hand_keeps_its_own_facts() -> None:
    info = results.RuleInfo("R1", "I1", "requirement", "1.1", "source", problem_on=(False, None))
    by_hand = results.Finding(info, False, None, because=(results.Because("f", ("a",)), results.Because("g", None)))
    assert jsonl._findings((by_hand,))["shortfalls"][0]["facts"] == {"f": ["a"], "g": None}
