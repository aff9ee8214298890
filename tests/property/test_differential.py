"""durable-rules and the plain evaluator agree: on random evidence for every bundled pack and the constructs pack,
and on random condition trees using every construct."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cc_rules import engine, model
from cc_rules.base import errors
from cc_rules.compile import compiler
from cc_rules.engine import plain
from cc_rules.model import packs
from tests.property import strategies

ROOT = Path(__file__).resolve().parents[2]
DAY = dt.date(2026, 6, 30)
PACKS = ["gbt43045", "ccso", str(ROOT / "tests/packs/constructs")]
DURABLE = engine.get("durable")
PLAIN = engine.get("plain")


@pytest.mark.parametrize("pack_ref", PACKS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_evaluators_agree_on_random_evidence(pack_ref: str, data: st.DataObject) -> None:
    compiled = compiler.compile_pack(packs.load(pack_ref), DAY)
    facts = data.draw(strategies.fact_values(compiled))
    assert DURABLE.evaluate(compiled, facts) == dataclasses.replace(PLAIN.evaluate(compiled, facts), engine="durable")


def _pack_with(conditions: list[model.Condition]) -> model.Pack:
    base = packs.load(ROOT / "tests/packs/constructs")
    template = base.rules[0]
    rules = tuple(
        dataclasses.replace(template, id=f"gen.{i}", when=cond, then=model.Then("requirement")) for i, cond in
        enumerate(conditions))
    # derive from a generated condition and use it, so chaining is exercised too
    chain = model.AnyOf((model.Compare("d.first", "eq", model.Const(True)), conditions[-1]))
    rules += (
        dataclasses.replace(template, id="gen.derive", when=conditions[0], then=model.Then("derive", derive="d.first")),
        dataclasses.replace(template, id="gen.chain", when=chain, then=model.Then("requirement")),
    )
    digest = hashlib.sha256(repr(rules).encode()).hexdigest()
    return dataclasses.replace(base, rules=rules, sha256=digest)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conditions=st.lists(strategies.condition(), min_size=1, max_size=6), data=st.data())
def test_evaluators_agree_on_random_rules(conditions: list[model.Condition], data: st.DataObject) -> None:
    try:  # a pack beyond an engine limit is refused by the compiler, for both evaluators alike
        compiled = compiler.compile_pack(_pack_with(conditions), DAY)
    except errors.PackError as exc:
        assert {p.code for p in exc.problems} == {"engine-limit"}
        assume(False)
    facts = data.draw(strategies.construct_values())
    try:
        durable_result = DURABLE.evaluate(compiled, facts)
    except errors.PackError as exc:
        assert exc.problems[0].code == "engine-limit"
        assume(False)
    plain_result = PLAIN.evaluate(compiled, facts)
    assert durable_result.outcomes == plain_result.outcomes, (facts, conditions)
    assert durable_result.derived == plain_result.derived


REFERENCE = plain.ReferenceEvaluator()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conditions=st.lists(strategies.condition(), min_size=1, max_size=6), data=st.data())
def test_closures_agree_with_the_visitor(conditions: list[model.Condition], data: st.DataObject) -> None:
    """The plain path's closures decide exactly what the node-by-node visitor decides, unknowns included."""
    compiled = compiler.compile_pack(_pack_with(conditions), DAY)
    facts = data.draw(strategies.construct_values())
    assert PLAIN.evaluate(compiled, facts) == REFERENCE.evaluate(compiled, facts), (facts, conditions)


@pytest.mark.parametrize("pack_ref", PACKS)
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_closures_agree_with_the_visitor_on_packs(pack_ref: str, data: st.DataObject) -> None:
    compiled = compiler.compile_pack(packs.load(pack_ref), DAY)
    facts = data.draw(strategies.fact_values(compiled))
    assert PLAIN.evaluate(compiled, facts) == REFERENCE.evaluate(compiled, facts)
