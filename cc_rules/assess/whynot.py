"""A finding's structured why-not: the closest failing conditions of its rule as `results.Gap` data — fact,
relation, found, needed, unit, the parameter behind a threshold — with every other way to make it hold, and derived
facts expanded down to the facts they come from. Worked out only when a report reads it (`Finding.why_not`)."""

from __future__ import annotations

import math
from collections.abc import Mapping

from cc_rules import results
from cc_rules.assess import conditions
from cc_rules.base import cache
from cc_rules.compile import compiler
from cc_rules.model import conditions as algebra
from cc_rules.model import evidence

MAX_DEPTH = 3  # derived facts expanded this deep at most

_PACK: cache.LRU[str, _PackData] = cache.LRU("why-not-pack-data", 64)  # by compiled pack key


class _PackData:
    """What the why-not reads from a compiled pack, the same for every assessment: labels, parameter paths of each
    rule, the derive rules of each derived fact."""

    def __init__(self, compiled: compiler.CompiledPack) -> None:
        self.labels = conditions.fact_labels(compiled.pack)
        self.params = {r.rule.id: conditions.param_paths(r.rule.when) for r in compiled.rules}
        self.derives: dict[str, list[compiler.CompiledRule]] = {}
        for r in compiled.rules:
            if r.rule.then.derive:
                self.derives.setdefault(r.rule.then.derive, []).append(r)


def _data(compiled: compiler.CompiledPack) -> _PackData:
    return _PACK.get_or_make(compiled.key, lambda: _PackData(compiled))


def for_rule(compiled: compiler.CompiledPack, rule: compiler.CompiledRule, known: Mapping[str, object],
             facts: evidence.FactSet) -> results.WhyNot:
    """Why `rule` does not hold on `known`: its ways to hold, closest first, as gaps."""
    ways = _ways(compiled, rule, known, facts, negated=False)
    gaps = _changeable([tuple(_gap(compiled, c, known, facts, 0) for c in way) for way in ways])
    return results.WhyNot(gaps[0] if gaps else (), tuple(gaps[1:]))


def _changeable(ways: list[tuple[results.Gap, ...]]) -> list[tuple[results.Gap, ...]]:
    """The ways that change only what the centre states (a derived fact counts as the facts behind it); all of
    them when every way touches pack data."""
    ok = [w for w in ways if not any(g.fixed for g in w)]
    return ok or ways


def _ways(compiled: compiler.CompiledPack, rule: compiler.CompiledRule, known: Mapping[str, object],
          facts: evidence.FactSet, negated: bool) -> tuple[tuple[conditions.Check, ...], ...]:
    data = _data(compiled)
    tree = conditions.node(rule.when, known, facts, negated=negated, labels=data.labels,
                           params=data.params.get(rule.rule.id, {}))
    return conditions.options(tree)


def _gap(compiled: compiler.CompiledPack, check: conditions.Check, known: Mapping[str, object],
         facts: evidence.FactSet, depth: int) -> results.Gap:
    spec = compiled.fact(check.fact)
    relation, needed = check.relation, check.needed
    if spec is not None and spec.type == "int":
        relation, needed = whole(relation, needed)
    parameter = None
    if check.params:
        value = compiled.param(check.params[0])
        if value is not None:
            parameter = results.Parameter(check.params[0], value.value, value.reference, value.provenance)
    because: tuple[results.Gap, ...] = ()
    if spec is not None and spec.derived and depth < MAX_DEPTH:
        because = _derived(compiled, check, known, facts, depth + 1)
    return results.Gap(
        check.fact, relation, _tuple(check.value), _tuple(needed), spec.unit if spec else None, parameter,
        check.expression, check.substituted, spec.description if spec else None, because,
        _data(compiled).labels.get(check.fact, ()), fixed=check.fixed or any(g.fixed for g in because))


def _derived(compiled: compiler.CompiledPack, check: conditions.Check, known: Mapping[str, object],
             facts: evidence.FactSet, depth: int) -> tuple[results.Gap, ...]:
    """The gaps behind a derived fact: the closest way for its derive rule to give the value the check needs."""
    if not isinstance(check.needed, bool) or check.relation not in ("eq", "ne"):
        return ()
    target = check.needed if check.relation == "eq" else not check.needed
    for rule in _data(compiled).derives.get(check.fact, []):
        ways = _changeable([tuple(_gap(compiled, c, known, facts, depth) for c in way)
                            for way in _ways(compiled, rule, known, facts, negated=not target)])
        if ways:
            return ways[0]
    return ()


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
