"""Results of `cc-rules diff`: each centre before and after a pack change, the rules that move it, and what changed
in the pack. Computed by cc_rules/tools/diff.py, rendered by cc_rules/reports/diff_text.py (text and markdown, in
`lang`); `to_json` is the machine-readable form (`cc-rules/diff@1`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

from cc_rules.base import i18n, jsontext
from cc_rules.results import Because


@dataclasses.dataclass(frozen=True)
class Side:
    level: int | None
    score: float | None
    grade: str | None
    passed: bool
    edition: str

    def describe(self, lang: str = "en") -> str:
        """`level 2, score 87, grade B, pass` in `lang`."""
        parts = []
        if self.level is not None:
            parts.append(i18n.message("diff.side-level", lang, level=self.level))
        if self.score is not None:
            parts.append(i18n.message("diff.side-score", lang, score=f"{self.score:g}"))
        if self.grade is not None:
            parts.append(i18n.message("diff.side-grade", lang, grade=self.grade))
        parts.append(i18n.message("diff.side-pass" if self.passed else "diff.side-fail", lang))
        return i18n.message("diff.side-separator", lang).join(parts)


@dataclasses.dataclass(frozen=True)
class RuleChange:
    rule: str
    change: str  # changed | added | removed
    before: str | None  # "met=true points=0" …
    after: str | None
    points_delta: float
    because: tuple[Because, ...] = ()  # the facts the rule read, with the centre's values (after the change)
    was: tuple[bool | None, float | None] | None = None  # (met, points) before; None: not in force
    now: tuple[bool | None, float | None] | None = None  # (met, points) after

    def state(self, lang: str, after: bool) -> str:
        """`met, 0 points` / `满足，0 分` before or after; `-` when the rule is not in force on that side."""
        pair = self.now if after else self.was
        if pair is None:
            return "-"
        met, points = pair
        text = i18n.message(f"diff.met-{str(met).lower()}", lang)
        return text if points is None else text + i18n.message("diff.state-points", lang, points=f"{points:+g}")


@dataclasses.dataclass(frozen=True)
class CentreDiff:
    file: str
    organization: str
    before: Side
    after: Side
    causes: tuple[RuleChange, ...]
    day: dt.date | None = None  # the date both packs were assessed on

    @property
    def direction(self) -> str:
        b, a = self.before, self.after
        key_b = (b.level if b.level is not None else 0, b.score if b.score is not None else 0.0, b.passed)
        key_a = (a.level if a.level is not None else 0, a.score if a.score is not None else 0.0, a.passed)
        return "up" if key_a > key_b else "down" if key_a < key_b else "same"

    @property
    def moved(self) -> bool:
        return self.before != dataclasses.replace(self.after, edition=self.before.edition)


@dataclasses.dataclass(frozen=True)
class ParamChange:
    name: str
    before: Any
    after: Any


@dataclasses.dataclass(frozen=True)
class DatedChange:
    """A date window on which the packs differ, and how many centres are assessed inside it."""

    kind: str  # parameter | edition | rule
    name: str
    start: dt.date
    until: dt.date | None
    centres: int

    def window(self) -> str:
        start = "…" if self.start == dt.date.min else self.start.isoformat()
        return f"[{start}, {self.until.isoformat() if self.until else '…'})"


@dataclasses.dataclass(frozen=True)
class PackDiff:
    old: str
    new: str
    old_id: str
    new_id: str
    centres: tuple[CentreDiff, ...]
    skipped: tuple[tuple[str, str], ...]  # file, reason
    rules_added: tuple[str, ...]
    rules_removed: tuple[str, ...]
    rules_modified: tuple[str, ...]
    params: tuple[ParamChange, ...]  # parameters whose latest value differs
    dated: tuple[DatedChange, ...] = ()

    def distribution(self) -> dict[str, list[tuple[object, int, int]]]:
        """Before/after counts of each level, grade and pass verdict over the centres, best first (only what the
        packs award; `None`: no level or grade)."""
        out: dict[str, list[tuple[object, int, int]]] = {}
        sides = [(c.before, c.after) for c in self.centres]
        best_score: dict[object, float] = {}
        for side in (s for pair in sides for s in pair):
            if side.grade is not None:
                best_score[side.grade] = max(best_score.get(side.grade, 0.0), side.score or 0.0)
        orders: dict[str, Callable[[object], Any]] = {
            "level": lambda v: -int(v),  # type: ignore[call-overload]
            "grade": lambda v: -best_score.get(v, 0.0),
            "pass": lambda v: not v,
        }
        for key, order in orders.items():
            values = [(getattr(b, "passed" if key == "pass" else key), getattr(a, "passed" if key == "pass" else key))
                      for b, a in sides]
            if all(v is None for pair in values for v in pair):
                continue
            seen = sorted({v for pair in values for v in pair if v is not None}, key=order)
            rows = [(v, sum(1 for b, _ in values if b == v), sum(1 for _, a in values if a == v)) for v in seen]
            if any(v is None for pair in values for v in pair):
                rows.append((None, sum(1 for b, _ in values if b is None), sum(1 for _, a in values if a is None)))
            out[key] = rows
        return out

    def summary(self) -> dict[str, int]:
        return {
            "centres": len(self.centres),
            "moved": sum(1 for c in self.centres if c.moved),
            "up": sum(1 for c in self.centres if c.direction == "up"),
            "down": sum(1 for c in self.centres if c.direction == "down"),
            "unchanged": sum(1 for c in self.centres if not c.moved),
            "now_pass": sum(1 for c in self.centres if not c.before.passed and c.after.passed),
            "now_fail": sum(1 for c in self.centres if c.before.passed and not c.after.passed),
            "findings_changed": sum(1 for c in self.centres if c.causes),
            "skipped": len(self.skipped),
        }

    def to_dict(self) -> dict[str, Any]:
        def side(s: Side) -> dict[str, Any]:
            return {"level": s.level, "score": s.score, "grade": s.grade, "passed": s.passed, "edition": s.edition}

        return {
            "format": "cc-rules/diff@1",
            "old": {"pack": self.old, "id": self.old_id}, "new": {"pack": self.new, "id": self.new_id},
            "summary": self.summary(),
            "pack_changes": {"rules_added": list(self.rules_added), "rules_removed": list(self.rules_removed),
                             "rules_modified": list(self.rules_modified),
                             "parameters": [{"name": p.name, "before": p.before, "after": p.after}
                                            for p in self.params]},
            "centres": [{
                "file": c.file, "organization": c.organization, "moved": c.moved, "direction": c.direction,
                "before": side(c.before), "after": side(c.after),
                "causes": [{"rule": r.rule, "change": r.change, "before": r.before, "after": r.after,
                            "points_delta": r.points_delta,
                            "facts": {b.fact: b.value for b in r.because}} for r in c.causes],
                "as_of": c.day.isoformat() if c.day else None,
            } for c in self.centres],
            "skipped": [{"file": f, "reason": why} for f, why in self.skipped],
            "distribution": {k: [{"value": v, "before": b, "after": a} for v, b, a in rows]
                             for k, rows in self.distribution().items()},
            "dated_changes": [{"kind": d.kind, "name": d.name, "from": d.start.isoformat() if d.start != dt.date.min
                               else None, "until": d.until.isoformat() if d.until else None, "centres": d.centres}
                              for d in self.dated],
        }

    def to_json(self) -> str:
        return jsontext.dumps(self.to_dict(), default=str) + "\n"
