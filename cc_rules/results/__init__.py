"""The one serialisable results model. Every reporter reads it; exit codes are its methods."""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Mapping
from typing import Any

from cc_rules.model import Text

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
class Hole:
    """A `{fact}` placeholder of an explanation template."""

    fact: str


@dataclasses.dataclass(frozen=True)
class Template:
    """An explanation parsed once per compiled pack: literal text (parameters already filled in) and fact holes."""

    zh: tuple[str | Hole, ...]
    en: tuple[str | Hole, ...]


NOT_EVIDENCED = Text("未提供证据", "not evidenced")


def format_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(format_value(v) for v in value) + "]"
    return str(value)


def _fill(parts: tuple[str | Hole, ...], values: Mapping[str, object], lang: str) -> str:
    return "".join(
        part if isinstance(part, str)
        else format_value(values[part.fact]) if part.fact in values
        else f"({NOT_EVIDENCED.get(lang)})"
        for part in parts)


@dataclasses.dataclass(frozen=True)
class RuleInfo:
    """What a finding says about its rule, the same in every assessment: prepared once per compiled pack."""

    rule: str
    item: str
    kind: str  # requirement | deduction | bonus | warning
    clause: str
    provenance: str
    level: int | None = None
    dimension: str | None = None
    template: Template | None = None
    recommend: tuple[str, ...] = ()
    file: str | None = None
    line: int | None = None


@dataclasses.dataclass(frozen=True)
class Finding:
    """One rule's outcome in one assessment: its rule (`info`), met / not met / unknown, the points it moved, and the
    facts it read. The rule's fields are readable directly (`finding.rule`, `finding.clause`, …)."""

    info: RuleInfo
    met: bool | None
    points: float | None  # signed: -lost, +won, 0 when nothing moved; None for requirements and warnings
    because: tuple[Because, ...]
    values: Mapping[str, object] = dataclasses.field(default_factory=dict, compare=False, repr=False, hash=False)

    rule = property(lambda self: self.info.rule)
    item = property(lambda self: self.info.item)
    kind = property(lambda self: self.info.kind)
    clause = property(lambda self: self.info.clause)
    provenance = property(lambda self: self.info.provenance)
    level = property(lambda self: self.info.level)
    dimension = property(lambda self: self.info.dimension)
    template = property(lambda self: self.info.template)
    recommend = property(lambda self: self.info.recommend)
    file = property(lambda self: self.info.file)
    line = property(lambda self: self.info.line)

    @functools.cached_property
    def explanation(self) -> Text | None:
        """The rule's explanation with the assessment's values, rendered when first read (most never are)."""
        template = self.info.template
        if template is None:
            return None
        return Text(_fill(template.zh, self.values, "zh"), _fill(template.en, self.values, "en"))


@dataclasses.dataclass(frozen=True)
class Missing:
    id: str
    clause: str
    reason: str  # "not met" | "not evidenced: fact, …"
    met: bool | None = None


@dataclasses.dataclass(frozen=True)
class NextLevel:
    level: int
    name: Text | None
    missing: tuple[Missing, ...]


@dataclasses.dataclass(frozen=True)
class ActionRec:
    id: str
    title: Text
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
    dimension_maxima: tuple[tuple[str, float], ...] = ()  # most each dimension can reach (base + bonuses, capped)


@dataclasses.dataclass(frozen=True)
class Retest:
    open: bool
    until: str


@dataclasses.dataclass(frozen=True)
class LevelStep:
    level: int
    name: Text
    awarded: bool
    met: int
    total: int


@dataclasses.dataclass(frozen=True)
class Coverage:
    encoded: tuple[int, ...]
    official: tuple[int, ...]


@dataclasses.dataclass(frozen=True)
class ItemNode:
    """A node of the pack's item tree in depth-first order, prepared once per compiled pack."""

    id: str
    parent: str | None
    depth: int
    title: Text
    clause: str
    provenance: str
    dimension: str | None
    children: tuple[int, ...]  # positions of the children in the same order
    kind: str | None = None  # objective | subjective (points packs)
    mode: str | None = None  # deduction | bonus (points packs)
    item_points: float | None = None  # what the item is worth (points packs)


