"""Conditions compiled once into Python closures: the plain path's fast form of Kleene three-valued logic.

Walking the condition tree through a visitor costs a method dispatch per node and a lookup per operand on every
assessment. Compiling turns each rule's condition into one nested closure when the pack is first evaluated; an
assessment is then one call per rule. Nothing is generated as source and nothing is passed to `eval`: each node
becomes one of a fixed set of closures below, specialised on its operator so no comparison table is consulted at
run time.

The semantics are exactly those of the visitor in `plain.py` (kept as the reference the tests compare against):
a missing fact makes a comparison, `in` or `contains` unknown (None); `exists` is never unknown; `all` is False as
soon as one child is False, else unknown if one is unknown; `any` dually; `not` keeps unknown unknown; arithmetic
is unknown when a side is unknown or on division by zero.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable, Mapping
from typing import Any

from cc_rules import model
from cc_rules.base import cache
from cc_rules.compile import compiler
from cc_rules.engine import Outcome, Value
from cc_rules.model import conditions as algebra

Facts = Mapping[str, Value]
Check = Callable[[Facts], Outcome]
Calc = Callable[[Facts], object]


@dataclasses.dataclass(frozen=True)
class Program:
    """A compiled pack's rules as closures, in evaluation order (stratum by stratum).

    An assessment evaluates each stratum's checks in one list comprehension, appends them to one list in that order,
    and `reorder` (an `itemgetter`, one C call) gives the outcomes back indexed like `CompiledPack.rules`."""

    strata: tuple[tuple[tuple[Check, ...], tuple[tuple[int, str], ...]], ...]  # (checks, (position, derived fact))
    checks: tuple[Check, ...]  # indexed like CompiledPack.rules
    reorder: Callable[[list[Outcome]], tuple[Outcome, ...]]


def _compare_const(name: str, op: str, const: object) -> Check:
    # Each operator has its own closure so the comparison is a bytecode, not a table lookup and a call.
    if op == "eq":
        def eq(facts: Facts) -> Outcome:
            value = facts.get(name)
            return None if value is None else value == const
        return eq
    if op == "ne":
        def ne(facts: Facts) -> Outcome:
            value = facts.get(name)
            return None if value is None else value != const
        return ne
    if op == "lt":
        def lt(facts: Facts) -> Outcome:
            value = facts.get(name)
            return None if value is None else value < const  # type: ignore[operator]
        return lt
    if op == "lte":
        def lte(facts: Facts) -> Outcome:
            value = facts.get(name)
            return None if value is None else value <= const  # type: ignore[operator]
        return lte
    if op == "gt":
        def gt(facts: Facts) -> Outcome:
            value = facts.get(name)
            return None if value is None else value > const  # type: ignore[operator]
        return gt
    if op == "gte":
        def gte(facts: Facts) -> Outcome:
            value = facts.get(name)
            return None if value is None else value >= const  # type: ignore[operator]
        return gte
    raise ValueError(f"unknown comparison {op!r}")


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "eq": operator.eq, "ne": operator.ne, "lt": operator.lt, "lte": operator.le, "gt": operator.gt,
    "gte": operator.ge,
}
_ARITH: dict[str, Callable[[Any, Any], object]] = {
    "add": operator.add, "sub": operator.sub, "mul": operator.mul, "div": operator.truediv,
}


class _Operand(algebra.OperandVisitor[Calc]):
    def const(self, op: model.Const) -> Calc:
        value = op.value
        return lambda facts: value

    def fact(self, op: model.FactRef) -> Calc:
        name = op.name
        return lambda facts: facts.get(name)

    def param(self, op: model.ParamRef) -> Calc:
        raise TypeError(f"unresolved operand {op!r}")

    def arith(self, op: model.Arith) -> Calc:
        left, right, apply, divides = op.left.accept(self), op.right.accept(self), _ARITH[op.op], op.op == "div"

        def arith(facts: Facts) -> object:
            a = left(facts)
            b = right(facts)
            if a is None or b is None or (divides and b == 0):
                return None
            return apply(a, b)
        return arith


_OPERAND = _Operand()


class _Compile(algebra.Visitor[Check]):
    def all(self, cond: model.All) -> Check:
        children = tuple(child.accept(self) for child in cond.items)
        if len(children) == 1:
            return children[0]
        if len(children) == 2:  # the common case unrolled: no loop, no running result
            first, second = children

            def all2(facts: Facts) -> Outcome:
                a = first(facts)
                if a is False:
                    return False
                b = second(facts)
                if b is False:
                    return False
                return None if a is None or b is None else True
            return all2

        def all_(facts: Facts) -> Outcome:
            result: Outcome = True
            for child in children:
                value = child(facts)
                if value is False:
                    return False
                if value is None:
                    result = None
            return result
        return all_

    def any(self, cond: model.AnyOf) -> Check:
        children = tuple(child.accept(self) for child in cond.items)
        if len(children) == 1:
            return children[0]
        if len(children) == 2:
            first, second = children

            def any2(facts: Facts) -> Outcome:
                a = first(facts)
                if a is True:
                    return True
                b = second(facts)
                if b is True:
                    return True
                return None if a is None or b is None else False
            return any2

        def any_(facts: Facts) -> Outcome:
            result: Outcome = False
            for child in children:
                value = child(facts)
                if value is True:
                    return True
                if value is None:
                    result = None
            return result
        return any_

    def not_(self, cond: model.Not) -> Check:
        item = cond.item.accept(self)

        def not_(facts: Facts) -> Outcome:
            value = item(facts)
            return None if value is None else not value
        return not_

    def exists(self, cond: model.Exists) -> Check:
        name, present = cond.fact, cond.present
        if present:
            return lambda facts: name in facts
        return lambda facts: name not in facts

    def in_(self, cond: model.In) -> Check:
        name, options = cond.fact, cond.values

        def in_(facts: Facts) -> Outcome:
            value = facts.get(name)
            return None if value is None else value in options
        return in_

    def contains(self, cond: model.Contains) -> Check:
        name, wanted = cond.fact, cond.value

        def contains(facts: Facts) -> Outcome:
            value = facts.get(name)
            return None if value is None else wanted in value  # type: ignore[operator]
        return contains

    def compare(self, cond: model.Compare) -> Check:
        if isinstance(cond.operand, model.Const):
            return _compare_const(cond.fact, cond.op, cond.operand.value)
        name, right, apply = cond.fact, cond.operand.accept(_OPERAND), _COMPARE[cond.op]

        def compare(facts: Facts) -> Outcome:
            value = facts.get(name)
            if value is None:
                return None
            other = right(facts)
            return None if other is None else apply(value, other)
        return compare


_COMPILE = _Compile()


def difference(cond: model.Compare) -> Calc:
    """`values.difference` for one comparison as a closure: `fact - operand` for numbers, `0`/`1` (equal/different)
    otherwise, None when unknown."""
    name, right = cond.fact, cond.operand.accept(_OPERAND)

    def difference(facts: Facts) -> object:
        left = facts.get(name)
        other = right(facts)
        if left is None or other is None:
            return None
        if isinstance(left, (int, float)) and not isinstance(left, bool) and isinstance(other, (int, float)) \
                and not isinstance(other, bool):
            return left - other
        return 0 if left == other else 1
    return difference


def check(cond: model.Condition) -> Check:
    """The closure deciding `cond` (parameters already resolved) over a dict of facts."""
    return cond.accept(_COMPILE)


def _build(compiled: compiler.CompiledPack) -> Program:
    checks = tuple(check(rule.when) for rule in compiled.rules)
    order: list[int] = []
    strata = []
    for stratum in range(compiled.strata):
        rules = [rule for rule in compiled.rules if rule.stratum == stratum]
        derives = tuple((len(order) + k, rule.rule.then.derive) for k, rule in enumerate(rules)
                        if rule.rule.then.derive is not None)
        strata.append((tuple(checks[rule.index] for rule in rules), derives))
        order.extend(rule.index for rule in rules)
    position = {index: k for k, index in enumerate(order)}
    return Program(tuple(strata), checks, _reorder([position[i] for i in range(len(checks))]))


def _reorder(positions: list[int]) -> Callable[[list[Outcome]], tuple[Outcome, ...]]:
    if len(positions) == 0:
        return lambda flat: ()
    if len(positions) == 1:
        return lambda flat: (flat[positions[0]],)
    getter = operator.itemgetter(*positions)
    return getter


PROGRAM_CACHE_SIZE = 64  # as many as the compiler keeps: a closure program is a few hundred KB for a CCSO-sized pack
PROGRAMS: cache.LRU[str, Program] = cache.LRU("plain-programs", PROGRAM_CACHE_SIZE)


def program(compiled: compiler.CompiledPack) -> Program:
    """The compiled pack's closures, built once per content key while it stays in `PROGRAMS` (bounded)."""
    found = PROGRAMS.get(compiled.key)
    return found if found is not None else PROGRAMS.put(compiled.key, _build(compiled))
