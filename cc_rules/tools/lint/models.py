"""Checks specific to an award model: maturity levels (CCR008, CCR018), points and grade bands (CCR010-CCR012)."""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterator

from cc_rules import model
from cc_rules.compile import compiler
from cc_rules.results.lint import LintFinding
from cc_rules.tools.lint.common import _finding, _pack_loc
from cc_rules.tools.lint.logic import satisfiable


def _levels(cp: compiler.CompiledPack) -> list[LintFinding]:
    return list(_levels_iter(cp))



def _levels_iter(cp: compiler.CompiledPack) -> Iterator[LintFinding]:
    reqs = [r for r in cp.rules if r.rule.then.kind == "requirement" and r.rule.level is not None]
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
            why = f"requirements {a.rule.id!r} (level {a.rule.level}) and {b.rule.id!r} (level {b.rule.level}) exclude each other"
            candidate = (level, why)
            blocked = min(blocked, candidate) if blocked else candidate
    if blocked:
        level, why = blocked
        top = max((lv.level for lv in cp.pack.levels), default=level)
        above = f" (nor any level up to {top})" if top > level else ""
        yield _finding("CCR008", cp.pack.id, f"level {level} can never be awarded{above}: {why}", where)
    counts = Counter(r.rule.level for r in reqs)
    for lv in cp.pack.levels:
        if not counts.get(lv.level):
            yield _finding("CCR018", cp.pack.id, f"level {lv.level} ({lv.name.en}) has no requirement in force", where)



def _points_model(cp: compiler.CompiledPack) -> list[LintFinding]:
    return list(_points_iter(cp))



def _points_iter(cp: compiler.CompiledPack) -> Iterator[LintFinding]:
    pack = cp.pack
    base_param = cp.param("dimension_base")
    bases = dict(base_param.value) if base_param and isinstance(base_param.value, dict) else {}
    per_item: dict[str, float] = defaultdict(float)
    add_total = 0.0
    for rule in cp.rules:
        if rule.rule.then.kind == "deduct":
            per_item[rule.rule.item] += rule.points or 0.0
        elif rule.rule.then.kind == "add":
            add_total += rule.points or 0.0
    worst: dict[str, float] = defaultdict(float)
    for item_id, rules_total in sorted(per_item.items()):
        item = pack.item(item_id)
        if item is None or item.dimension is None:
            continue
        declared = item.points
        worst[item.dimension] += declared if declared is not None else rules_total
        if declared is not None and rules_total > declared + 1e-9:
            n = sum(1 for r in cp.rules if r.rule.item == item_id and r.rule.then.kind == "deduct")
            yield _finding("CCR011", pack.id, f"item {item_id!r} is worth {declared:g} points but its {n} rules can "
                           f"deduct {rules_total:g} together", item.loc)
    where = _pack_loc(pack, ("parameters", "dimension_base"))
    for dim, total in sorted(worst.items()):
        base = float(bases.get(dim, 0.0))
        if total > base + 1e-9:
            yield _finding("CCR010", pack.id, f"dimension {dim!r}: deduction items are worth {total:g} points, more "
                           f"than its base {base:g}", where)
    yield from _grade_bands(cp, sum(float(v) for v in bases.values()) + add_total)



def _grade_bands(cp: compiler.CompiledPack, maximum: float) -> Iterator[LintFinding]:
    param = cp.param("grade_bands")
    if param is None or not isinstance(param.value, list) or not param.value:
        return
    where = _pack_loc(cp.pack, ("parameters", "grade_bands"))
    bands = [(str(b["grade"]), float(b["min"]), bool(b.get("inclusive", True))) for b in param.value]
    for (g1, m1, i1), (g2, m2, i2) in itertools.pairwise(bands):
        if m2 > m1 or (m2 == m1 and (i1 or not i2)):
            yield _finding("CCR012", cp.pack.id, f"grade bands overlap: {g2!r} (min {m2:g}) is listed after {g1!r} "
                           f"(min {m1:g}), so the totals it covers already get {g1!r}", where)
    threshold_param = cp.param("pass_threshold")
    if threshold_param is not None:
        threshold = float(threshold_param.value)  # type: ignore[arg-type]
        grade, low, inclusive = min(bands, key=lambda b: (b[1], not b[2]))
        if low > threshold:
            yield _finding("CCR012", cp.pack.id, f"grade bands leave a gap: totals above the pass line {threshold:g} "
                           f"and below {low:g} pass without a grade", where)
        elif low < threshold or (low == threshold and inclusive):
            yield _finding("CCR012", cp.pack.id, f"grade bands overlap the failing range: {grade!r} starts at "
                           f"{'≥' if inclusive else '>'} {low:g} but a total passes only above {threshold:g} "
                           "", where)
    for grade, low, inclusive in bands:
        if low > maximum or (low == maximum and not inclusive):
            yield _finding("CCR012", cp.pack.id, f"grade {grade!r} (min {low:g}) is above the highest reachable total "
                           f"{maximum:g}", where)

