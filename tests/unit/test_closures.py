"""The plain path's grouped blocks and inlined leaves decide what the node-by-node visitor decides, on every operator,
with each fact present (below, at and above the constant) or missing, alone and under `not`, `all` and `any`."""

from __future__ import annotations

import itertools
import operator

import pytest

from cc_rules import model
from cc_rules.compile import compiler
from cc_rules.engine import closures, plain, values
from tests.property.test_differential import DAY, _pack_with

OPS = ["eq", "ne", "lt", "lte", "gt", "gte"]


def _leaves() -> list[model.Condition]:
    out: list[model.Condition] = [model.Compare("a.int", op, model.Const(5)) for op in OPS]
    out += [model.Compare("a.num", op, model.Arith("div", model.FactRef("a.other"), model.Const(2))) for op in OPS]
    out += [model.Compare("a.num", "gte", model.Arith("div", model.FactRef("a.other"), model.Const(0))),
            model.Compare("a.num", "lt", model.FactRef("a.other")),
            model.In("a.kind", ("x", "z")), model.Contains("a.list", "voice"),
            model.Exists("a.text", True), model.Exists("a.text", False)]
    return out


def _conditions() -> list[model.Condition]:
    leaves = _leaves()
    out = list(leaves) + [model.Not(leaf) for leaf in leaves]
    for a, b in itertools.combinations(leaves[::3], 2):
        out += [model.All((a, b)), model.AnyOf((a, b)), model.All((a, model.Not(b), b)),
                model.AnyOf((model.Not(a), b, a))]
    return out


FACTS = [{}, {"a.int": 4, "a.num": 1.0, "a.other": 2, "a.kind": "x", "a.list": ("voice",), "a.text": "t"},
         {"a.int": 5, "a.num": 1.5, "a.other": 2, "a.kind": "y", "a.list": ()},
         {"a.int": 6, "a.num": 0.5, "a.kind": "z", "a.list": ("sms", "voice")},
         {"a.int": 5, "a.other": 3, "a.text": "u"}]


@pytest.mark.parametrize("facts", FACTS)
def test_blocks_decide_as_the_visitor(facts: dict[str, object]) -> None:
    conditions = _conditions()
    compiled = compiler.compile_pack(_pack_with(conditions), DAY)
    got = plain.PlainEvaluator().evaluate(compiled, facts)
    assert got == plain.ReferenceEvaluator().evaluate(compiled, facts)
    by_id = {r.rule.id: got.outcomes[r.index] for r in compiled.rules}
    for i, op in enumerate(OPS):  # the leaves themselves, against Python's own operators
        value = facts.get("a.int")
        assert by_id[f"gen.{i}"] is (None if value is None else getattr(operator, op.replace("gte", "ge")
                                                                           .replace("lte", "le"))(value, 5))


def test_a_missing_fact_compares_unknown() -> None:
    for op in OPS:
        assert closures._COMPARE[op](closures.UNKNOWN, 5) is None
        assert closures._COMPARE[op](closures.UNKNOWN, "text") is None
        for known in (5, 2.5, True, "text", ("voice",)):  # either side: the known value defers to UNKNOWN
            assert closures._COMPARE[op](known, closures.UNKNOWN) is None
    for arith in closures._ARITH.values():  # an unknown base scales to unknown
        assert arith(closures.UNKNOWN, 150) is closures.UNKNOWN


@pytest.mark.parametrize("operand", [
    model.FactRef("a.other"), model.Arith("div", model.FactRef("a.other"), model.Const(2)),
    model.Arith("mul", model.FactRef("a.other"), model.Const(0.5)), model.Arith("div", model.FactRef("a.other"),
                                                                                  model.Const(0)),
    model.Arith("add", model.FactRef("a.other"), model.FactRef("a.num")), model.Const(3)])
@pytest.mark.parametrize("left, other", [(5, 3), (1.5, 3), (True, 1), (1, True), ("x", "x"), ("x", "y"), (None, 3),
                                         (5, None), (1e-300, 1e-300), (0, 0.0)])
def test_difference_closures_compute_what_values_does(operand: model.Operand, left: object, other: object) -> None:
    """durable compares `fact - operand` with 0: the closure of each operand shape gives `values.difference`."""
    cond = model.Compare("a.int", "lt", operand)
    facts = {k: v for k, v in {"a.int": left, "a.other": other, "a.num": 1}.items() if v is not None}
    if isinstance(operand, model.Arith) and isinstance(other, str):
        return  # no arithmetic on a text (the compiler refuses it)
    got, want = closures.difference(cond)(facts), values.difference(cond, facts)
    assert got == want and type(got) is type(want)
