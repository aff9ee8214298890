"""Conditions compiled once into Python closures: the plain path's fast form of Kleene three-valued logic.

Walking the condition tree through a visitor costs a method dispatch per node and a lookup per operand on every
assessment. Compiling turns the pack's conditions into closures when the pack is first evaluated. Nothing is
generated as source and nothing is passed to `eval`: each node becomes one of a fixed set of closures below,
specialised on its shape. The rules of one stratum are grouped by shape (`Program`): the rules comparing one fact
with a constant, most of a pack, are decided per operator by C loops without a Python call per rule; a leaf under
`all`/`any` is decided in its parent's loop; a threshold scaled from another fact is one closure.

The semantics are exactly those of the visitor in `plain.py` (kept as the reference the tests compare against):
a missing fact makes a comparison, `in` or `contains` unknown (None); `exists` is never unknown; `all` is False as
soon as one child is False, else unknown if one is unknown; `any` dually; `not` keeps unknown unknown; arithmetic
is unknown when a side is unknown or on division by zero.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from cc_rules import model
from cc_rules.base import cache
from cc_rules.compile import compiler
from cc_rules.engine import Outcome, Value
from cc_rules.model import conditions as algebra

Facts = Mapping[str, Value]
Check = Callable[[Facts], Outcome]
Calc = Callable[[Facts], object]


Block = Callable[[dict[str, Value]], Iterable[Outcome]]


@dataclasses.dataclass(frozen=True)
class Program:
    """A compiled pack's rules as closures, in evaluation order (stratum by stratum).

    Within a stratum the rules are grouped by shape, and each group is one block: a call that yields the outcomes of
    all its rules. The commonest shape, one fact compared with a constant, is decided by C loops alone
    (`map(operator.eq, map(facts.get, names, unknowns), constants)`, see `_Unknown`); `exists`, `in` and `contains`
    leaves are one comprehension each; every other rule is its own closure. An assessment appends each block's
    outcomes to one list, and `reorder` (an `itemgetter`, one C call) gives them back indexed like
    `CompiledPack.rules`."""

    strata: tuple[tuple[tuple[Block, ...], tuple[tuple[int, str], ...]], ...]  # (blocks, (position, derived fact))
    checks: tuple[Check, ...]  # indexed like CompiledPack.rules: one rule at a time (durable's fold, why-not)
    reorder: Callable[[list[Outcome]], tuple[Outcome, ...]]


class _Unknown:
    """What a comparison block reads for a missing fact: every comparison with it is unknown (None), so a fact
    compared with a constant is decided by `operator.eq` & co. in C, without a test for None.

    Python asks the left operand first, and a constant is never an `_Unknown`: `operator.lt(UNKNOWN, 5)` is
    `UNKNOWN.__lt__(5)`, which is None."""

    __slots__ = ()

    def _unknown(self, other: object) -> None:
        return None

    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = _unknown  # type: ignore[assignment]
    __hash__ = None  # type: ignore[assignment]

    def _same(self, other: object) -> _Unknown:
        return self

    # arithmetic with an unknown is unknown, and a number compared with it asks it in turn (the number's own
    # comparison returns NotImplemented): `operator.ge(5, UNKNOWN / 150)` is None
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = __truediv__ = __rtruediv__ = _same

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN = _Unknown()


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
        apply, divides = _ARITH[op.op], op.op == "div"
        left, right = op.left, op.right
        # the shapes packs write (a fact scaled by a constant, a sum of two facts) read the facts directly
        if isinstance(left, model.FactRef) and isinstance(right, model.Const):
            name, const = left.name, right.value
            if divides and const == 0:
                return lambda facts: None

            def fact_const(facts: Facts) -> object:
                a = facts.get(name)
                return None if a is None else apply(a, const)
            return fact_const
        if isinstance(left, model.FactRef) and isinstance(right, model.FactRef):
            first, second = left.name, right.name

            def fact_fact(facts: Facts) -> object:
                a = facts.get(first)
                b = facts.get(second)
                if a is None or b is None or (divides and b == 0):
                    return None
                return apply(a, b)
            return fact_fact
        calc_left, calc_right = left.accept(self), right.accept(self)

        def arith(facts: Facts) -> object:
            a = calc_left(facts)
            b = calc_right(facts)
            if a is None or b is None or (divides and b == 0):
                return None
            return apply(a, b)
        return arith


_OPERAND = _Operand()


# A child of `all`/`any` as (tag, fact, function, argument), so the common leaves are decided inside the parent's
# loop by one C call rather than by a closure of their own: tag 1 is `function(value, argument)` (a comparison with a
# constant, `contains`), tag 2 is `function(argument, value)` (`in`: `options.__contains__`), both unknown when the
# fact is missing; tag 0 is a closure `function(facts)`.
_Child = tuple[int, str, Callable[..., Any], object]


class _Compile(algebra.Visitor[Check]):
    def _child(self, cond: model.Condition) -> _Child:
        if isinstance(cond, model.Compare) and isinstance(cond.operand, model.Const):
            return 1, cond.fact, _COMPARE[cond.op], cond.operand.value
        if isinstance(cond, model.Contains):
            return 1, cond.fact, operator.contains, cond.value
        if isinstance(cond, model.In):
            return 2, cond.fact, operator.contains, cond.values
        return 0, "", cond.accept(self), None

    def all(self, cond: model.All) -> Check:
        if len(cond.items) == 1:
            return cond.items[0].accept(self)
        children = tuple(self._child(child) for child in cond.items)
        if len(children) == 2 and children[0][0] == children[1][0] == 1:
            return _all_two(children[0][1:], children[1][1:])
        if all(child[0] == 1 for child in children):
            return _all_leaves(tuple(child[1:] for child in children))

        def all_(facts: Facts) -> Outcome:
            result: Outcome = True
            for tag, name, apply, arg in children:
                if tag == 1:
                    value = facts.get(name)
                    if value is None:
                        result = None
                    elif not apply(value, arg):
                        return False
                elif tag == 2:
                    value = facts.get(name)
                    if value is None:
                        result = None
                    elif not apply(arg, value):
                        return False
                else:
                    outcome = apply(facts)
                    if outcome is False:
                        return False
                    if outcome is None:
                        result = None
            return result
        return all_

    def any(self, cond: model.AnyOf) -> Check:
        if len(cond.items) == 1:
            return cond.items[0].accept(self)
        children = tuple(self._child(child) for child in cond.items)
        if len(children) == 2 and children[0][0] == children[1][0] == 1:
            return _any_two(children[0][1:], children[1][1:])
        if all(child[0] == 1 for child in children):
            return _any_leaves(tuple(child[1:] for child in children))

        def any_(facts: Facts) -> Outcome:
            result: Outcome = False
            for tag, name, apply, arg in children:
                if tag == 1:
                    value = facts.get(name)
                    if value is None:
                        result = None
                    elif apply(value, arg):
                        return True
                elif tag == 2:
                    value = facts.get(name)
                    if value is None:
                        result = None
                    elif apply(arg, value):
                        return True
                else:
                    outcome = apply(facts)
                    if outcome is True:
                        return True
                    if outcome is None:
                        result = None
            return result
        return any_

    def not_(self, cond: model.Not) -> Check:
        tag, name, apply, arg = self._child(cond.item)
        if tag == 1:  # `not` of a comparison with a constant or a `contains`: one closure, not two
            def not_leaf(facts: Facts) -> Outcome:
                value = facts.get(name)
                return None if value is None else not apply(value, arg)
            return not_leaf
        if tag == 2:
            def not_in(facts: Facts) -> Outcome:
                value = facts.get(name)
                return None if value is None else not apply(arg, value)
            return not_in
        item: Check = apply

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
        operand = cond.operand
        if isinstance(operand, model.Const):
            return _compare_const(cond.fact, cond.op, operand.value)
        name, apply = cond.fact, _COMPARE[cond.op]
        if isinstance(operand, model.FactRef):
            other = operand.name

            def compare_fact(facts: Facts) -> Outcome:
                value = facts.get(name)
                if value is None:
                    return None
                right = facts.get(other)
                return None if right is None else apply(value, right)
            return compare_fact
        if isinstance(operand, model.Arith) and isinstance(operand.left, model.FactRef) \
                and isinstance(operand.right, model.Const) and not (operand.op == "div" and operand.right.value == 0):
            # a threshold scaled from another fact (`organization.seats / 50`): one closure, no operand calls
            scaled, arith, const = operand.left.name, _ARITH[operand.op], operand.right.value

            def compare_scaled(facts: Facts) -> Outcome:
                value = facts.get(name)
                if value is None:
                    return None
                base = facts.get(scaled)
                return None if base is None else apply(value, arith(base, const))
            return compare_scaled
        right = operand.accept(_OPERAND)

        def compare(facts: Facts) -> Outcome:
            value = facts.get(name)
            if value is None:
                return None
            other = right(facts)
            return None if other is None else apply(value, other)
        return compare


_COMPILE = _Compile()
_Leaf = tuple[str, Callable[..., Any], object]  # (fact, function, argument): `function(value, argument)`


def _all_two(first: _Leaf, second: _Leaf) -> Check:
    """`all` of two leaves decided by `function(value, argument)` (the commonest `all`), without a loop."""
    (name1, apply1, arg1), (name2, apply2, arg2) = first, second

    def all_two(facts: Facts) -> Outcome:
        result: Outcome = True
        value = facts.get(name1)
        if value is None:
            result = None
        elif not apply1(value, arg1):
            return False
        value = facts.get(name2)
        if value is None:
            return None
        if not apply2(value, arg2):
            return False
        return result
    return all_two


def _all_leaves(leaves: tuple[_Leaf, ...]) -> Check:
    """`all` of leaves each decided by `function(value, argument)`: the loop without telling kinds apart."""
    def all_leaves(facts: Facts) -> Outcome:
        result: Outcome = True
        for name, apply, arg in leaves:
            value = facts.get(name)
            if value is None:
                result = None
            elif not apply(value, arg):
                return False
        return result
    return all_leaves


def _any_leaves(leaves: tuple[_Leaf, ...]) -> Check:
    def any_leaves(facts: Facts) -> Outcome:
        result: Outcome = False
        for name, apply, arg in leaves:
            value = facts.get(name)
            if value is None:
                result = None
            elif apply(value, arg):
                return True
        return result
    return any_leaves


def _any_two(first: _Leaf, second: _Leaf) -> Check:
    """`any` of two such leaves, without a loop."""
    (name1, apply1, arg1), (name2, apply2, arg2) = first, second

    def any_two(facts: Facts) -> Outcome:
        result: Outcome = False
        value = facts.get(name1)
        if value is None:
            result = None
        elif apply1(value, arg1):
            return True
        value = facts.get(name2)
        if value is None:
            return None
        if apply2(value, arg2):
            return True
        return result
    return any_two


def difference(cond: model.Compare) -> Calc:
    """`values.difference` for one comparison as a closure: `fact - operand` for numbers, `0`/`1` (equal/different)
    otherwise, None when unknown. The shapes packs write (another fact, a fact scaled by a constant) read the facts
    directly."""
    name, operand = cond.fact, cond.operand
    if isinstance(operand, model.FactRef):
        other_name = operand.name

        def difference_fact(facts: Facts) -> object:
            left = facts.get(name)
            other = facts.get(other_name)
            if left is None or other is None:
                return None
            kind, other_kind = type(left), type(other)
            if (kind is float or kind is int) and (other_kind is float or other_kind is int):
                return left - other  # type: ignore[operator]
            return _difference(left, other)
        return difference_fact
    if isinstance(operand, model.Arith) and isinstance(operand.left, model.FactRef) \
            and isinstance(operand.right, model.Const) and not (operand.op == "div" and operand.right.value == 0):
        scaled, arith, const = operand.left.name, _ARITH[operand.op], operand.right.value

        def difference_scaled(facts: Facts) -> object:
            left = facts.get(name)
            base = facts.get(scaled)
            if base is None:
                return None
            other = arith(base, const)
            if left is None or other is None:
                return None
            kind, other_kind = type(left), type(other)
            if (kind is float or kind is int) and (other_kind is float or other_kind is int):
                return left - other  # type: ignore[operator]
            return _difference(left, other)
        return difference_scaled
    right = operand.accept(_OPERAND)

    def difference(facts: Facts) -> object:
        left = facts.get(name)
        other = right(facts)
        if left is None or other is None:
            return None
        return _difference(left, other)
    return difference


def _difference(left: object, other: object) -> object:
    if isinstance(left, (int, float)) and not isinstance(left, bool) and isinstance(other, (int, float)) \
            and not isinstance(other, bool):
        return left - other
    return 0 if left == other else 1


def value(op: model.Operand) -> Calc:
    """`values.operand` for one operand (parameters already resolved) as a closure: its value over a dict of facts,
    None when unknown."""
    return op.accept(_OPERAND)


def check(cond: model.Condition) -> Check:
    """The closure deciding `cond` (parameters already resolved) over a dict of facts."""
    return cond.accept(_COMPILE)


def _build(compiled: compiler.CompiledPack) -> Program:
    checks = tuple(check(rule.when) for rule in compiled.rules)
    order: list[int] = []
    strata: list[tuple[tuple[Block, ...], list[tuple[int, str]]]] = []
    for stratum in range(compiled.strata):
        rules = [rule for rule in compiled.rules if rule.stratum == stratum]
        groups: dict[tuple[str, object], list[tuple[int, object]]] = {}
        for rule in rules:
            shape, payload = _shape(rule.when)
            groups.setdefault(shape, []).append((rule.index, payload))
        blocks = []
        for shape, members in groups.items():
            blocks.append(_block(shape, [payload for _, payload in members], checks, [i for i, _ in members]))
            order.extend(index for index, _ in members)
        strata.append((tuple(blocks), [(r.index, r.rule.then.derive) for r in rules if r.rule.then.derive]))
    position = {index: k for k, index in enumerate(order)}
    return Program(tuple((blocks, tuple((position[i], target) for i, target in derives)) for blocks, derives in strata),
                   checks, _reorder([position[i] for i in range(len(checks))]))


_NEGATED = {"eq": "ne", "ne": "eq"}  # `not (a == b)` is `a != b` for every value a fact holds; an order is not
# negated (NaN: `not (a < b)` differs from `a >= b`)


def _shape(cond: model.Condition) -> tuple[tuple[str, object], object]:
    """The block a rule's condition joins and what the block needs of it: ("compare", op) → (fact, constant),
    ("exists", present) → fact, ("in", None) → (fact, options), ("contains", None) → (fact, value); anything else
    ("check", None) is evaluated by its own closure."""
    if isinstance(cond, model.Not) and isinstance(cond.item, model.Compare) and cond.item.op in _NEGATED \
            and isinstance(cond.item.operand, model.Const):
        return ("compare", _NEGATED[cond.item.op]), (cond.item.fact, cond.item.operand.value)
    if isinstance(cond, model.Compare) and isinstance(cond.operand, model.Const):
        return ("compare", cond.op), (cond.fact, cond.operand.value)
    if isinstance(cond, model.Compare) and isinstance(cond.operand, model.FactRef):
        return ("compare_fact", cond.op), (cond.fact, cond.operand.name)
    operand = cond.operand if isinstance(cond, model.Compare) else None
    if isinstance(cond, model.Compare) and isinstance(operand, model.Arith) \
            and isinstance(operand.left, model.FactRef) and isinstance(operand.right, model.Const) \
            and not (operand.op == "div" and operand.right.value == 0):
        return ("compare_scaled", (cond.op, operand.op)), (cond.fact, operand.left.name, operand.right.value)
    if isinstance(cond, model.Exists):
        return ("exists", cond.present), cond.fact
    if isinstance(cond, model.In):
        return ("in", None), (cond.fact, cond.values)
    if isinstance(cond, model.Contains):
        return ("contains", None), (cond.fact, cond.value)
    return ("check", None), None


def _block(shape: tuple[str, object], payloads: list[Any], checks: tuple[Check, ...], indexes: list[int]) -> Block:
    """One call deciding every rule of a group, in the group's order (the semantics of `_Compile`'s closures)."""
    kind, arg = shape
    if kind == "compare":
        apply = _COMPARE[str(arg)]
        names = tuple(name for name, _ in payloads)
        consts = tuple(const for _, const in payloads)
        unknowns = (UNKNOWN,) * len(names)

        def compare(facts: dict[str, Value]) -> Iterable[Outcome]:
            return map(apply, map(facts.get, names, unknowns), consts)
        return compare
    if kind == "compare_fact":  # a missing side reads UNKNOWN: the comparison is None either way round
        apply = _COMPARE[str(arg)]
        names = tuple(name for name, _ in payloads)
        others = tuple(other for _, other in payloads)
        unknowns = (UNKNOWN,) * len(names)
        return lambda facts: map(apply, map(facts.get, names, unknowns), map(facts.get, others, unknowns))
    if kind == "compare_scaled":  # `fact op base ⊕ constant`: an unknown base scales to UNKNOWN
        ops: tuple[str, str] = arg  # type: ignore[assignment]
        apply, arith = _COMPARE[ops[0]], _ARITH[ops[1]]
        names = tuple(name for name, _, _ in payloads)
        bases = tuple(base for _, base, _ in payloads)
        consts = tuple(const for _, _, const in payloads)
        unknowns = (UNKNOWN,) * len(names)
        return lambda facts: map(apply, map(facts.get, names, unknowns),
                                 map(arith, map(facts.get, bases, unknowns), consts))
    if kind == "exists":
        facts_named = tuple(payloads)
        if arg:
            return lambda facts: map(facts.__contains__, facts_named)
        return lambda facts: [name not in facts for name in facts_named]
    if kind == "in":
        pairs = tuple(payloads)
        return lambda facts: [None if (v := facts.get(name)) is None else v in options for name, options in pairs]
    if kind == "contains":
        pairs = tuple(payloads)
        return lambda facts: [None if (v := facts.get(name)) is None else wanted in v  # type: ignore[operator]
                              for name, wanted in pairs]
    own = tuple(checks[i] for i in indexes)
    return lambda facts: [check(facts) for check in own]


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