@dataclasses.dataclass(frozen=True)
class ItemStatus:
    """One node of the pack's item tree with the state of its own rules, so reporters draw the tree without deciding.

    status: "met" (every rule met), "unmet" (one rule not met), "unknown" (none unmet, one not evidenced) or
    "none" (no rule in force reads this item; parents summarise their children the same way).
    """

    id: str
    parent: str | None
    depth: int
    title: Text
    clause: str
    provenance: str
    status: str
    met: int
    unmet: int
    unknown: int
    rules: tuple[str, ...]
    dimension: str | None = None
    points: float | None = None  # points moved by the item's rules (points packs)
    kind: str | None = None
    mode: str | None = None
    item_points: float | None = None


@dataclasses.dataclass(frozen=True)
class Gates:
    """The CI gates of `cc-rules check`. A result is held to the gates given for its kind of pack (`min_level` for
    maturity packs, `min_score` for points packs); where none is given, to the pack's own verdict (level ≥ 1, a score
    above the pass line, every requirement met). `fail_on_warn` applies on top."""

    min_level: int | None = None
    min_score: float | None = None
    fail_on_warn: bool = False

    def own_verdict_applies(self, model: str) -> bool:
        return not ((model == "maturity" and self.min_level is not None)
                    or (model == "points" and self.min_score is not None))


@dataclasses.dataclass(frozen=True)
class GateCheck:
    """One gate applied to one result: its verdict and what is missing, for JUnit/SARIF/annotations."""

    gate: str  # "passed" | "min-level" | "min-score" | "warnings"
    ok: bool
    message: str
    missing: tuple[Missing, ...]


@dataclasses.dataclass(frozen=True)
class Derived:
    fact: str
    value: bool
    rule: str


@dataclasses.dataclass(frozen=True)
class PackResult:
    pack_id: str
    pack_title: Text
    edition: str
    edition_reference: str
    pack_sha256: str
    model: str
    as_of: str
    engine: str
    level: int | None
    level_name: Text | None
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
    item_nodes: tuple[ItemNode, ...] = dataclasses.field(default=(), compare=False, repr=False)

    @functools.cached_property
    def items(self) -> tuple[ItemStatus, ...]:
        """The item tree, depth-first, each item with its own rules' state rolled up with its children's (worst
        first). Built when first read: a gate in CI never needs it."""
        return _item_statuses(self.item_nodes, self.findings)

    def finding(self, rule: str) -> Finding | None:
        return next((f for f in self.findings if f.rule == rule), None)

    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.kind == "warning" and f.met is False)

    def gate_failures(self, gates: Gates) -> tuple[str, ...]:
        """Why this result misses the CI gates (empty when it passes them)."""
        return tuple(c.message for c in self.gate_checks(gates) if not c.ok)

    def gate_checks(self, gates: Gates) -> tuple[GateCheck, ...]:
        """Every gate that applies to this result, passed or not; the pack's own verdict first."""
        requirements = [f for f in self.findings if f.kind == "requirement"]
        lost = tuple(Missing(f.rule, f.clause, f"{f.points:g} points", f.met)
                     for f in self.findings if f.points is not None and f.points < 0)
        if self.model == "maturity":
            missing = _missing(f for f in requirements if f.level == 1)
            verdict = f"level {self.level or 0}"
        elif self.model == "points":
            missing = lost
            verdict = f"score {self.score.total:g}" if self.score else "no score"
        else:
            missing = _missing(requirements)
            verdict = "conformity"
        out = []
        if gates.own_verdict_applies(self.model):
            out.append(GateCheck("passed", self.passed, f"{verdict}: {'passed' if self.passed else 'not passed'}",
                                 () if self.passed else missing))
        if gates.min_level is not None and self.model == "maturity":
            ok = (self.level or 0) >= gates.min_level
            out.append(GateCheck(
                "min-level", ok, f"level {self.level or 0} {'>=' if ok else '<'} required {gates.min_level}",
                () if ok else _missing(f for f in requirements if (f.level or 0) <= gates.min_level)))
        if gates.min_score is not None and self.score is not None:
            ok = self.score.total >= gates.min_score
            out.append(GateCheck("min-score", ok,
                                 f"score {self.score.total:g} {'>=' if ok else '<'} required {gates.min_score:g}",
                                 () if ok else lost))
        if gates.fail_on_warn:
            warned = self.warnings()
            out.append(GateCheck("warnings", not warned,
                                 f"{len(warned)} warning(s)" + (": " + ", ".join(f.rule for f in warned) if warned else ""),
                                 tuple(Missing(f.rule, f.clause, "warning", f.met) for f in warned)))
        return tuple(out)


