"""The condition algebra: operands, conditions, the one way to walk them and the one negation table.

Every client (compiler checks, both evaluators, the explainer, the linter) walks conditions through what this module
offers, never through its own `isinstance` chain:

- `Visitor` / `OperandVisitor`: one method per node kind. The tree owns the dispatch (each node's `accept` calls the
  method of its kind, as in the `rule-engine` library where nodes carry their behaviour), so a visitor that forgets a
  kind fails loudly (`NotImplementedError`) instead of silently falling through an `elif` chain.
- `fold(cond, leaf=, all_=, any_=, not_=)`: the catamorphism. Composite callbacks receive their children's results
  as a *lazy* iterator, so a client may stop early (Kleene `and` stops at the first False).
- `SignedVisitor`: a walk with negation pushed to the leaves (De Morgan): `Not` never reaches the client; `all`/`any`
  arrive as `conj`/`disj` after polarity is applied, leaves arrive with `negated`. Durable's `<i>p`/`<i>n` rules and
  the explainer's plain-reading trees are both this walk.
- `NEGATE`: the one negation table, for comparison operators and for the `in` / `contains` / `exists` relations
  (an involution). `Leaf.relation` names a leaf's relation in that vocabulary; `Leaf.negate()` gives the leaf that
  holds exactly when it fails (for `in` and `contains`, which have no negated form of their own, `Not(leaf)`).
- Helpers: `read_facts` / `facts_of` (facts a condition or operand reads), `leaves`, `map_leaves`, `map_operands`,
  `resolve` (parameters replaced by constants), `nnf` (negation normal form: `Not` only directly above `In` or
  `Contains`), `canon` (the tree without source paths, for structural comparison).

Adding an operator takes:

1. the schema (`schemas/rule.schema.json`) and the loader that builds the node (`model/packs.py`);
2. here: the node class with its `accept` and `relation`, a method on `Visitor` (or a new compare op in `CompareOp`
   and both `NEGATE` entries, which is all a comparison needs here), and its `negate()`;
3. one place per evaluator: the plain evaluator's visitor (`engine/plain.py`) and the durable builder's
   `SignedVisitor` (`engine/durable.py`); the compiler's type check (`compile/compiler.py`, `_Checker`) and the
   explainer's leaf reading (`explain/conditions.py`) if the new node reads differently from the others.

Nothing else walks the tree, so nothing else changes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Generic, Literal, TypeVar

Scalar = str | int | float | bool
T = TypeVar("T")

# The negation table -------------------------------------------------------------------------------------------------

NEGATE: Mapping[str, str] = {
    "eq": "ne", "ne": "eq", "lt": "gte", "gte": "lt", "gt": "lte", "lte": "gt",
    "in": "not_in", "not_in": "in", "contains": "not_contains", "not_contains": "contains",
    "exists": "absent", "absent": "exists",
}
COMPARE_OPS = ("eq", "ne", "lt", "lte", "gt", "gte")
ORDER_OPS = ("lt", "lte", "gt", "gte")
ARITH_OPS = ("add", "sub", "mul", "div")

# Operands -----------------------------------------------------------------------------------------------------------


class OperandVisitor(Generic[T]):
    """One method per operand kind; `visit` dispatches through the operand's `accept`."""

    def visit(self, op: Operand) -> T:
        return op.accept(self)

    def const(self, op: Const) -> T:
        raise NotImplementedError(f"{type(self).__name__} does not handle constants")

    def fact(self, op: FactRef) -> T:
        raise NotImplementedError(f"{type(self).__name__} does not handle fact references")

    def param(self, op: ParamRef) -> T:
        raise NotImplementedError(f"{type(self).__name__} does not handle parameter references")

    def arith(self, op: Arith) -> T:
        raise NotImplementedError(f"{type(self).__name__} does not handle arithmetic")


@dataclasses.dataclass(frozen=True)
class Const:
    value: Scalar

    def accept(self, v: OperandVisitor[T]) -> T:
        return v.const(self)


@dataclasses.dataclass(frozen=True)
class FactRef:
    name: str

    def accept(self, v: OperandVisitor[T]) -> T:
        return v.fact(self)


@dataclasses.dataclass(frozen=True)
class ParamRef:
    name: str

    def accept(self, v: OperandVisitor[T]) -> T:
        return v.param(self)


