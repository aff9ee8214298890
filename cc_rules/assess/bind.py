"""Evidence bound to one compiled pack: declared types, ranges and allowed values, derived facts given by hand,
certification reviewers, and the facts computed from pack data (channel benchmarks)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from cc_rules import model
from cc_rules.base import errors, i18n
from cc_rules.compile import compiler
from cc_rules.engine import values as arithmetic
from cc_rules.model.evidence import Evidence, FactData, FactSet, FactValue


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
    benchmarked, why = _benchmark_facts(evidence, compiled)
    bound += benchmarked
    bound += _computed_facts(bound, compiled)
    return FactSet(evidence, tuple(sorted(bound, key=lambda f: f.name)), why)


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
    pattern = compiled.pack.award.registration_pattern
    # counted by distinct registration number in the registry's format: the same reviewer listed twice, a blank or
    # "-" registration, count once or not at all
    registered = {r.registration.strip() for r in evidence.reviewers if r.registration and r.registration.strip()
                  and (pattern is None or re.fullmatch(pattern, r.registration.strip()))}
    if len(registered) < int(minimum.value):  # type: ignore[call-overload]
        raise errors.RejectedAssessment([errors.Problem.of(
            "evidence.certification", file=evidence.file, line=evidence.reviewers_line or evidence.assessment_line,
            path="$.assessment.reviewers", expected_key="evidence.at-least-reviewers", got=str(len(registered)),
            code="certification", pack=compiled.pack.id, minimum=minimum.value, reference=minimum.reference,
            pattern=pattern or "—")])


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


def _benchmark_facts(evidence: Evidence, compiled: compiler.CompiledPack
                     ) -> tuple[list[FactValue], tuple[tuple[str, model.Text], ...]]:
    """The industry's baseline and trend channels, and where they come from (`benchmarks.origin`).

    The pack's survey for the industry that applies on the assessment date (a survey is keyed by its year and used
    only for the dates it covers), unless the evidence supplies its own for the industry (self-supplied: it cites a
    source and a year, and is shown as self-supplied). In certification mode a self-supplied benchmark never
    replaces the pack's survey. With neither, the facts are unknown (never an empty list, which would make every
    baseline check met) and the reason is given in their place: no industry benchmark, supply `benchmarks:`."""
    data = compiled.pack.benchmarks
    names = ("benchmarks.baseline_channels", "benchmarks.trend_channels", "benchmarks.origin")
    wanted = [n for n in names if compiled.fact(n)]
    if data is None or not wanted:
        return [], ()
    data_file = f"{compiled.pack.source}/data/benchmarks.yaml"
    industry = evidence.industry
    survey = data.entry(industry, compiled.as_of) if industry is not None else None
    own = dict(evidence.benchmarks).get(industry) if industry is not None else None
    origin = "pack_survey"
    entry: model.BenchmarkEntry | None
    if own is not None and not (evidence.mode == "certification" and survey is not None):
        entry, origin = own, "self_supplied"
    elif own is not None:
        entry, origin = survey, "pack_survey_certification"
    else:
        entry = survey
    if entry is None:
        if industry is None:
            key, params = "evidence.no-industry", {}
        else:
            years = ", ".join(str(y) for y in data.years(industry))
            key = "evidence.no-benchmark-for-date" if years else "evidence.no-benchmark"
            params = {"industry": industry, "years": years, "date": compiled.as_of.isoformat()}
        why = model.Text(i18n.message(key, "zh", **params), i18n.message(key, "en", **params))
        return [], tuple((n, why) for n in wanted if n != "benchmarks.origin")
    self_supplied = origin == "self_supplied"
    where = ("self-supplied benchmark (evidence)" if self_supplied
             else f"pack data {compiled.pack.id}/data/benchmarks.yaml")
    source = f"{where}: {entry.source or industry} ({entry.year}, {entry.surveyed} surveyed)"
    baseline = tuple(sorted(c for c, n in entry.offering if n / entry.surveyed > data.share_threshold))
    trend = tuple(sorted(c for c, n in entry.offering if n / entry.surveyed <= data.share_threshold))
    computed: dict[str, FactData] = {"benchmarks.baseline_channels": baseline, "benchmarks.trend_channels": trend,
                                     "benchmarks.origin": origin}
    return [FactValue(n, computed[n], source, str(entry.year) if entry.year else None,
                      evidence.file if self_supplied else data_file, None,
                      f"$.benchmarks.{industry}" if self_supplied else f"$.industries.{industry}")
            for n in wanted], ()
