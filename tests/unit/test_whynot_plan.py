"""`whynot.for_rule` works from each rule's condition planned once per pack and makes gaps only for the ways it keeps:
it must give exactly what the plain walk gives — `conditions.node` evaluated with every check, `conditions.options`
ranking the ways, a gap made for each check of each way, derived facts expanded — on every unmet finding of the
examples, part of the corpus and generated centres (derives reading derives). The roadmap's lean path
(`whynot.closest`, no gaps made) must give that why-not's closest way, flat."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path

import pytest

from cc_rules import engine, results
from cc_rules.assess import bind, conditions, pipeline, whynot
from cc_rules.awards import base
from cc_rules.compile import compiler
from cc_rules.model import evidence
from tests import generated

ROOT = Path(__file__).resolve().parents[2] / "examples"
EXAMPLES = sorted(ROOT.glob("*.yaml")) + sorted(ROOT.glob("corpus/*.yaml"))[::3]


def _reference(compiled: compiler.CompiledPack, rule: compiler.CompiledRule, known: Mapping[str, object],
               facts: evidence.FactSet) -> results.WhyNot:
    """The why-not as the plain walk over `conditions.node` gives it."""
    labels = conditions.fact_labels(compiled.pack)
    derives: dict[str, list[compiler.CompiledRule]] = {}
    for r in compiled.rules:
        if r.rule.then.derive:
            derives.setdefault(r.rule.then.derive, []).append(r)

    def changeable(ways: list[tuple[results.Gap, ...]]) -> list[tuple[results.Gap, ...]]:
        return [w for w in ways if not any(g.fixed for g in w)] or ways

    def ways_of(r: compiler.CompiledRule, negated: bool) -> tuple[tuple[conditions.Check, ...], ...]:
        tree = conditions.node(r.when, known, facts, negated=negated, labels=labels,
                               params=conditions.param_paths(r.rule.when))
        return conditions.options(tree)

    def gap(check: conditions.Check, depth: int) -> results.Gap:
        spec = compiled.fact(check.fact)
        relation, needed = check.relation, check.needed
        if spec is not None and spec.type == "int":
            relation, needed = whynot.whole(relation, needed)
        parameter = None
        if check.params:
            value = compiled.param(check.params[0])
            if value is not None:
                parameter = results.Parameter(check.params[0], value.value, value.reference, value.provenance)
        because: tuple[results.Gap, ...] = ()
        if spec is not None and spec.derived and depth < whynot.MAX_DEPTH:
            because = derived(check, depth + 1)
        return results.Gap(
            check.fact, relation, tup(check.value), tup(needed), spec.unit if spec else None, parameter,
            check.expression, check.substituted, spec.description if spec else None, because,
            labels.get(check.fact, ()), fixed=check.fixed or any(g.fixed for g in because))

    def derived(check: conditions.Check, depth: int) -> tuple[results.Gap, ...]:
        if not isinstance(check.needed, bool) or check.relation not in ("eq", "ne"):
            return ()
        target = check.needed if check.relation == "eq" else not check.needed
        for r in derives.get(check.fact, []):
            ways = changeable([tuple(gap(c, depth) for c in way) for way in ways_of(r, not target)])
            if ways:
                return ways[0]
        return ()

    def tup(value: object) -> object:
        return tuple(value) if isinstance(value, list) else value

    gaps = changeable([tuple(gap(c, 0) for c in way) for way in ways_of(rule, False)])
    return results.WhyNot(gaps[0] if gaps else (), tuple(gaps[1:]))


def _exact(a: object, b: object) -> bool:
    """Equal down to every field (the labels too, which `Gap` equality leaves out) and every value's type."""
    if type(a) is not type(b):
        return False
    if dataclasses.is_dataclass(a) and not isinstance(a, type):
        return all(_exact(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a))
    if isinstance(a, (tuple, list)):
        return len(a) == len(b) and all(_exact(x, y) for x, y in zip(a, b, strict=True))  # type: ignore[arg-type]
    return a == b


def _check(ev: evidence.Evidence, compiled: compiler.CompiledPack) -> int:
    result = pipeline.assess(ev, compiled, engine.get("plain"))
    facts = bind.bind(ev, compiled)
    checked = 0
    for f in result.findings:
        if f.met is True or f.why is None:
            continue
        rule = compiled.rule(f.rule)
        assert rule is not None
        fast = whynot.for_rule(compiled, rule, f.values, facts)
        assert _exact(fast, _reference(compiled, rule, f.values, facts)), (compiled.pack.id, f.rule)
        assert _exact(f.why_not, fast)
        # the simulation's lean path: the same closest way, flat, as (fact, relation, needed, found)
        flat = tuple(base.Want(g.fact, g.relation, g.needed, g.found) for g in base._flat(fast.closest))
        assert isinstance(f.why, whynot.Why)
        assert _exact(f.why.closest(f), flat), (compiled.pack.id, f.rule)
        assert _exact(whynot.closest(compiled, rule, f.values, facts), flat)
        checked += 1
    return checked


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_the_planned_why_not_is_the_plain_walks(path: Path) -> None:
    ev = evidence.load(path)
    for pack in pipeline.select_packs(ev, ()):
        _check(ev, pipeline.compile_pack(pack, ev.date))


def test_the_planned_why_not_is_the_plain_walks_on_generated_centres(tmp_path: Path) -> None:
    assert sum(_check(ev, compiled) for ev, compiled in generated.centres(tmp_path, 4)) > 0


def test_a_why_not_is_kept_for_centres_stating_what_it_reads_and_only_for_them() -> None:
    """`for_rule` keeps what it worked out by the values and bindings it read: the same values give the same
    why-not (one object, one dict in a report), a value of another type or another value its own, as worked out."""
    changed = 0
    for path in EXAMPLES[:3]:
        ev = evidence.load(path)
        for pack in pipeline.select_packs(ev, ()):
            compiled = pipeline.compile_pack(pack, ev.date)
            facts = bind.bind(ev, compiled)
            for f in pipeline.assess(ev, compiled, engine.get("plain")).findings:
                rule = compiled.rule(f.rule)
                if f.met is True or rule is None:
                    continue
                known = dict(f.values)
                first = whynot.for_rule(compiled, rule, known, facts)
                assert whynot.for_rule(compiled, rule, dict(known), facts) is first
                for fact in whynot._data(compiled).reads(rule):
                    value = known.get(fact)
                    if type(value) is not int:
                        continue
                    for other in (float(value), value + 1):  # equal but a float; another number
                        shifted = {**known, fact: other}
                        got = whynot.for_rule(compiled, rule, shifted, facts)
                        assert _exact(got, _reference(compiled, rule, shifted, facts)), (f.rule, fact, other)
                        changed += type(other) is float and not _exact(got, first)
    assert changed > 0  # a float shows in some why-not: a key blind to types would have failed above
