"""The engine's limits as pack rules, checked by the compiler before anything is registered with an engine.

durable-rules fails on some packs only when they are registered or evaluated, without naming file or line — and on
one, forever: more than 511 alternatives under one of its network nodes make `assert_facts` spin at full CPU,
ignoring Ctrl-C. Every limit a pack can reach is therefore a static rule of the pack language, checked here for
every pack and every engine (the plain evaluator gets the same packs), and reported by `assess` and `lint` with the
file, line and path of the rule that crosses it. The numbers, and why each is safe:

- `MAX_ALTERNATIVES` (100): `$or` branches in the durable expression of one rule's condition (an `in` of n values
  is n branches; a negated `all` is an `$or`). durable hangs at 512 successors of one network node; the evaluator
  groups rules so that no group's type test passes 500 (`durable.NODE_BUDGET`), which one rule alone cannot fill.
- `MAX_AT_ONCE` (60): alternatives of one rule's condition that can hold at the same time (the values of an `in`
  count once: one matches at most). durable walks the matching network nodes of a fact on a fixed stack of 64
  entries and fails the assessment beyond (error 303); the evaluator also closes a group of rules before their
  alternatives together would pass it (`durable.STACK_BUDGET`).
- `MAX_GROUPS` (14): nested `all`/`any` groups once negation is pushed to the leaves (durable: 31 expression slots
  per rule, two per group).
- `MAX_RULES` (2,000): rules in force at once (durable: 4,095 rules per ruleset, two per pack rule plus one; error
  106 beyond).
- `MAX_STRING` (10,000 characters): string constants (durable keeps string lengths in 16 bits and compares longer
  strings wrongly; evidence strings have the same default bound).
- `MAX_MAGNITUDE` (10¹⁵): numeric constants and parameter values are finite and at most this large (`.inf` makes
  durable refuse the ruleset, error 202; beyond 2⁵³ floating point no longer holds every integer).
- `MAX_DERIVATION_DEPTH` (100): derived facts built on derived facts (each level is one evaluation round).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping

from cc_rules import model
from cc_rules.base import errors
from cc_rules.model import conditions as algebra

MAX_ALTERNATIVES = 100
MAX_AT_ONCE = 60
MAX_GROUPS = 14
MAX_RULES = 2_000
MAX_STRING = 10_000
MAX_MAGNITUDE = 10**15
MAX_DERIVATION_DEPTH = 100

_Shape = tuple[str, int, int]  # (kind: "and" | "or" | "leaf", $or branches inside, expression slots inside)


class _Shaper(algebra.SignedVisitor[_Shape]):
    """The shape of the durable expression a condition becomes, either way round: the same `$and`/`$or` nesting
    the durable evaluator builds (same-kind operators flattened), reduced to its branch and slot counts."""

    @staticmethod
    def _join(kind: str, parts: list[_Shape]) -> _Shape:
        if len(parts) == 1:
            return parts[0]
        branches = slots = 0
        for part_kind, part_branches, part_slots in parts:
            flattened = part_kind == kind
            branches += part_branches + (1 if kind == "or" and not flattened else 0)
            slots += part_slots - (2 if flattened else 0)
        return kind, branches, slots + 2

    def conj(self, parts: list[_Shape]) -> _Shape:
        return self._join("and", parts)

    def disj(self, parts: list[_Shape]) -> _Shape:
        return self._join("or", parts)

    def leaf(self, cond: model.Leaf, negated: bool) -> _Shape:
        return "leaf", 0, 0

    def in_(self, cond: model.In, negated: bool) -> _Shape:
        if len(cond.values) <= 1:
            return "leaf", 0, 0
        return ("and", 0, 2) if negated else ("or", len(cond.values), 2)

    def contains(self, cond: model.Contains, negated: bool) -> _Shape:
        return ("or", 2, 2) if negated else ("leaf", 0, 0)  # not contains: an empty list, or every element differs


def shape(cond: model.Condition, holds: bool) -> tuple[int, int]:
    """(`$or` branches, nested groups) of `cond` as durable sees it when testing that it holds (or, with `holds`
    false, that it fails); the rule's own type test joins the top `$and`."""
    kind, branches, slots = _Shaper().walk(cond, negated=not holds)
    groups = slots // 2 if kind == "and" else slots // 2 + 1
    return branches, groups


def at_once(cond: model.Condition) -> int:
    """How many entries of durable's walk stack `cond` can hold at once when a fact matches it (it holds)."""
    return _AT_ONCE.walk(cond)[0]


_Count = tuple[int, "tuple[str, object] | None"]  # (entries, the (fact, constant) of an equality leaf)


class _AtOnce(algebra.SignedVisitor[_Count]):
    """How many entries of durable's walk stack a rule's expression can hold at once when a fact matches it.

    The walk is depth first and pushes every matching successor of a node: the alternatives of an `$or` are pushed
    side by side (their sum), the parts of an `$and` are consecutive levels, each adding its alternatives but the
    one being walked. The values of an `in` are alternatives on one field, of which one matches at most; so are
    alternatives comparing one fact for equality with different constants (the same constant twice counts twice)."""

    def conj(self, parts: list[_Count]) -> _Count:
        return 1 + sum(part[0] - 1 for part in parts), None

    def disj(self, parts: list[_Count]) -> _Count:
        total = sum(count for count, key in parts if key is None)
        same: dict[str, dict[object, int]] = {}
        for _, key in parts:
            if key is not None:
                per_value = same.setdefault(key[0], {})
                per_value[key[1]] = per_value.get(key[1], 0) + 1
        return total + sum(max(per_value.values()) for per_value in same.values()), None

    def leaf(self, cond: model.Leaf, negated: bool) -> _Count:
        return 1, None

    def compare(self, cond: model.Compare, negated: bool) -> _Count:
        equal = cond.op == ("ne" if negated else "eq")
        if equal and isinstance(cond.operand, model.Const):
            return 1, (cond.fact, cond.operand.value)
        return 1, None

    def contains(self, cond: model.Contains, negated: bool) -> _Count:
        return (2 if negated else 1), None  # not contains: an empty list, or every element differs