@dataclasses.dataclass(frozen=True)
class Arith:
    op: Literal["add", "sub", "mul", "div"]
    left: Operand
    right: Operand

    def accept(self, v: OperandVisitor[T]) -> T:
        return v.arith(self)


Operand = Const | FactRef | ParamRef | Arith

# Conditions ---------------------------------------------------------------------------------------------------------

CompareOp = Literal["eq", "ne", "lt", "lte", "gt", "gte"]


class Visitor(Generic[T]):
    """One method per condition kind; `visit` dispatches through the node's `accept`.

    The four leaf methods default to `leaf`, for visitors that read every leaf the same way.
    """

    def visit(self, cond: Condition) -> T:
        return cond.accept(self)

    def leaf(self, cond: Leaf) -> T:
        raise NotImplementedError(f"{type(self).__name__} does not handle {type(cond).__name__}")

    def compare(self, cond: Compare) -> T:
        return self.leaf(cond)

    def in_(self, cond: In) -> T:
        return self.leaf(cond)

    def contains(self, cond: Contains) -> T:
        return self.leaf(cond)

    def exists(self, cond: Exists) -> T:
        return self.leaf(cond)

    def all(self, cond: All) -> T:
        raise NotImplementedError(f"{type(self).__name__} does not handle all")

    def any(self, cond: AnyOf) -> T:
        raise NotImplementedError(f"{type(self).__name__} does not handle any")

    def not_(self, cond: Not) -> T:
        raise NotImplementedError(f"{type(self).__name__} does not handle not")


@dataclasses.dataclass(frozen=True)
class Compare:
    fact: str
    op: CompareOp
    operand: Operand
    path: str = "$"

    def accept(self, v: Visitor[T]) -> T:
        return v.compare(self)

    @property
    def relation(self) -> str:
        return self.op

    def negate(self) -> Condition:
        return Compare(self.fact, NEGATE[self.op], self.operand, self.path)  # type: ignore[arg-type]


@dataclasses.dataclass(frozen=True)
class In:
    fact: str
    values: tuple[Scalar, ...]
    path: str = "$"

    def accept(self, v: Visitor[T]) -> T:
        return v.in_(self)

    @property
    def relation(self) -> str:
        return "in"

    def negate(self) -> Condition:
        return Not(self, self.path)


@dataclasses.dataclass(frozen=True)
class Contains:
    fact: str
    value: Scalar
    path: str = "$"

    def accept(self, v: Visitor[T]) -> T:
        return v.contains(self)

    @property
    def relation(self) -> str:
        return "contains"

    def negate(self) -> Condition:
        return Not(self, self.path)


@dataclasses.dataclass(frozen=True)
class Exists:
    fact: str
    present: bool
    path: str = "$"

    def accept(self, v: Visitor[T]) -> T:
        return v.exists(self)

    @property
    def relation(self) -> str:
        return "exists" if self.present else "absent"

    def negate(self) -> Condition:
        return Exists(self.fact, not self.present, self.path)  # `exists` is never unknown


@dataclasses.dataclass(frozen=True)
class All:
    items: tuple[Condition, ...]
    path: str = "$"

    def accept(self, v: Visitor[T]) -> T:
        return v.all(self)


@dataclasses.dataclass(frozen=True)
class AnyOf:
    items: tuple[Condition, ...]
    path: str = "$"

    def accept(self, v: Visitor[T]) -> T:
        return v.any(self)


@dataclasses.dataclass(frozen=True)
class Not:
    item: Condition
    path: str = "$"

    def accept(self, v: Visitor[T]) -> T:
        return v.not_(self)


Condition = Compare | In | Contains | Exists | All | AnyOf | Not
Leaf = Compare | In | Contains | Exists
LEAVES = (Compare, In, Contains, Exists)

# The fold -------------------------------------------------------------------------------------------------------------


