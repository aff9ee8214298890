"""Staged maturity: level N needs every requirement of levels 1…N met; unknown is never met.

The levels are the pack's (`levels:` in pack.yaml); a requirement names its level. The roadmap takes, for each
requirement missing from the next levels, its cheapest action, nearest level first; an action the pack marks as a
gate (`gate: true`, a prerequisite of its level and above) comes first within its level.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence

from cc_rules import results
from cc_rules.awards import base, kinds
from cc_rules.base import errors
from cc_rules.compile import compiler


def _by_level(f: results.Finding) -> tuple[int, str]:  # `order`'s key: level, then rule id
    return (f.level or 0, f.rule)


class Maturity(base.AwardModel):
    name = "maturity"
    explain_subject = "level"

    def check(self, compiled: compiler.CompiledPack) -> Iterator[errors.Problem]:
        yield from super().check(compiled)
        pack = compiled.pack
        levels = {lv.level for lv in pack.levels}
        if levels != set(range(1, len(levels) + 1)):
            yield errors.Problem.of("awards.levels-gap", file=f"{pack.source}/pack.yaml", path="$.levels",
                                    got=str(sorted(levels)), code="levels")
        for rule in compiled.rules:
            if kinds.of_rule(rule.rule.then.kind) is not kinds.REQUIREMENT:
                continue
            if rule.rule.level is None:
                yield _rule_problem(rule, "awards.requirement-needs-level", "level")
            elif rule.rule.level not in levels:
                yield _rule_problem(rule, "awards.unknown-level", "level", level=rule.rule.level,
                                    expected=f"one of {sorted(levels)}", got=str(rule.rule.level))

    def lint(self, compiled: compiler.CompiledPack) -> Iterator[base.Issue]:
        for lv in compiled.pack.levels:
            if not any(r.rule.level == lv.level for r in compiled.rules
                       if kinds.of_rule(r.rule.then.kind) is kinds.REQUIREMENT):
                yield base.Issue("CCR018", "awards.lint-empty-level", (("level", lv.level), ("name", lv.name)),
                                 compiled.pack.award.loc)

    def award(self, compiled: compiler.CompiledPack, findings: tuple[results.Finding, ...],
              first_date: dt.date) -> base.Verdict:
        requirements = [f for f in findings if f.kind == kinds.REQUIREMENT.name]
        totals: dict[int | None, int] = defaultdict(int)
        mets: dict[int | None, int] = defaultdict(int)
        for f in requirements:
            totals[f.level] += 1
            mets[f.level] += not f.problem
        achieved, blocked, steps = 0, False, []
        for lv in compiled.pack.levels:
            own, met = totals[lv.level], mets[lv.level]
            if not blocked and met == own:
                achieved = lv.level
            else:
                blocked = True
            steps.append(results.LevelStep(lv.level, lv.name, False, met, own))
        ladder = tuple(results.LevelStep(s.level, s.name, s.level <= achieved, s.met, s.total) for s in steps)
        names = {lv.level: lv.name for lv in compiled.pack.levels}
        next_level = None
        if achieved < len(compiled.pack.levels):
            target = achieved + 1
            missing = tuple(results.Missing.of(f) for f in requirements
                            if f.level is not None and f.level <= target and f.problem)
            next_level = results.NextLevel(target, names.get(target), missing)
        return base.Verdict(passed=achieved >= 1, level=achieved, level_name=names.get(achieved), ladder=ladder,
                            next_level=next_level)

    def order(self, compiled: compiler.CompiledPack,
              findings: Sequence[results.Finding]) -> tuple[results.Finding, ...]:
        return base.layout(compiled, findings).arranged("maturity", findings, _by_level)

    def own_gate(self, result: results.PackResult, spec: results.GateSpec) -> results.GateVerdict | None:
        if spec.min_level is None:
            return None
        level = result.level or 0
        met = level >= spec.min_level
        blocking = () if met else tuple(results.Missing.of(f) for f in result.findings
                                        if f.problem and f.level is not None and f.level <= spec.min_level)
        return results.GateVerdict("min-level", spec.min_level, level, met, blocking)

    def verdict_blockers(self, result: results.PackResult) -> tuple[results.Missing, ...]:
        first = min((s.level for s in result.ladder), default=1)
        return tuple(results.Missing.of(f) for f in result.findings if f.problem and f.level == first)

    def roadmap(self, compiled: compiler.CompiledPack, findings: tuple[results.Finding, ...],
                verdict: base.Verdict) -> tuple[results.ActionRec, ...]:
        """For each requirement missing from the levels above the one awarded, its cheapest action, nearest level
        first (a level's requirements are what unlock the levels above it); within a level the pack's gates first
        (`gate: true` in actions.yaml: a prerequisite of the items of its level and above), then cheapest first; each
        step says the level reached once it and those before are done, and the step that reaches a new level is
        marked. An action serving several levels is listed once, at the nearest."""
        awarded = verdict.level or 0
        actions = base.tables(compiled).actions
        chosen: dict[str, tuple[int, list[str]]] = {}
        wanted = [f for f in findings if f.level is not None and f.level > awarded and f.problem and f.recommend]
        for f in sorted(wanted, key=lambda f: (f.level or 0, f.rule)):
            options = [actions[i] for i in f.recommend if i in actions]
            if not options:
                continue
            cheapest = min(options, key=lambda a: (a.effort, a.id))
            level, rules = chosen.get(cheapest.id, (f.level, []))
            chosen[cheapest.id] = (min(level, f.level), [*rules, f.rule])
        ordered = sorted(chosen.items(), key=lambda c: (c[1][0], not actions[c[0]].gate, actions[c[0]].effort, c[0]))
        recs = []
        done: set[str] = set()
        reached = awarded
        sim = base.Simulation(compiled, findings)
        sim.watch(r for _, (_, rules) in ordered for r in rules)
        ladder = _Ladder(compiled, sim)
        for action_id, (level, listed) in ordered:
            action = actions[action_id]
            rules = [r for r in listed if r not in done]
            if not rules:
                continue
            implied, changed = sim.advance(rules)
            rules += sorted(implied)
            done |= set(rules)
            now = ladder.after(changed)
            recs.append(results.ActionRec(action.id, action.title, float(level), "level", action.effort,
                                          tuple(sorted(rules)), cumulative=float(now),
                                          reaches="level" if now > reached else None, level=level))
            reached = max(reached, now)
        return tuple(recs)


class _Ladder:
    """The level a roadmap's steps lead to, kept up to date step by step: how many requirements of each level are
    still a shortfall (the staging of `Maturity.award` over every finding)."""

    def __init__(self, compiled: compiler.CompiledPack, sim: base.Simulation) -> None:
        self.sim = sim
        self.levels = [lv.level for lv in compiled.pack.levels]
        self.open: dict[int, int] = dict.fromkeys(self.levels, 0)
        self.problem: list[bool] = []
        self.level: list[int | None] = []
        for f in sim.findings:
            counted = f.kind == kinds.REQUIREMENT.name
            self.level.append(f.level if counted else None)
            self.problem.append(f.problem)
            if counted and f.problem and f.level in self.open:
                self.open[f.level] += 1

    def after(self, changed: Sequence[int] | set[int]) -> int:
        """The level once the findings at `changed` take their state in the simulation."""
        for i in changed:
            level = self.level[i]
            if level is None:
                continue
            met, _ = self.sim.state(i)
            problem = met in kinds.REQUIREMENT.problem_on
            if problem != self.problem[i]:
                self.problem[i] = problem
                if level in self.open:
                    self.open[level] += 1 if problem else -1
        achieved = 0
        for level in self.levels:
            if self.open[level]:
                break
            achieved = level
        return achieved


def _rule_problem(rule: compiler.CompiledRule, key: str, code: str, *, expected: str | None = None,
                  got: str | None = None, **params: object) -> errors.Problem:
    loc = rule.rule.loc
    return errors.Problem.of(key, file=loc.file if loc else None, line=loc.line if loc else None,
                             path=loc.path if loc else "$", expected=expected, got=got, code=code,
                             rule=rule.rule.id, values=params)
