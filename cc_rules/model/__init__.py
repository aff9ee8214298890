"""Frozen domain model of a pack; nothing after the loader sees a raw dict.

Conditions and operands are small algebraic types so the compiler, both evaluators and the explainer walk the same
tree.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import functools
from typing import Literal

from cc_rules.base import cache
from cc_rules.model.conditions import All as All
from cc_rules.model.conditions import AnyOf as AnyOf
from cc_rules.model.conditions import Arith as Arith
from cc_rules.model.conditions import Compare as Compare
from cc_rules.model.conditions import CompareOp as CompareOp
from cc_rules.model.conditions import Condition as Condition
from cc_rules.model.conditions import Const as Const
from cc_rules.model.conditions import Contains as Contains
from cc_rules.model.conditions import Exists as Exists
from cc_rules.model.conditions import FactRef as FactRef
from cc_rules.model.conditions import In as In
from cc_rules.model.conditions import Leaf as Leaf
from cc_rules.model.conditions import Not as Not
from cc_rules.model.conditions import Operand as Operand
from cc_rules.model.conditions import ParamRef as ParamRef

Provenance = Literal["source", "secondary", "interpretation"]
FactType = Literal["int", "number", "bool", "string", "enum", "list"]
Scalar = str | int | float | bool


@dataclasses.dataclass(frozen=True)
class Text:
    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en




@dataclasses.dataclass(frozen=True)
class Loc:
    """Where a definition came from, for messages."""

    file: str
    line: int | None
    path: str = "$"


@dataclasses.dataclass(frozen=True)
class ParamValue:
    start: dt.date
    value: object
    reference: str
    provenance: Provenance | None = None


@dataclasses.dataclass(frozen=True)
class Parameter:
    name: str
    values: tuple[ParamValue, ...]  # sorted by start
    description: Text | None = None
    unit: str | None = None
    loc: Loc | None = None

    def at(self, day: dt.date) -> ParamValue | None:
        """The value in force on `day`: the latest start on or before it."""
        current = None
        for value in self.values:
            if value.start <= day:
                current = value
        return current


@dataclasses.dataclass(frozen=True)
class Edition:
    id: str
    effective_from: dt.date
    reference: str


@dataclasses.dataclass(frozen=True)
class Level:
    level: int
    name: Text
    description: Text | None
    provenance: Provenance | None


@dataclasses.dataclass(frozen=True)
class Note:
    id: str
    text: Text
    provenance: Provenance | None


NUMBER_LIMIT = 10**12  # a number fact without `max:` stays below this: exact in a double, far from overflow
TEXT_LIMIT = 10_000  # characters of a text fact without `max_length:`


@dataclasses.dataclass(frozen=True)
class FactSpec:
    name: str
    type: FactType
    description: Text
    unit: str | None = None
    min: float | None = None
    max: float | None = None
    values: tuple[Scalar, ...] | None = None
    derived: bool = False
    loc: Loc | None = None
    labels: tuple[tuple[Scalar, Text], ...] = ()  # value → how a person reads it, for enum and list facts
    max_length: int | None = None  # longest text value (characters), for string, enum and list facts
    compute: Operand | None = None  # a derived number computed from other facts (`compute:` in facts.yaml)

    def low(self) -> float:
        """The smallest value a number fact may take: its `min:`, else 0 (counts and percentages)."""
        return self.min if self.min is not None else 0

    def high(self) -> float:
        """The largest value a number fact may take: its `max:`, else 100 for a percentage (unit `percent` or a name
        ending `_pct`), else `NUMBER_LIMIT - 1`."""
        if self.max is not None:
            return self.max
        if self.unit == "percent" or self.name.endswith("_pct"):
            return 100
        return NUMBER_LIMIT - 1

    def longest(self) -> int:
        """The longest text value: `max_length:`, else `TEXT_LIMIT`; durable and plain then compare the same text."""
        return self.max_length if self.max_length is not None else TEXT_LIMIT

    def label(self, value: object) -> Text | None:
        """The declared label of one value, or None when the pack declares none."""
        return label_of(self.labels, value)


def label_of(labels: tuple[tuple[Scalar, Text], ...], value: object) -> Text | None:
    """The label of `value` in a `FactSpec.labels` table (a bool never matches 1 or 0)."""
    for key, text in labels:
        if key == value and isinstance(key, bool) == isinstance(value, bool):
            return text
    return None


@dataclasses.dataclass(frozen=True)
class Item:
    id: str
    parent: str | None
    title: Text
    clause: str
    provenance: Provenance
    dimension: str | None = None
    kind: Literal["objective", "subjective"] | None = None
    mode: str | None = None  # how a points item scores, as items.yaml declares it (deduction | bonus)
    points: float | None = None
    loc: Loc | None = None


# Operands and conditions: the algebra lives in `model.conditions`, re-exported above so `model.Compare` etc. work.

ThenKind = Literal["requirement", "deduct", "add", "derive", "warn"]


@dataclasses.dataclass(frozen=True)
class Then:
    kind: ThenKind
    points: float | None = None
    derive: str | None = None
    recommend: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class Rule:
    id: str
    item: str
    clause: str
    provenance: Provenance
    when: Condition
    then: Then
    level: int | None = None
    severity: str | None = None  # conformity packs: the nonconformity grade, major | minor (None = major)
    points: float | None = None
    explain: Text | None = None
    effective_from: dt.date | None = None
    effective_until: dt.date | None = None
    loc: Loc | None = None
    reference: str | None = None  # the document and the quote's location, for provenance source (`reference:`)

    def in_force(self, day: dt.date) -> bool:
        if self.effective_from is not None and day < self.effective_from:
            return False
        return self.effective_until is None or day < self.effective_until


@dataclasses.dataclass(frozen=True)
class Action:
    id: str
    title: Text
    effort: float
    description: Text | None = None
    loc: Loc | None = None
    gate: bool = False  # a prerequisite of its level and those above: a staged roadmap does it before the rest


@dataclasses.dataclass(frozen=True)
class BenchmarkEntry:
    surveyed: int
    offering: tuple[tuple[str, int], ...]
    year: int | None = None  # the survey year
    source: str | None = None
    applies_from: dt.date | None = None  # the assessment dates it is used for (default: from 1 January of `year`)
    applies_until: dt.date | None = None

    def applies(self, day: dt.date) -> bool:
        """Whether an assessment on `day` may use this survey: not before its year (or `applies.from`), not on or
        after `applies.until`."""
        start = self.applies_from or (dt.date(self.year, 1, 1) if self.year else None)
        if start is not None and day < start:
            return False
        return self.applies_until is None or day < self.applies_until


@dataclasses.dataclass(frozen=True)
class Benchmarks:
    share_threshold: float
    industries: tuple[tuple[str, tuple[BenchmarkEntry, ...]], ...]  # per industry, its surveys by year
    provenance: str | None = None  # of the threshold and how it is applied
    reference: str | None = None

    def entry(self, industry: str, day: dt.date) -> BenchmarkEntry | None:
        """The latest survey of `industry` that applies on `day` (None when none does)."""
        surveys = [e for e in dict(self.industries).get(industry, ()) if e.applies(day)]
        return max(surveys, key=lambda e: e.year or 0) if surveys else None

    def years(self, industry: str) -> tuple[int, ...]:
        return tuple(sorted(e.year for e in dict(self.industries).get(industry, ()) if e.year))


from cc_rules.model.award import AwardSpec  # noqa: E402  (award.py reads Text and Loc defined above)

PROVENANCES: tuple[Provenance, ...] = ("source", "secondary", "interpretation")
UNLABELLED = "unlabelled"  # a parameter value written without `provenance:`


@dataclasses.dataclass(frozen=True)
class ProvenanceCounts:
    """How much of a pack a source states: its rules and parameters per label (source, secondary, interpretation,
    then unlabelled when any), and the label of what awards the result beside the rules (`grades`, `dimension_bases`,
    `pass_line`, where the pack has them). A parameter counts by its latest value. `cc-rules packs` and every report
    print it, so a reader sees how much is the standard's text and how much this pack's reading."""

    rules: tuple[tuple[str, int], ...]
    parameters: tuple[tuple[str, int], ...]
    award: tuple[tuple[str, str], ...] = ()

    def count(self, part: str, label: str) -> int:
        return dict(self.rules if part == "rules" else self.parameters).get(label, 0)


def _counted(labels: list[str]) -> tuple[tuple[str, int], ...]:
    order = (*PROVENANCES, UNLABELLED)
    return tuple((label, labels.count(label)) for label in order if label != UNLABELLED or UNLABELLED in labels)


@dataclasses.dataclass(frozen=True)
class Pack:
    id: str
    title: Text
    model: str  # the award model's registered name (cc_rules.awards); the pack schema admits only those
    editions: tuple[Edition, ...]  # sorted by effective_from
    parameters: tuple[Parameter, ...]
    levels: tuple[Level, ...]
    coverage_tiers: tuple[int, ...]
    facts: tuple[FactSpec, ...]
    items: tuple[Item, ...]
    rules: tuple[Rule, ...]
    actions: tuple[Action, ...]
    notes: tuple[Note, ...]
    benchmarks: Benchmarks | None
    root: str  # where the files are read from
    source: str  # how messages and reports name the pack directory (machine-independent for built-in packs)
    sha256: str
    subjective_share: float | None = None  # declared official share of subjective items (coverage.subjective_share)
    award: AwardSpec = dataclasses.field(default_factory=AwardSpec)  # how the result is awarded (`award:`)

    def fact(self, name: str) -> FactSpec | None:
        return self._facts.get(name)

    def item(self, item_id: str) -> Item | None:
        return self._items.get(item_id)

    def parameter(self, name: str) -> Parameter | None:
        return self._params.get(name)

    def action(self, action_id: str) -> Action | None:
        return self._actions.get(action_id)

    def edition_at(self, day: dt.date) -> Edition | None:
        current = None
        for edition in self.editions:
            if edition.effective_from <= day:
                current = edition
        return current

    def items_per_tier(self) -> tuple[int, ...]:
        """How many items the pack encodes at each tier of its tree that it declares official counts for
        (`coverage_tiers`); empty when it declares none."""
        depths = collections.Counter(self.item_depth(i.id) for i in self.items)
        return tuple(depths.get(t + 1, 0) for t in range(len(self.coverage_tiers)))

    def item_depth(self, item_id: str) -> int:
        depth, current = 0, self._items.get(item_id)
        while current is not None and depth < 64:
            depth += 1
            current = self._items.get(current.parent) if current.parent else None
        return depth

    @functools.cached_property
    def content_key(self) -> str:
        """Hash of the pack's content (every compared field but where it was read from), computed once per instance:
        what caches key on, so a pack changed in memory never meets a stale compiled form."""
        return cache.digest(self, exclude=frozenset({"root", "sha256"}))

    @functools.cached_property
    def provenance(self) -> ProvenanceCounts:
        """Rules and parameters per provenance label, and the labels of the award's grades, dimension bases and pass
        line (the latest value of the parameter each names); computed once per instance."""
        def label(name: str | None) -> str | None:
            param = self._params.get(name) if name else None
            return (param.values[-1].provenance or UNLABELLED) if param and param.values else None

        award: list[tuple[str, str]] = []
        bases = sorted({b for d in self.award.dimensions if (b := label(d.base.param)) is not None})
        for what, got in (("grades", label(self.award.grades.param) if self.award.grades else None),
                          ("dimension_bases", "/".join(bases) or None),
                          ("pass_line", label(self.award.passing.threshold.param) if self.award.passing else None)):
            if got is not None:
                award.append((what, got))
        return ProvenanceCounts(
            rules=_counted([r.provenance for r in self.rules]),
            parameters=_counted([(p.values[-1].provenance or UNLABELLED) for p in self.parameters if p.values]),
            award=tuple(award))

    def __post_init__(self) -> None:
        # Lookup tables; the pack is frozen, so they are built once here.
        object.__setattr__(self, "_facts", {f.name: f for f in self.facts})
        object.__setattr__(self, "_items", {i.id: i for i in self.items})
        object.__setattr__(self, "_params", {p.name: p for p in self.parameters})
        object.__setattr__(self, "_actions", {a.id: a for a in self.actions})

    _facts: dict[str, FactSpec] = dataclasses.field(init=False, repr=False, compare=False)
    _items: dict[str, Item] = dataclasses.field(init=False, repr=False, compare=False)
    _params: dict[str, Parameter] = dataclasses.field(init=False, repr=False, compare=False)
    _actions: dict[str, Action] = dataclasses.field(init=False, repr=False, compare=False)
