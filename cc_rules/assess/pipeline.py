"""The assessment pipeline: evaluate → findings → award → roadmap → results.

`assess` is pure (no I/O, clock or printing). `run` is the thin outer layer that loads files and picks packs and
dates; the CLI, the step library and the benchmarks all go through it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from cc_rules import awards, engine, model, results
from cc_rules.assess import bind, findings, prepared
from cc_rules.base import errors
from cc_rules.compile import compiler
from cc_rules.model import evidence, packs


def assess(ev: evidence.Evidence, compiled: compiler.CompiledPack, evaluator: engine.Evaluator) -> results.PackResult:
    """One evidence file against one compiled pack: bind, evaluate, build findings, and let the pack's award model
    award, order and plan."""
    prep = prepared.prepare(compiled)
    facts = bind.bind(ev, compiled)
    evaluation = evaluator.evaluate(compiled, facts.values())
    found, derived = findings.build(compiled, facts, evaluation, prep)
    pack = compiled.pack
    award = awards.get(pack.model)
    verdict = award.award(compiled, found, ev.first_date)
    present = {f.name for f in facts.facts}
    return results.PackResult(
        pack_id=pack.id, pack_title=pack.title, edition=compiled.edition.id,
        edition_reference=compiled.edition.reference, pack_sha256=pack.sha256, model=pack.model,
        as_of=compiled.as_of.isoformat(), engine=evaluation.engine, level=verdict.level,
        level_name=verdict.level_name, passed=verdict.passed, grade=verdict.grade, score=verdict.score,
        findings=award.order(compiled, found), next_level=verdict.next_level,
        actions=award.roadmap(compiled, found, verdict),
        unknown=tuple(n for n in prep.needed if n not in present), ladder=verdict.ladder, retest=verdict.retest,
        coverage=prep.coverage, derived=derived, item_nodes=prep.item_nodes, nonconformities=verdict.nonconformities,
    )


def compile_pack(pack: model.Pack, day: dt.date) -> compiler.CompiledPack:
    """Compile the edition in force on `day` and run the award model's checks: every problem of the pack is raised
    here, before any fact arrives."""
    compiled = compiler.compile_pack(pack, day)
    prepared.prepare(compiled)
    return compiled


def gate(report: results.Report, spec: results.GateSpec) -> results.Report:
    """The report with every result's gate verdicts and CI severities, computed once for every format to read."""
    out = []
    for assessment in report.assessments:
        gated = []
        for result in assessment.results:
            award = awards.get(result.model)
            verdicts = award.gates(result, spec)
            blocking = frozenset(m.id for v in verdicts if not v.met for m in v.blocking)
            severities = tuple((f.rule, sev) for f in result.findings
                               if (sev := award.severity(f, blocking)) is not None)
            gated.append(dataclasses.replace(result, gates=verdicts, severities=severities))
        out.append(dataclasses.replace(assessment, results=tuple(gated)))
    return results.Report(tuple(out))


def select_packs(ev: evidence.Evidence, pack_refs: Sequence[str]) -> list[str]:
    if pack_refs:
        return list(pack_refs)
    if ev.packs is not None:
        known = packs.builtin_ids()
        for index, ref in enumerate(ev.packs):
            if ref not in known:
                raise errors.InputError([errors.Problem.of(
                    "evidence.unknown-pack", file=ev.file, line=ev.packs_line, path=f"$.packs[{index}]",
                    expected_key="evidence.one-of", got=repr(ref), suggestion=errors.did_you_mean(ref, known),
                    code="unknown-pack", ref=ref, allowed=list(known))])
        return list(ev.packs)
    return touched(ev, packs.builtin_ids())


def touched(ev: evidence.Evidence, refs: Sequence[str]) -> list[str]:
    """The packs among `refs` whose vocabulary the evidence touches (a fact beyond the organisation block); all of
    them when it touches none, so a fact no pack declares is still reported as unknown."""
    given = {f.name for f in ev.facts if not f.name.startswith("organization.")}
    hits = [ref for ref in refs if given & {spec.name for spec in packs.load(ref).facts}]
    return hits or list(refs)


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
    compiled = [compile_pack(packs.load(ref), day) for ref in select_packs(ev, pack_refs)]
    if not compiled:
        raise errors.InputError([errors.Problem.of("evidence.no-pack", file=ev.file, code="no-pack")])
    bind.check_vocabulary(ev, compiled)
    return results.AssessmentResult(
        file=ev.file, sha256=ev.sha256, organization=tuple(sorted(ev.organization().items())),
        date=ev.date.isoformat(), mode=ev.mode, results=tuple(assess(ev, c, evaluator) for c in compiled),
        facts_line=_facts_line(ev))


def _facts_line(ev: evidence.Evidence) -> int | None:
    """Where the evidence gives its facts: the line of its first fact under `facts:` (None when it gives none)."""
    return min((f.line for f in ev.facts if f.line and f.path.startswith("$.facts")), default=None)


@dataclasses.dataclass(frozen=True)
class Prepared:
    """Everything `explain` walks for one evidence file and one pack: the compiled rules, the bound facts, the
    result."""

    loaded: evidence.Evidence
    compiled: compiler.CompiledPack
    facts: evidence.FactSet
    result: results.PackResult


def prepare(path: str | Path, pack_ref: str, as_of: dt.date | None = None, engine_name: str = "plain") -> Prepared:
    """Load → compile → bind → assess one evidence file against one pack, keeping the intermediate pieces."""
    ev = evidence.load(path)
    compiled = compile_pack(packs.load(pack_ref), as_of or ev.date)
    bind.check_vocabulary(ev, [compiled])
    facts = bind.bind(ev, compiled)
    return Prepared(ev, compiled, facts, assess(ev, compiled, engine.get(engine_name)))
