"""What the pipeline derives from a compiled pack once, not per assessment: explanation templates, the item tree's
order, coverage, the facts the rules need; and the award model's static checks, run once. Cached by the compiled
pack's content key."""

from __future__ import annotations

import dataclasses
import operator
import re
from collections import Counter
from collections.abc import Callable

from cc_rules import awards, model, results
from cc_rules.awards import kinds
from cc_rules.base import cache, errors
from cc_rules.compile import compiler

_PLACEHOLDER = re.compile(r"\{([A-Za-z0-9_.\-]+)\}")


@dataclasses.dataclass(frozen=True)
class FindingRule:
    """What building one rule's finding needs from the pack, looked up once: its info, the points each outcome moves
    (`moved[outcome]`) and the facts it reads."""

    rule: compiler.CompiledRule
    info: results.RuleInfo
    moved: dict[bool | None, float | None]
    facts: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class DeriveRule:
    """A rule that derives a fact: its position, the fact, and the `Derived` entry of a result for each outcome
    that decides it (made once; frozen, so every result shares them)."""

    index: int
    fact: str
    rule: str
    made: dict[bool, results.Derived] = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "made", {value: results.Derived(self.fact, value, self.rule)
                                          for value in (True, False)})


Outcome = bool | None


@dataclasses.dataclass(frozen=True)
class Prepared:
    infos: tuple[results.RuleInfo | None, ...]  # per rule index (None for derive rules, which make no finding)
    item_nodes: tuple[results.ItemNode, ...]
    coverage: results.Coverage | None
    needed: tuple[str, ...]
    finding_rules: tuple[FindingRule | None, ...] = ()  # per rule index (None for derive rules)
    derive_rules: tuple[DeriveRule, ...] = ()  # in rule order
    labels: dict[str, results.Labels] = dataclasses.field(default_factory=dict)  # per fact a rule reads
    # The findings in bulk: `pick(outcomes)` gives the outcomes of the rules that make one, in rule order;
    # `templates[k][outcome]` the fields of the k-th finding for that outcome (its info, met, points moved)
    pick: Callable[[tuple[Outcome, ...]], tuple[Outcome, ...]] = tuple
    templates: tuple[dict[Outcome, dict[str, object]], ...] = ()
    reads: dict[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)  # rule id → the facts it reads


PREPARED_CACHE_SIZE = 64
CACHE: cache.LRU[str, Prepared] = cache.LRU("prepared", PREPARED_CACHE_SIZE)  # by the compiled pack's content key


def prepare(compiled: compiler.CompiledPack) -> Prepared:
    return CACHE.get_or_make(compiled.key, lambda: _prepare(compiled))


def _prepare(compiled: compiler.CompiledPack) -> Prepared:
    """Raises `PackError` with every problem of what the pack's award model needs, before any fact arrives."""
    pack = compiled.pack
    problems = list(awards.get(pack.model).check(compiled))
    if problems:
        raise errors.PackError(problems)
    infos = tuple(_info(r, compiled) for r in compiled.rules)
    finding_rules: list[FindingRule | None] = []
    for rule, info in zip(compiled.rules, infos, strict=True):
        finding_rules.append(None if info is None else FindingRule(rule, info, dict(info.moved), rule.facts))
    derive_rules = tuple(DeriveRule(r.index, r.rule.then.derive, r.rule.id) for r, info in zip(
        compiled.rules, infos, strict=True) if info is None and r.rule.then.derive)
    makers = [spec for spec in finding_rules if spec is not None]
    templates: tuple[dict[Outcome, dict[str, object]], ...] = tuple(
        {outcome: {"info": spec.info, "met": outcome, "points": spec.moved[outcome]} for outcome in (True, False, None)}
        for spec in makers)
    read = {name for r in compiled.rules for name in r.facts}
    labels = {name: spec.labels if (spec := compiled.fact(name)) is not None else () for name in sorted(read)}
    return Prepared(
        infos=infos,
        item_nodes=_item_nodes(pack),
        coverage=coverage(pack),
        needed=compiled.needed_facts(),
        finding_rules=tuple(finding_rules),
        derive_rules=derive_rules,
        labels=labels,
        pick=_picker([spec.rule.index for spec in makers]),
        templates=templates,
        reads={spec.info.rule: spec.facts for spec in makers},
    )


