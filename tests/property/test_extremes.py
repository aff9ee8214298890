"""durable-rules and the plain evaluator agree on extreme evidence too, or the evidence is refused before either runs.

Values are drawn at and just past every declared or default bound (counts 0 … 999999999999, percentages 0 … 100,
a fact's own min/max), huge and tiny numbers (10^15, 2^53 + 1, 1.0e+308, 5e-324, ±inf, NaN), texts at and past their
length limit (10,000 characters, 65,536 where durable's own comparison changes), texts sharing a long prefix, and
empty lists. Each drawn evidence goes through `bind` (types, ranges, lengths, computed values): refused there, neither
evaluator sees it; accepted, both must give the same outcomes and derived facts. The random-rule test does the same
with random condition trees whose constants come from an extreme pool."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cc_rules import engine, model
from cc_rules.assess import bind
from cc_rules.base import errors
from cc_rules.compile import compiler
from cc_rules.model import evidence, packs
from tests.property import strategies
from tests.property.test_differential import _pack_with

ROOT = Path(__file__).resolve().parents[2]
DAY = dt.date(2026, 6, 30)
PACKS = ["gbt43045", "ccso", "gbt35780", str(ROOT / "tests/packs/constructs")]
DURABLE = engine.get("durable")
PLAIN = engine.get("plain")

HUGE: list[Any] = [10**12 - 1, 10**12, 10**15 - 1, 10**15, 2**53 + 1, 2**63, 1.7976931348623157e308, 1e300,
                   float("inf"), float("-inf"), float("nan")]
TINY: list[Any] = [5e-324, -5e-324, 2.2250738585072014e-308, 1e-300, 1e-7, 0.1 + 0.2, -0.0]
LONG = ["", " ", "a" * 10_000, "a" * 10_001, "a" * 65_536, "a" * 65_536 + "b", "中" * 10_000, "x" * 9_999 + "中"]


def extreme_value(spec: model.FactSpec) -> st.SearchStrategy[Any]:
    """A value for `spec` at or past its limits, often of the right type, sometimes not."""
    if spec.type in ("int", "number"):
        low, high = spec.low(), spec.high()
        edges: list[Any] = [low, high, low - 1, high + 1, math.nextafter(high, math.inf),
                            math.nextafter(low, -math.inf), 0, 1, -1, *HUGE, *TINY]
        within = st.integers(math.ceil(low), int(high)) if spec.type == "int" else st.floats(low, high)
        return st.one_of(st.sampled_from(edges), within)
    if spec.type == "bool":
        return st.one_of(st.booleans(), st.sampled_from([0, 1, "true", ""]))
    if spec.type in ("string", "enum"):
        declared = [str(v) for v in spec.values or ()] + strategies.TEXTS[:2]
        prefixed = [v + "a" * 65_536 for v in declared[:2]]  # a long value sharing a prefix with the expected one
        return st.sampled_from(declared + LONG + prefixed)
    if spec.type == "list":
        items = [str(v) for v in spec.values or ("voice", "video")]
        return st.one_of(st.just(()), st.just(tuple(items)), st.lists(st.sampled_from(items + LONG[2:4])).map(tuple))
    return st.sampled_from(LONG)


@st.composite
def extreme_facts(draw: st.DrawFn, compiled: compiler.CompiledPack) -> dict[str, Any]:
    """Most facts at ordinary values, a few (one to four) at extremes: each extreme meets the others."""
    out = draw(strategies.fact_values(compiled))
    specs = [s for s in compiled.facts if not s.derived]
    for spec in draw(st.lists(st.sampled_from(specs), min_size=1, max_size=4)):
        out[spec.name] = draw(extreme_value(spec))
    return out


def _evidence(values: dict[str, Any]) -> evidence.Evidence:
    facts = tuple(evidence.FactValue(name, value, None, None, "extreme.yaml", 1, f"$.facts.{name}")
                  for name, value in sorted(values.items()))
    return evidence.Evidence(file="extreme.yaml", sha256="-", organization_name="x", industry=None, seats=None,
                             date=DAY, first_date=DAY, mode="self", reviewers=(), facts=facts, benchmarks=(),
                             packs=None, assessment_line=1)


def _bound(compiled: compiler.CompiledPack, values: dict[str, Any]) -> dict[str, Any] | None:
    """The facts both evaluators see, or None when binding refuses them (with a project error, never another)."""
    try:
        return bind.bind(_evidence(values), compiled).values()
    except errors.InputError as exc:
        assert exc.problems[0].file == "extreme.yaml" and exc.problems[0].path.startswith("$.facts")
        return None


@pytest.mark.parametrize("pack_ref", PACKS)
@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_evaluators_agree_on_extreme_evidence(pack_ref: str, data: st.DataObject) -> None:
    compiled = compiler.compile_pack(packs.load(pack_ref), DAY)
    facts = _bound(compiled, data.draw(extreme_facts(compiled)))
    assume(facts is not None)
    assert facts is not None
    assert DURABLE.evaluate(compiled, facts) == dataclasses.replace(PLAIN.evaluate(compiled, facts), engine="durable")


# Constants of the random rules: the constructs pack's bounds (±1000) and what lies just inside and past them.
EXTREME_POOL: list[Any] = [-1000, 1000, 999.9999999, -999.9999999, 1001, 0, -0.0, 5e-324, 1e-300, 0.1 + 0.2, 0.3,
                           10**12 - 1, 2**53 + 1, 1e15]


@st.composite
def extreme_construct_values(draw: st.DrawFn) -> dict[str, Any]:
    numbers = st.sampled_from(EXTREME_POOL + TINY + [1000, -1000, 999.5])
    pools: dict[str, st.SearchStrategy[Any]] = {
        "a.int": st.sampled_from([-1000, 1000, 0, 1, -1, 999, 1001, 2**53 + 1]), "a.num": numbers, "a.other": numbers,
        "organization.seats": st.sampled_from([0, 1, 10**12 - 1, 10**12]),
        "a.flag": st.booleans(), "a.flag2": st.booleans(),
        "a.text": st.sampled_from(LONG[:4] + strategies.TEXTS[:2]), "a.text2": st.sampled_from(LONG[:4]),
        "a.kind": st.sampled_from(["x", "y", "z"]),
        "a.list": st.lists(st.sampled_from(["voice", "video", "email", "sms"]), unique=True).map(tuple),
    }
    return {name: draw(strategy) for name, strategy in pools.items() if draw(st.integers(0, 4)) > 0}


def _extreme_condition() -> st.SearchStrategy[model.Condition]:
    operand = st.one_of(st.sampled_from(EXTREME_POOL).map(model.Const),
                        st.sampled_from(strategies.NUMERIC_FACTS).map(model.FactRef))
    arith = st.builds(model.Arith, st.sampled_from(["add", "sub", "mul", "div"]), operand, operand)
    compare = st.builds(model.Compare, st.sampled_from(strategies.NUMERIC_FACTS),
                        st.sampled_from(["eq", "ne", "lt", "lte", "gt", "gte"]), st.one_of(operand, arith))
    text = st.builds(model.Compare, st.just("a.text"), st.sampled_from(["eq", "ne"]),
                     st.one_of(st.sampled_from(LONG[:4]).map(model.Const), st.just(model.FactRef("a.text2"))))
    return st.one_of(compare, text, strategies.condition())


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(conditions=st.lists(_extreme_condition(), min_size=1, max_size=6), data=st.data())
def test_evaluators_agree_on_random_rules_at_the_limits(conditions: list[model.Condition],
                                                        data: st.DataObject) -> None:
    try:  # a constant past the engine limits (compile/limits.py) is refused before either evaluator runs
        compiled = compiler.compile_pack(_pack_with(conditions), DAY)
    except errors.PackError as exc:
        assert exc.problems and all(p.code == "engine-limit" for p in exc.problems), exc.render()
        assume(False)
    facts = _bound(compiled, data.draw(extreme_construct_values()))
    assume(facts is not None)
    assert facts is not None
    try:
        durable_result = DURABLE.evaluate(compiled, facts)
    except errors.PackError as exc:
        assert exc.problems[0].code == "engine-limit"
        assume(False)
    plain_result = PLAIN.evaluate(compiled, facts)
    assert durable_result.outcomes == plain_result.outcomes, (facts, conditions)
    assert durable_result.derived == plain_result.derived


def test_the_limits_are_where_the_docs_say() -> None:
    """Counts at 0 … 999999999999, percentages 0 … 100, texts up to 10,000 characters, unless facts.yaml says."""
    count = model.FactSpec("x.n", "int", model.Text("数", "n"))
    share = model.FactSpec("x.p", "number", model.Text("比", "p"), unit="percent")
    pct = model.FactSpec("x.rate_pct", "number", model.Text("比", "p"))
    own = model.FactSpec("x.t", "number", model.Text("温", "t"), min=-40, max=60, max_length=3)
    assert (count.low(), count.high(), count.longest()) == (0, 999_999_999_999, 10_000)
    assert (share.low(), share.high()) == (0, 100) == (pct.low(), pct.high())
    assert (own.low(), own.high(), own.longest()) == (-40, 60, 3)
