"""Rule outcomes → findings with provenance: rule id, clause, the facts matched with values and evidence sources."""

from __future__ import annotations

from collections.abc import Mapping

from cc_rules import engine, results
from cc_rules.assess import prepared
from cc_rules.compile import compiler
from cc_rules.model import evidence


def build(compiled: compiler.CompiledPack, facts: evidence.FactSet, evaluation: engine.Evaluation,
          prep: prepared.Prepared) -> tuple[tuple[results.Finding, ...], tuple[results.Derived, ...]]:
    derived_values = dict(evaluation.derived)
    known: dict[str, object] = {**facts.values(), **derived_values}
    because: dict[str, results.Because] = {}

    def because_of(name: str) -> results.Because:
        found = because.get(name)
        if found is None:
            found = because[name] = _because(name, facts, derived_values)
        return found

    out = []
    derived = []
    for rule, outcome in zip(compiled.rules, evaluation.outcomes):
        info = prep.infos[rule.index]
        if info is None:  # a derive rule: its outcome is a fact, not a finding
            target = rule.rule.then.derive
            if outcome is not None and target:
                derived.append(results.Derived(target, outcome, rule.rule.id))
            continue
        out.append(results.Finding(info, outcome, _points(rule.rule.then.kind, outcome, rule.points),
                                   tuple([because_of(name) for name in rule.facts]), known))
    return tuple(out), tuple(derived)


def _points(kind: str, outcome: bool | None, points: float | None) -> float | None:
    if kind == "deduct":
        return 0.0 if outcome is True else -(points or 0.0)
    if kind == "add":
        return (points or 0.0) if outcome is True else 0.0
    return None


def _because(name: str, facts: evidence.FactSet, derived: Mapping[str, bool]) -> results.Because:
    fact = facts.get(name)
    if fact is not None:
        return results.Because(name, fact.value, fact.source, fact.file, fact.line, fact.path)
    if name in derived:
        return results.Because(name, derived[name], "derived")
    return results.Because(name, None)


