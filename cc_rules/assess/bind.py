"""Evidence bound to one compiled pack: declared types, ranges and allowed values, derived facts given by hand,
certification reviewers, and the facts computed from pack data (channel benchmarks)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import operator
import re
from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet

from cc_rules import model
from cc_rules.base import cache, errors, i18n
from cc_rules.compile import compiler
from cc_rules.engine import closures, values
from cc_rules.model import conditions as algebra
from cc_rules.model.evidence import Evidence, FactData, FactSet, FactValue


def vocabulary_problems(evidence: Evidence, packs_used: Iterable[compiler.CompiledPack],
                        others: Iterable[model.Pack] = ()) -> list[errors.Problem]:
    """A fact no selected pack declares, with the closest declared name; one that another known pack (`others`)
    declares is for that pack, not a problem here (`elsewhere`)."""
    declared = {f.name for p in packs_used for f in p.facts}
    names = sorted(declared)
    skip = elsewhere(evidence, declared, others)
    unknown = [f for f in evidence.facts if f.name not in declared and f.name not in skip]
    return [  # a "did you mean" costs a comparison with every declared name: given for the first ones, that are read
        errors.Problem.of("evidence.unknown-fact", file=f.file, line=f.line, path=f.path, code="unknown-fact",
                          suggestion=errors.did_you_mean(f.name, names) if i < SUGGESTED else None, name=f.name)
        for i, f in enumerate(unknown)
    ]


SUGGESTED = 100  # unknown facts given a closest declared name: 95,000 of them would cost a minute


def elsewhere(evidence: Evidence, declared: AbstractSet[str], others: Iterable[model.Pack]) -> set[str]:
    """The facts of `evidence` that only another known pack declares."""
    theirs = {f.name for p in others for f in (*p.facts, *compiler.implicit_facts(p))} - declared
    return {f.name for f in evidence.facts if f.name in theirs}


def check_vocabulary(evidence: Evidence, packs_used: Iterable[compiler.CompiledPack],
                     others: Iterable[model.Pack] = ()) -> tuple[str, ...]:
    """A fact no selected pack declares is an error, with the closest declared name; one that another known pack
    (`others`) declares is for that pack: ignored here, and returned (sorted, once each) so reports can say so. One
    evidence file can then serve several standards and be assessed against any one of them."""
    used, others = list(packs_used), list(others)
    problems = vocabulary_problems(evidence, used, others)
    if problems:
        raise errors.EvidenceError(problems)
    return tuple(sorted(elsewhere(evidence, {f.name for p in used for f in p.facts}, others)))


def type_problems(evidence: Evidence, compiled: compiler.CompiledPack) -> list[errors.Problem]:
    """Every fact of `evidence` that does not fit its declaration in `compiled` (type, range, values, length)."""
    fits = _binder(compiled).fits
    out = []
    for fact in evidence.facts:
        fit = fits.get(fact.name)
        if fit is not None and not fit(fact.value):
            problem = _type_problem(fact, compiled.fact(fact.name))  # type: ignore[arg-type]
            if problem is not None:
                out.append(problem)
    return out


def fact_problems(evidence: Evidence, packs_used: Iterable[compiler.CompiledPack],
                  others: Iterable[model.Pack] = ()) -> list[errors.Problem]:
    """Vocabulary and type problems against every selected pack at once, each said once, in file order."""
    used = list(packs_used)
    found = vocabulary_problems(evidence, used, others) + [p for c in used for p in type_problems(evidence, c)]
    seen: set[tuple[str, str]] = set()
    out = []
    for problem in found:
        if (problem.path, problem.message) not in seen:
            seen.add((problem.path, problem.message))
            out.append(problem)
    return sorted(out, key=lambda p: (p.line or 0, p.path))


def check(evidence: Evidence, packs_used: Iterable[compiler.CompiledPack],
          others: Iterable[model.Pack] = ()) -> tuple[str, ...]:
    """Raise `EvidenceError` with every vocabulary and type problem of `evidence` against the selected packs; else
    the facts only another known pack (`others`) declares, as `check_vocabulary` returns them.

    The usual file has neither: each fact is known (declared here or elsewhere) and fits each declaration, which
    one pass over the facts with the per-pack tables (`_vocabulary`, `_binder`) tells; only when it does not are the
    problems looked for, as `fact_problems` finds them."""
    used, others = list(packs_used), list(others)
    vocabulary = _vocabulary(used, others)
    facts = evidence.facts
    if vocabulary.known.issuperset(map(_NAME, facts)) and all(_fit(facts, _binder(c).fits) for c in used):
        # nothing to report
        return tuple(sorted(vocabulary.theirs.intersection(map(_NAME, facts))))
    problems = fact_problems(evidence, used, others)
    if problems:
        raise errors.EvidenceError(problems)
    return tuple(sorted(elsewhere(evidence, vocabulary.declared, others)))


def _fit(facts: tuple[FactValue, ...], fits: dict[str, Callable[[object], bool]]) -> bool:
    """Every fact that `fits` declares fits its declaration."""
    get = fits.get
    for fact in facts:
        fit = get(fact.name)
        if fit is not None and not fit(fact.value):
            return False
    return True


@dataclasses.dataclass(frozen=True)
class _Vocabulary:
    """The fact names of a selection of packs and of the other known packs, made once per selection."""

    declared: frozenset[str]  # by the selected packs
    theirs: frozenset[str]  # by another known pack only (its implicit facts too)
    known: frozenset[str]  # either


_VOCABULARIES: cache.LRU[tuple[tuple[str, ...], tuple[str, ...]], _Vocabulary] = cache.LRU("vocabularies", 64)


def _vocabulary(used: list[compiler.CompiledPack], others: list[model.Pack]) -> _Vocabulary:
    def make() -> _Vocabulary:
        declared = frozenset(f.name for p in used for f in p.facts)
        theirs = frozenset({f.name for p in others for f in (*p.facts, *compiler.implicit_facts(p))} - declared)
        return _Vocabulary(declared, theirs, theirs | declared)

    key = (tuple(c.key for c in used), tuple(f"{p.source}:{p.content_key}" for p in others))
    return _VOCABULARIES.get_or_make(key, make)


def bind(evidence: Evidence, compiled: compiler.CompiledPack, *, checked: bool = False) -> FactSet:
    """The evidence as one pack sees it: typed, range-checked, with pack-data facts added. `checked`: `check` has
    passed for `evidence` with `compiled` among its packs, so every fact is known to fit its declaration here."""
    _check_certification(evidence, compiled)
    binder = _binder(compiled)
    fits = binder.fits
    if checked:
        bound = [fact for fact in evidence.facts if fact.name in fits]
    else:
        bound = []
        problems = []
        for fact in evidence.facts:
            fit = fits.get(fact.name)
            if fit is None:  # not this pack's fact
                continue
            if not fit(fact.value):
                problem = _type_problem(fact, compiled.fact(fact.name))  # type: ignore[arg-type]
                if problem is not None:
                    problems.append(problem)
            bound.append(fact)
        if problems:
            raise errors.EvidenceError(problems)
    benchmarked, why = _benchmark_facts(evidence, compiled)
    bound += benchmarked
    if binder.computes:
        bound += _computed_facts(bound, compiled, binder.computes)
    out = FactSet(evidence, tuple(sorted(bound, key=_NAME)), why)
    overflow = computed_problems(out, compiled)
    if overflow:
        raise errors.EvidenceError(overflow)
    return out


_NAME = operator.attrgetter("name")


@dataclasses.dataclass(frozen=True)
class _Binder:
    """What binding needs from a compiled pack, made once: per declared fact a quick test that a value certainly
    fits its declaration (a value it refuses is looked at closely by `_type_problem`, which says what is wrong or
    that nothing is), the facts computed from others, and each comparison with a computed side as closures."""

    fits: dict[str, Callable[[object], bool]]
    computes: tuple[model.FactSpec, ...]
    computed: tuple[tuple[compiler.CompiledRule, model.Compare, closures.Calc, closures.Calc], ...]


_BINDERS: cache.LRU[str, _Binder] = cache.LRU("binders", 64)  # by compiled pack key


def _binder(compiled: compiler.CompiledPack) -> _Binder:
    return _BINDERS.get_or_make(compiled.key, lambda: _Binder(
        {spec.name: _fits(spec) for spec in compiled.facts},
        tuple(spec for spec in compiled.facts if spec.compute is not None),
        tuple((rule, leaf, closures.value(leaf.operand), closures.difference(leaf))
              for rule, leaf in _computed_leaves(compiled) if not _bounded(leaf, compiled))))


def _bounded(leaf: model.Compare, compiled: compiler.CompiledPack) -> bool:
    """Whether the declared ranges keep both sides of `leaf` (its operand, and `fact - operand`) below
    `COMPUTED_LIMIT` for every evidence that binds (bound checked before `computed_problems` runs), so it need not be
    computed for each: `organization.seats / 50` is at most 10^12 / 50. Half the limit is the margin for rounding."""
    operand = leaf.operand
    if isinstance(operand, model.FactRef) and _textual(compiled.fact(operand.name)):
        return True  # a text, enum or list value: never a number, its difference is 0 or 1
    reach = _reach(operand, compiled)
    spec = compiled.fact(leaf.fact)
    own = 0.0 if _textual(spec) else _reach(model.FactRef(leaf.fact), compiled)
    return reach is not None and own is not None and reach + own < COMPUTED_LIMIT / 2


def _textual(spec: model.FactSpec | None) -> bool:
    return spec is not None and spec.compute is None and spec.type in ("string", "enum", "list")


def _reach(op: model.Operand, compiled: compiler.CompiledPack) -> float | None:
    """The largest magnitude `op` can take over evidence that binds; None when the declarations do not bound it."""
    if isinstance(op, model.Const):
        value = op.value
        if isinstance(value, bool):
            return 1.0
        return abs(float(value)) if isinstance(value, (int, float)) and math.isfinite(value) else None
    if isinstance(op, model.FactRef):
        spec = compiled.fact(op.name)
        if spec is None or spec.compute is not None:
            return None
        if spec.type == "bool":
            return 1.0
        return float(max(abs(spec.low()), abs(spec.high()))) if spec.type in compiler.NUMERIC else None
    if isinstance(op, model.Arith):
        left, right = _reach(op.left, compiled), _reach(op.right, compiled)
        if left is None or right is None:
            return None
        if op.op in ("add", "sub"):
            return left + right
        if op.op == "mul":
            return left * right
        smallest = _smallest(op.right, compiled)  # a zero divisor makes the side unknown, not large
        return left / smallest if smallest else None
    return None


def _smallest(op: model.Operand, compiled: compiler.CompiledPack) -> float | None:
    """The smallest magnitude a non-zero value of `op` can take, where the declarations say."""
    if isinstance(op, model.Const) and isinstance(op.value, (int, float)):
        return abs(float(op.value)) or None
    if isinstance(op, model.FactRef):
        spec = compiled.fact(op.name)
        if spec is not None and spec.compute is None and spec.type in ("int", "bool"):
            return 1.0  # a whole number that is not zero
    return None


def _never(value: object) -> bool:
    return False


def _fits(spec: model.FactSpec) -> Callable[[object], bool]:
    """True only when `_type_problem` finds nothing wrong with the value (exact types: a subclass, an integral float
    for an int, a NaN, … are left to it)."""
    if spec.derived:
        return _never
    longest = spec.longest()
    allowed = frozenset(spec.values) if spec.values is not None else None
    if spec.type in ("int", "number"):
        low, high = spec.low(), spec.high()
        if spec.type == "int":
            return lambda v: type(v) is int and low <= v <= high
        return lambda v: (type(v) is float or type(v) is int) and low <= v <= high
    if spec.type == "bool":
        return lambda v: type(v) is bool
    if spec.type == "string" or (spec.type == "enum" and allowed is None):
        return lambda v: type(v) is str and len(v) <= longest
    if spec.type == "enum" and allowed is not None:
        return lambda v: type(v) is str and len(v) <= longest and v in allowed
    if spec.type == "list":
        def fits_list(v: object) -> bool:
            if type(v) is not tuple:
                return False
            for item in v:
                if allowed is not None and item not in allowed:
                    return False
                if type(item) is str and len(item) > longest:
                    return False
            return True
        return fits_list
    return _never


def _computed_facts(bound: list[FactValue], compiled: compiler.CompiledPack,
                    computes: Iterable[model.FactSpec]) -> list[FactValue]:
    """The pack's `compute:` facts (a figure recomputed from counts, shown beside the reported one), each from the
    facts the evidence gives; unknown when one of them is missing or a divisor is zero."""
    known: dict[str, object] = {f.name: f.value for f in bound}
    out = []
    for spec in computes:
        if spec.compute is None or spec.name in known:
            continue
        try:
            value = values.operand(spec.compute, known)
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
                                 expected_key=expected_key, got=_shown(value), code="type", name=fact.name)

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
                                         expected_key="evidence.items-from", got=_shown(item),
                                         suggestion=errors.did_you_mean(str(item), map(str, spec.values)),
                                         code="value", item=_clipped(item), name=fact.name, allowed=list(spec.values))
    if spec.type == "enum" and spec.values is not None and value not in spec.values:
        return errors.Problem.of("evidence.bad-value", file=fact.file, line=fact.line, path=fact.path,
                                 expected_key="evidence.one-of", got=_shown(value),
                                 suggestion=errors.did_you_mean(str(value), map(str, spec.values)), code="value",
                                 value=_clipped(value), name=fact.name, allowed=list(spec.values))
    if is_number and spec.type in ("int", "number"):
        # Declared or default bounds (model.FactSpec.low/high): every number the evaluators see is finite, exact
        # as a double and far from overflow, so durable and plain compare the same thing.
        if not value >= spec.low():  # type: ignore[operator]  # also NaN
            return errors.Problem.of("evidence.below-minimum", file=fact.file, line=fact.line, path=fact.path,
                                     expected=f">= {_number(spec.low())}", got=_number(value), code="range",
                                     name=fact.name)
        if not value <= spec.high():  # type: ignore[operator]
            return errors.Problem.of("evidence.above-maximum", file=fact.file, line=fact.line, path=fact.path,
                                     expected=f"<= {_number(spec.high())}", got=_number(value), code="range",
                                     name=fact.name)
    texts = value if isinstance(value, tuple) else (value,)
    longest = max((len(t) for t in texts if isinstance(t, str)), default=0)
    if longest > spec.longest():
        return errors.Problem.of("evidence.too-long", file=fact.file, line=fact.line, path=fact.path,
                                 expected_key="evidence.at-most-characters", got_key="evidence.characters",
                                 code="too-long", name=fact.name, limit=spec.longest(), length=longest)
    return None


def _clipped(value: object) -> object:
    """A text value cut to 60 characters for a message (a 10,000-character value is named, not repeated)."""
    return value[:59] + "…" if isinstance(value, str) and len(value) > 60 else value


def _shown(value: object) -> str:
    text = repr(_clipped(value)) if not isinstance(value, tuple) else repr(tuple(_clipped(v) for v in value[:10]))
    return text if len(text) <= 200 else text[:199] + "…"


def _number(value: object) -> str:
    """A bound or value as written: `999999999999`, `0.5`, never `1e+12` for a bound that is not 10^12."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


