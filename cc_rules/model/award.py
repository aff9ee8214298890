"""What a pack declares about how its result is awarded (`award:` in pack.yaml), as frozen data.

The declarations carry no behaviour: the award model of the pack (`cc_rules.awards`) reads them. A value that may
change by edition is written as a number or as a reference to a dated parameter (`{param: name}`, or
`{param: name, key: k}` for one entry of a mapping parameter), resolved against the parameters in force.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from cc_rules.model import Loc, Text


@dataclasses.dataclass(frozen=True)
class Quantity:
    """A number written in the pack, or a reference to (one key of) a dated parameter."""

    value: object = None
    param: str | None = None
    key: str | None = None
    path: str = "$"  # where it is written in pack.yaml, for messages

    def resolve(self, params: Mapping[str, object]) -> object:
        """The value in force: `params` maps parameter names to their values on the assessment date."""
        if self.param is None:
            return self.value
        found = params.get(self.param)
        if self.key is not None and isinstance(found, Mapping):
            return found.get(self.key)
        return found if self.key is None else None

    def describe(self) -> str:
        if self.param is None:
            return repr(self.value)
        return f"{{param: {self.param}" + (f", key: {self.key}" if self.key else "") + "}"


@dataclasses.dataclass(frozen=True)
class Dimension:
    id: str
    title: Text
    base: Quantity
    cap: Quantity | None = None
    provenance: str | None = None


@dataclasses.dataclass(frozen=True)
class PassRule:
    """`above: X` (strictly greater) or `at_least: X`."""

    relation: str  # above | at_least
    threshold: Quantity


@dataclasses.dataclass(frozen=True)
class AwardSpec:
    """The `award:` section. Which fields a pack needs depends on its model (the schema and the model check it)."""

    dimensions: tuple[Dimension, ...] = ()
    passing: PassRule | None = None
    grades: Quantity | None = None  # a list of {grade, min, inclusive}, best first
    retest: str | None = None  # calendar_year: a failed first assessment may be retested in the same calendar year
    min_reviewers: Quantity | None = None  # certification: distinct registered reviewers needed
    registration_pattern: str | None = None  # certification: a registration number's format (matched in full)
    registration_reference: str | None = None
    max_minor: int = 0  # conformity: the most minor nonconformities a conforming result may have (never a major one)
    loc: Loc | None = None

    def dimension(self, dimension_id: str) -> Dimension | None:
        return next((d for d in self.dimensions if d.id == dimension_id), None)


def quantity(raw: Any, path: str) -> Quantity:
    """Schema-valid data (a number, a list, or `{param, key?}`) → `Quantity`."""
    if isinstance(raw, dict) and "param" in raw:
        return Quantity(param=raw["param"], key=raw.get("key"), path=path)
    return Quantity(value=raw, path=path)


def build(raw: Mapping[str, Any] | None, loc: Loc | None) -> AwardSpec:
    """The validated `award:` mapping → `AwardSpec` (an empty spec when the pack has none)."""
    if not raw:
        return AwardSpec(loc=loc)
    dims = tuple(
        Dimension(id=d["id"], title=Text(d["title"]["zh"], d["title"]["en"]),
                  base=quantity(d.get("base", 0), f"$.award.dimensions[{i}].base"),
                  cap=quantity(d["cap"], f"$.award.dimensions[{i}].cap") if "cap" in d else None,
                  provenance=d.get("provenance"))
        for i, d in enumerate(raw.get("dimensions", ())))
    passing = None
    if "pass" in raw:
        (relation, threshold), = raw["pass"].items()
        passing = PassRule(relation, quantity(threshold, f"$.award.pass.{relation}"))
    certification = raw.get("certification", {})
    return AwardSpec(
        dimensions=dims, passing=passing,
        grades=quantity(raw["grades"], "$.award.grades") if "grades" in raw else None,
        retest=raw.get("retest", {}).get("within") if isinstance(raw.get("retest"), dict) else None,
        min_reviewers=quantity(certification["min_reviewers"], "$.award.certification.min_reviewers")
        if "min_reviewers" in certification else None,
        registration_pattern=certification.get("registration", {}).get("pattern"),
        registration_reference=certification.get("registration", {}).get("reference"),
        max_minor=int(raw.get("max_minor", 0)), loc=loc)
