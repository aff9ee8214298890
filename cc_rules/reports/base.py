"""What every reporter shares: its options and the one signature (`render(report, options) -> str`)."""

from __future__ import annotations

import dataclasses
from typing import Protocol

from cc_rules import results


@dataclasses.dataclass(frozen=True)
class Options:
    lang: str = "en"
    color: bool = False  # ANSI styles (the CLI asks for them on a terminal)
    gates_only: bool = False  # `check`: the gate verdicts alone, not the whole report
    errors: int = 0  # evidence files of the run that could not be assessed (their errors go to stderr)
    verbose: bool = False  # text: list the met findings too (folded away by default) and every roadmap step
    max_annotations: int = 10  # `github`: annotations per evidence file at most; the rest summed up in one notice


class Render(Protocol):
    def __call__(self, report: results.Report, options: Options, /) -> str: ...
