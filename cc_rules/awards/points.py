"""Weighted points: item deductions and bonuses roll up into dimensions and a total; pass strictly above the line;
the grade is the first band the total reaches, awarded directly (no step-by-step promotion)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from cc_rules import model, results
from cc_rules.compile import compiler


@dataclasses.dataclass(frozen=True)
class Award:
    score: results.Score
    passed: bool
    grade: str | None
    retest: results.Retest


def award(compiled: compiler.CompiledPack, findings: tuple[results.Finding, ...], first_date: dt.date) -> Award:
    base = _mapping(compiled, "dimension_base")
    caps = _mapping(compiled, "dimension_cap")
    dims = {d: float(base.get(d, 0.0)) for d in model.DIMENSIONS}
    for f in findings:
        if f.points and f.dimension:
            dims[f.dimension] = dims.get(f.dimension, 0.0) + f.points
    for d, value in dims.items():
        upper = caps.get(d)
        dims[d] = max(0.0, min(value, float(upper)) if upper is not None else value)
    total = round(sum(dims.values()), 4)
    threshold_param = compiled.param("pass_threshold")
    threshold = float(threshold_param.value) if threshold_param else 60.0  # type: ignore[arg-type]
    passed = total > threshold
    until = dt.date(first_date.year, 12, 31)
    retest = results.Retest(open=not passed and compiled.as_of <= until, until=until.isoformat())
    maximum = sum(float(v) for v in base.values()) + sum(
        r.points or 0 for r in compiled.rules if r.rule.then.kind == "add")
    score = results.Score(total, tuple((d, round(dims[d], 4)) for d in model.DIMENSIONS), threshold, maximum)
    return Award(score, passed, grade(compiled, total), retest)


def grade(compiled: compiler.CompiledPack, total: float) -> str | None:
    bands = compiled.param("grade_bands")
    for band in bands.value if bands else []:  # type: ignore[attr-defined]
        low = float(band["min"])
        if total > low or (band.get("inclusive", True) and total == low):
            return str(band["grade"])
    return None


def _mapping(compiled: compiler.CompiledPack, name: str) -> dict[str, float]:
    param = compiled.param(name)
    return dict(param.value) if param and isinstance(param.value, dict) else {}
