"""The one serialisable results model. Every reporter reads it; exit codes are its methods."""

from __future__ import annotations

import abc
import dataclasses
import functools
import operator
import types
from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar, overload

from cc_rules.base import i18n, jsontext
from cc_rules.model import ProvenanceCounts, Text, label_of

FORMAT = "cc-rules/report@1"

Labels = tuple[tuple[Any, Text], ...]  # a fact's declared labels (`model.FactSpec.labels`): value → its label

T = TypeVar("T")


class Lazy(Generic[T]):
    """A dataclass field given either its value or a zero-argument callable that makes it when first read, so an
    assessment does not pay for what no report reads (the roadmap, in a CI gate). Equality, `repr` and
    `dataclasses.replace` read the value; `stored` passes it on unread."""

    def __init__(self, default: T) -> None:
        self.default = default

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = f"_lazy_{name}"

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> Lazy[T]: ...
    @overload
    def __get__(self, obj: object, owner: type | None = None) -> T: ...

    def __get__(self, obj: object | None, owner: type | None = None) -> T | Lazy[T]:
        if obj is None:  # the class attribute: dataclasses reads the field's default here
            return self.default
        value = obj.__dict__[self.slot]
        if callable(value):
            value = value()
            obj.__dict__[self.slot] = value
        return value  # type: ignore[no-any-return]

    def __set__(self, obj: object, value: T | Callable[[], T]) -> None:
        obj.__dict__[self.slot] = value

    def stored(self, obj: object) -> T | Callable[[], T]:
        """The value, or the callable that will make it, without calling it."""
        return obj.__dict__[self.slot]  # type: ignore[no-any-return]


