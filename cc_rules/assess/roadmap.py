"""Improvement actions, proposed only for unmet requirements and ordered by gain per effort.

Maturity packs: the cheapest action of each requirement missing for the next level comes first (cheapest first),
then those for the level after, and so on. Points packs: points won per unit of effort, highest first.
"""

from __future__ import annotations

from collections import defaultdict

from cc_rules import results
from cc_rules.compile import compiler


def plan(compiled: compiler.CompiledPack, findings: tuple[results.Finding, ...],
         awarded_level: int | None) -> tuple[results.ActionRec, ...]:
    pack = compiled.pack
    unmet = [f for f in findings if f.met is not True and f.recommend and f.kind != "warning"]
    unmet += [f for f in findings if f.kind == "warning" and f.met is False and f.recommend]
    if pack.model == "maturity":
        return _maturity(compiled, unmet, awarded_level or 0)
    gains: dict[str, float] = defaultdict(float)
    rules: dict[str, list[str]] = defaultdict(list)
    for f in unmet:
        if f.kind == "bonus" and f.met is not True:
            won = abs(compiled.rule(f.rule).points or 0)  # type: ignore[union-attr]
        else:
            won = abs(f.points or 0)
        for action_id in f.recommend:
            gains[action_id] += won
            rules[action_id].append(f.rule)
    recs = []
    for action_id, gain in gains.items():
        action = pack.action(action_id)
        if action is not None:
            recs.append(results.ActionRec(action.id, action.title, gain, "points", action.effort,
                                          tuple(sorted(rules[action_id]))))
    recs.sort(key=lambda a: (-a.gain / a.effort, a.effort, a.id))
    return tuple(recs)


def _maturity(compiled: compiler.CompiledPack, unmet: list[results.Finding],
              awarded: int) -> tuple[results.ActionRec, ...]:
    pack = compiled.pack
    chosen: dict[str, tuple[int, list[str]]] = {}
    for f in sorted(unmet, key=lambda f: (f.level or 0, f.rule)):
        if f.level is None or f.level <= awarded:
            continue
        options = [a for a in (pack.action(i) for i in f.recommend) if a is not None]
        if not options:
            continue
        cheapest = min(options, key=lambda a: (a.effort, a.id))
        level, rules = chosen.get(cheapest.id, (f.level, []))
        chosen[cheapest.id] = (min(level, f.level), rules + [f.rule])
    recs = []
    for action_id, (level, rules) in chosen.items():
        action = pack.action(action_id)
        assert action is not None
        recs.append(results.ActionRec(action.id, action.title, float(level), "level", action.effort,
                                      tuple(sorted(rules))))
    recs.sort(key=lambda a: (a.gain, a.effort, a.id))
    return tuple(recs)
