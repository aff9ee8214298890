"""Vocabulary, items, clauses: unused facts (CCR004), leaf items without rules (CCR005), unknown clauses (CCR016),
interpretation rules (CCR017)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from cc_rules import model
from cc_rules.base import errors, i18n
from cc_rules.compile import compiler
from cc_rules.results.lint import LintFinding
from cc_rules.tools.lint.common import ALWAYS_USED, _sub, did_you_mean, keyed, say, shown


def _unused_facts(pack: model.Pack) -> Iterator[LintFinding]:
    read = {f for r in pack.rules for f in compiler.facts_of(r.when)}
    # a fact an explanation shows is read too (the origin of a benchmark, a figure recomputed from counts)
    read |= {m.group(1) for r in pack.rules if r.explain for text in (r.explain.zh, r.explain.en)
             for m in re.finditer(r"\{([a-z][\w.]*)\}", text)}
    read |= {f for spec in pack.facts if spec.compute is not None and spec.name in read
             for f in compiler.facts_of(spec.compute)}
    derived = {r.then.derive for r in pack.rules if r.then.derive}
    for spec in pack.facts:
        if spec.name in read or spec.name in ALWAYS_USED:
            continue
        key = "unused-derived-fact" if spec.name in derived else "unused-fact"
        yield keyed("CCR004", pack.id, say(key, fact=spec.name), spec.loc)


def _leaf_items(pack: model.Pack) -> Iterator[LintFinding]:
    parents = {i.parent for i in pack.items if i.parent}
    with_rules = {r.item for r in pack.rules}
    for item in pack.items:
        if item.id not in parents and item.id not in with_rules:
            title = item.title
            yield keyed("CCR005", pack.id, lambda lang, item=item.id, title=title: i18n.message(  # type: ignore[misc]
                "lint.leaf-item", lang, item=item, title=title.get(lang)), item.loc)


def _clauses(pack: model.Pack) -> Iterator[LintFinding]:
    clauses = {i.clause for i in pack.items}
    for rule in pack.rules:
        if rule.clause not in clauses:
            suggestion = errors.did_you_mean(rule.clause, clauses)
            yield keyed("CCR016", pack.id, say("unknown-clause", rule=rule.id, clause=rule.clause),
                        _sub(rule.loc, ".clause"), hint=did_you_mean(suggestion))


def _interpretation(pack: model.Pack) -> Iterator[LintFinding]:
    by = Counter(r.provenance for r in pack.rules)
    ids = [r.id for r in pack.rules if r.provenance == "interpretation"]
    if not ids:
        return
    listed = shown(ids)
    yield keyed("CCR017", pack.id, lambda lang: i18n.message(
        "lint.interpretation", lang, n=len(ids), total=len(pack.rules), source=by.get("source", 0),
        secondary=by.get("secondary", 0), shown=listed(lang)), file=f"{pack.root}/rules", data=ids)

