"""Condition trees evaluated for explanation: each leaf with the value found, the relation, the value needed and how
it was computed; and the *closest* failing conditions of a rule not met (every failing conjunct of an `all`, the
cheapest branch of an `any`, negations pushed down to the leaves)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from cc_rules import model
from cc_rules.engine import plain, values
from cc_rules.model import conditions as algebra
from cc_rules.model import evidence
from cc_rules.results import Labels, format_value, labelled

_ARITH = {"add": "+", "sub": "−", "mul": "×", "div": "/"}

# The explanation model ------------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Fact:
    """One evidence fact read by a rule: its value (None = not evidenced) and where it came from."""

    fact: str
    value: object
    source: str | None = None
    file: str | None = None
    line: int | None = None
    label: model.Text | None = None  # the value as the pack labels it, in both languages (None: shown as written)

    def shown(self, lang: str) -> str:
        """The value as a person reads it in `lang`: its label where the pack declares one."""
        return self.label.get(lang) if self.label is not None else format_value(self.value, lang)


@dataclasses.dataclass(frozen=True)
class Check:
    """One leaf condition as evaluated: the value found, the relation, the value needed and how it was computed."""

    fact: str
    value: object  # None = not evidenced
    relation: str  # eq ne lt lte gt gte in not_in contains not_contains exists absent
    needed: object  # the computed right-hand side; None when unknown or not applicable
    expression: str | None  # the operand as written, when it is not a constant: "organization.seats / 50"
    substituted: str | None  # the same with values: "200 / 50"
    outcome: bool | None  # of the check as stated here (negations already applied)
    facts: tuple[Fact, ...]  # the fact and every fact of the operand
    label: model.Text | None = None  # `value` as the pack labels it, in both languages (None: shown as written)
    needed_label: model.Text | None = None  # `needed` likewise, labelled as values of `fact`
    fixed: bool = False  # the fact is pack data (benchmarks), not something the centre changes
    params: tuple[str, ...] = ()  # the pack parameters the operand reads, as written in the rule

    def shown(self, lang: str) -> str:
        """The value found as a person reads it in `lang`."""
        return self.label.get(lang) if self.label is not None else format_value(self.value, lang)

    def needed_shown(self, lang: str) -> str:
        """The value needed as a person reads it in `lang`."""
        return self.needed_label.get(lang) if self.needed_label is not None else format_value(self.needed, lang)


@dataclasses.dataclass(frozen=True)
class Node:
    """A condition of a rule, mirroring its tree; leaves carry a `Check`."""

    kind: str  # all | any | not | leaf
    outcome: bool | None
    check: Check | None = None
    children: tuple[Node, ...] = ()


def fact_labels(pack: model.Pack) -> dict[str, Labels]:
    """The labels each fact of `pack` declares for its values (only facts that declare some)."""
    return {spec.name: spec.labels for spec in pack.facts if spec.labels}


def _fact(name: str, facts: evidence.FactSet, known: Mapping[str, object],
          labels: Mapping[str, Labels] | None = None) -> Fact:
    declared = (labels or {}).get(name, ())
    bound = facts.get(name)
    if bound is not None:
        return Fact(name, _jsonable(bound.value), bound.source, bound.file, bound.line,
                    labelled(bound.value, declared))
    if name in known:
        return Fact(name, known[name], "derived", label=labelled(known[name], declared))
    return Fact(name, None)


def jsonable(value: object) -> object:
    """A fact value as a check carries it: a tuple as a list."""
    return list(value) if isinstance(value, tuple) else value


_jsonable = jsonable


# Walking conditions --------------------------------------------------------------------------------------------------


def node(cond: model.Condition, known: Mapping[str, object], facts: evidence.FactSet,
         negated: bool = False, labels: Mapping[str, Labels] | None = None,
         params: Mapping[str, tuple[str, ...]] | None = None) -> Node:
    """The condition tree evaluated; negations are pushed to the leaves (De Morgan) so each leaf reads plainly.
    `labels` (`fact_labels(pack)`): the facts' declared value labels, so checks show values as a person reads them.
    `params` (`param_paths(rule.when)`): the parameters each leaf's operand named before they were resolved."""
    return _Reader(known, facts, labels or {}, params or {}).walk(cond, negated)


