"""Evidence bound to one compiled pack: declared types, ranges and allowed values, derived facts given by hand,
certification reviewers, and the facts computed from pack data (channel benchmarks)."""

from __future__ import annotations

from collections.abc import Iterable

from cc_rules import model
from cc_rules.base import errors
from cc_rules.compile import compiler
from cc_rules.engine import values as arithmetic
from cc_rules.model.evidence import Evidence, FactSet, FactValue


def check_vocabulary(evidence: Evidence, packs_used: Iterable[compiler.CompiledPack],
                     others: Iterable[model.Pack] = ()) -> tuple[str, ...]:
    """A fact no selected pack declares is an error, with the closest declared name; one that another known pack
    (`others`) declares is for that pack: ignored here, and returned (sorted, once each) so reports can say so. One
    evidence file can then serve several standards and be assessed against any one of them."""
    declared = {f.name for p in packs_used for f in p.facts}
    elsewhere = {f.name for p in others for f in (*p.facts, *compiler.implicit_facts(p))} - declared
    problems = [
        errors.Problem.of("evidence.unknown-fact", file=f.file, line=f.line, path=f.path,
                          suggestion=errors.did_you_mean(f.name, declared), code="unknown-fact", name=f.name)
        for f in evidence.facts if f.name not in declared and f.name not in elsewhere
    ]
    if problems:
        raise errors.EvidenceError(problems)
    return tuple(sorted({f.name for f in evidence.facts if f.name in elsewhere}))


def bind(evidence: Evidence, compiled: compiler.CompiledPack) -> FactSet:
    """The evidence as one pack sees it: typed, range-checked, with pack-data facts added."""
    _check_certification(evidence, compiled)
    problems: list[errors.Problem] = []
    bound: list[FactValue] = []
    for fact in evidence.facts:
        spec = compiled.fact(fact.name)
        if spec is None:
            continue
        problem = _type_problem(fact, spec)
        if problem is not None:
            problems.append(problem)
        else:
            bound.append(fact)
    if problems:
        raise errors.EvidenceError(problems)
    bound += _benchmark_facts(evidence, compiled)
    bound += _computed_facts(bound, compiled)
    return FactSet(evidence, tuple(sorted(bound, key=lambda f: f.name)))


def _computed_facts(bound: list[FactValue], compiled: compiler.CompiledPack) -> list[FactValue]:
    """The pack's `compute:` facts (a figure recomputed from counts, shown beside the reported one), each from the
    facts the evidence gives; unknown when one of them is missing or a divisor is zero."""
    known: dict[str, object] = {f.name: f.value for f in bound}
    out = []
    for spec in compiled.facts:
        if spec.compute is None or spec.name in known:
            continue
        try:
            value = arithmetic.operand(spec.compute, known)
        except TypeError:  # a parameter in `compute:` (the schema's description forbids it): unknown
            value = None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            file = f"{compiled.pack.source}/facts.yaml"
            out.append(FactValue(spec.name, round(float(value), 2), "computed", None, file,
                                 spec.loc.line if spec.loc else None, spec.loc.path if spec.loc else "$"))
    return out


def _check_certification(evidence: Evidence, compiled: compiler.CompiledPack) -> None:
    declared = compiled.pack.award.min_reviewers  # award.certification.min_reviewers in pack.yaml
    if evidence.mode != "certification" or declared is None:
        return
    param = compiled.param(declared.param) if declared.param else None
    minimum = param or model.ParamValue(compiled.as_of, declared.resolve({}), "pack.yaml award.certification")
    registered = [r for r in evidence.reviewers if r.registration]
    if len(registered) < int(minimum.value):  # type: ignore[call-overload]
        raise errors.RejectedAssessment([errors.Problem.of(
            "evidence.certification", file=evidence.file, line=evidence.reviewers_line or evidence.assessment_line,
            path="$.assessment.reviewers", expected_key="evidence.at-least-reviewers", got=str(len(registered)),
            code="certification", pack=compiled.pack.id, minimum=minimum.value, reference=minimum.reference)])