COMPUTED_LIMIT = 1e15  # a value computed from facts (a sum, a ratio) must stay below this to be compared


def computed_problems(facts: FactSet, compiled: compiler.CompiledPack) -> list[errors.Problem]:
    """A comparison whose computed side (a sum, a product, a ratio of facts) leaves the numbers both evaluators
    hold the same way (non-finite, or |x| >= `COMPUTED_LIMIT`): one problem at its first fact, naming the facts and
    the rule, so the input is refused before either evaluator runs."""
    computed = _binder(compiled).computed
    if not computed:
        return []
    known = facts.values()
    out: list[errors.Problem] = []
    seen: set[tuple[str, ...]] = set()
    for rule, leaf, operand, difference in computed:
        if _holdable(operand(known)):
            if _holdable(difference(known)):
                continue
            names = algebra.facts_of(leaf)  # fact - operand: both sides
        else:
            names = algebra.facts_of(leaf.operand)
        if names in seen:
            continue
        seen.add(names)
        first = next((f for n in names if (f := facts.get(n)) is not None), None)
        out.append(errors.Problem.of(
            "evidence.overflow", file=first.file if first else facts.evidence.file,
            line=first.line if first else None, path=first.path if first else "$.facts", code="overflow",
            facts=", ".join(map(repr, names)), rule=rule.rule.id, limit="10^15"))
    return out


