"""Conformity: the result conforms when every requirement is met; each one not met, or not evidenced, is a
nonconformity (major when not met, minor when only the evidence is missing: an assessor asks for it before deciding).

The roadmap takes each nonconformity's cheapest action; its gain is the number of requirements it clears.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from cc_rules import results
from cc_rules.awards import base, kinds
from cc_rules.compile import compiler


class Conformity(base.AwardModel):
    name = "conformity"
    explain_subject = "passed"

    def award(self, compiled: compiler.CompiledPack, findings: tuple[results.Finding, ...],
              first_date: dt.date) -> base.Verdict:
        open_ = [f for f in findings if f.kind == kinds.REQUIREMENT.name and f.problem]
        nonconformities = tuple(
            results.Missing(f.rule, f.clause, f.met, f.lacking, severity="major" if f.met is False else "minor")
            for f in open_)
        return base.Verdict(passed=not open_, nonconformities=nonconformities)

    def order(self, findings: Sequence[results.Finding]) -> tuple[results.Finding, ...]:
        return tuple(sorted(findings, key=lambda f: (not f.problem, f.rule)))

    def roadmap(self, compiled: compiler.CompiledPack, findings: tuple[results.Finding, ...],
                verdict: base.Verdict) -> tuple[results.ActionRec, ...]:
        chosen: dict[str, list[str]] = {}
        for f in findings:
            options = [a for a in (compiled.pack.action(i) for i in f.recommend) if a is not None]
            if f.problem and options:
                cheapest = min(options, key=lambda a: (a.effort, a.id))
                chosen.setdefault(cheapest.id, []).append(f.rule)
        recs = []
        for action_id, rules in chosen.items():
            action = compiled.pack.action(action_id)
            if action is not None:
                recs.append(results.ActionRec(action.id, action.title, float(len(rules)), "requirements",
                                              action.effort, tuple(sorted(rules))))
        recs.sort(key=lambda a: (-a.gain / a.effort, a.effort, a.id))
        return tuple(recs)