class once(Generic[T]):
    """`functools.cached_property` without its lock (Python 3.11 takes an `RLock` on every first read: about a
    microsecond, paid by each of the thousands of findings a report reads): the value is made when first read and
    kept in the instance's `__dict__`, where later reads find it without calling anything."""

    def __init__(self, func: Callable[[Any], T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> once[T]: ...
    @overload
    def __get__(self, obj: object, owner: type | None = None) -> T: ...

    def __get__(self, obj: object | None, owner: type | None = None) -> T | once[T]:
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.func(obj)
        return value


@dataclasses.dataclass(frozen=True, init=False)
class Because:
    """One fact a rule read: its value (None = not evidenced) and where it came from."""

    fact: str
    value: object
    source: str | None = None
    file: str | None = None
    line: int | None = None
    path: str | None = None
    labels: Labels = dataclasses.field(default=(), compare=False, repr=False)  # the fact's, for showing its value

    def __init__(self, fact: str, value: object, source: str | None = None, file: str | None = None,
                 line: int | None = None, path: str | None = None, labels: Labels = ()) -> None:
        # the fields set at once: a frozen dataclass's own __init__ sets them one by one through object.__setattr__
        # (2 µs; an assessment makes one per fact its findings read)
        object.__setattr__(self, "__dict__", {"fact": fact, "value": value, "source": source, "file": file,
                                              "line": line, "path": path, "labels": labels})

    def shown(self, lang: str) -> str | None:
        """The value as a person reads it in `lang` (declared labels for enum and list values); None = not
        evidenced."""
        return None if self.value is None else format_value(self.value, lang, self.labels)

    @once
    def label(self) -> Text | None:
        """The value in both languages when the fact labels it (what the JSON report adds as `label`); a `Because`
        is shared by the findings that read its fact, so it is worked out once."""
        return labelled(self.value, self.labels)


@dataclasses.dataclass(frozen=True)
class Hole:
    """A `{fact}` placeholder of an explanation template, with the fact's declared labels."""

    fact: str
    labels: Labels = ()


@dataclasses.dataclass(frozen=True)
class Template:
    """An explanation parsed once per compiled pack: literal text (parameters already filled in) and fact holes."""

    zh: tuple[str | Hole, ...]
    en: tuple[str | Hole, ...]

    @once
    def frame(self) -> Frame:
        """The template as a report fills it: worked out when first filled, then kept with the template (once per
        compiled pack)."""
        return Frame.of(self)


@dataclasses.dataclass(frozen=True)
class Frame:
    """A `Template` ready to fill: each distinct hole once (its fact, the key saying why it is unknown, its labels)
    and the zh and en text as `str.format` frames with `{i}` for the i-th hole, so filling a finding's explanation is
    one value shown per hole and two `format` calls. Most templates have one hole, once in each language: for them
    `around` holds the texts before and after it, and filling is two concatenations (a third of `format`'s cost)."""

    holes: tuple[tuple[str, str, _Memo], ...]
    zh: str
    en: str
    around: tuple[str, str, str, str] | None = None  # zh before, zh after, en before, en after the one hole

    @classmethod
    def of(cls, template: Template) -> Frame:
        holes: list[Hole] = []

        def frame(parts: tuple[str | Hole, ...]) -> str:
            out = []
            for part in parts:
                if isinstance(part, str):
                    out.append(part.replace("{", "{{").replace("}", "}}"))
                    continue
                if part not in holes:
                    holes.append(part)
                out.append(f"{{{holes.index(part)}}}")
            return "".join(out)

        def around(parts: tuple[str | Hole, ...]) -> tuple[str, str] | None:
            at = [i for i, part in enumerate(parts) if not isinstance(part, str)]
            if len(at) != 1:
                return None
            return "".join(map(str, parts[:at[0]])), "".join(map(str, parts[at[0] + 1:]))

        zh, en = frame(template.zh), frame(template.en)
        zh_around, en_around = around(template.zh), around(template.en)
        one = (*zh_around, *en_around) if len(holes) == 1 and zh_around and en_around else None
        return cls(tuple((h.fact, "?" + h.fact, _memo(h.labels)) for h in holes), zh, en, one)

    def fill(self, values: Mapping[str, object]) -> tuple[str, str]:
        """The explanation in zh and en with `values` (a fact not among them: why it is unknown, or "not
        evidenced")."""
        around = self.around
        if around is not None:
            fact, why_key, memo = self.holes[0]
            shown = self._shown(values, fact, why_key, memo)
            return around[0] + shown[0] + around[1], around[2] + shown[1] + around[3]
        zh: list[str] = []
        en: list[str] = []
        for fact, why_key, memo in self.holes:
            shown = self._shown(values, fact, why_key, memo)
            zh.append(shown[0])
            en.append(shown[1])
        return self.zh.format(*zh), self.en.format(*en)

    @staticmethod
    def _shown(values: Mapping[str, object], fact: str, why_key: str, memo: _Memo) -> tuple[str, str]:
        value = values.get(fact, _ABSENT)
        if value is not _ABSENT:
            try:
                return memo.shown[type(value)][value]
            except (KeyError, TypeError):
                return _shown(memo, value)
        why = values.get(why_key)
        return (f"({why.why.zh})", f"({why.why.en})") if isinstance(why, Unknown) else _NOT_EVIDENCED


NOT_EVIDENCED = Text("未提供证据", "not evidenced")
_NOT_EVIDENCED = (f"({NOT_EVIDENCED.zh})", f"({NOT_EVIDENCED.en})")


@dataclasses.dataclass(frozen=True)
class Unknown:
    """Why a fact is unknown when that is not the evidence's doing (no industry benchmark in the pack): explanations
    say so in its place instead of "not evidenced"."""

    why: Text


def format_value(value: object, lang: str = "en", labels: Labels = ()) -> str:
    """A fact value as a person reads it; booleans in the reader's language (是/否 in zh); an enum value, or each item
    of a list, as the label its fact declares (`labels`) in the reader's language, else as written."""
    kind = type(value)
    if kind is str and not labels:  # the commonest case first: text as written
        return value  # type: ignore[return-value]
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join([format_value(v, lang, labels) for v in value]) + "]"
    if labels:
        label = label_of(labels, value)
        if label is not None:
            return label.zh if lang == "zh" else label.en
    if kind is bool:
        return _yes_no(value, lang)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


@functools.cache
def _yes_no(value: bool, lang: str) -> str:
    return i18n.message("reports.true" if value else "reports.false", lang)


_REMEMBERED = (str, int, float, bool, tuple)  # the types of the values remembered
_MEMO_ENTRIES = 256  # values remembered per type and labels table (a table's values are few; a count's are not)
_MEMO_TABLES = 256  # labels tables remembered (a few per pack)


class _Memo:
    """How values are shown under one labels table, in both languages: reports show the same values (an enum, a
    yes/no, a head count, a list of channels) in finding after finding. By type, then value: `True == 1 == 1.0` but
    each is shown differently (see `_rememberable`)."""

    __slots__ = ("labelled", "labels", "shown")

    def __init__(self, labels: Labels) -> None:
        self.labels = labels  # kept: the table's id is the key, so it must not be reused while remembered
        self.shown: dict[type, dict[Any, tuple[str, str]]] = {kind: {} for kind in _REMEMBERED}
        self.labelled: dict[type, dict[Any, Text | None]] = {kind: {} for kind in _REMEMBERED}


_PLAIN = _Memo(())
_TABLES: dict[int, _Memo] = {}


def _memo(labels: Labels) -> _Memo:
    if not labels:
        return _PLAIN
    memo = _TABLES.get(id(labels))
    if memo is None or memo.labels is not labels:
        if len(_TABLES) >= _MEMO_TABLES:
            _TABLES.clear()
        memo = _TABLES[id(labels)] = _Memo(labels)
    return memo


def _rememberable(value: object) -> bool:
    """Whether every value equal to `value` and of its type is shown as it is: any text, integer or yes/no; a float
    but zero (-0.0 == 0.0, shown "-0"); a tuple of texts only (in a tuple, `True == 1`)."""
    kind = type(value)
    if kind is tuple:
        return all(type(v) is str for v in value)  # type: ignore[attr-defined]
    if kind is float:
        return value != 0.0
    return kind is str or kind is int or kind is bool


def _remember(table: dict[Any, Any], value: object, made: Any) -> None:
    if _rememberable(value):
        if len(table) >= _MEMO_ENTRIES:
            table.clear()
        table[value] = made


def _shown(memo: _Memo, value: object) -> tuple[str, str]:
    labels = memo.labels
    if type(value) is str and not labels:
        return value, value
    pair = (format_value(value, "zh", labels), format_value(value, "en", labels))
    table = memo.shown.get(type(value))
    if table is not None:
        _remember(table, value, pair)
    return pair


def shown_both(value: object, labels: Labels = ()) -> tuple[str, str]:
    """`format_value(value, "zh", labels), format_value(value, "en", labels)`, remembered (`_Memo`)."""
    memo = _memo(labels)
    try:
        return memo.shown[type(value)][value]
    except (KeyError, TypeError):  # not remembered, or a value that cannot be (a list, a tuple holding one)
        return _shown(memo, value)


def labelled(value: object, labels: Labels) -> Text | None:
    """`value` as labelled in both languages, when `labels` names it (or an item of it); None otherwise."""
    if value is None or not labels:
        return None
    memo = _memo(labels)
    try:
        return memo.labelled[type(value)][value]
    except (KeyError, TypeError):
        pass
    items = value if isinstance(value, (tuple, list)) else (value,)
    made = Text(*shown_both(value, labels)) if any(label_of(labels, v) is not None for v in items) else None
    table = memo.labelled.get(type(value))
    if table is not None:
        _remember(table, value, made)
    return made


_ABSENT = object()


@dataclasses.dataclass(frozen=True)
class Parameter:
    """A pack parameter a threshold comes from: its name, value in force and where the value is stated."""

    name: str
    value: object
    reference: str
    provenance: str | None = None  # source | secondary | interpretation, as the pack labels the value in force


@dataclasses.dataclass(frozen=True)
class Gap:
    """One condition between a rule and "met", as data: the fact, the relation, the value found (None: not
    evidenced) and the value needed, the fact's unit, and the parameter the threshold comes from. A needed head
    count is whole (rounded the way that makes the condition hold). A derived fact's gap lists, in `because`, the
    gaps of the facts it is derived from."""

    fact: str
    relation: str  # eq ne lt lte gt gte in not_in contains not_contains exists absent
    found: object
    needed: object
    unit: str | None = None
    parameter: Parameter | None = None
    expression: str | None = None  # the threshold as written, when not a constant: "organization.seats / 50"
    substituted: str | None = None  # the same with values: "200 / 50"
    description: Text | None = None  # the fact as facts.yaml describes it
    because: tuple[Gap, ...] = ()
    labels: Labels = dataclasses.field(default=(), compare=False, repr=False)
    fixed: bool = False  # on pack data (benchmarks), here or in what it is derived from: not for the centre to change

    def found_shown(self, lang: str) -> str | None:
        return None if self.found is None else format_value(self.found, lang, self.labels)

    def needed_shown(self, lang: str) -> str:
        return format_value(self.needed, lang, self.labels)


@dataclasses.dataclass(frozen=True)
class WhyNot:
    """Why a rule does not hold: the closest way to make it hold (every condition to change) and the other ways,
    next closest first (an `any` has one per branch)."""

    closest: tuple[Gap, ...]
    alternatives: tuple[tuple[Gap, ...], ...] = ()


@dataclasses.dataclass(frozen=True)
class RuleInfo:
    """What a finding says about its rule, the same in every assessment: prepared once per compiled pack."""

    rule: str
    item: str
    kind: str  # requirement | deduction | bonus | warning
    clause: str
    provenance: str
    level: int | None = None
    dimension: str | None = None
    template: Template | None = None
    recommend: tuple[str, ...] = ()
    file: str | None = None
    line: int | None = None
    reference: str | None = None  # where the rule's source says it (`reference:`), shown beside its provenance
    # What the outcomes mean for this kind of rule (from the award model's kind table, so nothing tests `kind`):
    problem_on: tuple[bool | None, ...] = ()  # a shortfall to fix
    fired_on: tuple[bool | None, ...] = ()  # the rule's consequence applied
    quiet_on: tuple[bool | None, ...] = ()  # not worth listing among findings
    uncounted_on: tuple[bool | None, ...] = ()  # does not count towards its item's state
    # the points each outcome moves before an item's cap applies (`(outcome, points)`, from the kind table): a
    # finding that moves these is given the record entry made for them (`record_fields`)
    moved: tuple[tuple[bool | None, float | None], ...] = ()
    # What a finding's entry in a report starts as, made with the rule (once per compiled pack) and copied by each:
    # its rule's fields in the JSON report, and per outcome the points it moves and its shortfall in a record
    report_fields: dict[str, Any] = dataclasses.field(init=False, repr=False, compare=False)
    record_fields: dict[bool | None, tuple[float | None, dict[str, Any]]] = dataclasses.field(
        init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "report_fields", {
            "rule": self.rule, "item": self.item, "kind": self.kind, "clause": self.clause,
            "provenance": self.provenance, "reference": self.reference, "level": self.level,
            "dimension": self.dimension})
        object.__setattr__(self, "record_fields", {
            outcome: (points, shortfall_fields(self, outcome, points)) for outcome, points in self.moved})


def shortfall_fields(info: RuleInfo, met: bool | None, points: float | None) -> dict[str, Any]:
    """A shortfall's entry in a compact record (`cc-rules/record@1`) but the facts it read: its rule's fields, its
    outcome and the points it moved, as the JSON report writes them."""
    return {"rule": info.rule, "clause": info.clause, "item": info.item, "kind": info.kind, "level": info.level,
            "dimension": info.dimension, "met": met, "points": None if points is None else _num(points)}


class Assessed(abc.ABC):
    """What every finding of one assessment shares: the values it was made on, why a fact is unknown, how each
    finding's `because` and why-not are worked out. Set on each finding by the assessment instead of three fields
    per finding; a finding reads it when one of those is first read (most never are)."""

    __slots__ = ()

    values: Mapping[str, object]
    why: Callable[[Finding], WhyNot | None] | None

    @abc.abstractmethod
    def because(self, finding: Finding) -> tuple[Because, ...]:
        """The facts the finding's rule read, each with its value and source in this assessment."""

    def facts_read(self, finding: Finding) -> dict[str, object] | None:
        """What `facts_read(finding)` gives, worked out without making the finding's `Because` objects, when the
        assessment can; None: `facts_read` reads `because`."""
        return None


class _Shared:
    """A `Finding` field given either its value or, when the finding was made by an assessment, read from the
    assessment's shared `Assessed` (under `_assessed`) when first read and kept."""

    def __init__(self, default: object) -> None:
        self.default = default

    def __set_name__(self, owner: type, name: str) -> None:
        self.name, self.slot = name, f"_{name}"

    def __get__(self, obj: object | None, owner: type | None = None) -> Any:
        if obj is None:  # the class attribute: dataclasses reads the field's default here
            return self.default
        state = obj.__dict__
        try:
            return state[self.slot]
        except KeyError:
            pass
        assessed = state["_assessed"]
        value = assessed.because(obj) if self.name == "because" else getattr(assessed, self.name)
        state[self.slot] = value
        return value

    def __set__(self, obj: object, value: object) -> None:
        # a field declared with `dataclasses.field(default=…)` passes the descriptor itself as the default
        obj.__dict__[self.slot] = self.default if value is self else value


def _shared(default: object) -> Any:
    return _Shared(default)


@dataclasses.dataclass(frozen=True)
class Finding:
    """One rule's outcome in one assessment: its rule (`info`), met / not met / unknown, the points it moved, and the
    facts it read. The rule's fields are readable directly (`finding.rule`, `finding.clause`, …; through C getters,
    as the award models read them for every finding).

    An assessment makes its findings in bulk with only `info`, `met` and `points` of their own and the assessment's
    `Assessed` shared: `because`, `values` and `why` are read from it when first read (`_Shared`)."""

    info: RuleInfo
    met: bool | None
    points: float | None  # signed: -lost, +won, 0 when nothing moved; None for requirements and warnings
    because: tuple[Because, ...] = _shared(())
    values: Mapping[str, object] = dataclasses.field(default=_shared(types.MappingProxyType({})), compare=False,
                                                     repr=False, hash=False)
    # Computes the why-not of the finding it is given, when first read (most findings never need it): one for every
    # finding of an assessment, set by the assessment.
    why: Callable[[Finding], WhyNot | None] | None = dataclasses.field(default=_shared(None), compare=False,
                                                                         repr=False, hash=False)

    rule = property(operator.attrgetter("info.rule"))
    item = property(operator.attrgetter("info.item"))
    kind = property(operator.attrgetter("info.kind"))
    clause = property(operator.attrgetter("info.clause"))
    provenance = property(operator.attrgetter("info.provenance"))
    level = property(operator.attrgetter("info.level"))
    dimension = property(operator.attrgetter("info.dimension"))
    template = property(operator.attrgetter("info.template"))
    recommend = property(operator.attrgetter("info.recommend"))
    file = property(operator.attrgetter("info.file"))
    line = property(operator.attrgetter("info.line"))
    reference = property(operator.attrgetter("info.reference"))

    @property
    def problem(self) -> bool:
        """A shortfall the centre should fix: a requirement or deduction not met or not evidenced, a warning raised."""
        return self.met in self.info.problem_on

    @property
    def fired(self) -> bool:
        """The rule's consequence applied: points deducted or added, a warning raised."""
        return self.met in self.info.fired_on

    @property
    def listed(self) -> bool:
        """Worth listing among the findings (a met deduction is not)."""
        return self.met not in self.info.quiet_on

    @property
    def counted(self) -> bool:
        """Counts towards its item's state (a warning not raised does not)."""
        return self.met not in self.info.uncounted_on

    @property
    def lacking(self) -> tuple[str, ...]:
        """The facts it read that the evidence does not give."""
        return tuple(b.fact for b in self.because if b.value is None)

    def evidence_location(self, evidence_file: str, facts_line: int | None = None) -> tuple[str, int]:
        """Where a CI annotation points in the user's repository: the evidence line of the first fact it read that
        has one in `evidence_file`, else the evidence's facts (`facts_line`), else its first line. Never a pack
        file."""
        for because in self.because:
            if because.file == evidence_file and because.line:
                return evidence_file, because.line
        return evidence_file, facts_line or 1

    def location(self) -> tuple[str | None, int]:
        """Where a CI annotation points: the evidence line of the first fact it read that has one, else the rule's
        line in its pack file."""
        for because in self.because:
            if because.file and because.line:
                return because.file, because.line
        return self.file, self.line or 1

    def with_points(self, points: float | None) -> Finding:
        """`dataclasses.replace(self, points=points)` without reading the fields it shares with its assessment
        (`_Shared`): `replace` passes every field to `__init__`, which would make this finding's `because` (a
        `Because` per fact its rule read) for a report that may never read it. What was worked out for it (`once`:
        its why-not, its explanation) is not carried over, as with `replace`."""
        state = {**self.__dict__, "points": points}
        for name in _WORKED_OUT:
            state.pop(name, None)
        made = _new_object(Finding)
        object.__setattr__(made, "__dict__", state)
        return made

    @once
    def why_not(self) -> WhyNot | None:
        """What stands between the rule and "met", as data (None when met or not worked out)."""
        if self.met is True or self.why is None:
            return None
        return self.why(self)

    @once
    def explanation(self) -> Text | None:
        """The rule's explanation with the assessment's values, rendered when first read (most never are)."""
        template = self.info.template
        if template is None:
            return None
        return Text(*template.frame.fill(self.values))


_new_object = object.__new__
_WORKED_OUT = tuple(name for name, value in vars(Finding).items() if isinstance(value, once))  # `once` per finding


def facts_read(finding: Finding) -> dict[str, object]:
    """The facts `finding` read and their values (a tuple as a list, None: not evidenced), as the JSON report's
    `because` gives them: what a compact record keeps of a shortfall. A finding made by an assessment, whose
    `because` has not been read, is answered by the assessment (`Assessed.facts_read`), without making its
    `Because` objects (most are never read)."""
    state = finding.__dict__
    assessed: Assessed | None = state.get("_assessed")
    if assessed is not None and "_because" not in state:
        read = assessed.facts_read(finding)
        if read is not None:
            return read
    return {b.fact: list(b.value) if isinstance(b.value, tuple) else b.value for b in finding.because}


@dataclasses.dataclass(frozen=True)
class Missing:
    """A finding that stands in the way of something (a level, a gate): not met, or not evidenced for lack of facts."""

    id: str
    clause: str
    met: bool | None = None
    lacking: tuple[str, ...] = ()  # facts not evidenced
    points: float | None = None  # points it lost, where it lost any
    severity: str | None = None  # conformity packs: major | minor, as the award model grades the nonconformity
    finding: Finding | None = dataclasses.field(default=None, compare=False, repr=False, hash=False)

    @property
    def why_not(self) -> WhyNot | None:
        """The finding's structured why-not (read when a report shows it)."""
        return self.finding.why_not if self.finding is not None else None

    @property
    def item(self) -> str | None:
        return self.finding.item if self.finding is not None else None

    @property
    def reason(self) -> str:
        """The stable machine-readable reason of the JSON report ("not met", "not evidenced: fact, …")."""
        if self.met is False:
            return "not met"
        return "not evidenced: " + ", ".join(self.lacking) if self.lacking else "not evidenced"

    @classmethod
    def of(cls, finding: Finding) -> Missing:
        return cls(finding.rule, finding.clause, finding.met, finding.lacking, finding.points, finding=finding)


@dataclasses.dataclass(frozen=True)
class NextLevel:
    level: int
    name: Text | None
    missing: tuple[Missing, ...]


@dataclasses.dataclass(frozen=True)
class ActionRec:
    id: str
    title: Text
    gain: float  # points won (points packs) or the level it helps unlock (maturity packs)
    gain_kind: str  # what `gain` counts: points | level | requirements (labels come from the catalogue)
    effort: float  # an estimate, in person-weeks (the unit the packs' actions.yaml declare)
    rules: tuple[str, ...]  # the rules it is credited with: each rule to one action only (the first that clears it)
    cumulative: float | None = None  # after this step and those before: the score, level or nonconformities left
    reaches: str | None = None  # where this step gets the centre: "pass" (the pass line), "level" (a new level)
    level: int | None = None  # maturity: the level whose requirements it clears


@dataclasses.dataclass(frozen=True)
class Score:
    total: float
    dimensions: tuple[tuple[str, float], ...]  # in the order the pack declares them
    pass_threshold: float
    maximum: float
    dimension_maxima: tuple[tuple[str, float], ...] = ()  # most each dimension can reach (base + bonuses, capped)
    titles: tuple[tuple[str, Text], ...] = ()  # each dimension's title, as the pack declares it
    pass_rule: str = "above"  # noqa: S105  (not a password) above | at_least: how the total meets the threshold

    def title(self, dimension: str) -> Text:
        return dict(self.titles).get(dimension) or Text(dimension, dimension)


@dataclasses.dataclass(frozen=True)
class Retest:
    open: bool
    until: str


@dataclasses.dataclass(frozen=True)
class LevelStep:
    level: int
    name: Text
    awarded: bool
    met: int
    total: int


@dataclasses.dataclass(frozen=True)
class Coverage:
    encoded: tuple[int, ...]
    official: tuple[int, ...]


@dataclasses.dataclass(frozen=True)
class ItemNode:
    """A node of the pack's item tree in depth-first order, prepared once per compiled pack."""

    id: str
    parent: str | None
    depth: int
    title: Text
    clause: str
    provenance: str
    dimension: str | None
    children: tuple[int, ...]  # positions of the children in the same order
    kind: str | None = None  # objective | subjective (points packs)
    mode: str | None = None  # deduction | bonus (points packs)
    item_points: float | None = None  # what the item is worth (points packs)
    # What every result's entry for the node starts as, made with the node (once per compiled pack) and copied by
    # each: its fields in the JSON report's item tree, and those of its `ItemStatus`
    report_fields: dict[str, Any] = dataclasses.field(init=False, repr=False, compare=False)
    status_fields: dict[str, Any] = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "report_fields", {
            "id": self.id, "parent": self.parent, "depth": self.depth, "clause": self.clause,
            "provenance": self.provenance, "dimension": self.dimension, "kind": self.kind, "mode": self.mode,
            "item_points": _num(self.item_points)})
        object.__setattr__(self, "status_fields", {
            "id": self.id, "parent": self.parent, "depth": self.depth, "title": self.title, "clause": self.clause,
            "provenance": self.provenance, "dimension": self.dimension, "kind": self.kind, "mode": self.mode,
            "item_points": self.item_points})


@dataclasses.dataclass(frozen=True)
class ItemStatus:
    """One node of the pack's item tree with the state of its own rules, so reporters draw the tree without deciding.

    status: "met" (every rule met), "unmet" (one rule not met), "unknown" (none unmet, one not evidenced) or
    "none" (no rule in force reads this item; parents summarise their children the same way).
    """

    id: str
    parent: str | None
    depth: int
    title: Text
    clause: str
    provenance: str
    status: str
    met: int
    unmet: int
    unknown: int
    rules: tuple[str, ...]
    dimension: str | None = None
    points: float | None = None  # points moved by the item's rules (points packs)
    kind: str | None = None
    mode: str | None = None
    item_points: float | None = None


@dataclasses.dataclass(frozen=True)
class GateSpec:
    """The CI gates `cc-rules check` was asked for. Each award model says which it applies to its results (a minimum
    level, a minimum score); a result with none of its kind is held to its pack's own verdict. `fail_on_warn`
    applies to every result."""

    min_level: int | None = None
    min_score: float | None = None
    fail_on_warn: bool = False


@dataclasses.dataclass(frozen=True)
class GateVerdict:
    """One gate applied to one result, computed once by `check`; every format reads it.

    gate: passed (the pack's own verdict) | min-level | min-score | warnings. `blocking`: the findings that stand in
    its way (empty when met)."""

    gate: str
    required: object
    actual: object
    met: bool
    blocking: tuple[Missing, ...] = ()
    severity: str = "error"  # of a missed gate in CI annotations: error | warning


@dataclasses.dataclass(frozen=True)
class Waived:
    """A finding (`rule`) or a gate (`gate`) that a waiver in force accepted in `check --waivers`."""

    rule: str | None
    gate: str | None
    justification: str
    approved_by: str
    expires: str  # ISO date

    @property
    def target(self) -> str:
        return self.rule if self.rule is not None else f"gate {self.gate}"


@dataclasses.dataclass(frozen=True)
class Derived:
    fact: str
    value: bool
    rule: str


@dataclasses.dataclass(frozen=True, init=False)
class PackResult:
    pack_id: str
    pack_title: Text
    edition: str
    edition_reference: str
    pack_sha256: str
    model: str
    as_of: str
    engine: str
    level: int | None
    level_name: Text | None
    passed: bool
    grade: str | None
    score: Score | None
    findings: tuple[Finding, ...]
    next_level: NextLevel | None
    unknown: tuple[str, ...]
    ladder: tuple[LevelStep, ...]
    retest: Retest | None
    coverage: Coverage | None
    derived: tuple[Derived, ...]
    item_nodes: tuple[ItemNode, ...] = dataclasses.field(default=(), compare=False, repr=False)
    nonconformities: tuple[Missing, ...] = ()  # conformity packs: every requirement not met or not evidenced
    gates: tuple[GateVerdict, ...] = ()  # from `check`; empty for a plain assessment
    severities: tuple[tuple[str, str], ...] = ()  # from `check`: rule → error | warning | note, for CI formats
    waived: tuple[Waived, ...] = ()  # from `check --waivers`: the findings and gates a waiver in force accepted
    actions: Lazy[tuple[ActionRec, ...]] = Lazy(())  # the roadmap (given as a callable: worked out when first read)
    provenance: ProvenanceCounts | None = None  # the pack's rules and parameters per provenance label (every report)

    def __init__(self, pack_id: str, pack_title: Text, edition: str, edition_reference: str, pack_sha256: str,
                 model: str, as_of: str, engine: str, level: int | None, level_name: Text | None, passed: bool,
                 grade: str | None, score: Score | None, findings: tuple[Finding, ...], next_level: NextLevel | None,
                 unknown: tuple[str, ...], ladder: tuple[LevelStep, ...], retest: Retest | None,
                 coverage: Coverage | None, derived: tuple[Derived, ...], item_nodes: tuple[ItemNode, ...] = (),
                 nonconformities: tuple[Missing, ...] = (), gates: tuple[GateVerdict, ...] = (),
                 severities: tuple[tuple[str, str], ...] = (), waived: tuple[Waived, ...] = (),
                 actions: tuple[ActionRec, ...] | Callable[[], tuple[ActionRec, ...]] = (),
                 provenance: ProvenanceCounts | None = None) -> None:
        # the fields set at once: a frozen dataclass's own __init__ sets them one by one through object.__setattr__
        # (an assessment makes one result per pack; `gate` another); the roadmap where `Lazy` keeps it
        object.__setattr__(self, "__dict__", {
            "pack_id": pack_id, "pack_title": pack_title, "edition": edition, "edition_reference": edition_reference,
            "pack_sha256": pack_sha256, "model": model, "as_of": as_of, "engine": engine, "level": level,
            "level_name": level_name, "passed": passed, "grade": grade, "score": score, "findings": findings,
            "next_level": next_level, "unknown": unknown, "ladder": ladder, "retest": retest, "coverage": coverage,
            "derived": derived, "item_nodes": item_nodes, "nonconformities": nonconformities, "gates": gates,
            "severities": severities, "waived": waived, "_lazy_actions": actions, "provenance": provenance})

    @once
    def items(self) -> tuple[ItemStatus, ...]:
        """The item tree, depth-first, each item with its own rules' state rolled up with its children's (worst
        first). Built when first read: a gate in CI never needs it."""
        return _item_statuses(self.item_nodes, self.findings)

    def finding(self, rule: str) -> Finding | None:
        return next((f for f in self.findings if f.rule == rule), None)

    def evolve(self, **changes: Any) -> PackResult:
        """`dataclasses.replace` that leaves a roadmap not yet read unread."""
        lazy = type(self).__dict__["actions"]
        return dataclasses.replace(self, **{"actions": lazy.stored(self), **changes})

    def warnings(self) -> tuple[Finding, ...]:
        """Warnings raised: findings whose consequence applied without moving points."""
        return tuple(f for f in self.findings if f.fired and f.points is None)

    def severity(self, rule: str) -> str | None:
        """The CI severity `check` gave a finding (None outside `check`, or for a finding that is no problem)."""
        return dict(self.severities).get(rule)

    def gates_missed(self) -> tuple[GateVerdict, ...]:
        return tuple(g for g in self.gates if not g.met)


def _item_statuses(nodes: tuple[ItemNode, ...], findings: tuple[Finding, ...]) -> tuple[ItemStatus, ...]:
    out = []
    new, setter = object.__new__, object.__setattr__
    for node, (met, unmet, unknown, points, rules) in zip(nodes, _rollup(nodes, findings), strict=True):
        status = new(ItemStatus)  # the fields set at once (a frozen __init__ sets them one by one)
        fields = node.status_fields.copy()
        fields["_node"] = node  # what the JSON report reuses (`_item_fields`)
        fields["status"] = _status(met, unmet, unknown)
        fields["met"], fields["unmet"], fields["unknown"] = met, unmet, unknown
        fields["rules"] = tuple(rules)
        fields["points"] = None if points is None else _round4(points)
        setter(status, "__dict__", fields)
        out.append(status)
    return tuple(out)


def _status(met: int, unmet: int, unknown: int) -> str:
    """An item's status from its counts (its own rules' and its children's): any unmet rule makes it unmet."""
    return "unmet" if unmet else "unknown" if unknown else "met" if met else "none"


def _rollup(nodes: tuple[ItemNode, ...], findings: tuple[Finding, ...]
            ) -> list[tuple[int, int, int, float | None, list[str]]]:
    """Each node's met, unmet and unknown counts and points moved (None: none), its own rules' with its children's,
    and its own rules, sorted: what its `ItemStatus` (or its entry in the JSON report) says."""
    # own[item] = [met, unmet, unknown, points moved (None: none), rules]; one pass over the findings
    own: dict[str, list[Any]] = {}
    for f in findings:
        info, outcome = f.info, f.met
        if outcome in info.uncounted_on:  # not `f.counted`: a property call per finding
            continue
        entry = own.get(info.item)
        if entry is None:
            entry = own[info.item] = [0, 0, 0, None, []]
        entry[0 if outcome is True else 1 if outcome is False else 2] += 1
        if f.points is not None:
            entry[3] = (0 if entry[3] is None else entry[3]) + f.points  # as sum() adds them
        entry[4].append(info.rule)
    empty: list[Any] = [0, 0, 0, None, []]
    totals: list[tuple[int, int, int, float | None, list[str]]] = [(0, 0, 0, None, [])] * len(nodes)
    for index in range(len(nodes) - 1, -1, -1):  # children come after their parent: one reverse pass rolls up
        met, unmet, unknown, points, rules = own.get(nodes[index].id, empty)
        for child in nodes[index].children:
            c_met, c_unmet, c_unknown, c_points, _ = totals[child]
            met, unmet, unknown = met + c_met, unmet + c_unmet, unknown + c_unknown
            if c_points is not None:
                points = (points or 0.0) + c_points
        totals[index] = (met, unmet, unknown, points, sorted(rules))
    return totals


def _item_dicts(r: PackResult) -> list[dict[str, Any]]:
    """`[_item(i) for i in r.items]`, made from the rollup without the `ItemStatus` objects when the result's
    items were not read (a JSON report is their only reader)."""
    made = r.__dict__.get("items")
    if made is not None:
        return [_item(i) for i in made]
    out = []
    nodes = r.item_nodes
    for node, (met, unmet, unknown, points, rules) in zip(nodes, _rollup(nodes, r.findings), strict=True):
        item = node.report_fields.copy()
        title = node.title
        item["title"] = {"zh": title.zh, "en": title.en} if title else None
        item["status"] = _status(met, unmet, unknown)
        item["met"], item["unmet"], item["unknown"] = met, unmet, unknown
        item["rules"] = rules
        item["points"] = None if points is None else _num(_round4(points))
        out.append(item)
    return out


@dataclasses.dataclass(frozen=True)
class AssessmentResult:
    file: str
    sha256: str
    organization: tuple[tuple[str, object], ...]
    date: str
    mode: str
    results: tuple[PackResult, ...]
    facts_line: int | None = None  # where the evidence gives its facts: CI formats point a missing fact here
    other_pack_facts: tuple[str, ...] = ()  # facts another known pack declares: ignored here, listed once


@dataclasses.dataclass(frozen=True)
class InputFailure:
    """An evidence file that could not be assessed: where the (first) problem is and its one-paragraph message in both
    languages. CI formats show it as an error entry beside the results of the files that could."""

    file: str
    line: int | None
    path: str
    code: str
    message: Text


@dataclasses.dataclass(frozen=True)
class Report:
    assessments: tuple[AssessmentResult, ...]
    failures: tuple[InputFailure, ...] = ()  # evidence files that could not be assessed (bad input), in order

    def exit_code(self) -> int:
        """0 when every gate is met (a plain assessment has none), 1 when one is missed."""
        return 1 if any(r.gates_missed() for a in self.assessments for r in a.results) else 0

    def to_dict(self) -> dict[str, Any]:
        seen: _Seen = {}
        out: dict[str, Any] = {"format": FORMAT, "assessments": [_assessment(a, seen) for a in self.assessments]}
        if self.failures:
            out["errors"] = [{"file": f.file, "line": f.line, "path": f.path, "code": f.code,
                              "message": _text(f.message)} for f in self.failures]
        return out

    def to_json(self) -> str:
        return jsontext.dumps(self.to_dict()) + "\n"  # through a C encoder, the same bytes as json.dumps(indent=2)


def _text(text: Text | None) -> dict[str, str] | None:
    return {"zh": text.zh, "en": text.en} if text else None


def _num(value: float | None) -> float | int | None:
    if value is None:
        return None
    if type(value) is int:
        return value
    if type(value) is float and value.is_integer():  # `round(value, 4)` is the value itself: no decimal rounding
        return int(value)
    return _rounded(value)


@functools.lru_cache(maxsize=4096)
def _rounded(value: float) -> float | int:
    """`value` to 4 decimals, as an int when whole (`round(x, 4)` formats and parses the number: ~1 µs; the same
    few values recur in every result, so they are remembered)."""
    rounded = round(value, 4)
    return int(rounded) if float(rounded).is_integer() else rounded


def _round4(value: float) -> float:
    """`round(value, 4)`, the same float, for the values a result holds (whole numbers without rounding)."""
    if type(value) is float and value.is_integer():
        return value
    return _round4_cached(value)


@functools.lru_cache(maxsize=4096)
def _round4_cached(value: float) -> float:
    return round(value, 4)


def _plain(value: object) -> object:
    return _num(value) if isinstance(value, float) else value


# What one `to_dict` made of an object the report holds in several places, by its id: a `Because` is read by every
# finding that reads its fact, a why-not is a finding's and that of the `Missing` entries naming it (next level,
# nonconformities, gates). Each is made into a dict once and the same dict is placed wherever it appears (the
# encoders write it each time). The object is kept beside its dict, so its id is not reused during the call.
_Seen = dict[int, tuple[object, Any]]


def _missing(m: Missing, seen: _Seen) -> dict[str, Any]:
    return {"id": m.id, "clause": m.clause, "reason": m.reason, "met": m.met, "why_not": _why_not(m.why_not, seen)}


def _gap(g: Gap, seen: _Seen) -> dict[str, Any]:
    found, needed, parameter, description = g.found, g.needed, g.parameter, g.description
    return {"fact": g.fact, "relation": g.relation,
            "found": list(found) if isinstance(found, tuple) else _plain(found),
            "needed": list(needed) if isinstance(needed, tuple) else _plain(needed),
            "unit": g.unit, "parameter": None if parameter is None else _parameter(parameter, seen),
            "expression": g.expression, "description": None if description is None else _described(description, seen),
            "because": [_gap(b, seen) for b in g.because] if g.because else []}


def _parameter(p: Parameter, seen: _Seen) -> dict[str, Any]:
    """A gap's parameter, one dict per parameter in a report (a pack's few are named by gap after gap)."""
    made = seen.get(id(p))
    if made is None:
        made = seen[id(p)] = (p, {"name": p.name, "value": _plain(p.value), "reference": p.reference,
                                  "provenance": p.provenance})
    return made[1]


def _described(text: Text, seen: _Seen) -> dict[str, str] | None:
    """A gap's fact description (`_text`), one dict per description in a report (each fact's is one `Text`)."""
    made = seen.get(id(text))
    if made is None:
        made = seen[id(text)] = (text, _text(text))
    return made[1]


def _why_not(w: WhyNot | None, seen: _Seen) -> dict[str, Any] | None:
    if w is None:
        return None
    made = seen.get(id(w))
    if made is None:
        made = seen[id(w)] = (w, {"closest": [_gap(g, seen) for g in w.closest],
                                  "alternatives": [[_gap(g, seen) for g in way] for way in w.alternatives]})
    return made[1]


def _because(b: Because, seen: _Seen) -> dict[str, Any]:
    made = seen.get(id(b))
    if made is not None:
        return made[1]  # type: ignore[no-any-return]
    return _new_because(b, seen)


def _new_because(b: Because, seen: _Seen) -> dict[str, Any]:
    fields = b.__dict__  # its fields, set at once (`Because.__init__`), read without a descriptor each
    value = fields["value"]
    out = {"fact": fields["fact"], "value": list(value) if isinstance(value, tuple) else value,
           "source": fields["source"], "file": fields["file"], "line": fields["line"], "path": fields["path"]}
    if "label" in fields:  # worked out already (`Because.label`)
        label = fields["label"]
    else:
        label = fields["label"] = labelled(value, fields["labels"])  # as `Because.label` keeps it
    if label is not None:  # additive: the value as labelled, only where the fact labels it
        out["label"] = {"zh": label.zh, "en": label.en}
    seen[id(b)] = (b, out)
    return out


def _finding(f: Finding, seen: _Seen) -> dict[str, Any]:
    # A finding's fields are in its __dict__ (a frozen dataclass's), the shared ones (`_Shared`) under "_because"
    # and "_values" once read and a worked out why-not or explanation (`once`) under its name: read there, with the
    # descriptors (Python calls, 12,000 for the corpus report) only for what was not worked out yet.
    state = f.__dict__
    info = state["info"]
    made = seen.get(id(info))
    if made is None:
        made = seen[id(info)] = (info, _rule_frame(info))
    out = made[1].copy()  # a copy and assignments: a third of the time of a literal merging it in
    out["met"] = state["met"]
    points = state["points"]
    out["points"] = None if points is None else _num(points)
    because = state.get("_because")
    if because is None:
        because = f.because
    get = seen.get
    out["because"] = [hit[1] if (hit := get(id(b))) is not None else _new_because(b, seen) for b in because]
    if "explanation" in state:
        explanation = state["explanation"]
        out["explanation"] = None if explanation is None else {"zh": explanation.zh, "en": explanation.en}
    elif (template := info.template) is not None:  # filled here without a `Text` kept: a report reads it once
        values = state.get("_values")
        if values is None:
            assessed = state.get("_assessed")
            values = f.values if assessed is None else assessed.values
        zh, en = template.frame.fill(values)
        out["explanation"] = {"zh": zh, "en": en}
    why_not = state.get("why_not", _ABSENT)
    if why_not is _ABSENT:
        why_not = f.why_not
    if why_not is not None:
        out["why_not"] = _why_not(why_not, seen)
    return out


def _rule_frame(info: RuleInfo) -> dict[str, Any]:
    """What each finding's dict of `info` starts as in one report, in the order of its keys: the rule's fields, the
    ones a finding sets (None until set) and the rule's recommendations and location, made once per report (the
    findings of the rule share them, as they share a `because`)."""
    out = info.report_fields.copy()
    out.update(met=None, points=None, because=None, explanation=None, recommend=list(info.recommend),
               location={"file": info.file, "line": info.line}, why_not=None)
    return out


def _item_fields(item: ItemStatus) -> dict[str, Any]:
    """An item's fields that are its node's, the same in every result (the node is prepared once per compiled pack):
    made once per node and copied into each result's item dict."""
    node = item.__dict__.get("_node")
    if node is None:
        return {"id": item.id, "parent": item.parent, "depth": item.depth, "clause": item.clause,
                "provenance": item.provenance, "dimension": item.dimension, "kind": item.kind, "mode": item.mode,
                "item_points": _num(item.item_points)}
    return node.report_fields  # type: ignore[no-any-return]


def _result(r: PackResult, seen: _Seen, whole: bool = True) -> dict[str, Any]:
    out = _result_fields(r, seen, whole)
    if r.provenance is not None:  # additive: the pack's rules and parameters per provenance label
        out["provenance"] = {"rules": dict(r.provenance.rules), "parameters": dict(r.provenance.parameters),
                             "award": dict(r.provenance.award)}
    if r.waived:  # additive: only from `check --waivers`, so reports without waivers are unchanged
        out["waived"] = [{"rule": w.rule, "gate": w.gate, "justification": w.justification,
                          "approved_by": w.approved_by, "expires": w.expires} for w in r.waived]
    return out


def _result_fields(r: PackResult, seen: _Seen, whole: bool) -> dict[str, Any]:
    out = {
        "pack": {"id": r.pack_id, "title": _text(r.pack_title), "edition": r.edition,
                 "edition_reference": r.edition_reference, "sha256": r.pack_sha256},
        "model": r.model,
        "as_of": r.as_of,
        "engine": r.engine,
        "level": r.level,
        "level_name": _text(r.level_name),
        "passed": r.passed,
        "grade": r.grade,
        "score": None if r.score is None else {
            "total": _num(r.score.total), "dimensions": {k: _num(v) for k, v in r.score.dimensions},
            "pass_threshold": _num(r.score.pass_threshold), "pass_rule": r.score.pass_rule,
            "maximum": _num(r.score.maximum), "dimension_maxima": {k: _num(v) for k, v in r.score.dimension_maxima},
            "dimension_titles": {k: _text(v) for k, v in r.score.titles}},
        "next_level": None if r.next_level is None else {
            "level": r.next_level.level, "name": _text(r.next_level.name),
            "missing": [_missing(m, seen) for m in r.next_level.missing]},
        "nonconformities": [{**_missing(m, seen), "rule": m.id, "severity": m.severity} for m in r.nonconformities],
        "gates": [{"gate": g.gate, "required": _plain(g.required), "actual": _plain(g.actual), "met": g.met,
                   "blocking": [_missing(m, seen) for m in g.blocking]} for g in r.gates],
        "actions": [{"id": a.id, "title": _text(a.title), "gain": _num(a.gain), "gain_kind": a.gain_kind,
                     "effort": _num(a.effort), "effort_unit": "person-weeks", "effort_estimate": True,
                     "rules": list(a.rules), "cumulative": _num(a.cumulative), "reaches": a.reaches,
                     "level": a.level} for a in r.actions],
        "unknown": list(r.unknown),
        "ladder": [{"level": s.level, "name": _text(s.name), "awarded": s.awarded, "met": s.met, "total": s.total}
                   for s in r.ladder],
        "retest": None if r.retest is None else {"open": r.retest.open, "until": r.retest.until},
        "coverage": None if r.coverage is None else {"encoded": list(r.coverage.encoded),
                                                      "official": list(r.coverage.official)},
        "derived": [{"fact": d.fact, "value": d.value, "rule": d.rule} for d in r.derived],
    }
    if whole:  # the findings and the item tree: what a compact record leaves out (`DETAIL`)
        out["findings"] = [_finding(f, seen) for f in r.findings]
        out["items"] = _item_dicts(r)
    return out


def _item(i: ItemStatus) -> dict[str, Any]:
    out = _item_fields(i).copy()
    title = i.title
    out["title"] = {"zh": title.zh, "en": title.en} if title else None
    out["status"] = i.status
    out["met"] = i.met
    out["unmet"] = i.unmet
    out["unknown"] = i.unknown
    out["rules"] = list(i.rules)
    out["points"] = _num(i.points)
    return out


def _assessment(a: AssessmentResult, seen: _Seen) -> dict[str, Any]:
    out = _head(a)
    out["results"] = [_result(r, seen) for r in a.results]
    return out


def _head(a: AssessmentResult) -> dict[str, Any]:
    evidence: dict[str, Any] = {"file": a.file, "sha256": a.sha256}
    if a.other_pack_facts:  # additive: only for evidence that also serves other packs
        evidence["other_pack_facts"] = list(a.other_pack_facts)
    return {"evidence": evidence, "organization": dict(a.organization), "assessment": {"date": a.date, "mode": a.mode}}


DETAIL = ("findings", "items")  # the keys of a result in the JSON report that `verdicts` leaves out


def verdicts(a: AssessmentResult) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """What the JSON report says of `a` but the detail: its entry without `results` and each result without its
    findings and item tree (`DETAIL`, not made at all), by the same code as `Report.to_dict`, so every key has the
    report's value (what a compact record carries)."""
    seen: _Seen = {}
    return _head(a), [_result(r, seen, whole=False) for r in a.results]
