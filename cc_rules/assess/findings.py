"""Rule outcomes → findings with provenance: rule id, clause, the facts matched with values and evidence sources.

Built in bulk from what `prepared` looked up once per pack: each finding's fields for each outcome (its info, the
points the outcome moves) are a template dict, so per assessment a finding is a copy of its template and one shared
`Assessment`, made by C loops without a Python call per finding. What a finding says about the facts it read
(`because`), the values behind its explanation and its why-not are worked out from that `Assessment` when first
read: a CI gate reads none of them."""

from __future__ import annotations

import collections
import itertools
import operator
from collections.abc import Mapping

from cc_rules import engine, results
from cc_rules.assess import prepared, whynot
from cc_rules.compile import compiler
from cc_rules.model import evidence

_new = object.__new__
_set = object.__setattr__
_Finding = results.Finding


def build(compiled: compiler.CompiledPack, facts: evidence.FactSet, evaluation: engine.Evaluation,
          prep: prepared.Prepared, values: Mapping[str, object] | None = None
          ) -> tuple[tuple[results.Finding, ...], tuple[results.Derived, ...]]:
    """The findings in rule order and the derived facts that became known. `values`: `facts.values()`, when the
    caller has it already."""
    derived_values = dict(evaluation.derived)
    given = facts.values() if values is None else values
    shared = Assessment(compiled, facts, None, derived_values, prep, given)
    outcomes = evaluation.outcomes
    # each finding's fields: its template for its outcome | {"_assessed": shared}, a new dict per finding
    fields = list(map(operator.or_, map(dict.__getitem__, prep.templates, prep.pick(outcomes)),
                      itertools.repeat({"_assessed": shared})))
    found = list(map(_new, itertools.repeat(_Finding, len(fields))))
    _drain(map(_set, found, itertools.repeat("__dict__"), fields))  # the dataclass's fields set at once
    derived = tuple(d.made[outcome] for d in prep.derive_rules if (outcome := outcomes[d.index]) is not None)
    return tuple(found), derived


def _drain(calls: collections.abc.Iterator[object]) -> None:
    collections.deque(calls, maxlen=0)


class Assessment(results.Assessed):
    """What the findings of one assessment share: the values (facts, derived facts, why a fact is unknown), each
    fact read as a `Because` (made when a finding first reads it) and the why-not of a finding. The values and the
    why-not's function are made when first read (an explanation, a why-not): a CI gate, a record, reads neither."""

    __slots__ = ("_compiled", "_derived", "_facts", "_given", "_known", "_made", "_prep", "_shown", "_why")

    def __init__(self, compiled: compiler.CompiledPack, facts: evidence.FactSet, known: Mapping[str, object] | None,
                 derived: Mapping[str, bool], prep: prepared.Prepared,
                 given: Mapping[str, object] | None = None) -> None:
        """`known`: the values as `values` gives them, or None to make them from the facts and `derived`."""
        self._known = known
        self._why: whynot.Why | None = None
        self._compiled, self._facts, self._derived, self._prep = compiled, facts, derived, prep
        self._made: dict[str, results.Because] = {}
        self._given = given  # `facts.values()`, when the caller has it
        self._shown: dict[str, object] | None = None

    @property
    def values(self) -> Mapping[str, object]:  # type: ignore[override]
        """The evidenced values, then the derived ones; why a fact is unknown rides beside them under "?name", so
        what reads the values as facts never sees it."""
        known = self._known
        if known is None:
            given = self._facts.values() if self._given is None else self._given
            known = self._known = {**{f"?{n}": results.Unknown(why) for n, why in self._facts.unknown_why},
                                   **given, **self._derived}
        return known

    @property
    def why(self) -> whynot.Why:  # type: ignore[override]
        made = self._why
        if made is None:
            # not a bound method, which would hold the assessment in a cycle: freed only by the collector, it would
            # keep its facts and values alive until a collection walks them (a tenth of a millisecond per
            # assessment); the roadmap's simulation asks it for closest ways only (`whynot.Why.closest`)
            made = self._why = whynot.Why(self._compiled, self.values, self._facts)
        return made

    def facts_read(self, finding: results.Finding) -> dict[str, object]:
        """Each fact the finding's rule read with the value its `because` gives (evidenced, else derived, else
        None), a tuple as a list, from the values and without making `Because` objects."""
        shown = self._shown
        if shown is None:
            given = self._facts.values() if self._given is None else self._given
            shown = self._shown = {**self._derived, **given}  # evidenced before derived
            shown.update({name: list(value) for name, value in shown.items() if isinstance(value, tuple)})
        return {name: shown.get(name) for name in self._prep.reads.get(finding.info.rule, ())}

    def because(self, finding: results.Finding) -> tuple[results.Because, ...]:
        made, get = self._made, self._made.get
        out = []
        for name in self._prep.reads.get(finding.info.rule, ()):
            found = get(name)
            if found is None:
                found = made[name] = self._because(name)
            out.append(found)
        return tuple(out)

    def _because(self, name: str) -> results.Because:
        labels = self._prep.labels.get(name, ())
        fact = self._facts.get(name)
        if fact is not None:
            return results.Because(name, fact.value, fact.source, fact.file, fact.line, fact.path, labels)
        if name in self._derived:
            return results.Because(name, self._derived[name], "derived", labels=labels)
        return results.Because(name, None, labels=labels)

