"""Conformity: every requirement not met, or not evidenced, is a nonconformity of the grade its rule declares
(`severity: major | minor`, major when undeclared). A requirement not evidenced is a nonconformity too — an assessor
cannot verify it — but stays `met: None`, so reports say "not evidenced" rather than "not met".

The result conforms when there is no major nonconformity and at most `award.max_minor` minor ones (0 when the pack
declares none: then every nonconformity fails the result).

The roadmap takes each nonconformity's cheapest action; its gain is the number of requirements it clears. Actions
that clear a major nonconformity come first, then by effort.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import operator
from collections.abc import Sequence

from cc_rules import results
from cc_rules.awards import base, kinds
from cc_rules.base import cache
from cc_rules.compile import compiler

MAJOR, MINOR = "major", "minor"
_PROBLEM = operator.attrgetter("problem")
_RANK = {MAJOR: 0, MINOR: 1}
_GRADES = (MAJOR, MINOR)  # by rank


def severity_of(compiled: compiler.CompiledPack, rule_id: str) -> str:
    """The nonconformity grade a requirement declares (major when it declares none)."""
    found = compiled.rule(rule_id)
    declared = found.rule.severity if found is not None else None
    return declared if declared in _RANK else MAJOR


class Conformity(base.AwardModel):
    name = "conformity"
    explain_subject = "passed"

    def award(self, compiled: compiler.CompiledPack, findings: tuple[results.Finding, ...],
              first_date: dt.date) -> base.Verdict:
        ranks = _ranks(compiled)
        open_ = [f for f in findings if f.kind == kinds.REQUIREMENT.name and f.problem]
        nonconformities = sorted(
            (results.Missing(f.rule, f.clause, f.met, f.lacking, severity=_GRADES[ranks.get(f.rule, 0)], finding=f)
             for f in open_), key=lambda m: (_RANK[m.severity or MAJOR], m.id))
        majors = sum(1 for m in nonconformities if m.severity == MAJOR)
        minors = len(nonconformities) - majors
        passed = majors == 0 and minors <= compiled.pack.award.max_minor
        return base.Verdict(passed=passed, nonconformities=tuple(nonconformities))

    def order(self, compiled: compiler.CompiledPack,
              findings: Sequence[results.Finding]) -> tuple[results.Finding, ...]:
        """Nonconformities first, major before minor, then by rule id."""
        ranks = _ranks(compiled)
        # by grade and rule id, sorted once per pack; then the nonconformities of this assessment first
        ordered = base.layout(compiled, findings).arranged(
            "conformity", findings, lambda f: (ranks.get(f.rule, 0), f.rule))
        problems = list(map(_PROBLEM, ordered))
        return (*itertools.compress(ordered, problems), *itertools.compress(ordered, map(operator.not_, problems)))

    def verdict_blockers(self, result: results.PackResult) -> tuple[results.Missing, ...]:
        """What keeps the result from conforming: the major nonconformities; when there is none (the result then
        fails on too many minor ones), every minor one. Nothing when the result conforms."""
        if result.passed:
            return ()
        majors = tuple(m for m in result.nonconformities if (m.severity or MAJOR) == MAJOR)
        return majors or tuple(result.nonconformities)

    def roadmap(self, compiled: compiler.CompiledPack, findings: tuple[results.Finding, ...],
                verdict: base.Verdict) -> tuple[results.ActionRec, ...]:
        actions = base.tables(compiled).actions
        ranks = _ranks(compiled)
        chosen: dict[str, list[str]] = {}
        for f in findings:
            if not f.problem:
                continue
            options = [actions[i] for i in f.recommend if i in actions]
            if options:
                cheapest = min(options, key=lambda a: (a.effort, a.id))
                chosen.setdefault(cheapest.id, []).append(f.rule)
        ranked = []
        for action_id, rules in chosen.items():
            action = actions[action_id]
            worst = min(ranks.get(r, 0) for r in rules)
            ranked.append((worst, results.ActionRec(action.id, action.title, float(len(rules)), "requirements",
                                                    action.effort, tuple(sorted(rules)))))
        ranked.sort(key=lambda wa: (wa[0], wa[1].effort, -wa[1].gain, wa[1].id))
        out = []
        done: set[str] = set()
        passed = verdict.passed
        sim = base.Simulation(compiled, findings)
        sim.watch(r for _, rec in ranked for r in rec.rules)
        left = _Open(compiled, sim, ranks)
        for _, rec in ranked:
            rules = [r for r in rec.rules if r not in done]
            if not rules:
                continue
            implied, changed = sim.advance(rules)
            rules += sorted(implied)
            rec = dataclasses.replace(rec, rules=tuple(sorted(rules)), gain=float(len(rules)))
            done |= set(rules)
            count, now = left.after(changed)
            out.append(dataclasses.replace(rec, cumulative=float(count),
                                           reaches="pass" if now and not passed else None))
            passed = passed or now
        return tuple(out)


_RANKS: cache.LRU[str, dict[str, int]] = cache.LRU("conformity-ranks", 64)  # by compiled pack key


def _ranks(compiled: compiler.CompiledPack) -> dict[str, int]:
    """Each rule's nonconformity rank (`severity_of`), made once per compiled pack."""
    return _RANKS.get_or_make(compiled.key, lambda: {
        r.rule.id: _RANK[severity_of(compiled, r.rule.id)] for r in compiled.rules})


class _Open:
    """The nonconformities a roadmap's steps leave, kept up to date step by step: how many major and minor
    requirements are still a shortfall (what `Conformity.award` counts over every finding)."""

    def __init__(self, compiled: compiler.CompiledPack, sim: base.Simulation, ranks: dict[str, int]) -> None:
        self.sim, self.max_minor = sim, compiled.pack.award.max_minor
        self.rank: list[int | None] = []
        self.problem: list[bool] = []
        self.counts = [0, 0]  # major, minor
        for f in sim.findings:
            rank = ranks.get(f.rule, _RANK[MAJOR]) if f.kind == kinds.REQUIREMENT.name else None
            self.rank.append(rank)
            self.problem.append(f.problem)
            if rank is not None and f.problem:
                self.counts[rank] += 1

    def after(self, changed: set[int]) -> tuple[int, bool]:
        """The nonconformities left, and whether the result then conforms."""
        for i in changed:
            rank = self.rank[i]
            if rank is None:
                continue
            met, _ = self.sim.state(i)
            problem = met in kinds.REQUIREMENT.problem_on
            if problem != self.problem[i]:
                self.problem[i] = problem
                self.counts[rank] += 1 if problem else -1
        majors, minors = self.counts
        return majors + minors, majors == 0 and minors <= self.max_minor
