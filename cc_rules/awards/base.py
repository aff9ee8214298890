"""The award-model protocol: everything that differs between maturity levels, weighted points and conformity.

One class per model, registered by the name a pack gives in `model:`. Nothing outside `awards/` asks which model a
pack uses: it asks the pack's model. What a model needs from a pack (levels, dimensions, a pass rule, grade bands,
reviewers) is declared in the pack (`award:` and `levels:` in pack.yaml), never written here.
"""

from __future__ import annotations

import abc
import dataclasses
import datetime as dt
import re
from collections.abc import Collection, Iterator, Sequence
from typing import ClassVar

from cc_rules import model, results
from cc_rules.awards import kinds
from cc_rules.base import cache, errors
from cc_rules.compile import compiler


@dataclasses.dataclass(frozen=True)
class Verdict:
    """What a model concludes from the findings of one assessment."""

    passed: bool
    level: int | None = None
    level_name: model.Text | None = None
    ladder: tuple[results.LevelStep, ...] = ()
    next_level: results.NextLevel | None = None
    score: results.Score | None = None
    grade: str | None = None
    retest: results.Retest | None = None
    nonconformities: tuple[results.Missing, ...] = ()


@dataclasses.dataclass(frozen=True)
class Issue:
    """A model-specific static finding about a pack, for `cc-rules lint` (code, catalogue key and its values)."""

    code: str
    key: str
    params: tuple[tuple[str, object], ...]
    loc: model.Loc | None = None  # what it is about: the award section, an item, …


class AwardModel(abc.ABC):
    """How one kind of standard awards its result."""

    name: ClassVar[str]
    #: the explanation `cc-rules explain` gives by default: level | score | passed
    explain_subject: ClassVar[str] = "passed"
    #: whether deductions and bonuses mean anything under this model
    moves_points: ClassVar[bool] = False

    # -- before any fact arrives --------------------------------------------------------------------------------

    def check(self, compiled: compiler.CompiledPack) -> Iterator[errors.Problem]:
        """Static problems of what this model needs from the pack (raised together, before any assessment)."""
        yield from self._check_quantities(compiled)
        pattern = compiled.pack.award.registration_pattern
        if pattern is not None:
            try:
                re.compile(pattern)
            except re.error as exc:
                yield errors.Problem.of("awards.bad-registration-pattern", file=f"{compiled.pack.source}/pack.yaml",
                                        path="$.award.certification.registration.pattern", got=repr(pattern),
                                        code="pattern", reason=str(exc))
        if not self.moves_points:
            for rule in compiled.rules:
                kind = kinds.of_rule(rule.rule.then.kind)
                if kind is not None and kind.sign:
                    loc = rule.rule.loc
                    yield errors.Problem.of(
                        "awards.points-outside-points-model", file=loc.file if loc else None,
                        line=loc.line if loc else None, path=loc.path if loc else "$", code="then-kind",
                        rule=rule.rule.id, pack=compiled.pack.id, model=self.name)

    def lint(self, compiled: compiler.CompiledPack) -> Iterator[Issue]:
        """Advice about the pack under this model (warnings, not errors)."""
        return iter(())

    # -- per assessment -------------------------------------------------------------------------------------------

    def settle(self, compiled: compiler.CompiledPack,
               findings: tuple[results.Finding, ...]) -> tuple[results.Finding, ...]:
        """The findings as this model counts them, before `award` reads them (the points model caps what an item's
        rules move at the item's points); unchanged by default."""
        return findings

    @abc.abstractmethod
    def award(self, compiled: compiler.CompiledPack, findings: tuple[results.Finding, ...],
              first_date: dt.date) -> Verdict:
        """The level, score or conformity verdict of one assessment."""

    @abc.abstractmethod
    def order(self, compiled: compiler.CompiledPack,
              findings: Sequence[results.Finding]) -> tuple[results.Finding, ...]:
        """Findings in the order a reader should see them."""

    @abc.abstractmethod
    def roadmap(self, compiled: compiler.CompiledPack, findings: tuple[results.Finding, ...],
                verdict: Verdict) -> tuple[results.ActionRec, ...]:
        """Improvement actions for the shortfalls, each with what it gains, best first."""

    # -- CI gates -------------------------------------------------------------------------------------------------

    def gates(self, result: results.PackResult, spec: results.GateSpec) -> tuple[results.GateVerdict, ...]:
        """Every gate that applies to `result`, met or not: the model's own gate if asked for, else the pack's own
        verdict; then the warnings gate if asked for."""
        own = self.own_gate(result, spec)
        out = [own] if own is not None else [results.GateVerdict(
            "passed", True, result.passed, result.passed, () if result.passed else self.verdict_blockers(result))]
        if spec.fail_on_warn:
            warned = result.warnings()
            out.append(results.GateVerdict("warnings", 0, len(warned), not warned,
                                           tuple(results.Missing.of(f) for f in warned), severity="warning"))
        return tuple(out)

    def own_gate(self, result: results.PackResult, spec: results.GateSpec) -> results.GateVerdict | None:
        """The gate of this model's kind (`--min-level`, `--min-score`), when `check` was given one."""
        return None

    def verdict_blockers(self, result: results.PackResult) -> tuple[results.Missing, ...]:
        """What stands in the way of the pack's own verdict."""
        return tuple(results.Missing.of(f) for f in result.findings if f.problem)

    def severity(self, finding: results.Finding, blocking: frozenset[str]) -> str | None:
        """CI severity: a finding that blocks a gate is an error, another shortfall a warning if not met and a note
        if not evidenced; a finding that is no shortfall is not reported."""
        if not finding.problem:
            return None
        if finding.rule in blocking:
            return "error"
        return "warning" if finding.met is False else "note"

    # -- shared helpers ---------------------------------------------------------------------------------------------

    def _check_quantities(self, compiled: compiler.CompiledPack) -> Iterator[errors.Problem]:
        """Every `{param: …}` the award section names must have a value in force (of the right shape)."""
        spec = compiled.pack.award
        quantities: list[tuple[model.award.Quantity, bool]] = []
        for dim in spec.dimensions:
            quantities.append((dim.base, True))
            if dim.cap is not None:
                quantities.append((dim.cap, True))
        if spec.passing is not None:
            quantities.append((spec.passing.threshold, True))
        if spec.min_reviewers is not None:
            quantities.append((spec.min_reviewers, True))
        if spec.grades is not None:
            quantities.append((spec.grades, False))
        params = dict(compiled.params)
        for quantity, numeric in quantities:
            value = resolve(compiled, quantity)
            if quantity.param is not None and quantity.param not in params:
                yield errors.Problem.of(
                    "awards.unknown-param", file=f"{compiled.pack.source}/pack.yaml", path=quantity.path,
                    suggestion=errors.did_you_mean(quantity.param, params), code="unknown-param",
                    param=quantity.param, date=compiled.as_of.isoformat())
            elif numeric and (isinstance(value, bool) or not isinstance(value, (int, float))):
                yield errors.Problem.of("awards.not-a-number", file=f"{compiled.pack.source}/pack.yaml",
                                        path=quantity.path, got=repr(value), code="type", what=quantity.describe())


