"""Operand arithmetic and comparisons with three-valued results, shared by both evaluators.

A missing fact, or a division by zero, makes a value unknown (None); a comparison with an unknown side is unknown.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from typing import Any

from cc_rules import model
from cc_rules.model import conditions as algebra

_ARITH: dict[str, Callable[[float, float], float]] = {
    "add": operator.add, "sub": operator.sub, "mul": operator.mul, "div": operator.truediv,
}
COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "eq": operator.eq, "ne": operator.ne, "lt": operator.lt, "lte": operator.le, "gt": operator.gt,
    "gte": operator.ge,
}


class _Value(algebra.OperandVisitor[object]):
    """An operand's value over `facts`, or None when unknown."""

    __slots__ = ("facts",)

    def __init__(self, facts: Mapping[str, object]) -> None:
        self.facts = facts

    def const(self, op: model.Const) -> object:
        return op.value

    def fact(self, op: model.FactRef) -> object:
        return self.facts.get(op.name)

    def param(self, op: model.ParamRef) -> object:
        raise TypeError(f"unresolved operand {op!r}")

    def arith(self, op: model.Arith) -> object:
        left = op.left.accept(self)
        right = op.right.accept(self)
        if left is None or right is None:
            return None
        if op.op == "div" and right == 0:
            return None
        return _ARITH[op.op](left, right)  # type: ignore[arg-type]


def operand(op: model.Operand, values: Mapping[str, object]) -> object | None:
    """The value of an operand (parameters already resolved by the compiler), or None if unknown."""
    if type(op) is model.Const:  # the common case, without a visitor
        return op.value
    return op.accept(_Value(values))


def difference(cond: model.Compare, values: Mapping[str, object]) -> float | None:
    """`fact - operand` for numbers, `0`/`1` (equal/different) otherwise; None when unknown.

    `a - b` has the sign of the exact difference and is zero exactly when `a == b` (IEEE 754 with gradual
    underflow), so comparing it with 0 decides `a op b` the same way as comparing directly.
    """
    left = values.get(cond.fact)
    right = operand(cond.operand, values)
    if left is None or right is None:
        return None
    if isinstance(left, (int, float)) and not isinstance(left, bool) and isinstance(right, (int, float)) \
            and not isinstance(right, bool):
        return left - right
    return 0 if left == right else 1
