"""What the pipeline derives from a compiled pack once, not per assessment: explanation templates, the item tree's
order, coverage, dimension maxima, the facts the rules need. Cached by the compiled pack's content key."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter

from cc_rules import model, results
from cc_rules.compile import compiler

_PLACEHOLDER = re.compile(r"\{([A-Za-z0-9_.\-]+)\}")


@dataclasses.dataclass(frozen=True)
class Prepared:
    infos: tuple[results.RuleInfo | None, ...]  # per rule index (None for derive rules, which make no finding)
    item_nodes: tuple[results.ItemNode, ...]
    coverage: results.Coverage | None
    dimension_maxima: tuple[tuple[str, float], ...]
    needed: tuple[str, ...]


_CACHE: dict[str, Prepared] = {}


def prepare(compiled: compiler.CompiledPack) -> Prepared:
    found = _CACHE.get(compiled.key)
    if found is None:
        if len(_CACHE) > 256:
            _CACHE.clear()
        found = _CACHE[compiled.key] = _prepare(compiled)
    return found


def _prepare(compiled: compiler.CompiledPack) -> Prepared:
    pack = compiled.pack
    return Prepared(
        infos=tuple(_info(r, compiled) for r in compiled.rules),
        item_nodes=_item_nodes(pack),
        coverage=coverage(pack),
        dimension_maxima=_dimension_maxima(compiled),
        needed=compiled.needed_facts(),
    )


_KIND = {"requirement": "requirement", "deduct": "deduction", "add": "bonus", "warn": "warning"}


def _info(compiled_rule: compiler.CompiledRule, compiled: compiler.CompiledPack) -> results.RuleInfo | None:
    rule = compiled_rule.rule
    if rule.then.kind == "derive":
        return None
    item = compiled.pack.item(rule.item)
    return results.RuleInfo(
        rule=rule.id, item=rule.item, kind=_KIND[rule.then.kind], clause=rule.clause, provenance=rule.provenance,
        level=rule.level, dimension=item.dimension if item else None, template=_template(rule.explain, compiled),
        recommend=rule.then.recommend, file=rule.loc.file if rule.loc else None,
        line=rule.loc.line if rule.loc else None)


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
        elif compiled.fact(name) is not None:
            parts.append(results.Hole(name))
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


def _dimension_maxima(compiled: compiler.CompiledPack) -> tuple[tuple[str, float], ...]:
    """Most each dimension can reach: its base plus every bonus on it, capped; scales the radar chart."""
    base = compiled.param("dimension_base")
    cap = compiled.param("dimension_cap")
    bases = dict(base.value) if base and isinstance(base.value, dict) else {}
    caps = dict(cap.value) if cap and isinstance(cap.value, dict) else {}
    tops = {d: float(bases.get(d, 0.0)) for d in model.DIMENSIONS}
    for rule in compiled.rules:
        item = compiled.pack.item(rule.rule.item)
        if rule.rule.then.kind == "add" and item is not None and item.dimension in tops:
            tops[item.dimension] += rule.points or 0.0
    return tuple((d, float(caps[d]) if d in caps and caps[d] < v else v) for d, v in tops.items())
