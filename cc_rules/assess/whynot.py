"""A finding's structured why-not: the closest failing conditions of its rule as `results.Gap` data — fact,
relation, found, needed, unit, the parameter behind a threshold — with every other way to make it hold, and derived
facts expanded down to the facts they come from. Worked out only when a report reads it (`Finding.why_not`), and
kept per compiled pack by everything it read (`_PackData.key`): centres stating the same share it.

The roadmap's simulation reads only each candidate's closest way, flat (`closest`, through the assessment's `Why`):
the same way by the same ranking, without the gaps, units, labels, parameters and other ways a report shows."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from cc_rules import model, results
from cc_rules.assess import conditions
from cc_rules.awards import base
from cc_rules.base import cache
from cc_rules.compile import compiler
from cc_rules.engine import closures, values
from cc_rules.model import conditions as algebra
from cc_rules.model import evidence

_new = object.__new__
_set = object.__setattr__
_Gap = results.Gap

MAX_DEPTH = 3  # derived facts expanded this deep at most
MAX_KEPT = 1024  # why-nots kept per compiled pack (`_PackData.why_nots`, ~3 KB each): dropped all at once beyond
_ABSENT = object()
_EXACT = (str, int, bool, type(None), object)  # a value of these types is its own key (equal only when the same)

_PACK: cache.LRU[str, _PackData] = cache.LRU("why-not-pack-data", 64)  # by compiled pack key


class _Leaf:
    """What a leaf condition's gap reads that does not depend on the facts, worked out once per compiled pack: the
    relation as stated (negations pushed down), the fact's unit, description and labels, the parameter behind the
    threshold, the threshold as written."""

    __slots__ = ("cond", "decide", "derived", "description", "expression", "fact", "labels", "needed", "negated",
                 "operand", "parameter", "params", "relation", "unit", "wanted", "whole")

    def __init__(self, compiled: compiler.CompiledPack, cond: model.Leaf, negated: bool,
                 params: tuple[str, ...], labels: results.Labels) -> None:
        self.cond, self.fact, self.negated = cond, cond.fact, negated
        self.decide = closures.check(cond)  # the plain evaluator's Kleene logic, as `plain.condition` decides it
        self.relation = algebra.NEGATE[cond.relation] if negated else cond.relation
        self.operand: model.Operand | None = None  # computed from the facts; else `needed` is the value needed
        self.needed: object = None
        self.expression: str | None = None
        if isinstance(cond, model.Compare):
            if isinstance(cond.operand, model.Const):
                self.needed = conditions.jsonable(cond.operand.value)
            else:
                self.operand = cond.operand
                self.expression = conditions.formula(cond.operand)
        elif isinstance(cond, model.In):
            self.needed = list(cond.values)
        elif isinstance(cond, model.Contains):
            self.needed = conditions.jsonable(cond.value)
        self.params = params
        value = compiled.param(params[0]) if params else None
        self.parameter = (None if value is None else
                          results.Parameter(params[0], value.value, value.reference, value.provenance))
        spec = compiled.fact(cond.fact)
        self.whole = spec is not None and spec.type == "int"
        self.unit = spec.unit if spec is not None else None
        self.description = spec.description if spec is not None else None
        self.derived = spec is not None and bool(spec.derived)
        self.labels = labels
        # the relation and needed value a `Gap` gives, where the threshold is written (a whole number's bound met)
        self.wanted = self._asked(self.needed)  # worked out once per pack where the threshold is written

    def outcome(self, known: Mapping[str, object]) -> bool | None:
        """The leaf's outcome on `known`, its negation applied (as the plan has it, negations pushed down)."""
        outcome = self.decide(known)
        return not outcome if self.negated and outcome is not None else outcome

    def needed_on(self, known: Mapping[str, object]) -> object:
        """The value needed: the threshold as written, or as computed from the facts."""
        return self.needed if self.operand is None else conditions.jsonable(values.operand(self.operand, known))

    def asked(self, needed: object) -> tuple[str, object]:
        """The relation and needed value a gap gives for `needed` (`needed_on`'s)."""
        return self.wanted if self.operand is None else self._asked(needed)

    def _asked(self, needed: object) -> tuple[str, object]:
        relation, needed = whole(self.relation, needed) if self.whole else (self.relation, needed)
        return relation, _tuple(needed)