_COMPUTED: cache.LRU[str, tuple[tuple[compiler.CompiledRule, model.Compare], ...]] = cache.LRU(
    "computed-comparisons", 64)  # by compiled pack key


def _computed_leaves(compiled: compiler.CompiledPack) -> tuple[tuple[compiler.CompiledRule, model.Compare], ...]:
    """Each comparison with a computed side, with its rule, in rule order: the same for every assessment."""
    return _COMPUTED.get_or_make(compiled.key, lambda: tuple(
        (rule, leaf) for rule in compiled.rules for leaf in algebra.leaves(rule.when)
        if isinstance(leaf, model.Compare) and not isinstance(leaf.operand, model.Const)))


def _holdable(value: object) -> bool:
    if type(value) is float or type(value) is int:  # the common case: finite and below the limit, in one test
        return -COMPUTED_LIMIT < value < COMPUTED_LIMIT
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return True
    return math.isfinite(value) and abs(value) < COMPUTED_LIMIT


_Benchmarked = tuple[tuple[FactValue, ...], tuple[tuple[str, model.Text], ...]]
# what `_benchmark_facts` gives evidence that supplies no benchmark of its own: the same for every file of an
# industry on a date, by (compiled pack key, date, industry); the date picks the survey in force
_SURVEYED: cache.LRU[tuple[str, dt.date, str | None], _Benchmarked] = cache.LRU("benchmark-facts", 256)


