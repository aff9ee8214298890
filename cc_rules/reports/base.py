"""What every reporter shares: its options and the one signature (`render(report, options) -> str`); and for the
reporters that can be written as the files are assessed (text, JUnit, SARIF), the `Incremental` writer their
`render` is the loop of (`whole`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from cc_rules.base import i18n

if TYPE_CHECKING:  # annotations only: `cc-rules packs` prints provenance lines without importing the results model
    from cc_rules import model, results


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


class RenderBytes(Protocol):
    def __call__(self, report: results.Report, options: Options, /) -> bytes: ...


@dataclasses.dataclass(frozen=True)
class Part:
    """What one assessment adds to a report: `head` goes with the other files' heads, before every `body` (a text
    report of several files opens with one overview line per file and pack)."""

    body: str
    head: str = ""


@dataclasses.dataclass(frozen=True)
class Frame:
    """What a report puts around the parts once every file is in: `opening`, the heads, `middle`, the bodies,
    `closing` (totals counted as the files came: JUnit's test counts, SARIF's rules and failed files)."""

    opening: str = ""
    middle: str = ""
    closing: str = ""


class Incremental(Protocol):
    """A report written as the files are assessed, its memory flat in the number of files: `add` gives each
    assessment's part at once, `fail` notes a file that could not be assessed, and `frame`, called once after the
    last file, what surrounds the parts. `direct` says the opening is known before any file (nothing precedes the
    bodies), so a caller may write each body as it comes instead of setting it aside."""

    direct: bool

    def add(self, assessed: results.AssessmentResult, /) -> Part: ...

    def fail(self, failure: results.InputFailure, /) -> None: ...

    def frame(self) -> Frame: ...


MakeIncremental = Callable[[Options], Incremental]


def whole(writer: Incremental, report: results.Report) -> str:
    """The report in one piece: the incremental writer fed every assessment and failure of `report`."""
    heads: list[str] = []
    bodies: list[str] = []
    for assessed in report.assessments:
        part = writer.add(assessed)
        heads.append(part.head)
        bodies.append(part.body)
    for failure in report.failures:
        writer.fail(failure)
    frame = writer.frame()
    return "".join([frame.opening, *heads, frame.middle, *bodies, frame.closing])


def provenance_lines(counts: model.ProvenanceCounts | None, lang: str) -> list[str]:
    """A pack's rules and parameters per provenance label, then (points packs) the labels of its grade bands,
    dimension bases and pass line: interpretations a reader must not take for the standard's text. Every report and
    `cc-rules packs` print them; a terminal shows the two lines, the other formats one paragraph."""
    if counts is None:
        return []

    def label_text(key: str, **params: object) -> str:
        return i18n.message(f"reports.{key}", lang, **params)

    order = [label for label, _ in counts.rules]
    order += [label for label, _ in counts.parameters if label not in order]  # "unlabelled" when either has one

    def listed(pairs: tuple[tuple[str, int], ...]) -> str:
        return "/".join(str(dict(pairs).get(label, 0)) for label in order)

    lines = [label_text("provenance_counts", labels="/".join(label_text(f"provenance_{label}") for label in order),
                        rules=listed(counts.rules), parameters=listed(counts.parameters))]
    by_label: dict[str, list[str]] = {}  # award parts grouped by label: "grade bands, dimension bases: interpretation"
    for what, label in counts.award:
        by_label.setdefault(label, []).append(label_text(f"provenance_{what}"))
    if by_label:
        lines.append(label_text("provenance_sep").join(
            label_text("provenance_award", what=label_text("provenance_and").join(whats),
                label="/".join(label_text(f"provenance_{one}") for one in label.split("/")))
            for label, whats in by_label.items()))
    return lines


def provenance_text(counts: model.ProvenanceCounts | None, lang: str) -> str:
    """`provenance_lines` as one paragraph (Markdown, HTML)."""
    return i18n.message("reports.provenance_sep", lang).join(provenance_lines(counts, lang))