_VALUES: cache.LRU[str, dict[str, object]] = cache.LRU("award-parameter-values", 64)  # by compiled pack key


def credited(compiled: compiler.CompiledPack, findings: Sequence[results.Finding],
             rules: Collection[str]) -> tuple[results.Finding, ...]:
    """The findings as they would be with `rules` made to hold (a requirement met, a deduction's points back, a
    bonus earned): what a roadmap promises when the actions crediting them are done."""
    out = []
    for f in findings:
        if f.rule in rules and f.met is not True:
            rule = compiled.rule(f.rule)
            kind = kinds.of_rule(rule.rule.then.kind) if rule is not None else None
            moved = kind.points(True, rule.points) if kind is not None and rule is not None else f.points
            f = dataclasses.replace(f, met=True, points=moved)
        out.append(f)
    return tuple(out)


def implied(findings: Sequence[results.Finding], done: Collection[str], candidates: Collection[str]) -> set[str]:
    """The `candidates` not in `done` that the needed values of the `done` rules make hold too: every condition of
    their closest way is one a done rule already sets (a prerequisite shared with the item it unlocks)."""
    changes: dict[str, tuple[str, object]] = {}
    for f in findings:
        if f.rule in done and f.why_not is not None:
            changes.update((g.fact, (g.relation, g.needed)) for g in _flat(f.why_not.closest))
    out = set()
    for f in findings:
        if f.rule in candidates and f.rule not in done and f.why_not is not None and f.why_not.closest and all(
                changes.get(g.fact) == (g.relation, g.needed) for g in _flat(f.why_not.closest)):
            out.add(f.rule)
    return out


def _flat(gaps: Sequence[results.Gap]) -> Iterator[results.Gap]:
    for g in gaps:
        if g.because:
            yield from _flat(g.because)
        else:
            yield g


def resolve(compiled: compiler.CompiledPack, quantity: model.award.Quantity) -> object:
    """A quantity's value on the compiled pack's date."""
    values = _VALUES.get_or_make(compiled.key, lambda: {name: value.value for name, value in compiled.params})
    return quantity.resolve(values)


def number(compiled: compiler.CompiledPack, quantity: model.award.Quantity | None, default: float = 0.0) -> float:
    if quantity is None:
        return default
    value = resolve(compiled, quantity)
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else default
