"""Checks that depend on how the pack awards its result: the award model's own advice (`AwardModel.lint`: grade
bands, deductions beyond a base or an item's worth, levels without requirements), and levels that can never be
awarded (CCR008), which needs the satisfiability search of `logic.py`."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from cc_rules import awards, model
from cc_rules.awards import kinds
from cc_rules.base import i18n
from cc_rules.compile import compiler
from cc_rules.results.lint import LintFinding
from cc_rules.tools.lint.common import _finding, _pack_loc, keyed
from cc_rules.tools.lint.logic import satisfiable


def award_checks(cp: compiler.CompiledPack) -> list[LintFinding]:
    """Every model-specific finding for one compiled edition."""
    found = [_from_issue(cp, issue) for issue in awards.get(cp.pack.model).lint(cp)]
    return found + list(_unreachable_levels(cp))


def _from_issue(cp: compiler.CompiledPack, issue: awards.Issue) -> LintFinding:
    loc = issue.loc if issue.loc is not None and issue.loc.line is not None else _pack_loc(cp.pack, ("award",))

    def text(lang: str) -> str:  # a bilingual value (a level's name) is shown in the reader's language
        params = {k: v.get(lang) if isinstance(v, model.Text) else v for k, v in issue.params}
        return i18n.message(issue.key, lang, **params)

    return keyed(issue.code, cp.pack.id, text, loc)


def _unreachable_levels(cp: compiler.CompiledPack) -> Iterator[LintFinding]:
    """The lowest level that can never be awarded: one of its requirements can never hold, or two requirements up to
    it exclude each other."""
    reqs = [r for r in cp.rules if kinds.of_rule(r.rule.then.kind) is kinds.REQUIREMENT and r.rule.level is not None]
    if not reqs:
        return
    where = _pack_loc(cp.pack, ("levels",))
    blocked: tuple[int, str] | None = None
    for r in reqs:
        if satisfiable(cp, r.when) is False:
            candidate = (r.rule.level or 0, f"requirement {r.rule.id!r} can never be met")
            blocked = min(blocked, candidate) if blocked else candidate
    for a, b in itertools.combinations(reqs, 2):
        if not set(a.facts) & set(b.facts):
            continue
        joint = model.All((a.when, b.when))
        if satisfiable(cp, joint) is False and satisfiable(cp, a.when) and satisfiable(cp, b.when):
            level = max(a.rule.level or 0, b.rule.level or 0)
            why = (f"requirements {a.rule.id!r} (level {a.rule.level}) and {b.rule.id!r} (level {b.rule.level}) "
                   "exclude each other")
            candidate = (level, why)
            blocked = min(blocked, candidate) if blocked else candidate
    if blocked:
        level, why = blocked
        top = max((lv.level for lv in cp.pack.levels), default=level)
        above = f" (nor any level up to {top})" if top > level else ""
        yield _finding("CCR008", cp.pack.id, f"level {level} can never be awarded{above}: {why}", where)