def _benchmark_facts(evidence: Evidence, compiled: compiler.CompiledPack) -> _Benchmarked:
    """`_benchmark_facts_of`, kept per compiled pack, date and industry for evidence without a benchmark of its
    own (most)."""
    industry = evidence.industry
    if industry is not None and dict(evidence.benchmarks).get(industry) is not None:
        return _benchmark_facts_of(evidence, compiled)
    return _SURVEYED.get_or_make((compiled.key, compiled.as_of, industry),
                                 lambda: _benchmark_facts_of(evidence, compiled))


def _benchmark_facts_of(evidence: Evidence, compiled: compiler.CompiledPack) -> _Benchmarked:
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
        return (), ()
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
        return (), tuple((n, why) for n in wanted if n != "benchmarks.origin")
    self_supplied = origin == "self_supplied"
    where = ("self-supplied benchmark (evidence)" if self_supplied
             else f"pack data {compiled.pack.id}/data/benchmarks.yaml")
    source = f"{where}: {entry.source or industry} ({entry.year}, {entry.surveyed} surveyed)"
    baseline = tuple(sorted(c for c, n in entry.offering if n / entry.surveyed > data.share_threshold))
    trend = tuple(sorted(c for c, n in entry.offering if n / entry.surveyed <= data.share_threshold))
    computed: dict[str, FactData] = {"benchmarks.baseline_channels": baseline, "benchmarks.trend_channels": trend,
                                     "benchmarks.origin": origin}
    return tuple(FactValue(n, computed[n], source, str(entry.year) if entry.year else None,
                           evidence.file if self_supplied else data_file, None,
                           f"$.benchmarks.{industry}" if self_supplied else f"$.industries.{industry}")
                 for n in wanted), ()
