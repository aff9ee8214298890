"""Results of `cc-rules diff`: each centre before and after a pack change, the rules that move it, and what changed
in the pack. Computed by cc_rules/tools/diff.py, rendered by cc_rules/reports/diff_text.py (text and markdown, in
`lang`); `to_json` is the machine-readable form (`cc-rules/diff@1`).
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from cc_rules.base import i18n


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


@dataclasses.dataclass(frozen=True)
class CentreDiff:
    file: str
    organization: str
    before: Side
    after: Side
    causes: tuple[RuleChange, ...]

    @property
    def direction(self) -> str:
        b, a = self.before, self.after
        key_b = (b.level if b.level is not None else 0, b.score if b.score is not None else 0.0)
        key_a = (a.level if a.level is not None else 0, a.score if a.score is not None else 0.0)
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
                            "points_delta": r.points_delta} for r in c.causes],
            } for c in self.centres],
            "skipped": [{"file": f, "reason": why} for f, why in self.skipped],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False, indent=2, default=str) + "\n"
