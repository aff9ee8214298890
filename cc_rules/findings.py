"""Rule outcomes → findings with provenance: rule id, clause, the facts matched with values and evidence sources."""

from __future__ import annotations

import re
from collections.abc import Mapping

from cc_rules import compiler, engine, evidence, model, results

_KIND = {"requirement": "requirement", "deduct": "deduction", "add": "bonus", "warn": "warning"}
_PLACEHOLDER = re.compile(r"\{([A-Za-z0-9_.\-]+)\}")
NOT_EVIDENCED = model.Text("未提供证据", "not evidenced")


def build(compiled: compiler.CompiledPack, facts: evidence.FactSet,
          evaluation: engine.Evaluation) -> tuple[tuple[results.Finding, ...], tuple[results.Derived, ...]]:
    derived_values = dict(evaluation.derived)
    known: dict[str, object] = {**facts.values(), **derived_values}
    out = []
    derived = []
    for rule, outcome in zip(compiled.rules, evaluation.outcomes):
        then = rule.rule.then
        if then.kind == "derive":
            if outcome is not None and then.derive:
                derived.append(results.Derived(then.derive, outcome, rule.rule.id))
            continue
        item = compiled.pack.item(rule.rule.item)
        out.append(results.Finding(
            rule=rule.rule.id,
            item=rule.rule.item,
            kind=_KIND[then.kind],
            met=outcome,
            points=_points(then.kind, outcome, rule.points),
            clause=rule.rule.clause,
            provenance=rule.rule.provenance,
            because=tuple(_because(name, facts, derived_values) for name in rule.facts),
            level=rule.rule.level,
            dimension=item.dimension if item else None,
            explanation=render(rule.rule.explain, known, compiled) if rule.rule.explain else None,
            recommend=then.recommend,
            file=rule.rule.loc.file if rule.rule.loc else None,
            line=rule.rule.loc.line if rule.rule.loc else None,
        ))
    return tuple(out), tuple(derived)


def _points(kind: str, outcome: bool | None, points: float | None) -> float | None:
    if kind == "deduct":
        return 0.0 if outcome is True else -(points or 0.0)
    if kind == "add":
        return (points or 0.0) if outcome is True else 0.0
    return None


def _because(name: str, facts: evidence.FactSet, derived: Mapping[str, bool]) -> results.Because:
    fact = facts.get(name)
    if fact is not None:
        return results.Because(name, fact.value, fact.source, fact.file, fact.line, fact.path)
    if name in derived:
        return results.Because(name, derived[name], "derived")
    return results.Because(name, None)


def render(text: model.Text | None, known: Mapping[str, object], compiled: compiler.CompiledPack) -> model.Text | None:
    """Interpolate `{fact.name}` and `{param.NAME}` in both languages."""
    if text is None:
        return None
    return model.Text(_fill(text.zh, known, compiled, "zh"), _fill(text.en, known, compiled, "en"))


def _fill(template: str, known: Mapping[str, object], compiled: compiler.CompiledPack, lang: str) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name.startswith("param."):
            param = compiled.param(name[len("param."):])
            return format_value(param.value) if param else match.group(0)
        if name in known:
            return format_value(known[name])
        if compiled.fact(name) is not None:
            return f"({NOT_EVIDENCED.get(lang)})"
        return match.group(0)

    return _PLACEHOLDER.sub(value, template)


def format_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(format_value(v) for v in value) + "]"
    return str(value)