class _Check:
    """A leaf as evaluated on one assessment's values: only what ranks the ways (`conditions.Check` without the
    labels and the facts read); the `Gap` is made only for the ways kept."""

    __slots__ = ("distance", "fixed", "leaf", "needed", "outcome", "value")

    def __init__(self, leaf: _Leaf, outcome: bool | None, known: Mapping[str, object],
                 facts: evidence.FactSet) -> None:
        self.leaf, self.outcome = leaf, outcome
        value = self.value = conditions.jsonable(known.get(leaf.fact))
        needed = self.needed = leaf.needed_on(known)
        bound = facts.get(leaf.fact)
        fixed = self.fixed = conditions.pack_data(facts, leaf.fact)
        # as `conditions._gap` weighs it: 0 close … 1 far, more for a fact the centre does not state
        extra = 2.0 if fixed else 0.0 if bound is not None and bound.line is not None else 0.5
        if outcome is None or value is None:
            self.distance = 1.0 + extra
        elif (isinstance(value, (int, float)) and not isinstance(value, bool)
              and isinstance(needed, (int, float)) and not isinstance(needed, bool)):
            scale = max(abs(float(value)), abs(float(needed)), 1e-9)
            self.distance = min(abs(float(value) - float(needed)) / scale, 1.0) + extra
        else:
            self.distance = 1.0 + extra


# A condition as planned once per pack: a leaf, or (kind, parts) for "all" / "any" (negations pushed down).
_Plan = _Leaf | tuple[str, tuple["_Plan", ...]]
# ... and as evaluated: (kind, outcome, the leaf's check or the parts' nodes)
_Node = tuple[str, "bool | None", "_Check | tuple[_Node, ...] | None"]


class _Planner(algebra.SignedVisitor[_Plan]):
    def __init__(self, compiled: compiler.CompiledPack, params: Mapping[str, tuple[str, ...]],
                 labels: Mapping[str, results.Labels]) -> None:
        self.compiled, self.params, self.labels = compiled, params, labels

    def conj(self, parts: list[_Plan]) -> _Plan:
        return ("all", tuple(parts))

    def disj(self, parts: list[_Plan]) -> _Plan:
        return ("any", tuple(parts))

    def leaf(self, cond: model.Leaf, negated: bool) -> _Plan:
        return _Leaf(self.compiled, cond, negated, self.params.get(cond.path, ()), self.labels.get(cond.fact, ()))


