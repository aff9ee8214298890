"""Waivers (`cc-rules check --waivers FILE`): a known finding, or a whole gate, accepted until a date, like InSpec
waivers or conftest exceptions.

    format: cc-rules/waivers@1
    waivers:
      - rule: RULE_ID            # or gate: min-level | min-score | passed | warnings
        evidence: "examples/*"   # glob on the evidence path as given; default "*"
        justification: ...
        approved_by: ...
        expires: 2025-12-31      # in force while the assessment's as-of date is on or before it

Read with the safe loader and checked against schemas/waivers.schema.json; `assess.pipeline.gate` applies them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import fnmatch
from pathlib import Path

from cc_rules.base import dates
from cc_rules.io import loading, validation


@dataclasses.dataclass(frozen=True)
class Waiver:
    rule: str | None
    gate: str | None
    evidence: str
    justification: str
    approved_by: str
    expires: dt.date
    file: str
    line: int | None
    path: str

    @property
    def target(self) -> str:
        """What it waives, as reports name it: the rule id, or `gate NAME`."""
        return self.rule if self.rule is not None else f"gate {self.gate}"

    def covers(self, evidence_file: str) -> bool:
        """Whether its glob matches the evidence file path as given (`/` and `\\` alike)."""
        return fnmatch.fnmatchcase(evidence_file.replace("\\", "/"), self.evidence.replace("\\", "/"))

    def in_force(self, as_of: dt.date) -> bool:
        return as_of <= self.expires


@dataclasses.dataclass(frozen=True)
class Waivers:
    file: str
    waivers: tuple[Waiver, ...]


def load(path: str | Path) -> Waivers:
    """Read and validate a waivers file; bad input raises `InputError` naming file, line and path."""
    doc = loading.read_document(path)
    return from_document(doc)


def from_document(doc: loading.Document) -> Waivers:
    validation.check(doc, "waivers")
    out = []
    for index, raw in enumerate(doc.data["waivers"]):
        out.append(Waiver(
            rule=raw.get("rule"), gate=raw.get("gate"), evidence=raw.get("evidence", "*"),
            justification=raw["justification"], approved_by=raw["approved_by"],
            expires=dates.day(raw["expires"]), file=doc.file,
            line=doc.line_of(("waivers", index)), path=f"$.waivers[{index}]"))
    return Waivers(doc.file, tuple(out))