def _picker(indexes: list[int]) -> Callable[[tuple[Outcome, ...]], tuple[Outcome, ...]]:
    """The outcomes at `indexes`, as a tuple, in one C call."""
    if not indexes:
        return lambda outcomes: ()
    if len(indexes) == 1:
        return lambda outcomes: (outcomes[indexes[0]],)
    return operator.itemgetter(*indexes)


def _info(compiled_rule: compiler.CompiledRule, compiled: compiler.CompiledPack) -> results.RuleInfo | None:
    rule = compiled_rule.rule
    kind = kinds.of_rule(rule.then.kind)
    if kind is None:  # a derive rule: it makes a fact, not a finding
        return None
    item = compiled.pack.item(rule.item)
    return results.RuleInfo(
        rule=rule.id, item=rule.item, kind=kind.name, clause=rule.clause, provenance=rule.provenance,
        level=rule.level, dimension=item.dimension if item else None, template=_template(rule.explain, compiled),
        recommend=rule.then.recommend, file=rule.loc.file if rule.loc else None,
        line=rule.loc.line if rule.loc else None, reference=rule.reference, problem_on=kind.problem_on,
        fired_on=kind.fired_on, quiet_on=kind.quiet_on, uncounted_on=kind.uncounted_on,
        moved=tuple((outcome, kind.points(outcome, compiled_rule.points)) for outcome in (True, False, None)))


def _template(text: model.Text | None, compiled: compiler.CompiledPack) -> results.Template | None:
    if text is None:
        return None
    return results.Template(_parts(text.zh, compiled), _parts(text.en, compiled))


def _parts(template: str, compiled: compiler.CompiledPack) -> tuple[str | results.Hole, ...]:
    """Literal runs and fact holes; `{param.X}` becomes its value, an unknown name stays as written."""
    parts: list[str | results.Hole] = []
    last = 0
    for match in _PLACEHOLDER.finditer(template):
        parts.append(template[last:match.start()])
        name = match.group(1)
        if name.startswith("param."):
            param = compiled.param(name[len("param."):])
            parts.append(results.format_value(param.value) if param else match.group(0))
        elif (spec := compiled.fact(name)) is not None:
            parts.append(results.Hole(name, spec.labels))  # filled with the value's label in the template's language
        else:
            parts.append(match.group(0))
        last = match.end()
    parts.append(template[last:])
    merged: list[str | results.Hole] = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        elif part != "":
            merged.append(part)
    return tuple(merged)


def _item_nodes(pack: model.Pack) -> tuple[results.ItemNode, ...]:
    """Depth-first, children in declaration order, each node pointing at its children's positions."""
    children: dict[str | None, list[model.Item]] = {}
    for item in pack.items:
        children.setdefault(item.parent, []).append(item)
    order: list[tuple[model.Item, int]] = []
    position: dict[str, int] = {}

    def visit(item: model.Item, depth: int) -> None:
        position[item.id] = len(order)
        order.append((item, depth))
        for child in children.get(item.id, []):
            visit(child, depth + 1)

    for root in children.get(None, []):
        visit(root, 1)
    return tuple(
        results.ItemNode(id=item.id, parent=item.parent, depth=depth, title=item.title, clause=item.clause,
                         provenance=item.provenance, dimension=item.dimension,
                         children=tuple(position[c.id] for c in children.get(item.id, [])),
                         kind=item.kind, mode=item.mode, item_points=item.points)
        for item, depth in order)


def coverage(pack: model.Pack) -> results.Coverage | None:
    """Items encoded per tier of the tree against the official counts the pack declares."""
    if not pack.coverage_tiers:
        return None
    depths = Counter(pack.item_depth(i.id) for i in pack.items)
    return results.Coverage(tuple(depths.get(t + 1, 0) for t in range(len(pack.coverage_tiers))), pack.coverage_tiers)