class _Fold(Visitor[T]):
    def __init__(self, leaf: Callable[[Leaf], T], all_: Callable[[All, Iterator[T]], T],
                 any_: Callable[[AnyOf, Iterator[T]], T], not_: Callable[[Not, T], T]) -> None:
        self.on_leaf, self.on_all, self.on_any, self.on_not = leaf, all_, any_, not_

    def leaf(self, cond: Leaf) -> T:
        return self.on_leaf(cond)

    def all(self, cond: All) -> T:
        return self.on_all(cond, (c.accept(self) for c in cond.items))

    def any(self, cond: AnyOf) -> T:
        return self.on_any(cond, (c.accept(self) for c in cond.items))

    def not_(self, cond: Not) -> T:
        return self.on_not(cond, cond.item.accept(self))


def fold(cond: Condition, *, leaf: Callable[[Leaf], T], all_: Callable[[All, Iterator[T]], T],
         any_: Callable[[AnyOf, Iterator[T]], T], not_: Callable[[Not, T], T]) -> T:
    """Fold `cond` bottom-up. `all_`/`any_` get the node and a lazy iterator of their children's results."""
    return cond.accept(_Fold(leaf, all_, any_, not_))


class SignedVisitor(Generic[T]):
    """A walk with negation pushed to the leaves: `walk(cond, negated)`.

    `Not` flips the polarity; an `all` is a conjunction unless negated (De Morgan), an `any` a disjunction unless
    negated. Leaves arrive with their polarity; `leaf` is the default for all four kinds.
    """

    def walk(self, cond: Condition, negated: bool = False) -> T:
        return cond.accept(_Signed(self, negated))

    def conj(self, parts: list[T]) -> T:
        raise NotImplementedError

    def disj(self, parts: list[T]) -> T:
        raise NotImplementedError

    def leaf(self, cond: Leaf, negated: bool) -> T:
        raise NotImplementedError(f"{type(self).__name__} does not handle {type(cond).__name__}")

    def compare(self, cond: Compare, negated: bool) -> T:
        return self.leaf(cond, negated)

    def in_(self, cond: In, negated: bool) -> T:
        return self.leaf(cond, negated)

    def contains(self, cond: Contains, negated: bool) -> T:
        return self.leaf(cond, negated)

    def exists(self, cond: Exists, negated: bool) -> T:
        return self.leaf(cond, negated)


class _Signed(Visitor[T]):
    __slots__ = ("client", "negated")

    def __init__(self, client: SignedVisitor[T], negated: bool) -> None:
        self.client, self.negated = client, negated

    def compare(self, cond: Compare) -> T:
        return self.client.compare(cond, self.negated)

    def in_(self, cond: In) -> T:
        return self.client.in_(cond, self.negated)

    def contains(self, cond: Contains) -> T:
        return self.client.contains(cond, self.negated)

    def exists(self, cond: Exists) -> T:
        return self.client.exists(cond, self.negated)

    def all(self, cond: All) -> T:
        parts = [c.accept(self) for c in cond.items]
        return self.client.disj(parts) if self.negated else self.client.conj(parts)

    def any(self, cond: AnyOf) -> T:
        parts = [c.accept(self) for c in cond.items]
        return self.client.conj(parts) if self.negated else self.client.disj(parts)

    def not_(self, cond: Not) -> T:
        return cond.item.accept(_Signed(self.client, not self.negated))


# Shared helpers -------------------------------------------------------------------------------------------------------


class _Facts(Visitor[Iterator[str]], OperandVisitor[Iterator[str]]):
    """Facts read, in reading order (duplicates kept)."""

    def visit(self, cond: Any) -> Iterator[str]:
        return cond.accept(self)  # type: ignore[no-any-return]

    def compare(self, cond: Compare) -> Iterator[str]:
        yield cond.fact
        yield from cond.operand.accept(self)

    def leaf(self, cond: Leaf) -> Iterator[str]:
        yield cond.fact

    def all(self, cond: All) -> Iterator[str]:
        for child in cond.items:
            yield from child.accept(self)

    def any(self, cond: AnyOf) -> Iterator[str]:
        for child in cond.items:
            yield from child.accept(self)

    def not_(self, cond: Not) -> Iterator[str]:
        yield from cond.item.accept(self)

    def const(self, op: Const) -> Iterator[str]:
        return iter(())

    def fact(self, op: FactRef) -> Iterator[str]:
        yield op.name

    def param(self, op: ParamRef) -> Iterator[str]:
        return iter(())

    def arith(self, op: Arith) -> Iterator[str]:
        yield from op.left.accept(self)
        yield from op.right.accept(self)


