"""The one serialisable results model. Every reporter reads it; exit codes are its methods."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from cc_rules import model

FORMAT = "cc-rules/report@1"


@dataclasses.dataclass(frozen=True)
class Because:
    """One fact a rule read: its value (None = not evidenced) and where it came from."""

    fact: str
    value: object
    source: str | None = None
    file: str | None = None
    line: int | None = None
    path: str | None = None


@dataclasses.dataclass(frozen=True)
class Finding:
    rule: str
    item: str
    kind: str  # requirement | deduction | bonus | warning
    met: bool | None
    points: float | None  # signed: -lost, +won, 0 when nothing moved; None for requirements and warnings
    clause: str
    provenance: str
    because: tuple[Because, ...]
    level: int | None = None
    dimension: str | None = None
    explanation: model.Text | None = None
    recommend: tuple[str, ...] = ()
    file: str | None = None
    line: int | None = None


@dataclasses.dataclass(frozen=True)
class Missing:
    id: str
    clause: str
    reason: str  # "not met" | "not evidenced: fact, …"
    met: bool | None = None


@dataclasses.dataclass(frozen=True)
class NextLevel:
    level: int
    name: model.Text | None
    missing: tuple[Missing, ...]


@dataclasses.dataclass(frozen=True)
class ActionRec:
    id: str
    title: model.Text
    gain: float  # points won (points packs) or the level it helps unlock (maturity packs)
    gain_kind: str  # "points" | "level"
    effort: float
    rules: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class Score:
    total: float
    dimensions: tuple[tuple[str, float], ...]
    pass_threshold: float
    maximum: float


@dataclasses.dataclass(frozen=True)
class Retest:
    open: bool
    until: str


@dataclasses.dataclass(frozen=True)
class LevelStep:
    level: int
    name: model.Text
    awarded: bool
    met: int
    total: int


@dataclasses.dataclass(frozen=True)
class Coverage:
    encoded: tuple[int, ...]
    official: tuple[int, ...]


@dataclasses.dataclass(frozen=True)
class Derived:
    fact: str
    value: bool
    rule: str


@dataclasses.dataclass(frozen=True)
class PackResult:
    pack_id: str
    pack_title: model.Text
    edition: str
    edition_reference: str
    pack_sha256: str
    model: str
    as_of: str
    engine: str
    level: int | None
    level_name: model.Text | None
    passed: bool
    grade: str | None
    score: Score | None
    findings: tuple[Finding, ...]
    next_level: NextLevel | None
    actions: tuple[ActionRec, ...]
    unknown: tuple[str, ...]
    ladder: tuple[LevelStep, ...]
    retest: Retest | None
    coverage: Coverage | None
    derived: tuple[Derived, ...]

    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.kind == "warning" and f.met is False)

    def gate_failures(self, min_level: int | None = None, min_score: float | None = None,
                      fail_on_warn: bool = False) -> tuple[str, ...]:
        """Why this result misses the CI gates (empty when it passes them)."""
        out = []
        if min_level is not None and self.model == "maturity" and (self.level or 0) < min_level:
            out.append(f"level {self.level or 0} < required {min_level}")
        if min_score is not None and self.score is not None and self.score.total < min_score:
            out.append(f"score {self.score.total:g} < required {min_score:g}")
        if fail_on_warn and self.warnings():
            out.append(f"{len(self.warnings())} warning(s): " + ", ".join(f.rule for f in self.warnings()))
        return tuple(out)


@dataclasses.dataclass(frozen=True)
class AssessmentResult:
    file: str
    sha256: str
    organization: tuple[tuple[str, object], ...]
    date: str
    mode: str
    results: tuple[PackResult, ...]


@dataclasses.dataclass(frozen=True)
class Report:
    assessments: tuple[AssessmentResult, ...]

    def exit_code(self, min_level: int | None = None, min_score: float | None = None,
                  fail_on_warn: bool = False) -> int:
        """0 when every result passes the gates, 1 when one misses."""
        return 1 if any(r.gate_failures(min_level, min_score, fail_on_warn)
                        for a in self.assessments for r in a.results) else 0

    def to_dict(self) -> dict[str, Any]:
        return {"format": FORMAT, "assessments": [_assessment(a) for a in self.assessments]}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False, indent=2) + "\n"


def _text(text: model.Text | None) -> dict[str, str] | None:
    return {"zh": text.zh, "en": text.en} if text else None


def _num(value: float | None) -> float | int | None:
    if value is None:
        return None
    rounded = round(value, 4)
    return int(rounded) if float(rounded).is_integer() else rounded


def _because(b: Because) -> dict[str, Any]:
    value = list(b.value) if isinstance(b.value, tuple) else b.value
    return {"fact": b.fact, "value": value, "source": b.source, "file": b.file, "line": b.line, "path": b.path}


def _finding(f: Finding) -> dict[str, Any]:
    return {
        "rule": f.rule, "item": f.item, "kind": f.kind, "met": f.met, "points": _num(f.points), "clause": f.clause,
        "provenance": f.provenance, "because": [_because(b) for b in f.because], "level": f.level,
        "dimension": f.dimension, "explanation": _text(f.explanation), "recommend": list(f.recommend),
        "location": {"file": f.file, "line": f.line},
    }


def _result(r: PackResult) -> dict[str, Any]:
    return {
        "pack": {"id": r.pack_id, "title": _text(r.pack_title), "edition": r.edition,
                 "edition_reference": r.edition_reference, "sha256": r.pack_sha256},
        "model": r.model,
        "as_of": r.as_of,
        "engine": r.engine,
        "level": r.level,
        "level_name": _text(r.level_name),
        "passed": r.passed,
        "grade": r.grade,
        "score": None if r.score is None else {
            "total": _num(r.score.total), "dimensions": {k: _num(v) for k, v in r.score.dimensions},
            "pass_threshold": _num(r.score.pass_threshold), "maximum": _num(r.score.maximum)},
        "findings": [_finding(f) for f in r.findings],
        "next_level": None if r.next_level is None else {
            "level": r.next_level.level, "name": _text(r.next_level.name),
            "missing": [{"id": m.id, "clause": m.clause, "reason": m.reason, "met": m.met}
                        for m in r.next_level.missing]},
        "actions": [{"id": a.id, "title": _text(a.title), "gain": _num(a.gain), "gain_kind": a.gain_kind,
                     "effort": _num(a.effort), "rules": list(a.rules)} for a in r.actions],
        "unknown": list(r.unknown),
        "ladder": [{"level": s.level, "name": _text(s.name), "awarded": s.awarded, "met": s.met, "total": s.total}
                   for s in r.ladder],
        "retest": None if r.retest is None else {"open": r.retest.open, "until": r.retest.until},
        "coverage": None if r.coverage is None else {"encoded": list(r.coverage.encoded),
                                                      "official": list(r.coverage.official)},
        "derived": [{"fact": d.fact, "value": d.value, "rule": d.rule} for d in r.derived],
    }


def _assessment(a: AssessmentResult) -> dict[str, Any]:
    return {
        "evidence": {"file": a.file, "sha256": a.sha256},
        "organization": dict(a.organization),
        "assessment": {"date": a.date, "mode": a.mode},
        "results": [_result(r) for r in a.results],
    }