class _PackData:
    """What the why-not reads from a compiled pack, the same for every assessment: labels, each rule's condition
    planned (`_Leaf`) with negations pushed down, the derive rules of each derived fact."""

    def __init__(self, compiled: compiler.CompiledPack) -> None:
        self.compiled = compiled
        self.labels = conditions.fact_labels(compiled.pack)
        self.derives: dict[str, list[compiler.CompiledRule]] = {}
        for r in compiled.rules:
            if r.rule.then.derive:
                self.derives.setdefault(r.rule.then.derive, []).append(r)
        self._plans: dict[tuple[str, bool], _Plan] = {}
        # by rule id, as stated and negated
        self._chains: tuple[dict[str, tuple[_Leaf, ...] | None], ...] = ({}, {})
        self._reads: dict[str, tuple[str, ...]] = {}  # by rule id
        # the why-nots worked out, by rule id and what they read (`key`): the same for another centre stating the same
        self.why_nots: dict[tuple[object, ...], results.WhyNot] = {}

    def reads(self, rule: compiler.CompiledRule) -> tuple[str, ...]:
        """Every fact a why-not of `rule` can read: those its condition reads (operands too) and, for each, those
        the rules deriving it read, and so on."""
        rid = rule.rule.id
        got = self._reads.get(rid)
        if got is None:
            out: set[str] = set()
            todo, done = [rule], set()
            while todo:
                r = todo.pop()
                if r.rule.id not in done:
                    done.add(r.rule.id)
                    for fact in algebra.read_facts(r.when):
                        if fact not in out:
                            out.add(fact)
                            todo += self.derives.get(fact, ())
            got = self._reads[rid] = tuple(sorted(out))
        return got

    def key(self, rule: compiler.CompiledRule, known: Mapping[str, object], facts: evidence.FactSet,
            parts: dict[str, tuple[object, ...]]) -> tuple[object, ...]:
        """All `for_rule` reads of `known` and `facts` for `rule`, from each fact's part (`_part`, kept in
        `parts` for one assessment)."""
        get = parts.get
        key: list[object] = [rule.rule.id]
        for fact in self.reads(rule):
            part = get(fact)
            if part is None:
                part = parts[fact] = _part(fact, known, facts)
            key.append(part)
        return tuple(key)

    def chain(self, rule: compiler.CompiledRule, negated: bool) -> tuple[_Leaf, ...] | None:
        """The plan's leaves in order when it is a leaf or an `all` of them (nested): it then has one way, the
        leaves that do not hold, and no ranking is needed; else None."""
        chains = self._chains[negated]
        rid = rule.rule.id
        try:
            return chains[rid]
        except KeyError:
            got = chains[rid] = _chain(self.plan(rule, negated))
            return got

    def plan(self, rule: compiler.CompiledRule, negated: bool) -> _Plan:
        key = (rule.rule.id, negated)
        got = self._plans.get(key)
        if got is None:
            planner = _Planner(self.compiled, conditions.param_paths(rule.rule.when), self.labels)
            got = self._plans[key] = planner.walk(rule.when, negated)
        return got


def _part(fact: str, known: Mapping[str, object], facts: evidence.FactSet) -> tuple[object, ...]:
    """What a why-not reads of one fact: its value (with its type: 1, 1.0 and True are equal, their gaps are not)
    and whether the evidence states it, on a line, or it comes from pack data (as `_Check` reads it)."""
    value = known.get(fact, _ABSENT)
    kind = type(value)
    bound = facts.get(fact)
    if bound is None:
        return (kind, value if kind in _EXACT else repr(value), None)
    return (kind, value if kind in _EXACT else repr(value), bound.line is None, conditions.pack_data(facts, fact))


def _chain(plan: _Plan) -> tuple[_Leaf, ...] | None:
    if isinstance(plan, _Leaf):
        return (plan,)
    kind, parts = plan
    if kind != "all":
        return None
    out: list[_Leaf] = []
    for part in parts:
        leaves = _chain(part)
        if leaves is None:
            return None
        out += leaves
    return tuple(out)


_LAST: list[_PackData] = []  # the pack data asked for last: the findings of one assessment ask one after another


def _data(compiled: compiler.CompiledPack) -> _PackData:
    if _LAST and _LAST[0].compiled.key == compiled.key:
        return _LAST[0]
    data = _PACK.get_or_make(compiled.key, lambda: _PackData(compiled))
    _LAST[:] = [data]
    return data


def for_rule(compiled: compiler.CompiledPack, rule: compiler.CompiledRule, known: Mapping[str, object],
             facts: evidence.FactSet) -> results.WhyNot:
    """Why `rule` does not hold on `known`: its ways to hold, closest first, as gaps. The same ways, in the same
    order, as `conditions.options` over `conditions.node` gives; only the leaves of the ways kept become gaps.
    Kept by what it read: centres stating the same facts share it (a third of the corpus's are new), and a report
    makes its dict once (`results._why_not`)."""
    return _for_rule(_data(compiled), rule, known, facts, {})


