"""The kinds of finding a rule makes, and what each outcome means for it.

A rule's `then:` names its kind. Everything that differs between kinds is in this table, so no other module tests a
kind by name: whether an outcome is a shortfall to fix, whether the rule's consequence applied, whether a met finding
is worth listing, and the points it moves.
"""

from __future__ import annotations

import dataclasses

Outcome = bool | None


@dataclasses.dataclass(frozen=True)
class Kind:
    name: str  # as reported: requirement | deduction | bonus | warning
    rule_key: str  # the `then:` key that declares it
    problem_on: tuple[Outcome, ...]  # outcomes that are a shortfall the centre should fix
    fired_on: tuple[Outcome, ...]  # outcomes at which the rule's consequence applies (points moved, warning raised)
    quiet_on: tuple[Outcome, ...] = ()  # outcomes not worth listing among findings
    uncounted_on: tuple[Outcome, ...] = ()  # outcomes that do not count towards an item's state (a warning not raised)
    sign: int = 0  # -1: takes points off when fired, +1: adds them

    def points(self, outcome: Outcome, worth: float | None) -> float | None:
        """Signed points moved (0 when nothing moved); None for kinds that move no points."""
        if not self.sign:
            return None
        return self.sign * (worth or 0.0) if outcome in self.fired_on else 0.0


REQUIREMENT = Kind("requirement", "requirement", problem_on=(False, None), fired_on=())
DEDUCTION = Kind("deduction", "deduct", problem_on=(False, None), fired_on=(False, None), quiet_on=(True,), sign=-1)
BONUS = Kind("bonus", "add", problem_on=(), fired_on=(True,), sign=+1)
WARNING = Kind("warning", "warn", problem_on=(False,), fired_on=(False,), uncounted_on=(True,))

BY_RULE_KEY = {k.rule_key: k for k in (REQUIREMENT, DEDUCTION, BONUS, WARNING)}


def of_rule(rule_key: str) -> Kind | None:
    """The kind a rule's `then:` key declares; None for `derive`, which makes a fact, not a finding."""
    return BY_RULE_KEY.get(rule_key)
