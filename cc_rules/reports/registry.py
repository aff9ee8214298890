"""The one registry of reporters: format name → render function (all with the signature of `base.Render`).

`needs_gates`: formats that show gate verdicts (CI formats); `assess` gives them the pack's own verdicts, `check`
the gates it was asked for. `incremental`: formats that can be written as the files are assessed (`base.Incremental`;
their `render` is that writer fed a whole report), so a run over many files keeps none of them. `render_bytes`:
formats that give their report as UTF-8 bytes too (JSON: the encoder's own), which the CLI writes as they are,
without decoding them into a text and encoding it again.

A reporter's module is imported when one of its functions is first asked for: a run writing JSON does not import
the templates (jinja2) the HTML, Markdown and GitHub reporters render with, nor the text, JUnit and SARIF writers.
"""

from __future__ import annotations

import dataclasses
import importlib
from typing import Any

from cc_rules.reports.base import Incremental, MakeIncremental, Options, Render, RenderBytes


@dataclasses.dataclass(frozen=True)
class Reporter:
    """A format: its module under `cc_rules.reports` and the names there of its functions (`render`, and where the
    format has them `incremental` and `render_bytes`), looked up when first read."""

    name: str
    module: str
    needs_gates: bool = False
    incremental_name: str | None = None
    render_bytes_name: str | None = None

    def _function(self, name: str) -> Any:
        return getattr(importlib.import_module(f"cc_rules.reports.{self.module}"), name)

    @property
    def render(self) -> Render:
        return self._function("render")  # type: ignore[no-any-return]

    @property
    def incremental(self) -> MakeIncremental | None:
        name = self.incremental_name
        return None if name is None else self._function(name)

    @property
    def render_bytes(self) -> RenderBytes | None:
        name = self.render_bytes_name
        return None if name is None else self._function(name)


REPORTERS: dict[str, Reporter] = {r.name: r for r in (
    Reporter("text", "text", incremental_name="incremental"),
    Reporter("json", "json", render_bytes_name="render_bytes"),
    Reporter("jsonl", "jsonl"),
    Reporter("markdown", "markdown"),
    Reporter("html", "html"),
    Reporter("junit", "junit", needs_gates=True, incremental_name="incremental"),
    Reporter("sarif", "sarif", needs_gates=True, incremental_name="incremental"),
    Reporter("github", "github", needs_gates=True),
)}


def get(name: str) -> Reporter:
    return REPORTERS[name]


__all__ = ["REPORTERS", "Incremental", "Options", "Reporter", "get"]