def _for_rule(data: _PackData, rule: compiler.CompiledRule, known: Mapping[str, object], facts: evidence.FactSet,
              parts: dict[str, tuple[object, ...]]) -> results.WhyNot:
    key = data.key(rule, known, facts, parts)
    kept = data.why_nots
    got = kept.get(key)
    if got is None:
        gaps = _Gaps(data, known, facts).ways(rule, negated=False, depth=0)
        got = results.WhyNot(gaps[0] if gaps else (), tuple(gaps[1:]))
        if len(kept) >= MAX_KEPT:
            kept.clear()
        kept[key] = got
    return got


class Why:
    """One assessment's why-nots, as a finding asks for its own (`Finding.why`): the full why-not for a report, and
    for the roadmap's simulation only the closest way, flat (`closest`). Holds the values, not the assessment (a
    bound method would hold it in a cycle, freed only by the collector)."""

    __slots__ = ("compiled", "facts", "known", "parts")

    def __init__(self, compiled: compiler.CompiledPack, known: Mapping[str, object], facts: evidence.FactSet) -> None:
        self.compiled, self.known, self.facts = compiled, known, facts
        self.parts: dict[str, tuple[object, ...]] = {}  # each fact's part of a why-not's key (`_part`)

    def __call__(self, finding: results.Finding) -> results.WhyNot | None:
        compiled = self.compiled
        rule = compiled.rule(finding.rule)
        if rule is None:
            return None
        return _for_rule(_data(compiled), rule, self.known, self.facts, self.parts)

    def closest(self, finding: results.Finding) -> tuple[base.Want, ...]:
        """The finding's closest way as the simulation reads it (`closest`); () when its rule is not in the pack."""
        rule = self.compiled.rule(finding.rule)
        return closest(self.compiled, rule, self.known, self.facts) if rule is not None else ()

    def closests(self, findings: Iterable[results.Finding]) -> list[tuple[base.Want, ...]]:
        """`closest` of each finding, read together (a simulation's candidates, a hundred or so)."""
        lean, rule_of = _Closest(_data(self.compiled), self.known, self.facts), self.compiled.rule
        out: list[tuple[base.Want, ...]] = []
        for finding in findings:
            rule = rule_of(finding.rule)
            got = lean.way(rule, False, 0) if rule is not None else None
            out.append(got[0] if got is not None else ())
        return out


def closest(compiled: compiler.CompiledPack, rule: compiler.CompiledRule, known: Mapping[str, object],
            facts: evidence.FactSet) -> tuple[base.Want, ...]:
    """`for_rule(…).closest` flat — each derived gap replaced by the gaps behind it — as the fact, relation, needed
    and found value of each gap: the same way, picked by the same ranking, without making a `Gap` (no units,
    labels, parameters or substituted formulas) or any other way's gaps. What the roadmap's simulation reads of
    every candidate."""
    got = _Closest(_data(compiled), known, facts).way(rule, False, 0)
    return got[0] if got is not None else ()


_Flat = tuple[tuple["base.Want", ...], bool]  # a way's wants, flat, and whether any gap on it is fixed


