"""Rule outcomes → findings with provenance: rule id, clause, the facts matched with values and evidence sources.

Built in bulk from what `prepared` looked up once per pack (each rule's info, the points each outcome moves, the facts
it reads): per assessment only one `Because` per fact read and one `Finding` per rule are made."""

from __future__ import annotations

import functools
from collections.abc import Mapping

from cc_rules import engine, results
from cc_rules.assess import prepared, whynot
from cc_rules.compile import compiler
from cc_rules.model import evidence

_new = object.__new__
_set = object.__setattr__
_Finding = results.Finding


def build(compiled: compiler.CompiledPack, facts: evidence.FactSet, evaluation: engine.Evaluation,
          prep: prepared.Prepared) -> tuple[tuple[results.Finding, ...], tuple[results.Derived, ...]]:
    derived_values = dict(evaluation.derived)
    # why a fact is unknown rides beside the values under "?name", so what reads the values as facts never sees it
    known: dict[str, object] = {**{f"?{n}": results.Unknown(why) for n, why in facts.unknown_why},
                                **facts.values(), **derived_values}
    because = _Because(facts, derived_values, prep.labels)
    get = because.__getitem__
    outcomes = evaluation.outcomes
    why = functools.partial(_why_not, compiled, known, facts)
    out = []
    for index, spec in enumerate(prep.finding_rules):
        if spec is None:
            continue
        outcome = outcomes[index]
        finding = _new(_Finding)  # the dataclass's fields set at once (a frozen __init__ sets them one by one)
        _set(finding, "__dict__", {
            "info": spec.info, "met": outcome, "points": spec.moved[outcome], "because": tuple(map(get, spec.facts)),
            "values": known, "why": why})
        out.append(finding)
    derived = tuple(results.Derived(d.fact, outcome, d.rule) for d in prep.derive_rules
                    if (outcome := outcomes[d.index]) is not None)
    return tuple(out), derived


def _why_not(compiled: compiler.CompiledPack, known: Mapping[str, object], facts: evidence.FactSet,
             finding: results.Finding) -> results.WhyNot | None:
    rule = compiled.rule(finding.rule)
    return whynot.for_rule(compiled, rule, known, facts) if rule is not None else None


class _Because(dict[str, results.Because]):
    """Each fact read, as a `Because`, made when a rule first reads it."""

    def __init__(self, facts: evidence.FactSet, derived: Mapping[str, bool],
                 labels: Mapping[str, results.Labels]) -> None:
        super().__init__()
        self.facts, self.derived, self.labels = facts, derived, labels

    def __missing__(self, name: str) -> results.Because:
        labels = self.labels.get(name, ())
        fact = self.facts.get(name)
        if fact is not None:
            made = results.Because(name, fact.value, fact.source, fact.file, fact.line, fact.path, labels)
        elif name in self.derived:
            made = results.Because(name, self.derived[name], "derived", labels=labels)
        else:
            made = results.Because(name, None, labels=labels)
        self[name] = made
        return made
