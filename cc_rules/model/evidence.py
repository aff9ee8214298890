"""Evidence file → typed facts with their sources; the raw layer (`Evidence`) apart from the bound layer (`FactSet`).

`load` reads and validates the file once. `bind` checks it against one compiled pack: declared types, ranges and
allowed values, derived facts given by hand, certification reviewers; it adds the facts computed from pack data
(channel benchmarks). Facts the pack needs and the evidence lacks are simply absent: unknown, never false.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import operator
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from cc_rules import model
from cc_rules.base import dates, errors
from cc_rules.io import loading, validation
from cc_rules.model import packs

Scalar = str | int | float | bool
FactData = Scalar | tuple[Scalar, ...]


@dataclasses.dataclass(frozen=True)
class FactValue:
    name: str
    value: FactData
    source: str | None
    date: str | None
    file: str
    line: int | None
    path: str


@dataclasses.dataclass(frozen=True)
class Reviewer:
    name: str
    registration: str | None


@dataclasses.dataclass(frozen=True)
class Evidence:
    file: str
    sha256: str
    organization_name: str
    industry: str | None
    seats: int | None
    date: dt.date
    first_date: dt.date
    mode: str
    reviewers: tuple[Reviewer, ...]
    facts: tuple[FactValue, ...]
    benchmarks: tuple[tuple[str, model.BenchmarkEntry], ...]
    packs: tuple[str, ...] | None
    assessment_line: int | None
    packs_line: int | None = None
    reviewers_line: int | None = None  # the `reviewers:` list, or the assessment when there is none

    def organization(self) -> dict[str, object]:
        out: dict[str, object] = {"name": self.organization_name}
        if self.industry is not None:
            out["industry"] = self.industry
        if self.seats is not None:
            out["seats"] = self.seats
        return out


@dataclasses.dataclass(frozen=True)
class FactSet:
    """The facts one pack sees for one evidence file."""

    evidence: Evidence
    facts: tuple[FactValue, ...]
    unknown_why: tuple[tuple[str, model.Text], ...] = ()  # facts unknown for a reason other than the evidence

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {f.name: f for f in self.facts})

    _by_name: dict[str, FactValue] = dataclasses.field(init=False, repr=False, compare=False)

    def get(self, name: str) -> FactValue | None:
        return self._by_name.get(name)

    def values(self) -> dict[str, FactData]:
        return {f.name: f.value for f in self.facts}


class InvalidEvidence(errors.SchemaError):
    """The file does not match the evidence schema. `partial` is what could still be read (the facts outside every
    schema problem), so the pipeline can report their vocabulary and type problems in the same message; None when
    too little of the file is readable."""

    def __init__(self, problems: Sequence[errors.Problem], partial: Evidence | None) -> None:
        super().__init__(problems)
        self.partial = partial


def load(path: str | Path, default_date: dt.date | None = None) -> Evidence:
    """Read and validate one evidence file; `default_date` is the assessment date when the file gives none (the CLI
    passes `--as-of` or today: the clock is read there, never here)."""
    doc = loading.read_document(path)
    return from_document(doc, hashlib.sha256(doc.text.encode("utf-8")).hexdigest(), default_date)


def from_document(doc: loading.Document, sha256: str, default_date: dt.date | None = None) -> Evidence:
    problems = list(validation.iter_problems(doc, "evidence"))
    if problems:
        raise InvalidEvidence(problems, _salvage(doc, sha256, problems, default_date))
    return _build(doc, doc.data, sha256, default_date)


def _build(doc: loading.Document, raw: dict[str, Any], sha256: str, default_date: dt.date | None,
           skip: Sequence[str] | _Near = ()) -> Evidence:
    """`skip`: JSON paths of schema problems; the facts at, above or below them are left out."""
    org, assessment = raw["organization"], raw.get("assessment", {})
    if "date" in assessment:
        date = dates.day(assessment["date"])
    elif default_date is not None:
        date = default_date
    else:
        raise errors.InputError([errors.Problem.of("evidence.no-date", file=doc.file, line=doc.line_of(("assessment",)),
                                                   path="$.assessment.date", code="no-date")])
    facts: list[FactValue] = []
    in_order = None if skip else doc.key_lines_below(("facts",))
    if in_order is not None and isinstance(raw.get("facts"), dict):
        _flatten_in_order(doc.file, raw["facts"], "", "$.facts", in_order, facts)
    else:
        _flatten(doc, raw.get("facts", {}), ("facts",), "", "$.facts", facts)
    if skip:
        near = skip if isinstance(skip, _Near) else _Near(skip)
        facts = [f for f in facts if not near(f.path)]
    facts.extend(FactValue(f"organization.{key}", org[key], "organization", None, doc.file,
                           doc.line_of(("organization", key)), f"$.organization.{key}")
                 for key in ("seats", "industry") if key in org)
    reviews = raw.get("reviews", {})
    review_lines = _review_lines(doc, reviews) if reviews and not skip else None
    for item_id, review in sorted(reviews.items()):
        reason = f": {review['reason']}" if review.get("reason") else ""
        facts.append(_fact(f"review.{item_id}", review["met"], f"review by {review['reviewer']}{reason}",
                           review.get("date"), doc.file,
                           review_lines[item_id] if review_lines is not None else doc.line_of(("reviews", item_id)),
                           errors.json_path(("reviews", item_id))))
    return Evidence(
        file=doc.file, sha256=sha256, organization_name=org["name"], industry=org.get("industry"),
        seats=org.get("seats"), date=date,
        first_date=dates.day(assessment["first_date"]) if "first_date" in assessment else date,
        mode=assessment.get("mode", "self"),
        reviewers=tuple(Reviewer(r["name"], r.get("registration")) for r in assessment.get("reviewers", [])),
        facts=tuple(sorted(facts, key=_NAME)),
        benchmarks=tuple(sorted((k, packs.benchmark_entry(v)) for k, v in raw.get("benchmarks", {}).items())),
        packs=tuple(raw["packs"]) if "packs" in raw else None,
        assessment_line=doc.line_of(("assessment",)),
        reviewers_line=doc.line_of(("assessment", "reviewers")),
        packs_line=doc.line_of(("packs",)) if "packs" in raw else None,
    )


def _review_lines(doc: loading.Document, reviews: dict[str, Any]) -> dict[str, int] | None:
    """The line of each review's key, for a JSON document read the fast way (its keys' lines in file order, as
    `_flatten_in_order` takes them); None otherwise (`Document.line_of` is asked for each)."""
    lines = doc.key_lines_below(("reviews",))
    if lines is None or type(reviews) is not dict:
        return None
    out = {}
    for item_id, review in reviews.items():
        out[item_id] = next(lines)
        for _ in range(loading.keys_in(review)):
            next(lines)
    return out


class _Near:
    """Which paths are one of `paths`, inside one, or hold one: set look-ups over each path's ancestors, so that
    salvaging 95,000 facts beside 100 problems costs one pass, not a comparison of every pair."""

    def __init__(self, paths: Sequence[str]) -> None:
        self.bad = frozenset(paths)
        self.holders = frozenset(a for p in paths for a in _ancestors(p))

    def __call__(self, path: str) -> bool:
        return path in self.holders or any(a in self.bad for a in _ancestors(path))


def _ancestors(path: str) -> list[str]:
    """`path` and every path above it: `$.facts.a[0]` → itself, `$.facts.a`, `$.facts`, `$`."""
    return [path, *(path[:i] for i in range(len(path) - 1, 0, -1) if path[i] in ".[")]


def _near(path: str, others: Sequence[str] | _Near) -> bool:
    """`path` is one of `others`, inside one, or holds one."""
    return (others if isinstance(others, _Near) else _Near(others))(path)


def _salvage(doc: loading.Document, sha256: str, problems: Sequence[errors.Problem],
             default_date: dt.date | None) -> Evidence | None:
    """The evidence without the parts the schema problems are in, or None when that leaves too little to read."""
    raw = doc.data
    if not isinstance(raw, dict) or not isinstance(raw.get("facts", {}), dict):
        return None
    if any(p.code == validation.TOO_MANY for p in problems):
        return None  # the problems listed are only the first ones: what is left cannot be told apart
    bad = _Near([p.path for p in problems])
    kept: dict[str, Any] = {"organization": {"name": "?"}, "facts": raw.get("facts", {})}
    for key in ("organization", "assessment", "reviews", "benchmarks", "packs"):
        if key in raw and not _near(f"$.{key}", bad):
            kept[key] = raw[key]
    if "date" not in kept.get("assessment", {}) and default_date is None:
        return None
    try:
        return _build(doc, kept, sha256, default_date, bad)
    except (errors.CcRulesError, KeyError, TypeError, ValueError, AttributeError):
        return None


def _flatten(doc: loading.Document, node: Mapping[str, Any], path: tuple[str, ...], prefix: str, where: str,
             out: list[FactValue]) -> None:
    """The facts below `node` (at `path`, named `prefix…`, at JSON path `where…`) added to `out`, in file order.

    The name and JSON path are extended as the walk descends rather than joined again for every fact, and each
    fact's line is the loader's line of its key: this runs once per fact of every file assessed."""
    file, lines = doc.file, doc.lines
    for key, value in node.items():
        here = (*path, key)
        name, at = prefix + key, f"{where}.{key}"
        line = lines.get(here)
        if line is None:
            line = doc.line_of(here)
        if isinstance(value, dict):
            if "value" in value:
                out.append(_fact(name, _freeze(value["value"]), value.get("source"), value.get("date"), file, line,
                                 at))
            else:
                _flatten(doc, value, here, name + ".", at, out)
        else:
            out.append(_fact(name, _freeze(value), None, None, file, line, at))


def _flatten_in_order(file: str, node: Mapping[str, Any], prefix: str, where: str, lines: Iterator[int],
                      out: list[FactValue]) -> None:
    """`_flatten` for a schema-valid JSON document read the fast way: each key's line is the next of `lines`, the
    lines of its keys in file order (`Document.key_lines_below`), with no path looked up. A sourced fact's own
    keys (`value`, `source`, `date`: scalars, or a list of scalars, in a valid file) are skipped."""
    add = out.append
    for key, value in node.items():
        line = next(lines)
        name, at = prefix + key, f"{where}.{key}"
        if type(value) is dict:
            if "value" in value:
                given = value["value"]
                fact: FactValue = _NEW(FactValue)  # `_fact`, inline: this loop runs once per fact of every file
                _SET(fact, "__dict__", {"name": name, "value": tuple(given) if type(given) is list else given,
                                        "source": value.get("source"), "date": value.get("date"), "file": file,
                                        "line": line, "path": at})
                add(fact)
                for _ in range(len(value)):
                    next(lines)
            else:
                _flatten_in_order(file, value, name + ".", at, lines, out)
        else:
            fact = _NEW(FactValue)
            _SET(fact, "__dict__", {"name": name, "value": tuple(value) if type(value) is list else value,
                                    "source": None, "date": None, "file": file, "line": line, "path": at})
            add(fact)


_NAME = operator.attrgetter("name")
_NEW = object.__new__
_SET = object.__setattr__


def _fact(name: str, value: FactData, source: str | None, date: str | None, file: str, line: int | None,
          path: str) -> FactValue:
    """`FactValue(...)` at a quarter of the cost: a frozen dataclass's `__init__` sets each field through
    `object.__setattr__`, and a file has hundreds of facts. The instance is the same (fields, equality, hash)."""
    fact: FactValue = _NEW(FactValue)
    _SET(fact, "__dict__", {"name": name, "value": value, "source": source, "date": date, "file": file,
                            "line": line, "path": path})
    return fact


def _freeze(value: Any) -> FactData:
    return tuple(value) if isinstance(value, list) else value
