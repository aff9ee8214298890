"""Engine limits are pack rules: the compiler's count of alternatives and nesting is exactly what durable-rules is
given, packs beyond a limit are rejected before registration (never a hang), and derivation order is iterative."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cc_rules import engine, model
from cc_rules.base import errors
from cc_rules.compile import compiler, limits
from cc_rules.engine import durable
from cc_rules.model import packs
from tests.property import strategies

ROOT = Path(__file__).resolve().parents[2]
BAD = ROOT / "tests" / "bad_inputs"
DAY = dt.date(2026, 6, 30)


def _branches(expr: Any) -> int:
    if isinstance(expr, dict):
        own = len(expr["$or"]) if "$or" in expr else 0
        return own + sum(_branches(v) for v in expr.values())
    if isinstance(expr, list):
        return sum(_branches(v) for v in expr)
    return 0


def _pack(rules: tuple[model.Rule, ...]) -> model.Pack:
    base = packs.load(ROOT / "tests/packs/constructs")
    return dataclasses.replace(base, rules=base.rules + rules,
                               sha256=hashlib.sha256(repr(rules).encode()).hexdigest())


def _rule(index: int, when: model.Condition, then: model.Then | None = None) -> model.Rule:
    template = packs.load(ROOT / "tests/packs/constructs").rules[0]
    return dataclasses.replace(template, id=f"gen.{index}", when=when, then=then or model.Then("requirement"))


WIDE = st.builds(model.In, st.just("a.int"), st.lists(st.integers(0, 50), min_size=1, max_size=8, unique=True)
                 .map(tuple))
CONDITIONS = st.recursive(
    st.one_of(strategies.leaf_condition(), WIDE),
    lambda children: st.one_of(
        st.lists(children, min_size=1, max_size=4).map(lambda xs: model.All(tuple(xs))),
        st.lists(children, min_size=1, max_size=4).map(lambda xs: model.AnyOf(tuple(xs))),
        children.map(model.Not)),
    max_leaves=12)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conditions=st.lists(CONDITIONS, min_size=1, max_size=4))
def test_the_compiler_counts_what_durable_is_given(conditions: list[model.Condition]) -> None:
    """`limits.shape` (alternatives, nested groups) equals the `$or` branches and expression slots of the durable
    rule built (durable tests that a rule holds), so the compiler's limit is the engine's."""
    rules = tuple(_rule(i, c) for i, c in enumerate(conditions))
    compiled = compiler.compile_pack(_pack(rules), DAY)
    definition, _ = durable.build(compiled)
    for rule in compiled.rules[-len(rules):]:
        body = definition[str(rule.index)]["all"][0]["m"]
        assert limits.shape(rule.when, True) == (_branches(body), durable.expression_slots(body) // 2)


def _problems(rules: tuple[model.Rule, ...]) -> list[errors.Problem]:
    with pytest.raises(errors.PackError) as caught:
        compiler.compile_pack(_pack(rules), DAY)
    return caught.value.problems


def test_alternatives_are_counted_inside_negations() -> None:
    """101 alternatives as an `any`, or as a negated `all` (De Morgan: an `$or`)."""
    leaves = tuple(model.Compare("a.int", "eq", model.Const(i)) for i in range(101))
    for when in (model.AnyOf(leaves), model.Not(model.All(leaves))):
        [problem] = _problems((_rule(0, when),))
        assert problem.key == "limits.too-many-alternatives" and dict(problem.params)["count"] == 101
    compiler.compile_pack(_pack((_rule(0, model.AnyOf(leaves[:100])),)), DAY)  # exactly at the limit


def test_alternatives_that_hold_together_are_bounded_by_the_walk_stack() -> None:
    """durable walks the alternatives a fact matches on a 64-entry stack (error 303 when an assessment would pass
    it): one rule with more than 60 that can hold together is refused before registration, with its name; at 60
    both evaluators agree. Equalities of one fact with different constants hold one at a time, so 100 of them are
    fine."""
    def wide(n: int) -> model.Condition:
        return model.AnyOf(tuple(model.Compare("a.int", "gte", model.Const(-i)) for i in range(n)))

    [problem] = _problems((_rule(0, wide(limits.MAX_AT_ONCE + 1)),))
    assert problem.key == "limits.too-many-at-once" and dict(problem.params)["count"] == limits.MAX_AT_ONCE + 1
    assert "'gen.0'" in problem.render("en") and "at most 60" in problem.render("en")
    assert "同时成立" in problem.render("zh")
    equal = model.AnyOf(tuple(model.Compare("a.int", "eq", model.Const(i)) for i in range(100)))
    assert limits.at_once(equal) == 1
    assert limits.at_once(model.AnyOf((*equal.items, equal.items[0]))) == 2  # the same constant twice: both match
    compiled = compiler.compile_pack(_pack((_rule(0, wide(limits.MAX_AT_ONCE)), _rule(1, equal))), DAY)
    for value in (0, 99, 1000):
        facts = {"a.int": value}
        assert engine.get("durable").evaluate(compiled, facts).outcomes == \
            engine.get("plain").evaluate(compiled, facts).outcomes


def test_both_engines_accept_a_pack_at_every_limit() -> None:
    """At the limits (100 values, 100 derivation levels, 10,000 characters, 10^15) both evaluators agree."""
    chain = [_rule(0, model.Compare("a.flag", "eq", model.Const(True)), model.Then("derive", derive="d.c0"))]
    chain += [_rule(i, model.Compare(f"d.c{i - 1}", "eq", model.Const(True)), model.Then("derive", derive=f"d.c{i}"))
              for i in range(1, limits.MAX_DERIVATION_DEPTH)]
    facts = tuple(model.FactSpec(f"d.c{i}", "bool", model.Text("链", "chain"), derived=True)
                  for i in range(limits.MAX_DERIVATION_DEPTH))
    rules = (*chain,
             _rule(900, model.Compare(f"d.c{limits.MAX_DERIVATION_DEPTH - 1}", "eq", model.Const(True))),
             _rule(901, model.In("a.int", tuple(range(100)))),
             _rule(902, model.Compare("a.text", "ne", model.Const("x" * limits.MAX_STRING))),
             _rule(903, model.Compare("a.num", "lt", model.Const(10**15))))
    pack = dataclasses.replace(_pack(rules), facts=packs.load(ROOT / "tests/packs/constructs").facts + facts)
    compiled = compiler.compile_pack(pack, DAY)
    assert compiled.strata == limits.MAX_DERIVATION_DEPTH + 1
    values = {"a.flag": True, "a.int": 12, "a.text": "x" * 9_999, "a.num": 1.5}
    durable_result = engine.get("durable").evaluate(compiled, values)
    plain_result = engine.get("plain").evaluate(compiled, values)
    assert durable_result.outcomes == plain_result.outcomes
    assert durable_result.outcomes[-4:] == (True, True, True, True)


def test_a_chain_of_a_thousand_derived_facts_is_a_message_not_a_recursion_error() -> None:
    rules = (_rule(0, model.Compare("a.flag", "eq", model.Const(True)), model.Then("derive", derive="d.c0")),
             *(_rule(i, model.Compare(f"d.c{i - 1}", "eq", model.Const(True)),
                     model.Then("derive", derive=f"d.c{i}")) for i in range(1, 1000)))
    strata = compiler._strata(rules)
    assert strata["gen.999"] == 999
    assert compiler._cycle(rules) is None
    looped = (*rules[1:], _rule(0, model.Compare("d.c999", "eq", model.Const(True)),
                                model.Then("derive", derive="d.c0")))
    cycle = compiler._cycle(looped)
    assert cycle is not None and len(cycle) == 1001 and cycle[0] == cycle[-1]


def test_rules_sharing_a_group_stay_within_the_node_budget() -> None:
    """Eight rules of 100 values each (800 alternatives under one type test hung durable) are split into groups."""
    rules = tuple(_rule(i, model.In("a.int", tuple(range(i * 1000, i * 1000 + 100)))) for i in range(8))
    compiled = compiler.compile_pack(_pack(rules), DAY)
    result = engine.get("durable").evaluate(compiled, {"a.int": 3005})
    assert result.outcomes[-8:] == (False, False, False, True, False, False, False, False)
    assert result.outcomes == engine.get("plain").evaluate(compiled, {"a.int": 3005}).outcomes


def test_the_509_value_pack_is_rejected_not_hung() -> None:
    """The pack that made durable-rules spin forever (509 values in one `in`) is a message; the subprocess timeout
    only guards against a hang (the run itself takes about a second)."""
    proc = subprocess.run(
        [sys.executable, "-m", "cc_rules", "assess", str(BAD / "evidence/ok.yaml"), "--pack",
         str(BAD / "packs/limit_wide_in"), "--engine", "durable"],
        capture_output=True, text=True, timeout=60, check=False, cwd=ROOT)
    assert proc.returncode == 2
    assert "509 alternatives" in proc.stderr and "at most 100" in proc.stderr


_GUARDED = """
import faulthandler, sys
from cc_rules import engine
from cc_rules.assess import pipeline
from cc_rules.base import errors
from cc_rules.model import evidence
ok = evidence.load(sys.argv[2])
pipeline.assess_evidence(ok, ["tests/packs/constructs"], None, engine.get("durable"))  # imports and schemas, warm
faulthandler.dump_traceback_later(1.0, exit=True)  # a C thread: fires even while durable spins holding the GIL
try:
    pipeline.assess_evidence(ok, [sys.argv[1]], None, engine.get("durable"))
except errors.CcRulesError as exc:
    faulthandler.cancel_dump_traceback_later()
    print(exc.problems[0].key)
"""


@pytest.mark.parametrize("pack", ["limit_wide_in", "limit_any_wide"])
def test_the_packs_that_hung_durable_are_rejected_within_a_second(pack: str) -> None:
    """509 values in one `in` (511 comparisons in one `any`) spun forever inside durable-rules' C code, where no
    Python signal handler runs; a faulthandler timer (its own C thread) ends the process if the rejection takes
    more than a second once the modules are loaded (it takes about 0.1 s)."""
    proc = subprocess.run([sys.executable, "-c", _GUARDED, str(BAD / "packs" / pack), str(BAD / "evidence/ok.yaml")],
                          capture_output=True, text=True, timeout=120, check=False, cwd=ROOT)
    assert proc.returncode == 0 and "Timeout" not in proc.stderr, proc.stderr
    assert proc.stdout.strip() == "limits.too-many-alternatives"
