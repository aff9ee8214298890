"""durable-rules specifics: failures inside actions surface, state is deleted, limits give clear errors."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import durable_rules_engine as dre
import pytest

from cc_rules import model
from cc_rules.base import errors
from cc_rules.compile import compiler
from cc_rules.engine import durable, plain
from cc_rules.model import packs

ROOT = Path(__file__).resolve().parents[2]
DAY = dt.date(2026, 6, 30)
FACTS = {"a.int": 20, "a.num": 2.5, "a.other": 1.25, "a.flag": True, "a.list": ("voice",), "organization.seats": 200}


@pytest.fixture
def compiled() -> compiler.CompiledPack:
    return compiler.compile_pack(packs.load(ROOT / "tests/packs/constructs"), DAY)


def test_an_action_that_raises_fails_the_assessment(compiled: compiler.CompiledPack,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    prog = durable.program(compiled)
    holds = plain.PlainEvaluator().evaluate(compiled, FACTS).outcomes
    group, name = next((group, name) for group in prog.groups for name, index in group.rules.items() if holds[index])
    monkeypatch.setitem(group.rules, name, 10_000)  # an index no rule has: recording the firing raises
    with pytest.raises(errors.EngineError) as caught:
        durable.DurableEvaluator().evaluate(compiled, FACTS)
    assert f"action of '{group.layout.name}/{name}' failed" in caught.value.render()


def test_the_session_keeps_nothing_between_assessments(compiled: compiler.CompiledPack) -> None:
    evaluator = durable.DurableEvaluator()
    first = evaluator.evaluate(compiled, FACTS)
    prog = durable.program(compiled)
    assert len(prog.handles) > 1  # several groups, each its own ruleset and session
    for handle in prog.handles:
        assert json.loads(dre.get_facts(handle, durable.SID)) == [{"sid": "s", "id": "open", "t": "open"}]
    other = evaluator.evaluate(compiled, {**FACTS, "a.int": 0, "a.flag": False})
    assert evaluator.evaluate(compiled, FACTS) == first != other
    assert durable.program(compiled) is prog  # the same sessions served all three
    for handle in prog.handles:
        assert json.loads(dre.get_facts(handle, durable.SID)) == [{"sid": "s", "id": "open", "t": "open"}]


def test_only_rules_that_hold_are_registered(compiled: compiler.CompiledPack) -> None:
    prog = durable.program(compiled)
    assert sorted(name for name in prog.definition if name != durable.OPEN) == \
        sorted(str(rule.index) for rule in compiled.rules)
    # each rule is in exactly one group's ruleset, a group holds at most GROUP of them
    indexes = [index for group in prog.groups for index in group.rules.values()]
    assert sorted(indexes) == [rule.index for rule in compiled.rules]
    assert all(len(group.rules) <= durable.GROUP for group in prog.groups)


def test_a_session_that_failed_is_not_reused(compiled: compiler.CompiledPack,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    prog = durable.program(compiled)
    real = dre.assert_fact

    def failing(handle: int, text: str) -> object:
        raise dre.error("injected")

    monkeypatch.setattr(durable.dre, "assert_fact", failing)
    with pytest.raises(errors.EngineError):
        durable.DurableEvaluator().evaluate(compiled, FACTS)
    monkeypatch.setattr(durable.dre, "assert_fact", real)
    assert prog.broken
    fresh = durable.program(compiled)
    assert fresh is not prog
    assert durable.DurableEvaluator().evaluate(compiled, FACTS).outcomes == \
        plain.PlainEvaluator().evaluate(compiled, FACTS).outcomes


def test_numbers_are_written_without_exponents() -> None:
    assert durable.dumps({"a": 1e-05, "b": "1e5", "c": [2.5e-7]}) == '{"a":0.00001,"b":"1e5","c":[0.00000025]}'


def test_tiny_and_large_values_agree_with_plain(compiled: compiler.CompiledPack) -> None:
    facts = {**FACTS, "a.num": 1e-06, "a.other": 0.0}
    assert durable.DurableEvaluator().evaluate(compiled, facts).outcomes == \
        plain.PlainEvaluator().evaluate(compiled, facts).outcomes


def test_a_rule_too_deep_for_durable_is_a_clear_pack_error() -> None:
    base = packs.load(ROOT / "tests/packs/constructs")
    leaf: model.Condition = model.Compare("a.int", "eq", model.Const(1))
    for depth in range(20):  # alternating all/any cannot be flattened
        leaf = (model.All if depth % 2 else model.AnyOf)((leaf, model.Compare("a.num", "gt", model.Const(depth))))
    rule = dataclasses.replace(base.rules[0], id="too.deep", when=leaf, then=model.Then("requirement"))
    pack = dataclasses.replace(base, rules=(rule,), sha256="deep")
    # the compiler's engine limits refuse it before registration, for both evaluators alike
    with pytest.raises(errors.PackError) as caught:
        compiler.compile_pack(pack, DAY)
    assert "too deeply nested" in caught.value.render()
    assert "at most 14" in caught.value.render()


def test_many_rules_on_one_fact_do_not_hit_the_walk_stack() -> None:
    base = packs.load(ROOT / "tests/packs/constructs")
    rules = tuple(dataclasses.replace(base.rules[0], id=f"many.{i}",
                                      when=model.Compare("a.int", "gte", model.Const(i % 40)),
                                      then=model.Then("requirement")) for i in range(450))
    pack = dataclasses.replace(base, rules=rules, sha256="many")
    big = compiler.compile_pack(pack, DAY)
    outcomes = durable.DurableEvaluator().evaluate(big, {"a.int": 20}).outcomes
    assert outcomes == tuple((i % 40 <= 20) for i in range(450))


def test_rules_whose_alternatives_all_hold_do_not_hit_the_walk_stack() -> None:
    """durable pushes every matching alternative of a group's rules on a 64-slot stack (error 303 beyond): 30 rules
    of three alternatives that all hold must not share a group, whatever `GROUP` allows."""
    base = packs.load(ROOT / "tests/packs/constructs")
    rules = tuple(dataclasses.replace(base.rules[0], id=f"wide.{i}", when=model.AnyOf(tuple(
        model.Compare(fact, "gte", model.Const(-i)) for fact in ("a.int", "a.num", "a.other"))),
        then=model.Then("requirement")) for i in range(30))
    pack = dataclasses.replace(base, rules=rules, sha256="wide")
    wide = compiler.compile_pack(pack, DAY)
    facts = {"a.int": 1, "a.num": 1.5, "a.other": 2}
    assert durable.DurableEvaluator().evaluate(wide, facts).outcomes == (True,) * 30
    assert plain.PlainEvaluator().evaluate(wide, facts).outcomes == (True,) * 30
