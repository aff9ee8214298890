"""The condition algebra (model/conditions.py): visitor and fold, the negation table, facts, resolving parameters
and negation normal form."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cc_rules import model
from cc_rules.engine import plain
from cc_rules.model import conditions as algebra
from tests.property import strategies

SEATS = model.Compare("organization.seats", "gte", model.Arith("div", model.FactRef("a.num"), model.ParamRef("k")),
                      "$.all[0]")
TREE = model.All((SEATS, model.Not(model.AnyOf((model.In("a.kind", ("x", "y")), model.Exists("a.int", True)))),
                  model.Contains("a.list", "voice")), "$")


def _size(cond: model.Condition) -> int:
    def all_(_: model.All, xs: Iterator[int]) -> int:
        return 1 + sum(xs)

    def any_(_: model.AnyOf, xs: Iterator[int]) -> int:
        return 1 + sum(xs)

    return algebra.fold(cond, leaf=lambda _: 1, all_=all_, any_=any_, not_=lambda _, x: 1 + x)


def test_fold_counts_and_orders() -> None:
    assert _size(TREE) == 7
    assert [leaf.relation for leaf in algebra.leaves(TREE)] == ["gte", "in", "exists", "contains"]


def test_fold_children_are_lazy() -> None:
    seen: list[str] = []

    def leaf(c: model.Leaf) -> bool:
        seen.append(c.fact)
        return False

    def all_(_: model.All, xs: Iterator[bool]) -> bool:
        return all(xs)  # stops at the first False

    algebra.fold(TREE, leaf=leaf, all_=all_, any_=lambda _, xs: any(xs), not_=lambda _, x: not x)
    assert seen == ["organization.seats"]


def test_visitor_dispatches_per_kind_and_fails_loudly() -> None:
    class Kinds(algebra.Visitor[str]):
        def leaf(self, cond: model.Leaf) -> str:
            return type(cond).__name__

        def all(self, cond: model.All) -> str:
            return "all(" + ",".join(self.visit(c) for c in cond.items) + ")"

        def any(self, cond: model.AnyOf) -> str:
            return "any(" + ",".join(self.visit(c) for c in cond.items) + ")"

        def not_(self, cond: model.Not) -> str:
            return "not(" + self.visit(cond.item) + ")"

    assert Kinds().visit(TREE) == "all(Compare,not(any(In,Exists)),Contains)"
    with pytest.raises(NotImplementedError):
        algebra.Visitor[str]().visit(TREE)


def test_negation_table_is_an_involution() -> None:
    for relation, negated in algebra.NEGATE.items():
        assert negated != relation
        assert algebra.NEGATE[negated] == relation
    assert set(algebra.COMPARE_OPS) <= set(algebra.NEGATE)
    assert {"in", "contains", "exists"} <= set(algebra.NEGATE)


def test_facts_of_and_read_facts() -> None:
    assert algebra.facts_of(TREE) == ("a.int", "a.kind", "a.list", "a.num", "organization.seats")
    assert list(algebra.read_facts(SEATS)) == ["organization.seats", "a.num"]
    assert algebra.facts_of(SEATS.operand) == ("a.num",)


def test_resolve_replaces_parameters_and_keeps_paths() -> None:
    resolved = algebra.resolve(TREE, {"k": 50})
    first = resolved.items[0]  # type: ignore[union-attr]
    assert first == model.Compare("organization.seats", "gte",
                                  model.Arith("div", model.FactRef("a.num"), model.Const(50)), "$.all[0]")
    assert resolved.items[1:] == TREE.items[1:]  # type: ignore[union-attr]
    assert list(algebra.operand_consts(first.operand)) == [50]  # type: ignore[union-attr]


def test_nnf_pushes_negation_to_leaves() -> None:
    form = algebra.nnf(model.Not(TREE))
    assert isinstance(form, model.AnyOf)

    def nots_above_leaves_only(c: model.Condition) -> bool:
        return algebra.fold(c, leaf=lambda _: True, all_=lambda _, xs: all(list(xs)),
                            any_=lambda _, xs: all(list(xs)),
                            not_=lambda n, x: x and isinstance(n.item, (model.In, model.Contains)))

    assert nots_above_leaves_only(form)
    assert algebra.canon(algebra.nnf(algebra.nnf(model.Not(TREE)))) == algebra.canon(form)


def test_canon_ignores_paths() -> None:
    moved = algebra.map_leaves(TREE, lambda leaf: leaf.__class__(**{**leaf.__dict__, "path": "$.x"}))
    assert moved != TREE
    assert algebra.canon(moved) == algebra.canon(TREE)


@settings(max_examples=400, deadline=None)
@given(cond=strategies.condition(), facts=strategies.construct_values())
def test_not_equals_its_negation_normal_form(cond: model.Condition, facts: dict[str, object]) -> None:
    expected = plain.condition(model.Not(cond), facts)
    assert plain.condition(algebra.nnf(model.Not(cond)), facts) is expected
    assert plain.condition(algebra.nnf(cond), facts) is plain.condition(cond, facts)


@settings(max_examples=200, deadline=None)
@given(cond=strategies.condition())
def test_facts_of_matches_leaves(cond: model.Condition) -> None:
    from_leaves = set()
    for leaf in algebra.leaves(cond):
        from_leaves.add(leaf.fact)
        if isinstance(leaf, model.Compare):
            from_leaves.update(algebra.read_facts(leaf.operand))
    assert set(algebra.facts_of(cond)) == from_leaves
    assert algebra.canon(algebra.map_leaves(cond, lambda leaf: leaf)) == algebra.canon(cond)


@given(st.sampled_from(list(algebra.NEGATE)))
def test_every_relation_is_named_by_some_leaf_or_its_negation(relation: str) -> None:
    leaves = [model.Compare("f", op, model.Const(1)) for op in algebra.COMPARE_OPS]  # type: ignore[arg-type]
    leaves += [model.In("f", (1,)), model.Contains("f", 1), model.Exists("f", True), model.Exists("f", False)]
    names = {leaf.relation for leaf in leaves}
    assert relation in names or algebra.NEGATE[relation] in names
