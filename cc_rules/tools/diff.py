"""Impact of a rule change (`cc-rules diff OLD_PACK NEW_PACK EVIDENCE...`).

Each evidence file is assessed with both packs (addressed by directory or built-in id, so a changed copy in a temp
directory works) on the same date; for each centre the level/score/grade/pass before and after, and the rules whose
outcome or points differ between the two runs, plus rules only one pack has in force. The vocabulary check accepts a
fact declared by the old pack, the new pack or any built-in pack, so a corpus written for several packs can be used.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cc_rules import engine, results
from cc_rules.assess import bind
from cc_rules.assess import pipeline as assessment
from cc_rules.base import errors
from cc_rules.compile import compiler
from cc_rules.model import evidence, packs


@dataclasses.dataclass(frozen=True)
class Side:
    level: int | None
    score: float | None
    grade: str | None
    passed: bool
    edition: str

    def describe(self) -> str:
        parts = []
        if self.level is not None:
            parts.append(f"level {self.level}")
        if self.score is not None:
            parts.append(f"score {self.score:g}")
        if self.grade is not None:
            parts.append(f"grade {self.grade}")
        parts.append("pass" if self.passed else "fail")
        return ", ".join(parts)


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


def evidence_files(args: Sequence[str]) -> list[Path]:
    out: list[Path] = []
    for arg in args:
        path = Path(arg)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml", ".json") and p.is_file())
            if not found:
                raise errors.InputError([errors.Problem("the directory holds no *.yaml evidence file", file=arg,
                                                        code="diff-input")])
            out += found
        elif path.is_file():
            out.append(path)
        else:
            raise errors.InputError([errors.Problem("no such evidence file or directory", file=arg,
                                                    code="diff-input")])
    return out


def _finding_state(f: results.Finding) -> str:
    met = "unknown" if f.met is None else str(f.met).lower()
    return f"met={met}" + (f" points={f.points:+g}" if f.points is not None else "")


def _side(r: results.PackResult) -> Side:
    return Side(r.level, r.score.total if r.score else None, r.grade, r.passed, r.edition)


def compare(old: str, new: str, paths: Sequence[str], as_of: dt.date | None = None,
            engine_name: str = "plain") -> PackDiff:
    old_pack, new_pack = packs.load(old), packs.load(new)
    evaluator = engine.get(engine_name)
    builtins = [packs.load(i) for i in packs.builtin_ids()]
    centres, skipped = [], []
    for path in evidence_files(paths):
        ev = evidence.load(path)
        if ev.packs is not None and old_pack.id not in ev.packs and new_pack.id not in ev.packs:
            skipped.append((str(path), f"the evidence names packs {list(ev.packs)}"))
            continue
        day = as_of or ev.date
        before_c = compiler.compile_pack(old_pack, day)
        after_c = compiler.compile_pack(new_pack, day)
        vocabulary = [before_c, after_c] + [compiler.compile_pack(p, day) for p in builtins
                                            if p.edition_at(day) is not None]
        bind.check_vocabulary(ev, vocabulary)
        before = assessment.assess(ev, before_c, evaluator)
        after = assessment.assess(ev, after_c, evaluator)
        centres.append(CentreDiff(str(path), ev.organization_name, _side(before), _side(after),
                                  _causes(before, after)))
    old_rules = {r.id: r for r in old_pack.rules}
    new_rules = {r.id: r for r in new_pack.rules}
    modified = tuple(sorted(i for i in set(old_rules) & set(new_rules)
                            if _rule_key(old_rules[i]) != _rule_key(new_rules[i])))
    return PackDiff(old, new, old_pack.id, new_pack.id, tuple(centres), tuple(skipped),
                    tuple(sorted(set(new_rules) - set(old_rules))), tuple(sorted(set(old_rules) - set(new_rules))),
                    modified, _param_changes(old_pack, new_pack))


def _rule_key(rule: Any) -> Any:
    return dataclasses.replace(rule, loc=None, explain=None)


def _param_changes(old: Any, new: Any) -> tuple[ParamChange, ...]:
    out = []
    names = sorted({p.name for p in old.parameters} | {p.name for p in new.parameters})
    for name in names:
        a, b = old.parameter(name), new.parameter(name)
        va = [(v.start.isoformat(), v.value) for v in a.values] if a else None
        vb = [(v.start.isoformat(), v.value) for v in b.values] if b else None
        if va != vb:
            out.append(ParamChange(name, va[-1][1] if va else None, vb[-1][1] if vb else None))
    return tuple(out)


def _causes(before: results.PackResult, after: results.PackResult) -> tuple[RuleChange, ...]:
    old = {f.rule: f for f in before.findings}
    new = {f.rule: f for f in after.findings}
    out = []
    for rule in sorted(set(old) | set(new)):
        a, b = old.get(rule), new.get(rule)
        if a is None and b is not None:
            out.append(RuleChange(rule, "added", None, _finding_state(b), b.points or 0.0))
        elif b is None and a is not None:
            out.append(RuleChange(rule, "removed", _finding_state(a), None, -(a.points or 0.0)))
        elif a is not None and b is not None and (a.met != b.met or (a.points or 0.0) != (b.points or 0.0)):
            out.append(RuleChange(rule, "changed", _finding_state(a), _finding_state(b),
                                  (b.points or 0.0) - (a.points or 0.0)))
    return tuple(out)


# Rendering --------------------------------------------------------------------------------------------------------------


def _summary_line(d: PackDiff) -> str:
    s = d.summary()
    return (f"{s['centres']} centres: {s['moved']} moved ({s['up']} up, {s['down']} down), {s['unchanged']} unchanged; "
            f"across the pass line: {s['now_pass']} now pass, {s['now_fail']} now fail"
            + (f"; {s['skipped']} evidence files skipped" if s["skipped"] else ""))


def _pack_changes(d: PackDiff) -> list[str]:
    lines = [f"  parameter {p.name}: {p.before!r} → {p.after!r}" for p in d.params]
    lines += [f"  rule added: {r}" for r in d.rules_added]
    lines += [f"  rule removed: {r}" for r in d.rules_removed]
    lines += [f"  rule modified: {r}" for r in d.rules_modified]
    return lines or ["  (no rule or parameter differs)"]


def render_text(d: PackDiff, show_all: bool = False) -> str:
    lines = [f"diff {d.old} ({d.old_id}) → {d.new} ({d.new_id})", "pack changes:", *_pack_changes(d), ""]
    for c in d.centres:
        if not c.moved and not c.causes and not show_all:
            continue
        arrow = {"up": "▲", "down": "▼", "same": "="}[c.direction]
        lines.append(f"{arrow} {c.organization}  ({c.file})")
        lines.append(f"    before: {c.before.describe()}  [edition {c.before.edition}]")
        lines.append(f"    after:  {c.after.describe()}  [edition {c.after.edition}]")
        for r in c.causes:
            lines.append(f"    because {r.rule} ({r.change}): {r.before or '-'} → {r.after or '-'}")
    lines += ["", _summary_line(d)]
    return "\n".join(lines) + "\n"


def render_markdown(d: PackDiff) -> str:
    lines = [f"# Impact of `{d.new}` against `{d.old}`", "", _summary_line(d), "", "## Pack changes", ""]
    lines += [f"- {line.strip()}" for line in _pack_changes(d)]
    lines += ["", "## Centres that move", "", "| centre | before | after | move | rules |", "|---|---|---|---|---|"]
    for c in d.centres:
        if not c.moved and not c.causes:
            continue
        rules = "<br>".join(f"`{r.rule}` {r.before or '-'} → {r.after or '-'}" for r in c.causes)
        lines.append(f"| {c.organization} | {c.before.describe()} | {c.after.describe()} | {c.direction} | {rules} |")
    return "\n".join(lines) + "\n"