_AT_ONCE = _AtOnce()


Locate = Callable[[str, str, int | None], int | None]  # (file, JSON path, fallback line) → the path's line


def check(pack: model.Pack, rules: tuple[model.Rule, ...], params: Mapping[str, model.ParamValue],
          strata: Mapping[str, int] | None, locate: Locate) -> Iterator[errors.Problem]:
    """Every engine limit the rules in force (and their parameters) cross. `strata`: each rule's derivation depth
    (None when the derivations form a cycle, reported elsewhere); `locate` finds a path's line."""
    def at(loc: model.Loc | None, path: str, key: str, /, **values: object) -> errors.Problem:
        return errors.Problem.of(key, file=loc.file if loc else None, path=path, code="engine-limit",
                                 line=locate(loc.file, path, loc.line) if loc else None, values=values)

    if len(rules) > MAX_RULES:
        over = rules[MAX_RULES]
        yield at(over.loc, over.loc.path if over.loc else "$", "limits.too-many-rules", count=len(rules),
                 limit=MAX_RULES, rule=over.id)
    too_deep = [r for r in rules if strata and strata[r.id] > MAX_DERIVATION_DEPTH]
    if strata and too_deep:
        yield at(too_deep[0].loc, too_deep[0].when.path, "limits.too-deep-derivation", rule=too_deep[0].id,
                 depth=strata[too_deep[0].id], limit=MAX_DERIVATION_DEPTH)
    for rule in rules:
        branches, groups = shape(rule.when, True)
        if branches > MAX_ALTERNATIVES:
            yield at(rule.loc, rule.when.path, "limits.too-many-alternatives", rule=rule.id, count=branches,
                     limit=MAX_ALTERNATIVES)
        elif (together := at_once(rule.when)) > MAX_AT_ONCE:
            yield at(rule.loc, rule.when.path, "limits.too-many-at-once", rule=rule.id, count=together,
                     limit=MAX_AT_ONCE)
        elif groups > MAX_GROUPS:
            yield at(rule.loc, rule.when.path, "limits.too-deep", rule=rule.id, groups=groups, limit=MAX_GROUPS)
        for path, value in _constants(rule.when):
            if isinstance(value, str) and len(value) > MAX_STRING:
                yield at(rule.loc, path, "limits.string-too-long", rule=rule.id, length=len(value), limit=MAX_STRING)
            elif isinstance(value, (int, float)) and not isinstance(value, bool) and not _finite_and_bounded(value):
                yield at(rule.loc, path, "limits.number", rule=rule.id, value=_short(value), limit=_LIMIT_TEXT)
    for param in pack.parameters:
        current = params.get(param.name)
        bad = next((n for n in _numbers(current.value) if not _finite_and_bounded(n)), None) if current else None
        if current is not None and bad is not None:
            loc = param.loc or model.Loc(f"{pack.source}/pack.yaml", None, f"$.parameters.{param.name}")
            yield at(loc, f"{loc.path}.values[{param.values.index(current)}].value", "limits.param-number",
                     name=param.name, value=_short(bad), limit=_LIMIT_TEXT)


_LIMIT_TEXT = "10^15"


def _constants(cond: model.Condition) -> Iterator[tuple[str, model.Scalar]]:
    """(path, value) of every constant a condition compares with."""
    stack: list[model.Condition] = [cond]
    while stack:
        node = stack.pop()
        if isinstance(node, (model.All, model.AnyOf)):
            stack.extend(reversed(node.items))
        elif isinstance(node, model.Not):
            stack.append(node.item)
        elif isinstance(node, model.In):
            yield from ((f"{node.path}.in[{i}]", v) for i, v in enumerate(node.values))
        elif isinstance(node, model.Contains):
            yield f"{node.path}.contains", node.value
        elif isinstance(node, model.Compare):
            yield from _operand_constants(node.operand, f"{node.path}.{node.op}")


def _operand_constants(operand: model.Operand, path: str) -> Iterator[tuple[str, model.Scalar]]:
    if isinstance(operand, model.Const):
        yield path, operand.value
    elif isinstance(operand, model.Arith):
        yield from _operand_constants(operand.left, f"{path}.{operand.op}[0]")
        yield from _operand_constants(operand.right, f"{path}.{operand.op}[1]")


def _numbers(value: object) -> Iterator[float]:
    """Every number inside a parameter value (numbers, mappings and lists of them)."""
    if isinstance(value, bool):
        return
    if isinstance(value, (int, float)):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _numbers(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _numbers(item)


def _finite_and_bounded(value: float) -> bool:
    if isinstance(value, int):
        return -MAX_MAGNITUDE <= value <= MAX_MAGNITUDE
    return math.isfinite(value) and abs(value) <= MAX_MAGNITUDE


def _short(value: float) -> str:
    """A number as shown in a message: never thousands of digits."""
    if isinstance(value, int) and value.bit_length() > 64:
        return f"{'-' if value < 0 else ''}10^{int(value.bit_length() * math.log10(2))}"
    return str(value)