def param_paths(cond: model.Condition) -> dict[str, tuple[str, ...]]:
    """Leaf path → the parameters its operand reads, from a condition as written (before parameters are resolved)."""
    out: dict[str, tuple[str, ...]] = {}
    for leaf in algebra.leaves(cond):
        if isinstance(leaf, model.Compare):
            names = _Params().visit(leaf.operand)
            if names:
                out[leaf.path] = names
    return out


class _Params(algebra.OperandVisitor[tuple[str, ...]]):
    def const(self, op: model.Const) -> tuple[str, ...]:
        return ()

    def fact(self, op: model.FactRef) -> tuple[str, ...]:
        return ()

    def param(self, op: model.ParamRef) -> tuple[str, ...]:
        return (op.name,)

    def arith(self, op: model.Arith) -> tuple[str, ...]:
        return op.left.accept(self) + op.right.accept(self)


class _Reader(algebra.SignedVisitor[Node]):
    def __init__(self, known: Mapping[str, object], facts: evidence.FactSet, labels: Mapping[str, Labels],
                 params: Mapping[str, tuple[str, ...]]) -> None:
        self.known, self.facts, self.labels, self.params = known, facts, labels, params

    def conj(self, parts: list[Node]) -> Node:
        return Node("all", _combine("all", [c.outcome for c in parts]), None, tuple(parts))

    def disj(self, parts: list[Node]) -> Node:
        return Node("any", _combine("any", [c.outcome for c in parts]), None, tuple(parts))

    def leaf(self, cond: model.Leaf, negated: bool) -> Node:
        check = _check(cond, self.known, self.facts, negated, self.labels, pack_data(self.facts, cond.fact),
                       self.params.get(cond.path, ()))
        return Node("leaf", check.outcome, check)


def pack_data(facts: evidence.FactSet, name: str) -> bool:
    """Whether the fact comes from pack data (or data the evidence supplies for it, such as its own benchmark
    survey) rather than from what the centre states about itself."""
    bound = facts.get(name)
    if bound is None:
        return False
    return bound.file != facts.evidence.file or not bound.path.startswith(("$.facts", "$.reviews", "$.organization"))


def _combine(kind: str, outcomes: list[bool | None]) -> bool | None:
    if kind == "all":
        return False if False in outcomes else None if None in outcomes else True
    return True if True in outcomes else None if None in outcomes else False


def _check(cond: model.Leaf, known: Mapping[str, object], facts: evidence.FactSet, negated: bool,
           labels: Mapping[str, Labels], fixed: bool = False, params: tuple[str, ...] = ()) -> Check:
    outcome = plain.condition(cond, known)
    if negated and outcome is not None:
        outcome = not outcome
    value = known.get(cond.fact)
    used = [cond.fact]
    relation = cond.relation
    needed: object = None
    expression = substituted = None
    if isinstance(cond, model.Compare):
        needed = values.operand(cond.operand, known)
        if not isinstance(cond.operand, model.Const):
            expression = _Formula(None).visit(cond.operand)
            substituted = _Formula(known).visit(cond.operand)
            used += list(algebra.facts_of(cond.operand))
    elif isinstance(cond, model.In):
        needed = list(cond.values)
    elif isinstance(cond, model.Contains):
        needed = cond.value
    if negated:
        relation = algebra.NEGATE[relation]
    names = sorted(set(used), key=lambda n: (n != cond.fact, n))
    declared = labels.get(cond.fact, ())
    return Check(cond.fact, _jsonable(value), relation, _jsonable(needed), expression, substituted, outcome,
                 tuple(_fact(n, facts, known, labels) for n in names), labelled(value, declared),
                 labelled(needed, declared), fixed, params)