def _missing(found: Any) -> tuple[Missing, ...]:
    """Requirements not met, with the same reasons as the maturity award gives."""
    out = []
    for f in found:
        if f.met is True:
            continue
        lacking = [b.fact for b in f.because if b.value is None]
        reason = "not met" if f.met is False else "not evidenced: " + ", ".join(lacking) if lacking else "not evidenced"
        out.append(Missing(f.rule, f.clause, reason, f.met))
    return tuple(out)


def _item_statuses(nodes: tuple[ItemNode, ...], findings: tuple[Finding, ...]) -> tuple[ItemStatus, ...]:
    own: dict[str, list[Finding]] = {}
    for f in findings:
        if not (f.kind == "warning" and f.met is True):
            own.setdefault(f.item, []).append(f)
    totals: list[tuple[int, int, int, float | None]] = [(0, 0, 0, None)] * len(nodes)
    for index in range(len(nodes) - 1, -1, -1):  # children come after their parent: one reverse pass rolls up
        fs = own.get(nodes[index].id, [])
        met = sum(1 for f in fs if f.met is True)
        unmet = sum(1 for f in fs if f.met is False)
        unknown = sum(1 for f in fs if f.met is None)
        moved = [f.points for f in fs if f.points is not None]
        points: float | None = sum(moved) if moved else None
        for child in nodes[index].children:
            c_met, c_unmet, c_unknown, c_points = totals[child]
            met, unmet, unknown = met + c_met, unmet + c_unmet, unknown + c_unknown
            if c_points is not None:
                points = (points or 0.0) + c_points
        totals[index] = (met, unmet, unknown, points)
    out = []
    for node, (met, unmet, unknown, points) in zip(nodes, totals):
        out.append(ItemStatus(
            id=node.id, parent=node.parent, depth=node.depth, title=node.title, clause=node.clause,
            provenance=node.provenance, status="unmet" if unmet else "unknown" if unknown else "met" if met else "none",
            met=met, unmet=unmet, unknown=unknown, rules=tuple(sorted(f.rule for f in own.get(node.id, []))),
            dimension=node.dimension, points=None if points is None else round(points, 4), kind=node.kind,
            mode=node.mode, item_points=node.item_points))
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

    def exit_code(self, gates: Gates | None = None) -> int:
        """0 when every result passes its gates, 1 when one misses (see `Gates` for which gates apply)."""
        gates = gates or Gates()
        return 1 if any(r.gate_failures(gates) for a in self.assessments for r in a.results) else 0

    def to_dict(self) -> dict[str, Any]:
        return {"format": FORMAT, "assessments": [_assessment(a) for a in self.assessments]}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False, indent=2) + "\n"


def _text(text: Text | None) -> dict[str, str] | None:
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
            "pass_threshold": _num(r.score.pass_threshold), "maximum": _num(r.score.maximum),
            "dimension_maxima": {k: _num(v) for k, v in r.score.dimension_maxima}},
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
        "items": [{"id": i.id, "parent": i.parent, "depth": i.depth, "title": _text(i.title), "clause": i.clause,
                   "provenance": i.provenance, "status": i.status, "met": i.met, "unmet": i.unmet,
                   "unknown": i.unknown, "rules": list(i.rules), "dimension": i.dimension,
                   "points": _num(i.points), "kind": i.kind, "mode": i.mode,
                   "item_points": _num(i.item_points)} for i in r.items],
    }


def _assessment(a: AssessmentResult) -> dict[str, Any]:
    return {
        "evidence": {"file": a.file, "sha256": a.sha256},
        "organization": dict(a.organization),
        "assessment": {"date": a.date, "mode": a.mode},
        "results": [_result(r) for r in a.results],
    }
