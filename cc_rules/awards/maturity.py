"""Staged maturity: level N needs every requirement of levels 1…N met; unknown is never met."""

from __future__ import annotations

import dataclasses

from cc_rules import model, results
from cc_rules.compile import compiler


@dataclasses.dataclass(frozen=True)
class Award:
    level: int
    level_name: model.Text | None
    ladder: tuple[results.LevelStep, ...]
    next_level: results.NextLevel | None


def award(compiled: compiler.CompiledPack, findings: tuple[results.Finding, ...]) -> Award:
    requirements = [f for f in findings if f.kind == "requirement"]
    achieved = 0
    blocked = False
    steps = []
    for lv in compiled.pack.levels:
        own = [f for f in requirements if f.level == lv.level]
        met = sum(1 for f in own if f.met is True)
        if not blocked and met == len(own):
            achieved = lv.level
        else:
            blocked = True
        steps.append((lv, met, len(own)))
    ladder = tuple(results.LevelStep(lv.level, lv.name, lv.level <= achieved, met, total) for lv, met, total in steps)
    names = {lv.level: lv.name for lv in compiled.pack.levels}
    next_level = None
    if achieved < len(compiled.pack.levels):
        target = achieved + 1
        missing = tuple(
            results.Missing(f.rule, f.clause, reason(f), f.met)
            for f in requirements if f.level is not None and f.level <= target and f.met is not True
        )
        next_level = results.NextLevel(target, names.get(target), missing)
    return Award(achieved, names.get(achieved), ladder, next_level)


def reason(finding: results.Finding) -> str:
    if finding.met is False:
        return "not met"
    lacking = [b.fact for b in finding.because if b.value is None]
    return "not evidenced: " + ", ".join(lacking) if lacking else "not evidenced"