class _Closest:
    """`_Gaps.ways(…)[0]` flat: the ways ranked as `_Gaps` ranks them; only the first way whose gaps change what
    the centre states (else the first of all) is expanded, each of its derived checks by its own closest way."""

    __slots__ = ("data", "facts", "known")

    def __init__(self, data: _PackData, known: Mapping[str, object], facts: evidence.FactSet) -> None:
        self.data, self.known, self.facts = data, known, facts

    def way(self, rule: compiler.CompiledRule, negated: bool, depth: int) -> _Flat | None:
        chain = self.data.chain(rule, negated)
        if chain is not None:  # one way: the leaves that do not hold, in order (as `_ways` joins an `all`'s)
            known = self.known
            wants: list[base.Want] = []
            fixed = False
            for leaf in chain:
                if leaf.outcome(known) is True:
                    continue  # holds: in no way
                got, fix = self.leaf(leaf, depth)
                wants += got
                fixed = fixed or fix
            return (tuple(wants), fixed) if wants else None
        plan = self.data.plan(rule, negated)
        first: _Flat | None = None
        for way in _options(_evaluate(plan, self.known, self.facts)):
            flat: list[base.Want] = []
            fixed = False
            for check in way:
                got, fix = self.want(check, depth)
                flat += got
                fixed = fixed or fix
            if not fixed:
                return tuple(flat), False
            if first is None:
                first = tuple(flat), True
        return first

    def want(self, check: _Check, depth: int) -> _Flat:
        """The check's gap flat: the wants behind it where it is a derived fact expanded (`_Gaps._derived`), else
        itself; and whether it or a gap behind it is fixed (`Gap.fixed`)."""
        return self._want(check.leaf, check.needed, check.value, check.fixed, depth)

    def leaf(self, leaf: _Leaf, depth: int) -> _Flat:
        """`want` of a leaf that does not hold, without its `_Check` (no distance: nothing ranks a lone way)."""
        known = self.known
        fixed = conditions.pack_data(self.facts, leaf.fact)
        return self._want(leaf, leaf.needed_on(known), known.get(leaf.fact), fixed, depth)

    def _want(self, leaf: _Leaf, needed: object, found: object, fixed: bool, depth: int) -> _Flat:
        if leaf.derived and depth < MAX_DEPTH:
            relation = leaf.relation
            if isinstance(needed, bool) and relation in ("eq", "ne"):
                target = needed if relation == "eq" else not needed
                for rule in self.data.derives.get(leaf.fact, []):
                    got = self.way(rule, not target, depth + 1)
                    if got is not None:
                        if got[0]:
                            return got[0], fixed or got[1]
                        break
        found = tuple(found) if isinstance(found, (list, tuple)) else found
        relation, needed = leaf.asked(needed)
        return (base.Want(leaf.fact, relation, needed, found),), fixed


class _Gaps:
    """One assessment's gaps, each check's made once (a check in several ways gives equal gaps)."""

    def __init__(self, data: _PackData, known: Mapping[str, object], facts: evidence.FactSet) -> None:
        self.data, self.known, self.facts = data, known, facts
        self.made: dict[tuple[_Check, int], results.Gap] = {}  # by the check itself (by identity) and depth

    def ways(self, rule: compiler.CompiledRule, negated: bool, depth: int) -> list[tuple[results.Gap, ...]]:
        """The ways that change only what the centre states (a derived fact counts as the facts behind it); all of
        them when every way touches pack data."""
        chain = self.data.chain(rule, negated)
        if chain is not None:  # one way, the leaves that do not hold, in order (the common case, made directly)
            known, facts, make = self.known, self.facts, self._make
            # the leaves that do not hold, as their `_Check`s would read them (without the distance nothing ranks)
            way = [make(leaf, conditions.jsonable(known.get(leaf.fact)), leaf.needed_on(known),
                        conditions.pack_data(facts, leaf.fact), depth)
                   for leaf in chain if leaf.outcome(known) is not True]
            return [tuple(way)] if way else []
        plan = self.data.plan(rule, negated)
        ways = [tuple(self.gap(c, depth) for c in way) for way in _options(_evaluate(plan, self.known, self.facts))]
        ok = [w for w in ways if not any(g.fixed for g in w)]
        return ok or ways

    def gap(self, check: _Check, depth: int) -> results.Gap:
        key = (check, depth)
        got = self.made.get(key)
        if got is None:
            got = self.made[key] = self._gap(check, depth)
        return got

    def _gap(self, check: _Check, depth: int) -> results.Gap:
        return self._make(check.leaf, check.value, check.needed, check.fixed, depth)

    def _make(self, leaf: _Leaf, value: object, needed: object, fixed: bool, depth: int) -> results.Gap:
        """The gap of a leaf that does not hold, on the value found and the value needed (`_Check`'s)."""
        relation, needed = leaf.asked(needed)
        substituted = None if leaf.operand is None else conditions.formula(leaf.operand, self.known)
        because: tuple[results.Gap, ...] = ()
        if leaf.derived and depth < MAX_DEPTH:
            because = self._derived(leaf, needed, depth + 1)
            fixed = fixed or any(g.fixed for g in because)
        gap = _new(_Gap)  # the frozen dataclass's fields set at once (its __init__ sets them one by one)
        _set(gap, "__dict__", {
            "fact": leaf.fact, "relation": relation, "found": _tuple(value), "needed": needed,
            "unit": leaf.unit, "parameter": leaf.parameter, "expression": leaf.expression, "substituted": substituted,
            "description": leaf.description, "because": because, "labels": leaf.labels, "fixed": fixed})
        return gap

    def _derived(self, leaf: _Leaf, needed: object, depth: int) -> tuple[results.Gap, ...]:
        """The gaps behind a derived fact: the closest way for its derive rule to give the value the leaf needs."""
        relation = leaf.relation
        if not isinstance(needed, bool) or relation not in ("eq", "ne"):
            return ()
        target = needed if relation == "eq" else not needed
        for rule in self.data.derives.get(leaf.fact, []):
            ways = self.ways(rule, not target, depth)
            if ways:
                return ways[0]
        return ()


