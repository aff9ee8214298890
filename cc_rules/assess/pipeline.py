"""The assessment pipeline: evaluate → findings → award → roadmap → results.

`assess` is pure (no I/O, clock or printing). `run` is the thin outer layer that loads files and picks packs and
dates; the CLI, the step library and the benchmarks all go through it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import itertools
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from cc_rules import awards, engine, model, results
from cc_rules.assess import bind, findings, prepared
from cc_rules.base import dates, errors
from cc_rules.compile import compiler
from cc_rules.io import loading
from cc_rules.model import evidence, packs

if TYPE_CHECKING:  # read only by `check --waivers`, which imports it: `assess` does not pay for it
    from cc_rules.model.waivers import Waiver


def assess(ev: evidence.Evidence, compiled: compiler.CompiledPack, evaluator: engine.Evaluator, *,
           checked: bool = False) -> results.PackResult:
    """One evidence file against one compiled pack: bind, evaluate, build findings, and let the pack's award model
    award, order and plan. `checked`: `bind.check` has passed for this evidence and pack, so binding does not test
    each fact's type again."""
    prep = prepared.prepare(compiled)
    facts = bind.bind(ev, compiled, checked=checked)
    values = facts.values()
    evaluation = evaluator.evaluate(compiled, values)
    found, derived = findings.build(compiled, facts, evaluation, prep, values)
    pack = compiled.pack
    award = awards.get(pack.model)
    found = award.settle(compiled, found)
    verdict = award.award(compiled, found, ev.first_date)
    return results.PackResult(
        pack_id=pack.id, pack_title=pack.title, edition=compiled.edition.id,
        edition_reference=compiled.edition.reference, pack_sha256=pack.sha256, model=pack.model,
        as_of=compiled.as_of.isoformat(), engine=evaluation.engine, level=verdict.level,
        level_name=verdict.level_name, passed=verdict.passed, grade=verdict.grade, score=verdict.score,
        findings=award.order(compiled, found), next_level=verdict.next_level,
        actions=functools.partial(award.roadmap, compiled, found, verdict),  # worked out when first read
        unknown=tuple(itertools.filterfalse(values.__contains__, prep.needed)), ladder=verdict.ladder,
        retest=verdict.retest,
        coverage=prep.coverage, derived=derived, item_nodes=prep.item_nodes, nonconformities=verdict.nonconformities,
        provenance=pack.provenance,
    )


def compile_pack(pack: model.Pack, day: dt.date) -> compiler.CompiledPack:
    """Compile the edition in force on `day` and run the award model's checks: every problem of the pack is raised
    here, before any fact arrives."""
    compiled = compiler.compile_pack(pack, day)
    prepared.prepare(compiled)
    return compiled


def gate(report: results.Report, spec: results.GateSpec,
         waivers: Sequence[Waiver] = ()) -> results.Report:
    """The report with every result's gate verdicts and CI severities, computed once for every format to read.

    `waivers` (`check --waivers`): one in force on the result's as-of date that covers the evidence file takes its
    rule out of every gate's blocking findings (a gate with nothing left blocking is met; on a numeric gate such as
    min-score the waived rules' lost points count as not lost: met when actual + those points ≥ required) or, naming
    a gate, makes that gate met. What was waived is recorded on `PackResult.waived`."""
    out = []
    for assessment in report.assessments:
        gated = []
        for result in assessment.results:
            award = awards.get(result.model)
            verdicts = award.gates(result, spec)
            waived: tuple[results.Waived, ...] = ()
            if waivers:
                verdicts, waived = _waive(result, assessment.file, verdicts, waivers)
            blocking = frozenset(m.id for v in verdicts if not v.met for m in v.blocking)
            severities = tuple((f.rule, sev) for f in result.findings
                               if (sev := award.severity(f, blocking)) is not None)
            gated.append(result.evolve(gates=verdicts, severities=severities, waived=waived))
        out.append(dataclasses.replace(assessment, results=tuple(gated)))
    return dataclasses.replace(report, assessments=tuple(out))


def _applies(w: Waiver, result: results.PackResult, file: str,
             verdicts: Sequence[results.GateVerdict]) -> bool:
    """Whether `w` names something of this result (a shortfall finding, a gate applied) for this file, in force or
    not."""
    if not w.covers(file):
        return False
    if w.rule is not None:
        return any(f.rule == w.rule and f.problem for f in result.findings)
    return any(v.gate == w.gate for v in verdicts)


