"""Rule outcomes → findings with provenance: rule id, clause, the facts matched with values and evidence sources."""

from __future__ import annotations

import functools
from collections.abc import Mapping

from cc_rules import engine, results
from cc_rules.assess import prepared, whynot
from cc_rules.awards import kinds
from cc_rules.compile import compiler
from cc_rules.model import evidence


def build(compiled: compiler.CompiledPack, facts: evidence.FactSet, evaluation: engine.Evaluation,
          prep: prepared.Prepared) -> tuple[tuple[results.Finding, ...], tuple[results.Derived, ...]]:
    derived_values = dict(evaluation.derived)
    # why a fact is unknown rides beside the values under "?name", so what reads the values as facts never sees it
    known: dict[str, object] = {**{f"?{n}": results.Unknown(why) for n, why in facts.unknown_why},
                                **facts.values(), **derived_values}
    because: dict[str, results.Because] = {}

    def because_of(name: str) -> results.Because:
        found = because.get(name)
        if found is None:
            found = because[name] = _because(name, facts, derived_values, compiled)
        return found

    out = []
    derived = []
    for rule, outcome in zip(compiled.rules, evaluation.outcomes, strict=False):
        info = prep.infos[rule.index]
        if info is None:  # a derive rule: its outcome is a fact, not a finding
            target = rule.rule.then.derive
            if outcome is not None and target:
                derived.append(results.Derived(target, outcome, rule.rule.id))
            continue
        kind = kinds.of_rule(rule.rule.then.kind)
        moved = kind.points(outcome, rule.points) if kind is not None else None
        out.append(results.Finding(info, outcome, moved, tuple([because_of(name) for name in rule.facts]), known,
                                   functools.partial(whynot.for_rule, compiled, rule, known, facts)))
    return tuple(out), tuple(derived)


def _because(name: str, facts: evidence.FactSet, derived: Mapping[str, bool],
             compiled: compiler.CompiledPack) -> results.Because:
    """The fact as read, with the labels its spec declares so reports show a value as a person reads it."""
    spec = compiled.fact(name)
    labels = spec.labels if spec is not None else ()
    fact = facts.get(name)
    if fact is not None:
        return results.Because(name, fact.value, fact.source, fact.file, fact.line, fact.path, labels)
    if name in derived:
        return results.Because(name, derived[name], "derived", labels=labels)
    return results.Because(name, None, labels=labels)


