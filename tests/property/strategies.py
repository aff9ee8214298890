"""Hypothesis strategies: evidence values from a pack's vocabulary, and random condition trees."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from cc_rules import model
from cc_rules.compile import compiler

INDUSTRIES = ["banking", "telecom", "retail", "utility", "insurance", "银行"]
TEXTS = ["甲", "乙", "a", "b", "excel", "erlang_c"]


def fact_value(spec: model.FactSpec) -> st.SearchStrategy[Any]:
    if spec.type == "bool":
        return st.booleans()
    if spec.type == "int":
        low = int(spec.min) if spec.min is not None else -50
        high = int(spec.max) if spec.max is not None else max(low, 0) + 3000
        high = min(high, low + 5000)
        # Mostly small values, so boundaries (equality with constants and other facts) are hit often.
        return st.one_of(st.integers(max(low, -3), min(high, 12)), st.integers(low, high))
    if spec.type == "number":
        low = spec.min if spec.min is not None else -100.0
        high = spec.max if spec.max is not None else low + 1000.0
        return st.one_of(st.integers(int(low) if low > -1e6 else -100, int(min(high, low + 1000))),
                         st.floats(low, min(high, low + 1000), allow_nan=False, allow_infinity=False).map(
                             lambda x: round(x, 3)))
    if spec.type == "enum":
        return st.sampled_from(list(spec.values or ["x"]))
    if spec.type == "list":
        items = list(spec.values) if spec.values else ["voice", "video", "email", "sms", "app_human"]
        return st.lists(st.sampled_from(items), unique=True).map(tuple)
    if spec.name == "organization.industry":
        return st.sampled_from(INDUSTRIES)
    return st.sampled_from(TEXTS)


@st.composite
def fact_values(draw: st.DrawFn, compiled: compiler.CompiledPack) -> dict[str, Any]:
    """A random assessment: each evidence fact present (random value) or missing."""
    out: dict[str, Any] = {}
    for spec in compiled.facts:
        if spec.derived:
            continue
        if draw(st.integers(0, 4)) > 0:
            out[spec.name] = draw(fact_value(spec))
    return out


NUMERIC_FACTS = ["a.int", "a.num", "a.other", "organization.seats"]
# Facts and constants of the random-rule test share one small pool, so boundaries (a == c) are hit often.
POOL = [-1, 0, 1, 2, 5, 10, 200, 0.5, 1.25, 2.5]


@st.composite
def construct_values(draw: st.DrawFn) -> dict[str, Any]:
    """Evidence for the constructs pack drawn from the same pool as the generated constants."""
    ints = [v for v in POOL if isinstance(v, int) and v >= 0]
    pools: dict[str, st.SearchStrategy[Any]] = {
        "a.int": st.sampled_from([v for v in POOL if isinstance(v, int)]),
        "a.num": st.sampled_from(POOL), "a.other": st.sampled_from(POOL),
        "organization.seats": st.sampled_from(ints),
        "a.flag": st.booleans(), "a.flag2": st.booleans(),
        "a.text": st.sampled_from(TEXTS[:2]), "a.text2": st.sampled_from(TEXTS[:2]),
        "a.kind": st.sampled_from(["x", "y", "z"]),
        "a.list": st.lists(st.sampled_from(["voice", "video", "email", "sms"]), unique=True).map(tuple),
    }
    return {name: draw(strategy) for name, strategy in pools.items() if draw(st.integers(0, 4)) > 0}


def operand(depth: int = 0) -> st.SearchStrategy[model.Operand]:
    leaf = st.one_of(
        st.sampled_from(POOL).map(model.Const),
        st.sampled_from(NUMERIC_FACTS).map(model.FactRef),
    )
    if depth >= 2:
        return leaf
    return st.one_of(leaf, st.builds(model.Arith, st.sampled_from(["add", "sub", "mul", "div"]),
                                     st.deferred(lambda: operand(depth + 1)), st.deferred(lambda: operand(depth + 1))))


def leaf_condition() -> st.SearchStrategy[model.Condition]:
    return st.one_of(
        st.builds(model.Compare, st.sampled_from(NUMERIC_FACTS),
                  st.sampled_from(["eq", "ne", "lt", "lte", "gt", "gte"]), operand()),
        st.builds(model.Compare, st.just("a.flag"), st.sampled_from(["eq", "ne"]),
                  st.one_of(st.booleans().map(model.Const), st.just(model.FactRef("a.flag2")))),
        st.builds(model.Compare, st.just("a.text"), st.sampled_from(["eq", "ne"]),
                  st.one_of(st.sampled_from(TEXTS).map(model.Const), st.just(model.FactRef("a.text2")))),
        st.builds(model.In, st.just("a.kind"),
                  st.lists(st.sampled_from(["x", "y", "z"]), min_size=1, unique=True).map(tuple)),
        st.builds(model.Contains, st.just("a.list"), st.sampled_from(["voice", "video", "email", "sms"])),
        st.builds(model.Exists, st.sampled_from(["a.int", "a.text", "a.list", "a.flag"]), st.booleans()),
    )


def condition() -> st.SearchStrategy[model.Condition]:
    return st.recursive(
        leaf_condition(),
        lambda children: st.one_of(
            st.lists(children, min_size=1, max_size=4).map(lambda xs: model.All(tuple(xs))),
            st.lists(children, min_size=1, max_size=4).map(lambda xs: model.AnyOf(tuple(xs))),
            children.map(model.Not),
        ),
        max_leaves=10,
    )
