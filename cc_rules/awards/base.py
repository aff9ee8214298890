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
from cc_rules.engine import plain


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


class Simulation:
    """The findings as they would be once some rules are made to hold, re-simulated: the values their why-nots need
    are set, derived facts reading them are derived again, and every other rule that held and reads a changed fact
    is evaluated again. A rule that no longer holds is debited (declaring the satisfaction formula leaves the check
    of the reported figure against it undecided while the survey counts are missing). What a roadmap promises."""

    def __init__(self, compiled: compiler.CompiledPack, findings: Sequence[results.Finding]) -> None:
        self.compiled = compiled
        self.findings = tuple(findings)
        self._index = {f.rule: i for i, f in enumerate(self.findings)}
        self._credited: dict[int, results.Finding] = {}  # each finding made to hold, made once
        self._gaps: dict[int, tuple[results.Gap, ...]] = {}  # each finding's closest way, flat, read once
        self._needed: dict[int, tuple[tuple[results.Gap, object], ...]] = {}  # and the values it needs
        self._derives = sorted((r for r in compiled.rules if r.rule.then.derive), key=lambda r: r.stratum)
        self._readers: dict[str, list[int]] = {}  # fact → the findings that hold and read it
        for i, f in enumerate(self.findings):
            rule = compiled.rule(f.rule)
            if f.met is True and rule is not None:
                for name in rule.facts:
                    self._readers.setdefault(name, []).append(i)

    def run(self, done: Collection[str]) -> tuple[tuple[results.Finding, ...], frozenset[str]]:
        """The findings with `done` credited and what that breaks debited, and the rules broken."""
        out = list(self.findings)
        indices = self._indices(done)
        for i in indices:
            if out[i].met is not True:
                made = self._credited.get(i)
                if made is None:
                    made = self._credited[i] = credited(self.compiled, (out[i],), (out[i].rule,))[0]
                out[i] = made
        broken = self._broken(indices, done)
        for i, f in broken.items():
            out[i] = f
        return tuple(out), frozenset(f.rule for f in broken.values())

    def breaks(self, done: Collection[str]) -> frozenset[str]:
        """The rules that held and that making `done` hold breaks."""
        return frozenset(f.rule for f in self._broken(self._indices(done), done).values())

    def implied(self, done: Collection[str], candidates: Collection[str]) -> set[str]:
        """The `candidates` not in `done` that the needed values of the `done` rules make hold too: every condition
        of their closest way is one a done rule already sets (a prerequisite shared with the item it unlocks)."""
        changes: dict[str, tuple[str, object]] = {}
        for i in self._indices(done):
            changes.update((g.fact, (g.relation, g.needed)) for g in self._way(i))
        out = set()
        for rule in candidates:
            at = self._index.get(rule)
            if at is None or rule in done:
                continue
            way = self._way(at)
            if way and all(changes.get(g.fact) == (g.relation, g.needed) for g in way):
                out.add(rule)
        return out

    def changes(self, indices: Sequence[int]) -> dict[str, object]:
        """The fact values that make the findings at `indices` hold by their closest ways, where their why-nots
        say (a threshold computed from facts not evidenced says none)."""
        out: dict[str, object] = {}
        for i in indices:
            for gap, value in self._values(i):
                if value is _LIST:  # adds to or takes from a list an earlier change may have set
                    value = needed_value(gap, self.compiled.fact(gap.fact), out.get(gap.fact, gap.found))
                if value is not _NONE:
                    out[gap.fact] = value
        return out

    def _indices(self, done: Collection[str]) -> list[int]:
        return sorted(i for r in done if (i := self._index.get(r)) is not None)

    def _way(self, i: int) -> tuple[results.Gap, ...]:
        """The finding's closest way, flat (derived facts replaced by what they come from), read once."""
        gaps = self._gaps.get(i)
        if gaps is None:
            f = self.findings[i]
            why = f.why_not if f.met is not True else None
            gaps = self._gaps[i] = tuple(_flat(why.closest)) if why is not None else ()
        return gaps

    def _values(self, i: int) -> tuple[tuple[results.Gap, object], ...]:
        values = self._needed.get(i)
        if values is None:
            fact = self.compiled.fact
            values = self._needed[i] = tuple(
                (g, _LIST if g.relation in ("contains", "not_contains") else needed_value(g, fact(g.fact)))
                for g in self._way(i))
        return values

    def _broken(self, indices: Sequence[int], done: Collection[str]) -> dict[int, results.Finding]:
        changes = self.changes(indices)
        if not changes or not self.findings:
            return {}
        known = dict(self.findings[0].values)
        known.update(changes)
        changed = set(changes)
        for derive in self._derives:
            if changed.intersection(derive.facts):
                target = str(derive.rule.then.derive)
                outcome = plain.condition(derive.when, known)
                if outcome is None:
                    known.pop(target, None)
                else:
                    known[target] = outcome
                changed.add(target)
        broken = {}
        for i in sorted({i for name in changed for i in self._readers.get(name, ())}):
            f = self.findings[i]
            rule = self.compiled.rule(f.rule)
            kind = kinds.of_rule(rule.rule.then.kind) if rule is not None else None
            if rule is None or kind is None or f.rule in done:
                continue
            outcome = plain.condition(rule.when, known)
            if outcome is not True:
                broken[i] = dataclasses.replace(f, met=outcome, points=kind.points(outcome, rule.points))
        return broken


_NONE = object()  # the why-not does not say
_LIST = object()  # worked out against the list as changed so far


def needed_value(gap: results.Gap, spec: model.FactSpec | None, found: object = None) -> object:
    """A value of `gap.fact` that makes its condition hold (the needed value itself where it is one); `_NONE` when
    the why-not does not say (a threshold computed from facts not evidenced)."""
    rel, need = gap.relation, gap.needed
    allowed = spec.values if spec is not None else None
    if rel == "exists":
        if allowed:
            return allowed[0]
        return {"int": 1, "number": 1.0, "string": "given", "list": ()}.get(spec.type if spec else "", True)
    if need is None:
        return _NONE
    if rel in ("eq", "gte", "lte"):
        return need
    if rel in ("gt", "lt") and isinstance(need, (int, float)) and not isinstance(need, bool):
        step = 0.01 if isinstance(need, float) else 1
        return need + step if rel == "gt" else need - step
    if rel == "in":
        return need[0] if isinstance(need, tuple) and need else need
    if rel == "ne" and isinstance(need, bool):
        return not need
    if rel in ("not_in", "ne") and allowed:
        banned = need if isinstance(need, tuple) else (need,)
        return next((v for v in allowed if v not in banned), _NONE)
    have = tuple(found) if isinstance(found, (tuple, list)) else ()
    if rel == "contains":
        return have if need in have else (*have, need)
    if rel == "not_contains":
        return tuple(v for v in have if v != need)
    return _NONE


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
