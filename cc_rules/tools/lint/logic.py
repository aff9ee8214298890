"""Condition search and the semantic checks built on it: contradictions (CCR006), overlaps (CCR007).

Conditions are probed with `engine.plain.condition` over each fact's boundary values (the constants the rules compare
it with, one either side, its declared range, the values of enums and lists); a condition that reads too many facts
for the search is skipped (None), never guessed.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from cc_rules import model
from cc_rules.awards import kinds
from cc_rules.base import i18n
from cc_rules.compile import compiler
from cc_rules.engine import plain
from cc_rules.results.lint import LintFinding
from cc_rules.tools.lint.common import _sub, keyed, say

# Condition search -----------------------------------------------------------------------------------------------------

SEARCH_LIMIT = 20_000  # assignments tried per condition (or pair of conditions)



MISSING = object()



def _constants(cond: model.Condition | model.Operand, out: dict[str, set[Any]], loose: set[str],
               exists: set[str]) -> None:
    """Per fact, the constants it is compared with; `loose`: facts compared with computed values."""
    from cc_rules.model import conditions as algebra

    class Collect(algebra.Visitor[None]):
        def all(self, c: model.All | model.AnyOf) -> None:
            for child in c.items:
                child.accept(self)

        any = all  # type: ignore[assignment]

        def not_(self, c: model.Not) -> None:
            c.item.accept(self)

        def exists(self, c: model.Exists) -> None:
            out.setdefault(c.fact, set())
            exists.add(c.fact)

        def in_(self, c: model.In) -> None:
            out.setdefault(c.fact, set()).update(c.values)

        def contains(self, c: model.Contains) -> None:
            out.setdefault(c.fact, set()).add(c.value)

        def compare(self, c: model.Compare) -> None:
            values = out.setdefault(c.fact, set())
            if isinstance(c.operand, model.Const):
                values.add(c.operand.value)
                return
            loose.add(c.fact)
            for name in algebra.read_facts(c.operand):
                out.setdefault(name, set())
                loose.add(name)
            values.update(algebra.operand_consts(c.operand))

    if isinstance(cond, (model.All, model.AnyOf, model.Not, *algebra.LEAVES)):
        cond.accept(Collect())



def _operand_consts(operand: model.Operand) -> Iterator[Any]:
    from cc_rules.model import conditions as algebra

    yield from algebra.operand_consts(operand)



def _candidates(cp: compiler.CompiledPack, name: str, consts: set[Any], loose: bool, exists: bool) -> list[Any]:
    spec = cp.fact(name)
    kind = spec.type if spec else "string"
    out: list[Any] = []
    if kind == "bool":
        out = [True, False]
    elif kind in ("int", "number"):
        nums = {float(c) for c in consts if isinstance(c, (int, float)) and not isinstance(c, bool)}
        values: set[float] = set()
        for c in nums:
            values.update((c - 1, c, c + 1) if kind == "int" else (c - 1, c - 0.5, c, c + 0.5, c + 1))
        if loose or not nums:
            values.update((0, 1, 2, 5, 10, 40, 50, 100, 200, 500, 1000, 5000))
        if spec and spec.min is not None:
            values.add(spec.min)
        if spec and spec.max is not None:
            values.add(spec.max)
        if kind == "int":
            values = {float(int(v)) for v in values if float(v).is_integer()}
        lo = spec.min if spec and spec.min is not None else float("-inf")
        hi = spec.max if spec and spec.max is not None else float("inf")
        out = sorted(int(v) if kind == "int" else v for v in values if lo <= v <= hi)
    elif kind in ("enum", "string"):
        out = sorted({*((spec.values or ()) if spec else ()), *(c for c in consts if isinstance(c, str))}, key=str)
        if kind == "string" or not out:
            out.append("\x00other")
    elif kind == "list":
        pool = sorted({str(c) for c in consts}) or sorted(map(str, (spec.values or ()) if spec else ()))[:1]
        options: list[tuple[Any, ...]] = [(), tuple(pool)]
        options += [(c,) for c in pool]
        options += [tuple(x for x in pool if x != c) for c in pool]
        if spec and spec.values:
            options.append(tuple(spec.values))
        out = list(dict.fromkeys(options))
    if exists:
        out.append(MISSING)
    return out



def _space(cp: compiler.CompiledPack, conds: Sequence[model.Condition]) -> tuple[list[str], list[list[Any]]] | None:
    consts: dict[str, set[Any]] = {}
    loose: set[str] = set()
    exists: set[str] = set()
    for cond in conds:
        _constants(cond, consts, loose, exists)
    names = sorted(consts)
    domains = [_candidates(cp, n, consts[n], n in loose, n in exists) for n in names]
    size = 1
    for d in domains:
        size *= max(1, len(d))
    if size > SEARCH_LIMIT:
        return None
    return names, domains



def _assignments(names: list[str], domains: list[list[Any]]) -> Iterator[dict[str, Any]]:
    for combo in itertools.product(*domains):
        yield {n: v for n, v in zip(names, combo, strict=False) if v is not MISSING}



def satisfiable(cp: compiler.CompiledPack, cond: model.Condition) -> bool | None:
    """True when some evidence makes `cond` hold, False when none can, None when the search is too large."""
    space = _space(cp, [cond])
    if space is None:
        return None
    return any(plain.condition(cond, facts) is True for facts in _assignments(*space))



def _canon(cond: model.Condition) -> Any:
    """The condition without its source paths, for structural comparison."""
    from cc_rules.model import conditions as algebra

    return algebra.canon(cond)



_NEVER = {"requirement": "never-met", "deduct": "always-deducts", "add": "never-adds", "derive": "derives-false",
          "warn": "always-warns"}  # lint.<key>: the message of a contradictory rule, by action



def _contradictions(cp: compiler.CompiledPack) -> Iterator[LintFinding]:
    for rule in cp.rules:
        if satisfiable(cp, rule.when) is False:
            yield keyed("CCR006", cp.pack.id, say(_NEVER[rule.rule.then.kind], rule=rule.rule.id),
                        _sub(rule.rule.loc, ".when" if kinds.of_rule(rule.rule.then.kind) is None else ".requires"))



def _overlaps(cp: compiler.CompiledPack) -> Iterator[LintFinding]:
    groups: dict[tuple[str, str], list[compiler.CompiledRule]] = defaultdict(list)
    for rule in cp.rules:
        moving = kinds.of_rule(rule.rule.then.kind)
        if moving is not None and moving.sign:
            groups[(rule.rule.item, rule.rule.then.kind)].append(rule)
    for (item, kind), rules in sorted(groups.items()):
        for i, j in _candidate_pairs(cp, rules, kind):
            a, b = rules[i], rules[j]
            relation = _relation(cp, a.when, b.when, kind)
            if relation is None:
                continue
            which = "second" if relation.endswith("first") else "first"
            tail = f"lint.whenever-{which}-{'deducts' if kinds.BY_RULE_KEY[kind].sign < 0 else 'adds'}"
            yield keyed("CCR007", cp.pack.id, lambda lang, a=a, b=b, item=item, relation=relation, tail=tail: (  # type: ignore[misc]
                i18n.message("lint.overlap", lang, a=a.rule.id, b=b.rule.id, item=item,
                             relation=i18n.message(_RELATIONS[relation], lang), tail=i18n.message(tail, lang))),
                        b.rule.loc)


def _candidate_pairs(cp: compiler.CompiledPack, rules: Sequence[compiler.CompiledRule], kind: str
                     ) -> list[tuple[int, int]]:
    """The pairs of `rules` that can overlap, in the order `itertools.combinations` gives them, found through an
    index by fact instead of trying every pair (2,000 rules on one item took minutes).

    Two conditions that read no fact in common are independent: one implies the other only when the first never
    fires (no overlap then) or the second always fires. So a pair needs a shared fact, or a rule that fires on
    every evidence (searched once per rule); identical conditions share their facts.
    """
    by_fact: dict[str, list[int]] = defaultdict(list)
    always: list[int] = []
    fired_on = kinds.BY_RULE_KEY[kind].fired_on
    for index, rule in enumerate(rules):
        consts: dict[str, set[Any]] = {}
        _constants(rule.when, consts, set(), set())
        for name in consts:
            by_fact[name].append(index)
        space = _space(cp, [rule.when])
        if not consts or space is None or all(plain.condition(rule.when, facts) in fired_on
                                              for facts in _assignments(*space)):
            always.append(index)  # fires on any evidence (or cannot be searched: every pair is tried, as before)
    pairs: set[tuple[int, int]] = set()
    for members in by_fact.values():
        pairs.update(itertools.combinations(members, 2))
    for index in always:
        pairs.update((min(index, other), max(index, other)) for other in range(len(rules)) if other != index)
    return sorted(pairs)


_RELATIONS = {"have identical conditions": "lint.identical", "have equivalent conditions": "lint.equivalent",
              "overlap: the first implies the second": "lint.first-implies-second",
              "overlap: the second implies the first": "lint.second-implies-first"}  # _relation's answers


def _relation(cp: compiler.CompiledPack, a: model.Condition, b: model.Condition, kind: str) -> str | None:
    if _canon(a) == _canon(b):
        return "have identical conditions"
    space = _space(cp, [a, b])
    if space is None:
        return None
    fired_on = kinds.BY_RULE_KEY[kind].fired_on

    def fires(value: bool | None) -> bool:
        return value in fired_on

    a_implies_b = b_implies_a = True
    both = False
    for facts in _assignments(*space):
        fa, fb = fires(plain.condition(a, facts)), fires(plain.condition(b, facts))
        both = both or (fa and fb)
        a_implies_b = a_implies_b and (not fa or fb)
        b_implies_a = b_implies_a and (not fb or fa)
        if not a_implies_b and not b_implies_a:
            return None
    if not both:
        return None
    if a_implies_b and b_implies_a:
        return "have equivalent conditions"
    return "overlap: the first implies the second" if a_implies_b else "overlap: the second implies the first"

