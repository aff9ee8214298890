"""Evidence file → typed facts with their sources; the raw layer (`Evidence`) apart from the bound layer (`FactSet`).

`load` reads and validates the file once. `bind` checks it against one compiled pack: declared types, ranges and
allowed values, derived facts given by hand, certification reviewers; it adds the facts computed from pack data
(channel benchmarks). Facts the pack needs and the evidence lacks are simply absent: unknown, never false.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from cc_rules import model
from cc_rules.base import errors
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


def load(path: str | Path) -> Evidence:
    doc = loading.read_document(path)
    return from_document(doc, hashlib.sha256(doc.text.encode("utf-8")).hexdigest())


def from_document(doc: loading.Document, sha256: str) -> Evidence:
    validation.check(doc, "evidence")
    raw = doc.data
    org, assessment = raw["organization"], raw["assessment"]
    facts = list(_flatten(doc, raw.get("facts", {}), ("facts",)))
    facts.extend(FactValue(f"organization.{key}", org[key], "organization", None, doc.file,
                           doc.line_of(("organization", key)), f"$.organization.{key}")
                 for key in ("seats", "industry") if key in org)
    for item_id, review in sorted(raw.get("reviews", {}).items()):
        reason = f": {review['reason']}" if review.get("reason") else ""
        facts.append(FactValue(f"review.{item_id}", review["met"], f"review by {review['reviewer']}{reason}",
                               review.get("date"), doc.file, doc.line_of(("reviews", item_id)),
                               errors.json_path(("reviews", item_id))))
    date = dt.date.fromisoformat(assessment["date"])
    return Evidence(
        file=doc.file, sha256=sha256, organization_name=org["name"], industry=org.get("industry"),
        seats=org.get("seats"), date=date,
        first_date=dt.date.fromisoformat(assessment["first_date"]) if "first_date" in assessment else date,
        mode=assessment.get("mode", "self"),
        reviewers=tuple(Reviewer(r["name"], r.get("registration")) for r in assessment.get("reviewers", [])),
        facts=tuple(sorted(facts, key=lambda f: f.name)),
        benchmarks=tuple(sorted((k, packs.benchmark_entry(v)) for k, v in raw.get("benchmarks", {}).items())),
        packs=tuple(raw["packs"]) if "packs" in raw else None,
        assessment_line=doc.line_of(("assessment",)),
        reviewers_line=doc.line_of(("assessment", "reviewers")),
        packs_line=doc.line_of(("packs",)) if "packs" in raw else None,
    )


def _flatten(doc: loading.Document, node: Mapping[str, Any], path: tuple[str, ...]) -> Iterator[FactValue]:
    for key, value in node.items():
        here = (*path, key)
        name = ".".join(here[1:])
        if isinstance(value, dict) and "value" in value:
            yield FactValue(name, _freeze(value["value"]), value.get("source"), value.get("date"), doc.file,
                            doc.line_of(here), errors.json_path(here))
        elif isinstance(value, dict):
            yield from _flatten(doc, value, here)
        else:
            yield FactValue(name, _freeze(value), None, None, doc.file, doc.line_of(here), errors.json_path(here))


def _freeze(value: Any) -> FactData:
    return tuple(value) if isinstance(value, list) else value