_FACTS = _Facts()


def read_facts(node: Condition | Operand) -> Iterator[str]:
    """Every fact `node` reads, in reading order, duplicates kept."""
    return node.accept(_FACTS)


def facts_of(node: Condition | Operand) -> tuple[str, ...]:
    """Every fact `node` reads, sorted, once each."""
    return tuple(sorted(set(read_facts(node))))


def leaves(cond: Condition) -> Iterator[Leaf]:
    """The leaves of `cond`, left to right."""
    return fold(cond, leaf=lambda c: iter((c,)), all_=lambda _, xs: (x for it in xs for x in it),
                any_=lambda _, xs: (x for it in xs for x in it), not_=lambda _, x: x)


def map_leaves(cond: Condition, f: Callable[[Leaf], Condition]) -> Condition:
    """`cond` with every leaf replaced by `f(leaf)`; composite nodes keep their paths."""
    return fold(cond, leaf=f, all_=lambda c, xs: All(tuple(xs), c.path),
                any_=lambda c, xs: AnyOf(tuple(xs), c.path), not_=lambda c, x: Not(x, c.path))


class _MapOperand(OperandVisitor[Operand]):
    def __init__(self, f: Callable[[Operand], Operand | None]) -> None:
        self.f = f

    def _leaf(self, op: Operand) -> Operand:
        replaced = self.f(op)
        return op if replaced is None else replaced

    const = fact = param = _leaf

    def arith(self, op: Arith) -> Operand:
        return Arith(op.op, op.left.accept(self), op.right.accept(self))


def map_operand(op: Operand, f: Callable[[Operand], Operand | None]) -> Operand:
    """`op` with each non-arithmetic operand replaced by `f(operand)` (None keeps it)."""
    return op.accept(_MapOperand(f))


def map_operands(cond: Condition, f: Callable[[Operand], Operand | None]) -> Condition:
    """`cond` with the operands of its comparisons mapped by `map_operand`."""
    mapper = _MapOperand(f)

    def leaf(c: Leaf) -> Condition:
        if isinstance(c, Compare):
            return Compare(c.fact, c.op, c.operand.accept(mapper), c.path)
        return c

    return map_leaves(cond, leaf)


def resolve(cond: Condition, params: Mapping[str, object]) -> Condition:
    """Parameter references replaced by the values in `params` (name → value in force)."""
    return map_operands(cond, lambda op: Const(params[op.name]) if isinstance(op, ParamRef) else None)  # type: ignore[arg-type]


class _Nnf(SignedVisitor[Condition]):
    def conj(self, parts: list[Condition]) -> Condition:
        return All(tuple(parts))

    def disj(self, parts: list[Condition]) -> Condition:
        return AnyOf(tuple(parts))

    def leaf(self, cond: Leaf, negated: bool) -> Condition:
        return cond.negate() if negated else cond


def nnf(cond: Condition) -> Condition:
    """Negation normal form: `Not` only directly above `In` or `Contains`; same outcome on every input (Kleene)."""
    return _Nnf().walk(cond)


def canon(cond: Condition) -> object:
    """`cond` without its source paths, for structural comparison."""
    def leaf(c: Leaf) -> object:
        return dataclasses.replace(c, path="$")

    def all_(_: All, xs: Iterator[object]) -> object:
        return ("All", tuple(xs))

    def any_(_: AnyOf, xs: Iterator[object]) -> object:
        return ("AnyOf", tuple(xs))

    def not_(_: Not, x: object) -> object:
        return ("Not", x)

    return fold(cond, leaf=leaf, all_=all_, any_=any_, not_=not_)


def operand_consts(op: Operand) -> Iterable[Scalar]:
    """The constants of an operand, left to right."""
    class _Consts(OperandVisitor[Iterator[Scalar]]):
        def const(self, o: Const) -> Iterator[Scalar]:
            yield o.value

        def fact(self, o: FactRef) -> Iterator[Scalar]:
            return iter(())

        param = fact  # type: ignore[assignment]

        def arith(self, o: Arith) -> Iterator[Scalar]:
            yield from o.left.accept(self)
            yield from o.right.accept(self)

    return op.accept(_Consts())

