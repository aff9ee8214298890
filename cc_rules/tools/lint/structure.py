"""Vocabulary, items, clauses: unused facts (CCR004), leaf items without rules (CCR005), unknown clauses (CCR016),
interpretation rules (CCR017)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from cc_rules import model
from cc_rules.base import errors
from cc_rules.compile import compiler
from cc_rules.results.lint import LintFinding
from cc_rules.tools.lint.common import ALWAYS_USED, _finding, _sub


def _unused_facts(pack: model.Pack) -> Iterator[LintFinding]:
    read = {f for r in pack.rules for f in compiler.facts_of(r.when)}
    derived = {r.then.derive for r in pack.rules if r.then.derive}
    for spec in pack.facts:
        if spec.name in read or spec.name in ALWAYS_USED:
            continue
        what = "derived by a rule but read by none" if spec.name in derived else "read by no rule"
        yield _finding("CCR004", pack.id, f"fact {spec.name!r} is declared but {what}", spec.loc)



def _leaf_items(pack: model.Pack) -> Iterator[LintFinding]:
    parents = {i.parent for i in pack.items if i.parent}
    with_rules = {r.item for r in pack.rules}
    for item in pack.items:
        if item.id not in parents and item.id not in with_rules:
            yield _finding("CCR005", pack.id, f"item {item.id!r} ({item.title.en}) has no children and no rule",
                           item.loc)



def _clauses(pack: model.Pack) -> Iterator[LintFinding]:
    clauses = {i.clause for i in pack.items}
    for rule in pack.rules:
        if rule.clause not in clauses:
            suggestion = errors.did_you_mean(rule.clause, clauses)
            yield _finding("CCR016", pack.id, f"rule {rule.id!r} cites clause {rule.clause!r}, which no item has",
                           _sub(rule.loc, ".clause"),
                           hint=f"did you mean {suggestion!r}?" if suggestion else None)



def _interpretation(pack: model.Pack) -> Iterator[LintFinding]:
    by = Counter(r.provenance for r in pack.rules)
    ids = [r.id for r in pack.rules if r.provenance == "interpretation"]
    if not ids:
        return
    shown = ", ".join(ids[:6]) + (f", … ({len(ids) - 6} more)" if len(ids) > 6 else "")
    message = (f"{len(ids)} of {len(pack.rules)} rules are interpretation "
               f"(source {by.get('source', 0)}, secondary {by.get('secondary', 0)})" + (f": {shown}" if ids else ""))
    yield _finding("CCR017", pack.id, message, file=f"{pack.root}/rules", data=ids)

