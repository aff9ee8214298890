"""Results of `cc-rules verify`: each feature's scenarios, their steps and the assessments they ran.

Computed by cc_rules/tools/verify.py, rendered by cc_rules/reports/verify_text.py (`render_text(run, lang)`); `to_json`
is the machine-readable form (`cc-rules/verify@1`). A step's `message` is already in the feature's language.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from cc_rules.base import jsontext
from cc_rules.results import PackResult


@dataclasses.dataclass(frozen=True)
class StepOutcome:
    keyword: str
    text: str
    line: int | None
    status: str  # passed | failed | undefined | skipped
    message: str | None = None
    closest: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class ExampleRow:
    """The row of a Scenario Outline's Examples a scenario was made from."""

    index: int  # 1-based, across the outline's Examples tables
    line: int
    values: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class ScenarioResult:
    name: str
    line: int | None
    status: str  # passed | failed | error (unknown step)
    steps: tuple[StepOutcome, ...]
    results: tuple[PackResult, ...]  # every assessment the scenario ran
    example: ExampleRow | None = None  # a Scenario Outline's row

    @property
    def failing_step(self) -> StepOutcome | None:
        return next((s for s in self.steps if s.status in ("failed", "undefined")), None)


@dataclasses.dataclass(frozen=True)
class FeatureResult:
    file: str
    name: str
    language: str  # the feature's language as written, e.g. "en" or "zh-CN"
    scenarios: tuple[ScenarioResult, ...]

    @property
    def lang(self) -> str:
        """The report language: zh for Chinese features, en otherwise."""
        return "zh" if self.language.lower().startswith("zh") else "en"


@dataclasses.dataclass(frozen=True)
class Note:
    """Something the reader should know about the run (a catalogue key and its values), e.g. features added."""

    key: str
    params: tuple[tuple[str, str], ...] = ()


@dataclasses.dataclass(frozen=True)
class PackCoverage:
    """How many of a pack's rules the scenarios exercise, and which they do not."""

    pack_id: str
    rules: int
    unexercised: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class Run:
    features: tuple[FeatureResult, ...]
    notes: tuple[Note, ...] = ()
    coverage: tuple[PackCoverage, ...] = ()

    def counts(self) -> dict[str, int]:
        out = {"passed": 0, "failed": 0, "error": 0}
        for feature in self.features:
            for scenario in feature.scenarios:
                out[scenario.status] += 1
        return out

    def exit_code(self) -> int:
        counts = self.counts()
        return 2 if counts["error"] else 1 if counts["failed"] else 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": "cc-rules/verify@1",
            "summary": self.counts(),
            "features": [{
                "file": f.file, "name": f.name, "language": f.language,
                "scenarios": [{
                    "name": s.name, "line": s.line, "status": s.status,
                    "example": None if s.example is None else {
                        "row": s.example.index, "line": s.example.line, "values": list(s.example.values)},
                    "failing_step": None if s.failing_step is None else {
                        "keyword": s.failing_step.keyword, "text": s.failing_step.text, "line": s.failing_step.line,
                        "status": s.failing_step.status, "message": s.failing_step.message,
                        "closest": list(s.failing_step.closest)},
                } for s in f.scenarios],
            } for f in self.features],
            "notes": [{"key": n.key, **dict(n.params)} for n in self.notes],
            "coverage": [{"pack": c.pack_id, "rules": c.rules, "exercised": c.rules - len(c.unexercised),
                          "unexercised": list(c.unexercised)} for c in self.coverage],
        }

    def to_json(self) -> str:
        return jsontext.dumps(self.to_dict()) + "\n"
