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
from collections.abc import Sequence

from cc_rules import results
from cc_rules.awards import base, kinds
from cc_rules.compile import compiler

MAJOR, MINOR = "major", "minor"
_RANK = {MAJOR: 0, MINOR: 1}


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
        open_ = [f for f in findings if f.kind == kinds.REQUIREMENT.name and f.problem]
        nonconformities = sorted(
            (results.Missing(f.rule, f.clause, f.met, f.lacking, severity=severity_of(compiled, f.rule), finding=f)
             for f in open_), key=lambda m: (_RANK[m.severity or MAJOR], m.id))
        majors = sum(1 for m in nonconformities if m.severity == MAJOR)
        minors = len(nonconformities) - majors
        passed = majors == 0 and minors <= compiled.pack.award.max_minor
        return base.Verdict(passed=passed, nonconformities=tuple(nonconformities))

    def order(self, compiled: compiler.CompiledPack,
              findings: Sequence[results.Finding]) -> tuple[results.Finding, ...]:
        """Nonconformities first, major before minor, then by rule id."""
        return tuple(sorted(findings, key=lambda f: (not f.problem, _RANK[severity_of(compiled, f.rule)], f.rule)))

    def verdict_blockers(self, result: results.PackResult) -> tuple[results.Missing, ...]:
        """What keeps the result from conforming: the major nonconformities; when there is none (the result then
        fails on too many minor ones), every minor one. Nothing when the result conforms."""
        if result.passed:
            return ()
        majors = tuple(m for m in result.nonconformities if (m.severity or MAJOR) == MAJOR)
        return majors or tuple(result.nonconformities)

    def roadmap(self, compiled: compiler.CompiledPack, findings: tuple[results.Finding, ...],
                verdict: base.Verdict) -> tuple[results.ActionRec, ...]:
        chosen: dict[str, list[str]] = {}
        for f in findings:
            options = [a for a in (compiled.pack.action(i) for i in f.recommend) if a is not None]
            if f.problem and options:
                cheapest = min(options, key=lambda a: (a.effort, a.id))
                chosen.setdefault(cheapest.id, []).append(f.rule)
        ranked = []
        for action_id, rules in chosen.items():
            action = compiled.pack.action(action_id)
            if action is not None:
                worst = min(_RANK[severity_of(compiled, r)] for r in rules)
                ranked.append((worst, results.ActionRec(action.id, action.title, float(len(rules)), "requirements",
                                                        action.effort, tuple(sorted(rules)))))
        ranked.sort(key=lambda wa: (wa[0], wa[1].effort, -wa[1].gain, wa[1].id))
        out = []
        done: set[str] = set()
        passed = verdict.passed
        candidates = {r for _, rec in ranked for r in rec.rules}
        sim = base.Simulation(compiled, findings)
        for _, rec in ranked:
            rules = [r for r in rec.rules if r not in done]
            if not rules:
                continue
            rules += sorted(sim.implied(done | set(rules), candidates))
            rec = dataclasses.replace(rec, rules=tuple(sorted(rules)), gain=float(len(rules)))
            done |= set(rules)
            left = self.award(compiled, sim.run(done)[0], dt.date.min)
            out.append(dataclasses.replace(rec, cumulative=float(len(left.nonconformities)),
                                           reaches="pass" if left.passed and not passed else None))
            passed = passed or left.passed
        return tuple(out)
