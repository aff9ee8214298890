"""Results of `cc-rules crosswalk`: which evidence serves which clause of which standard.

`Crosswalk.facts` lists every evidence fact the rules in force of the packs read, with the rules (and their clauses)
that read it, directly or through a derived fact; facts shared by several packs come first. With an evidence file,
`Crosswalk.packs` says per pack which rules the evidence already evidences (every fact they read is given, whatever
the outcome), and `Crosswalk.suggestions` which missing facts would advance the most clauses across all packs at once.
Computed by cc_rules/tools/crosswalk.py, rendered by cc_rules/reports/crosswalk_text.py; `to_json` is the
machine-readable form (`cc-rules/crosswalk@1`), byte-identical for the same input.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from cc_rules import model
from cc_rules.base import jsontext


@dataclasses.dataclass(frozen=True, order=True)
class Clause:
    """A clause of one pack at one level (None for packs without levels): the unit a suggestion advances."""

    pack: str
    clause: str
    level: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"pack": self.pack, "clause": self.clause, "level": self.level}


@dataclasses.dataclass(frozen=True)
class RuleRef:
    """A rule that makes a finding, as the crosswalk shows it."""

    pack: str
    rule: str
    item: str
    clause: str
    title: model.Text  # the rule's item's title
    provenance: str
    kind: str  # the kind's reported name (cc_rules.awards.kinds)
    level: int | None = None
    via: tuple[str, ...] = ()  # derived facts through which the rule reads the fact (empty: read directly)

    @property
    def where(self) -> Clause:
        return Clause(self.pack, self.clause, self.level)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"pack": self.pack, "rule": self.rule, "item": self.item, "clause": self.clause,
                               "title": {"zh": self.title.zh, "en": self.title.en}, "provenance": self.provenance,
                               "kind": self.kind, "level": self.level}
        if self.via:
            out["via"] = list(self.via)
        return out


@dataclasses.dataclass(frozen=True)
class FactUse:
    """One evidence fact and every rule that reads it; `given` says whether the evidence gives it (None: no
    evidence)."""

    fact: str
    description: model.Text | None
    rules: tuple[RuleRef, ...]
    given: bool | None = None

    @property
    def packs(self) -> tuple[str, ...]:
        return tuple(sorted({r.pack for r in self.rules}))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"fact": self.fact, "packs": list(self.packs), "rules": [r.to_dict() for r in self.rules]}
        if self.description is not None:
            out["description"] = {"zh": self.description.zh, "en": self.description.en}
        if self.given is not None:
            out["given"] = self.given
        return out


@dataclasses.dataclass(frozen=True)
class RuleGap:
    """A rule the evidence does not yet evidence, and the evidence facts it still lacks."""

    rule: RuleRef
    missing: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {**self.rule.to_dict(), "missing": list(self.missing)}


@dataclasses.dataclass(frozen=True)
class PackCoverage:
    """For one pack: the rules the evidence evidences and those it does not."""

    pack: str
    title: model.Text
    edition: str
    as_of: str
    evidenced: tuple[RuleRef, ...]
    gaps: tuple[RuleGap, ...]

    @property
    def total(self) -> int:
        return len(self.evidenced) + len(self.gaps)

    def evidenced_clauses(self) -> tuple[Clause, ...]:
        """Clauses every rule of which is evidenced, in clause order."""
        open_ = {g.rule.where for g in self.gaps}
        return tuple(sorted({r.where for r in self.evidenced} - open_, key=_clause_key))

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.pack, "title": {"zh": self.title.zh, "en": self.title.en}, "edition": self.edition,
                "as_of": self.as_of, "rules": self.total, "evidenced": [r.to_dict() for r in self.evidenced],
                "evidenced_clauses": [c.to_dict() for c in self.evidenced_clauses()],
                "gaps": [g.to_dict() for g in self.gaps]}


@dataclasses.dataclass(frozen=True)
class Suggestion:
    """A fact the evidence lacks, and the clauses (across all packs) whose rules read it and are not yet evidenced;
    `completes` are the rules it is the last missing fact of."""

    fact: str
    description: model.Text | None
    clauses: tuple[Clause, ...]
    rules: tuple[str, ...]
    completes: tuple[str, ...]

    @property
    def packs(self) -> tuple[str, ...]:
        return tuple(sorted({c.pack for c in self.clauses}))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"fact": self.fact, "packs": list(self.packs),
                               "clauses": [c.to_dict() for c in self.clauses], "rules": list(self.rules),
                               "completes": list(self.completes)}
        if self.description is not None:
            out["description"] = {"zh": self.description.zh, "en": self.description.en}
        return out


@dataclasses.dataclass(frozen=True)
class PackInfo:
    id: str
    title: model.Text
    source: str
    edition: str


@dataclasses.dataclass(frozen=True)
class Crosswalk:
    packs_used: tuple[PackInfo, ...]
    as_of: str | None  # the date the rules in force were chosen for (None: each evidence's date was used)
    facts: tuple[FactUse, ...]
    evidence: str | None = None
    packs: tuple[PackCoverage, ...] = ()
    suggestions: tuple[Suggestion, ...] = ()

    def shared(self) -> tuple[FactUse, ...]:
        return tuple(f for f in self.facts if len(f.packs) > 1)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "format": "cc-rules/crosswalk@1", "as_of": self.as_of,
            "packs_used": [{"id": p.id, "title": {"zh": p.title.zh, "en": p.title.en}, "source": p.source,
                            "edition": p.edition} for p in self.packs_used],
            "facts": [f.to_dict() for f in self.facts]}
        if self.evidence is not None:
            out["evidence"] = {"file": self.evidence, "packs": [p.to_dict() for p in self.packs],
                               "suggestions": [s.to_dict() for s in self.suggestions]}
        return out

    def to_json(self) -> str:
        return jsontext.dumps(self.to_dict()) + "\n"


def _clause_key(c: Clause) -> tuple[str, tuple[tuple[int, str], ...], int]:
    return c.pack, clause_order(c.clause), c.level or 0


def clause_order(clause: str) -> tuple[tuple[int, str], ...]:
    """Sort key of a clause number: 8.10 after 8.9, numbers before letters."""
    return tuple((int(p), "") if p.isdigit() else (1 << 30, p) for p in clause.split("."))