def _evaluate(plan: _Plan, known: Mapping[str, object], facts: evidence.FactSet) -> _Node:
    if isinstance(plan, _Leaf):
        outcome = plan.outcome(known)
        if outcome is True:  # in no way to hold: nothing more to work out
            return ("leaf", True, None)
        return ("leaf", outcome, _Check(plan, outcome, known, facts))
    kind, parts = plan
    nodes = tuple(_evaluate(p, known, facts) for p in parts)
    outcomes = [n[1] for n in nodes]
    if kind == "all":
        outcome = False if False in outcomes else None if None in outcomes else True
    else:
        outcome = True if True in outcomes else None if None in outcomes else False
    return (kind, outcome, nodes)


def _options(tree: _Node) -> tuple[tuple[_Check, ...], ...]:
    """`conditions.options` on evaluated plans: every way to hold, closest first, at most `MAX_OPTIONS`."""
    if tree[1] is True:
        return ()
    ways = _ways(tree)
    changeable = [w for w in ways if not any(c.fixed for c in w)]
    ways = changeable or ways
    if len(ways) < 2:
        return tuple(ways)
    ranked = sorted(ways, key=lambda w: (len(w), sum(c.distance for c in w)))
    return tuple(ranked[:conditions.MAX_OPTIONS])


def _ways(tree: _Node) -> list[tuple[_Check, ...]]:
    kind, outcome, payload = tree
    if outcome is True:
        return [()]
    if kind == "leaf":
        return [(payload,)]  # type: ignore[list-item]
    nodes: tuple[_Node, ...] = payload  # type: ignore[assignment]
    if kind == "all":
        ways: list[tuple[_Check, ...]] = [()]
        for child in nodes:
            if child[1] is True:
                continue
            child_ways = _best(_ways(child))
            ways = _best([w + c for w in ways for c in child_ways])
        return ways
    return _best([w for child in nodes for w in _ways(child) if w])


def _best(ways: list[tuple[_Check, ...]]) -> list[tuple[_Check, ...]]:
    if len(ways) < 2:
        return ways
    return sorted(ways, key=lambda w: (any(c.fixed for c in w), len(w), sum(c.distance for c in w)))[
        :conditions.MAX_OPTIONS]


def whole(relation: str, needed: object) -> tuple[str, object]:
    """A bound on a whole number (a head count) as the whole number that meets it: "≥ 2.5" is "≥ 3", "> 2" is
    "≥ 3", "< 4.2" is "≤ 4"."""
    if isinstance(needed, bool) or not isinstance(needed, (int, float)) or relation not in algebra.ORDER_OPS:
        return relation, needed
    x = float(needed)
    if relation == "gte":
        return "gte", math.ceil(x)
    if relation == "gt":
        return "gte", math.floor(x) + 1
    if relation == "lte":
        return "lte", math.floor(x)
    return "lte", math.ceil(x) - 1


def _tuple(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value
