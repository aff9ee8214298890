"""The assessment pipeline: evaluate → findings → award → roadmap → results.

`assess` is pure (no I/O, clock or printing). `run` is the thin outer layer that loads files and picks packs and
dates; the CLI, the step library and the benchmarks all go through it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from cc_rules import compiler, engine, errors, evidence, findings, model, packs, results, roadmap
from cc_rules.awards import conformity, maturity, points


def assess(ev: evidence.Evidence, compiled: compiler.CompiledPack, evaluator: engine.Evaluator) -> results.PackResult:
    facts = evidence.bind(ev, compiled)
    evaluation = evaluator.evaluate(compiled, facts.values())
    found, derived = findings.build(compiled, facts, evaluation)
    pack = compiled.pack
    level = level_name = next_level = grade = score = retest = None
    ladder: tuple[results.LevelStep, ...] = ()
    if pack.model == "maturity":
        mat = maturity.award(compiled, found)
        level, level_name, ladder, next_level = mat.level, mat.level_name, mat.ladder, mat.next_level
        passed = mat.level >= 1
        ordered = tuple(sorted(found, key=lambda f: (f.level or 0, f.rule)))
    elif pack.model == "points":
        pts = points.award(compiled, found, ev.first_date)
        score, passed, grade, retest = pts.score, pts.passed, pts.grade, pts.retest
        score = dataclasses.replace(score, dimension_maxima=dimension_maxima(compiled))
        ordered = tuple(sorted(found, key=lambda f: (f.points or 0, f.kind != "warning" or f.met is not False, f.rule)))
    else:
        passed = conformity.passed(found)
        ordered = tuple(sorted(found, key=lambda f: (f.met is True, f.rule)))
    needed = compiled.needed_facts()
    present = {f.name for f in facts.facts}
    return results.PackResult(
        pack_id=pack.id, pack_title=pack.title, edition=compiled.edition.id,
        edition_reference=compiled.edition.reference, pack_sha256=pack.sha256, model=pack.model,
        as_of=compiled.as_of.isoformat(), engine=evaluation.engine, level=level, level_name=level_name,
        passed=passed, grade=grade, score=score, findings=ordered, next_level=next_level,
        actions=roadmap.plan(compiled, found, level), unknown=tuple(n for n in needed if n not in present),
        ladder=ladder, retest=retest, coverage=coverage(compiled), derived=derived, items=item_tree(compiled, found),
    )


def item_tree(compiled: compiler.CompiledPack, found: Sequence[results.Finding]) -> tuple[results.ItemStatus, ...]:
    """The item tree depth-first with each item's status: its own findings plus its children's, worst first."""
    pack = compiled.pack
    children: dict[str | None, list[str]] = {}
    for item in pack.items:
        children.setdefault(item.parent, []).append(item.id)
    own: dict[str, list[results.Finding]] = {}
    for f in found:
        own.setdefault(f.item, []).append(f)
    out: list[results.ItemStatus] = []

    def visit(item_id: str, depth: int) -> tuple[int, int, int, float | None]:
        item = pack.item(item_id)
        assert item is not None
        index = len(out)
        out.append(None)  # type: ignore[arg-type]  # placeholder: parents come before children
        fs = [f for f in own.get(item_id, []) if not (f.kind == "warning" and f.met is True)]
        met = sum(1 for f in fs if f.met is True)
        unmet = sum(1 for f in fs if f.met is False)
        unknown = sum(1 for f in fs if f.met is None)
        moved = [f.points for f in fs if f.points is not None]
        points = sum(moved) if moved else None
        for child in children.get(item_id, []):
            c_met, c_unmet, c_unknown, c_points = visit(child, depth + 1)
            met, unmet, unknown = met + c_met, unmet + c_unmet, unknown + c_unknown
            if c_points is not None:
                points = (points or 0.0) + c_points
        status = "unmet" if unmet else "unknown" if unknown else "met" if met else "none"
        out[index] = results.ItemStatus(
            id=item.id, parent=item.parent, depth=depth, title=item.title, clause=item.clause,
            provenance=item.provenance, status=status, met=met, unmet=unmet, unknown=unknown,
            rules=tuple(sorted(f.rule for f in fs)), dimension=item.dimension,
            points=None if points is None else round(points, 4))
        return met, unmet, unknown, points

    for root in children.get(None, []):
        visit(root, 1)
    return tuple(out)


def dimension_maxima(compiled: compiler.CompiledPack) -> tuple[tuple[str, float], ...]:
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


def coverage(compiled: compiler.CompiledPack) -> results.Coverage | None:
    pack = compiled.pack
    if not pack.coverage_tiers:
        return None
    depths = Counter(pack.item_depth(i.id) for i in pack.items)
    return results.Coverage(tuple(depths.get(t + 1, 0) for t in range(len(pack.coverage_tiers))), pack.coverage_tiers)


def select_packs(ev: evidence.Evidence, pack_refs: Sequence[str]) -> list[str]:
    if pack_refs:
        return list(pack_refs)
    if ev.packs is not None:
        known = packs.builtin_ids()
        for index, ref in enumerate(ev.packs):
            if ref not in known:
                raise errors.InputError([errors.Problem(
                    f"the evidence names unknown pack {ref!r}", file=ev.file, line=ev.packs_line,
                    path=f"$.packs[{index}]", expected=f"one of {list(known)}", got=repr(ref),
                    suggestion=errors.did_you_mean(ref, known), code="unknown-pack")])
        return list(ev.packs)
    return list(packs.builtin_ids())


def run(paths: Sequence[str | Path], pack_refs: Sequence[str] = (), as_of: dt.date | None = None,
        engine_name: str = "durable") -> results.Report:
    """Load, validate and assess every evidence file against its packs; any bad input raises before any result."""
    evaluator = engine.get(engine_name)
    out = []
    for path in paths:
        ev = evidence.load(path)
        out.append(assess_evidence(ev, pack_refs, as_of, evaluator))
    return results.Report(tuple(out))


def assess_evidence(ev: evidence.Evidence, pack_refs: Sequence[str], as_of: dt.date | None,
                    evaluator: engine.Evaluator) -> results.AssessmentResult:
    day = as_of or ev.date
    compiled = [compiler.compile_pack(packs.load(ref), day) for ref in select_packs(ev, pack_refs)]
    if not compiled:
        raise errors.InputError([errors.Problem("no pack to assess against", file=ev.file, code="no-pack")])
    evidence.check_vocabulary(ev, compiled)
    return results.AssessmentResult(
        file=ev.file, sha256=ev.sha256, organization=tuple(sorted(ev.organization().items())),
        date=ev.date.isoformat(), mode=ev.mode, results=tuple(assess(ev, c, evaluator) for c in compiled))


@dataclasses.dataclass(frozen=True)
class Prepared:
    """Everything `explain` walks for one evidence file and one pack: the compiled rules, the bound facts, the result."""

    loaded: evidence.Evidence
    compiled: compiler.CompiledPack
    facts: evidence.FactSet
    result: results.PackResult


def prepare(path: str | Path, pack_ref: str, as_of: dt.date | None = None, engine_name: str = "plain") -> Prepared:
    """Load → compile → bind → assess one evidence file against one pack, keeping the intermediate pieces."""
    ev = evidence.load(path)
    compiled = compiler.compile_pack(packs.load(pack_ref), as_of or ev.date)
    evidence.check_vocabulary(ev, [compiled])
    facts = evidence.bind(ev, compiled)
    return Prepared(ev, compiled, facts, assess(ev, compiled, engine.get(engine_name)))
