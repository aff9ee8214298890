"""The assessment pipeline: evaluate → findings → award → roadmap → results.

`assess` is pure (no I/O, clock or printing). `run` is the thin outer layer that loads files and picks packs and
dates; the CLI, the step library and the benchmarks all go through it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from cc_rules import engine, results
from cc_rules.assess import bind, findings, prepared, roadmap
from cc_rules.awards import conformity, maturity, points
from cc_rules.base import errors
from cc_rules.compile import compiler
from cc_rules.model import evidence, packs


def assess(ev: evidence.Evidence, compiled: compiler.CompiledPack, evaluator: engine.Evaluator) -> results.PackResult:
    facts = bind.bind(ev, compiled)
    evaluation = evaluator.evaluate(compiled, facts.values())
    prep = prepared.prepare(compiled)
    found, derived = findings.build(compiled, facts, evaluation, prep)
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
        score = dataclasses.replace(score, dimension_maxima=prep.dimension_maxima)
        ordered = tuple(sorted(found, key=lambda f: (f.points or 0, f.kind != "warning" or f.met is not False, f.rule)))
    else:
        passed = conformity.passed(found)
        ordered = tuple(sorted(found, key=lambda f: (f.met is True, f.rule)))
    present = {f.name for f in facts.facts}
    return results.PackResult(
        pack_id=pack.id, pack_title=pack.title, edition=compiled.edition.id,
        edition_reference=compiled.edition.reference, pack_sha256=pack.sha256, model=pack.model,
        as_of=compiled.as_of.isoformat(), engine=evaluation.engine, level=level, level_name=level_name,
        passed=passed, grade=grade, score=score, findings=ordered, next_level=next_level,
        actions=roadmap.plan(compiled, found, level), unknown=tuple(n for n in prep.needed if n not in present),
        ladder=ladder, retest=retest, coverage=prep.coverage, derived=derived, item_nodes=prep.item_nodes,
    )


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
    bind.check_vocabulary(ev, compiled)
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
    bind.check_vocabulary(ev, [compiled])
    facts = bind.bind(ev, compiled)
    return Prepared(ev, compiled, facts, assess(ev, compiled, engine.get(engine_name)))
