"""Binding's shortcuts never let through what the full checks refuse: a value its quick test passes has no type
problem (for every fact of every bundled pack and any value evidence can hold), and a comparison it leaves
unchecked because the declared ranges bound it cannot overflow."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cc_rules import model
from cc_rules.assess import bind
from cc_rules.compile import compiler
from cc_rules.engine import values
from cc_rules.model import conditions as algebra
from cc_rules.model import packs
from cc_rules.model.evidence import FactValue
from tests.property import strategies

TESTS = Path(__file__).resolve().parents[1]
OWN_PACKS = [str(TESTS / "packs/constructs"), str(TESTS / "bad_inputs/packs/ranges")]  # ranges: a ratio that overflows

DAY = dt.date(2026, 6, 30)
SCALARS = st.one_of(st.integers(-10**20, 10**20), st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
                    st.text(max_size=8), st.sampled_from(["email", "phone", "voice", "a" * 5000]))
VALUES = st.one_of(SCALARS, st.lists(SCALARS, max_size=4).map(tuple))


@pytest.mark.parametrize("pack_ref", sorted(packs.builtin_ids()))
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_a_value_that_fits_has_no_type_problem(pack_ref: str, data: st.DataObject) -> None:
    compiled = compiler.compile_pack(packs.load(pack_ref), DAY)
    spec = data.draw(st.sampled_from(compiled.facts))
    allowed = list(spec.values or ())
    value = data.draw(st.one_of(VALUES, st.sampled_from(allowed or [0]), st.lists(
        st.sampled_from(allowed or [0]), max_size=3).map(tuple)))
    fact = FactValue(spec.name, value, None, None, "e.yaml", 1, f"$.facts.{spec.name}")
    if bind._binder(compiled).fits[spec.name](value):
        assert bind._type_problem(fact, spec) is None


def _extreme(spec: model.FactSpec) -> st.SearchStrategy[object]:
    """Any value binding accepts for `spec`, its declared bounds and the smallest non-zero sizes included."""
    if spec.type in ("int", "number"):
        low, high = spec.low(), spec.high()
        edges = [v for v in (low, high, 0, 1, -1) if low <= v <= high]
        ints = st.integers(int(low), int(high))
        if spec.type == "int":
            return st.one_of(st.sampled_from(edges), ints)
        tiny = [v for v in (5e-324, 1e-300, -5e-324) if low <= v <= high]
        return st.one_of(st.sampled_from(edges + tiny), st.sampled_from(tiny or edges), ints, st.floats(low, high))
    return strategies.fact_value(spec)


@pytest.mark.parametrize("pack_ref", [*sorted(packs.builtin_ids()), *OWN_PACKS])
@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_a_comparison_left_unchecked_cannot_overflow(pack_ref: str, data: st.DataObject) -> None:
    """The comparisons binding does not compute for each evidence (`bind._bounded`) stay below the limit on any
    values that bind."""
    compiled = compiler.compile_pack(packs.load(pack_ref), DAY)
    leaves = [leaf for _, leaf in bind._computed_leaves(compiled) if bind._bounded(leaf, compiled)]
    if not leaves:
        return
    leaf = data.draw(st.sampled_from(leaves))
    known = {name: data.draw(_extreme(spec)) for name in algebra.facts_of(leaf)
             if (spec := compiled.fact(name)) is not None and data.draw(st.integers(0, 5)) > 0}
    assert bind._holdable(values.operand(leaf.operand, known))
    assert bind._holdable(values.difference(leaf, known))
