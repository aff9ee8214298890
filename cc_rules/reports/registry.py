"""The one registry of reporters: format name → render function (all with the signature of `base.Render`).

`needs_gates`: formats that show gate verdicts (CI formats); `assess` gives them the pack's own verdicts, `check`
the gates it was asked for. `incremental`: formats that can be written as the files are assessed (`base.Incremental`;
their `render` is that writer fed a whole report), so a run over many files keeps none of them. `render_bytes`:
formats that give their report as UTF-8 bytes too (JSON: the encoder's own), which the CLI writes as they are,
without decoding them into a text and encoding it again.
"""

from __future__ import annotations

import dataclasses

from cc_rules.reports import github, html, json, jsonl, junit, markdown, sarif, text
from cc_rules.reports.base import Incremental, MakeIncremental, Options, Render, RenderBytes


@dataclasses.dataclass(frozen=True)
class Reporter:
    name: str
    render: Render
    needs_gates: bool = False
    incremental: MakeIncremental | None = None
    # the report in UTF-8, made without a text in between (`render`'s bytes, terminal-safe): what the CLI writes
    render_bytes: RenderBytes | None = None


REPORTERS: dict[str, Reporter] = {r.name: r for r in (
    Reporter("text", text.render, incremental=text.incremental),
    Reporter("json", json.render, render_bytes=json.render_bytes),
    Reporter("jsonl", jsonl.render),
    Reporter("markdown", markdown.render),
    Reporter("html", html.render),
    Reporter("junit", junit.render, needs_gates=True, incremental=junit.incremental),
    Reporter("sarif", sarif.render, needs_gates=True, incremental=sarif.incremental),
    Reporter("github", github.render, needs_gates=True),
)}


def get(name: str) -> Reporter:
    return REPORTERS[name]


__all__ = ["REPORTERS", "Incremental", "Options", "Reporter", "get"]