def formula(op: model.Operand, known: Mapping[str, object] | None = None) -> str:
    """The operand as a formula ("organization.seats / 50"); with `known`, facts replaced by their values."""
    return _Formula(known).visit(op)


class _Formula(algebra.OperandVisitor[str]):
    """The operand as a formula; with `known`, facts replaced by their values ("?" when not evidenced)."""

    def __init__(self, known: Mapping[str, object] | None) -> None:
        self.known = known

    def const(self, op: model.Const) -> str:
        return format_value(op.value)

    def fact(self, op: model.FactRef) -> str:
        if self.known is None:
            return op.name
        return format_value(self.known[op.name]) if op.name in self.known else "?"

    def param(self, op: model.ParamRef) -> str:
        return f"{{param: {op.name}}}"

    def arith(self, op: model.Arith) -> str:
        return f"{self._inner(op.left)} {_ARITH[op.op]} {self._inner(op.right)}"

    def _inner(self, op: model.Operand) -> str:
        text = op.accept(self)
        return f"({text})" if isinstance(op, model.Arith) else text


MAX_OPTIONS = 6  # ways shown for one rule: an `any` of `any`s multiplies them


def closest_failures(tree: Node) -> tuple[Check, ...]:
    """The leaves to change for the condition to hold: all failing conjuncts, the nearest branch of a disjunction."""
    found = options(tree)
    return found[0] if found else ()


def options(tree: Node) -> tuple[tuple[Check, ...], ...]:
    """Every way to make the condition hold, closest first (at most `MAX_OPTIONS`): each way is the leaves to
    change. A way that would change pack data (benchmarks) is never offered while another way exists."""
    if tree.outcome is True:
        return ()
    ways = _ways(tree)
    changeable = [w for w in ways if not any(c.fixed for c in w)]
    ranked = sorted(changeable or ways, key=lambda w: (len(w), sum(_gap(c) for c in w)))
    return tuple(ranked[:MAX_OPTIONS])


def _ways(tree: Node) -> list[tuple[Check, ...]]:
    if tree.outcome is True:
        return [()]
    if tree.kind == "leaf":
        return [(tree.check,)] if tree.check is not None else [()]
    if tree.kind == "all":
        ways: list[tuple[Check, ...]] = [()]
        for child in tree.children:
            if child.outcome is True:
                continue
            child_ways = _best(_ways(child))
            ways = _best([w + c for w in ways for c in child_ways])
        return ways
    return _best([w for child in tree.children for w in _ways(child) if w])


def _best(ways: list[tuple[Check, ...]]) -> list[tuple[Check, ...]]:
    """The closest few ways (changeable ones first), so nested alternatives never multiply without bound."""
    return sorted(ways, key=lambda w: (any(c.fixed for c in w), len(w), sum(_gap(c) for c in w)))[:MAX_OPTIONS]


def _gap(check: Check) -> float:
    """How far a failing check is from holding, relative to what it needs: 0 close … 1 far; unknown counts as far."""
    value, needed = check.value, check.needed
    numeric = (isinstance(value, (int, float)) and not isinstance(value, bool)
               and isinstance(needed, (int, float)) and not isinstance(needed, bool))
    # A fact the evidence does not state itself (pack data, derived) is not something the centre changes directly.
    fixed = 0.0 if check.facts and check.facts[0].line is not None else 0.5
    if check.fixed:
        fixed = 2.0
    if check.outcome is None or value is None:
        return 1.0 + fixed
    if numeric:
        scale = max(abs(float(value)), abs(float(needed)), 1e-9)  # type: ignore[arg-type]
        return min(abs(float(value) - float(needed)) / scale, 1.0) + fixed  # type: ignore[arg-type]
    return 1.0 + fixed