def _type_problem(fact: FactValue, spec: model.FactSpec) -> errors.Problem | None:
    value = fact.value

    def wrong(expected_key: str) -> errors.Problem:
        return errors.Problem.of("evidence.type", file=fact.file, line=fact.line, path=fact.path,
                                 expected_key=expected_key, got=repr(value), code="type", name=fact.name)

    if spec.derived:
        return errors.Problem.of("evidence.derived", file=fact.file, line=fact.line, path=fact.path, code="derived",
                                 name=fact.name)
    is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if spec.type == "int" and not (is_number and float(value).is_integer()):  # type: ignore[arg-type]
        return wrong("evidence.an-integer")
    if spec.type == "number" and not is_number:
        return wrong("evidence.a-number")
    if spec.type == "bool" and not isinstance(value, bool):
        return wrong("evidence.true-or-false")
    if spec.type in ("string", "enum") and not isinstance(value, str):
        return wrong("evidence.a-text-value")
    if spec.type == "list" and not isinstance(value, tuple):
        return wrong("evidence.a-list")
    if spec.type == "list" and spec.values is not None:
        for item in value:  # type: ignore[union-attr]
            if item not in spec.values:
                return errors.Problem.of("evidence.bad-item", file=fact.file, line=fact.line, path=fact.path,
                                         expected_key="evidence.items-from", got=repr(item),
                                         suggestion=errors.did_you_mean(str(item), map(str, spec.values)),
                                         code="value", item=item, name=fact.name, allowed=list(spec.values))
    if spec.type == "enum" and spec.values is not None and value not in spec.values:
        return errors.Problem.of("evidence.bad-value", file=fact.file, line=fact.line, path=fact.path,
                                 expected_key="evidence.one-of", got=repr(value),
                                 suggestion=errors.did_you_mean(str(value), map(str, spec.values)), code="value",
                                 value=value, name=fact.name, allowed=list(spec.values))
    if is_number and spec.type in ("int", "number"):
        if spec.min is not None and value < spec.min:  # type: ignore[operator]
            return errors.Problem.of("evidence.below-minimum", file=fact.file, line=fact.line, path=fact.path,
                                     expected=f">= {spec.min:g}", got=repr(value), code="range", name=fact.name)
        if spec.max is not None and value > spec.max:  # type: ignore[operator]
            return errors.Problem.of("evidence.above-maximum", file=fact.file, line=fact.line, path=fact.path,
                                     expected=f"<= {spec.max:g}", got=repr(value), code="range", name=fact.name)
    return None


def _benchmark_facts(evidence: Evidence, compiled: compiler.CompiledPack) -> list[FactValue]:
    data = compiled.pack.benchmarks
    wanted = [n for n in ("benchmarks.baseline_channels", "benchmarks.trend_channels") if compiled.fact(n)]
    if data is None or not wanted or evidence.industry is None:
        return []
    own = dict(evidence.benchmarks).get(evidence.industry)
    entry = own or data.entry(evidence.industry)
    data_file = f"{compiled.pack.source}/data/benchmarks.yaml"
    if entry is None:
        # No survey for this industry: no channel is known to be baseline, so none can be required (an empty list,
        # with a source saying why), rather than every channel unknown and deducted.
        source = f"no benchmark data for industry {evidence.industry!r} in {data_file} or the evidence"
        return [FactValue(n, (), source, None, data_file, None, "$.industries") for n in wanted]
    origin = "evidence benchmarks" if own else f"pack data {compiled.pack.id}/data/benchmarks.yaml"
    source = f"{origin}: {entry.source or evidence.industry} ({entry.surveyed} surveyed)"
    baseline = tuple(sorted(c for c, n in entry.offering if n / entry.surveyed > data.share_threshold))
    trend = tuple(sorted(c for c, n in entry.offering if n / entry.surveyed <= data.share_threshold))
    computed = {"benchmarks.baseline_channels": baseline, "benchmarks.trend_channels": trend}
    return [FactValue(n, computed[n], source, str(entry.year) if entry.year else None,
                      evidence.file if own else data_file, None,
                      f"$.benchmarks.{evidence.industry}" if own else f"$.industries.{evidence.industry}")
            for n in wanted]