def _waive(result: results.PackResult, file: str, verdicts: tuple[results.GateVerdict, ...],
           waivers: Sequence[Waiver]) -> tuple[tuple[results.GateVerdict, ...], tuple[results.Waived, ...]]:
    as_of = dates.day(result.as_of)
    live = [w for w in waivers if w.in_force(as_of) and _applies(w, result, file, verdicts)]
    rules = {w.rule for w in live if w.rule is not None}
    gates = {w.gate for w in live if w.gate is not None}
    out = []
    for v in verdicts:
        kept = tuple(m for m in v.blocking if m.id not in rules)
        if v.gate in gates:
            v = dataclasses.replace(v, met=True, blocking=())
        elif not v.met and len(kept) < len(v.blocking):
            met = not kept
            regained = sum(-m.points for m in v.blocking if m.id in rules and m.points is not None and m.points < 0)
            if regained and _numeric(v.actual) and _numeric(v.required):
                met = float(v.actual) + regained >= float(v.required)  # type: ignore[arg-type]
            v = dataclasses.replace(v, met=met, blocking=() if met else kept)
        out.append(v)
    waived = tuple(results.Waived(w.rule, w.gate, w.justification, w.approved_by, w.expires.isoformat())
                   for w in live)
    return tuple(out), waived


def _numeric(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def waiver_warnings(report: results.Report, waivers: Sequence[Waiver]) -> tuple[errors.Problem, ...]:
    """A warning for each waiver that no longer applies (expired on every result it names) or names nothing: never
    a failure. Read after `gate`, on the gated report."""
    out = []
    for w in waivers:
        named = [r for a in report.assessments for r in a.results if _applies(w, r, a.file, r.gates)]
        if not named:
            out.append(errors.Problem.of("waivers.unmatched", file=w.file, line=w.line, path=w.path,
                                         code="waiver-unmatched", target=w.target, evidence=w.evidence))
            continue
        expired = [r for r in named if not w.in_force(dates.day(r.as_of))]
        if len(expired) == len(named):
            out.append(errors.Problem.of("waivers.expired", file=w.file, line=w.line, path=w.path,
                                         code="waiver-expired", target=w.target, expires=w.expires.isoformat(),
                                         as_of=expired[0].as_of))
    return tuple(out)


class RunPacks:
    """The packs one run reads, each loaded once, and what every file asks of them worked out once: the built-in
    pack ids, the built-in packs not in use beside a selection, each pack's fact names. `packs.load` checks every
    file of a pack against its metadata on each call (a dozen `stat` calls) and every file asks for the built-in
    packs, so a run that shares one `RunPacks` pays that once, and all its files are assessed against the same
    packs even if one is edited meanwhile. A pack that cannot be loaded is not kept: each file that asks for it
    gets its error. Made fresh for each file when the caller gives none (what a long-lived caller wants)."""

    def __init__(self) -> None:
        self._loaded: dict[str, model.Pack] = {}
        self._builtin: tuple[str, ...] | None = None
        self._others: dict[tuple[str, ...], tuple[model.Pack, ...]] = {}
        self._names: dict[int, tuple[model.Pack, frozenset[str]]] = {}  # by id() of a pack (held, so the id stays)

    def load(self, ref: str) -> model.Pack:
        found = self._loaded.get(ref)
        if found is None:
            found = self._loaded[ref] = packs.load(ref)
        return found

    def builtin_ids(self) -> tuple[str, ...]:
        if self._builtin is None:
            self._builtin = packs.builtin_ids()
        return self._builtin

    def builtin(self) -> list[model.Pack]:
        return [self.load(ref) for ref in self.builtin_ids()]

    def others(self, used: Iterable[model.Pack]) -> list[model.Pack]:
        """The built-in packs not in `used`."""
        ids = tuple(sorted({p.id for p in used}))
        found = self._others.get(ids)
        if found is None:
            found = self._others[ids] = tuple(p for p in self.builtin() if p.id not in ids)
        return list(found)

    def fact_names(self, pack: model.Pack) -> frozenset[str]:
        """The names of the facts `pack` declares."""
        found = self._names.get(id(pack))
        if found is None or found[0] is not pack:
            found = self._names[id(pack)] = (pack, frozenset(spec.name for spec in pack.facts))
        return found[1]


def select_packs(ev: evidence.Evidence, pack_refs: Sequence[str], shelf: RunPacks | None = None) -> list[model.Pack]:
    """The packs to assess `ev` against, loaded once: those asked for, else those the evidence names, else the
    built-in packs its facts touch."""
    shelf = shelf or RunPacks()
    if pack_refs:
        return [shelf.load(ref) for ref in pack_refs]
    if ev.packs is not None:
        known = shelf.builtin_ids()
        for index, ref in enumerate(ev.packs):
            if ref not in known:
                raise errors.InputError([errors.Problem.of(
                    "evidence.unknown-pack", file=ev.file, line=ev.packs_line, path=f"$.packs[{index}]",
                    expected_key="evidence.one-of", got=repr(ref), suggestion=errors.did_you_mean(ref, known),
                    code="unknown-pack", ref=ref, allowed=list(known))])
        return [shelf.load(ref) for ref in ev.packs]
    return touched(ev, shelf.builtin(), shelf)


def touched(ev: evidence.Evidence, candidates: Sequence[model.Pack], shelf: RunPacks | None = None
            ) -> list[model.Pack]:
    """The packs among `candidates` whose vocabulary the evidence touches (a fact beyond the organisation block); all
    of them when it touches none, so a fact no pack declares is still reported as unknown."""
    shelf = shelf or RunPacks()
    given = [f.name for f in ev.facts if not f.name.startswith("organization.")]
    hits = [pack for pack in candidates if not shelf.fact_names(pack).isdisjoint(given)]
    return hits or list(candidates)


def run(paths: Sequence[str | Path], pack_refs: Sequence[str] = (), as_of: dt.date | None = None,
        engine_name: str = "durable", today: dt.date | None = None) -> results.Report:
    """Load, validate and assess every evidence file against its packs; any bad input raises before any result.
    `today` (read by the caller, never here) dates evidence that gives no assessment date and no `as_of`."""
    evaluator = engine.get(engine_name)
    shelf = RunPacks()
    out = []
    for path in paths:
        ev = load_evidence(path, pack_refs, as_of, today, shelf)
        out.append(assess_evidence(ev, pack_refs, as_of, evaluator, shelf))
    return results.Report(tuple(out))


def load_evidence(source: str | Path | loading.Document, pack_refs: Sequence[str] = (),
                  as_of: dt.date | None = None, today: dt.date | None = None,
                  shelf: RunPacks | None = None) -> evidence.Evidence:
    """`evidence.load`, dated `as_of` or `today` when the file gives no date. A file that breaks the schema gets
    every problem in one error: its schema problems first (most relevant first), then the vocabulary and type
    problems of the facts the schema problems leave readable, so a misspelt fact's did-you-mean is not hidden.
    `shelf`: the run's packs (`RunPacks`), read only for a file that breaks the schema."""
    default = as_of or today
    try:
        if isinstance(source, loading.Document):
            return evidence.from_document(source, hashlib.sha256(source.text.encode("utf-8")).hexdigest(), default)
        return evidence.load(source, default)
    except evidence.InvalidEvidence as exc:
        more = _readable_fact_problems(exc.partial, pack_refs, as_of, shelf or RunPacks()) \
            if exc.partial is not None else []
        if not more:
            raise
        raise errors.SchemaError([*exc.problems, *more]) from None


def _readable_fact_problems(ev: evidence.Evidence, pack_refs: Sequence[str],
                            as_of: dt.date | None, shelf: RunPacks) -> list[errors.Problem]:
    try:
        compiled = [compile_pack(pack, as_of or ev.date) for pack in select_packs(ev, pack_refs, shelf)]
    except errors.CcRulesError:  # the packs cannot say: the schema problems alone
        return []
    return bind.fact_problems(ev, compiled, shelf.others(c.pack for c in compiled))


def assess_evidence(ev: evidence.Evidence, pack_refs: Sequence[str], as_of: dt.date | None,
                    evaluator: engine.Evaluator, shelf: RunPacks | None = None) -> results.AssessmentResult:
    """`ev` against each of its packs (`select_packs`), its facts checked against all of them first. `shelf`: the
    packs of the run (`RunPacks`; a fresh one when not given)."""
    shelf = shelf or RunPacks()
    day = as_of or ev.date
    compiled = [compile_pack(pack, day) for pack in select_packs(ev, pack_refs, shelf)]
    if not compiled:
        raise errors.InputError([errors.Problem.of("evidence.no-pack", file=ev.file, code="no-pack")])
    elsewhere = bind.check(ev, compiled, shelf.others(c.pack for c in compiled))
    return results.AssessmentResult(
        file=ev.file, sha256=ev.sha256, organization=tuple(sorted(ev.organization().items())),
        date=ev.date.isoformat(), mode=ev.mode,
        results=tuple(assess(ev, c, evaluator, checked=True) for c in compiled),
        facts_line=_facts_line(ev), other_pack_facts=elsewhere)


def other_packs(used: Iterable[model.Pack], shelf: RunPacks | None = None) -> list[model.Pack]:
    """The built-in packs not in use: a fact one of them declares is for that pack, not a mistake."""
    return (shelf or RunPacks()).others(used)


def _facts_line(ev: evidence.Evidence) -> int | None:
    """Where the evidence gives its facts: the line of its first fact under `facts:` (None when it gives none)."""
    return min([f.line for f in ev.facts if f.line and f.path.startswith("$.facts")], default=None)


@dataclasses.dataclass(frozen=True)
class Prepared:
    """Everything `explain` walks for one evidence file and one pack: the compiled rules, the bound facts, the
    result."""

    loaded: evidence.Evidence
    compiled: compiler.CompiledPack
    facts: evidence.FactSet
    result: results.PackResult


def prepare(path: str | Path, pack_ref: str, as_of: dt.date | None = None, engine_name: str = "plain",
            today: dt.date | None = None) -> Prepared:
    """Load → compile → bind → assess one evidence file against one pack, keeping the intermediate pieces."""
    ev = load_evidence(path, (pack_ref,), as_of, today)
    compiled = compile_pack(packs.load(pack_ref), as_of or ev.date)
    bind.check(ev, [compiled], other_packs([compiled.pack]))
    facts = bind.bind(ev, compiled, checked=True)
    return Prepared(ev, compiled, facts, assess(ev, compiled, engine.get(engine_name), checked=True))
