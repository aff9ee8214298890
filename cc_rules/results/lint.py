"""Results of `cc-rules lint`: findings per pack, with stable codes (CCR001…), severities and locations.

`CHECKS` is the table of checks (code and severity); a check's title and fix hint come from the catalogue
(`lint.CCR001.title`, `lint.CCR001.hint` in cc_rules/base/messages/lint.yaml). Rendering is in
cc_rules/reports/lint_text.py; the checks themselves in cc_rules/tools/lint/.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path
from typing import Any

from cc_rules.base import i18n, jsontext

SEVERITIES = ("error", "warning", "info")


@dataclasses.dataclass(frozen=True)
class Check:
    """One check: its stable code and default severity; title and fix hint come from the catalogue."""

    code: str
    severity: str

    def title_in(self, lang: str) -> str:
        return i18n.message(f"lint.title-{self.code}", lang)

    def hint_in(self, lang: str) -> str:
        return i18n.message(f"lint.hint-{self.code}", lang)

    @property
    def title(self) -> str:
        return self.title_in("en")

    @property
    def hint(self) -> str:
        return self.hint_in("en")


CHECKS: dict[str, Check] = {c.code: c for c in (
    Check("CCR001", "error"),
    Check("CCR002", "error"),
    Check("CCR003", "error"),
    Check("CCR004", "warning"),
    Check("CCR005", "warning"),
    Check("CCR006", "error"),
    Check("CCR007", "error"),
    Check("CCR008", "error"),
    Check("CCR009", "error"),
    Check("CCR010", "error"),
    Check("CCR011", "warning"),
    Check("CCR012", "error"),
    Check("CCR013", "info"),
    Check("CCR014", "info"),
    Check("CCR015", "warning"),
    Check("CCR016", "warning"),
    Check("CCR017", "info"),
    Check("CCR018", "warning"),
    Check("CCR019", "error"),
    Check("CCR020", "info"),
    # what committees get wrong when editing a pack by hand (cc_rules/tools/lint/committee.py)
    Check("CCR030", "warning"),
    Check("CCR031", "warning"),
    Check("CCR032", "error"),
    Check("CCR033", "error"),
    Check("CCR034", "warning"),
    Check("CCR035", "warning"),
    Check("CCR036", "error"),
    # across packs linted together (cc_rules/tools/lint/crosspack.py; CCR019 is there too)
    Check("CCR037", "warning"),
)}


@dataclasses.dataclass(frozen=True)
class LintFinding:
    """One finding. `message`/`hint` are English (the JSON report); `texts`/`hints` hold the message and hint per
    language, and `editions` the (edition, start date) labels a semantic finding was seen in."""

    code: str
    severity: str
    pack: str
    message: str
    file: str | None = None
    line: int | None = None
    path: str = "$"
    hint: str | None = None
    data: tuple[str, ...] = ()  # ids listed by summary findings (e.g. every interpretation rule)
    texts: tuple[tuple[str, str], ...] = dataclasses.field(default=(), compare=False)
    hints: tuple[tuple[str, str], ...] = dataclasses.field(default=(), compare=False)
    editions: tuple[tuple[str, str], ...] = dataclasses.field(default=(), compare=False)

    def location(self, lang: str = "en") -> str:
        if not self.file:
            return i18n.message("lint.no-file", lang)
        return f"{_display(self.file)}:{self.line}" if self.line else _display(self.file)

    def text(self, lang: str = "en") -> str:
        """The message in `lang` (the English `message` when no translation was recorded)."""
        if lang == "en" or not self.texts:
            return self.message
        text = dict(self.texts).get(lang, self.message)
        if self.editions:
            labels = i18n.message("lint.list-sep", lang).join(
                i18n.message("lint.edition-from", lang, edition=e, start=d) for e, d in self.editions)
            text += i18n.message("lint.in-editions", lang, editions=labels)
        return text

    def hint_text(self, lang: str = "en") -> str:
        """The fix hint in `lang`: the finding's own (a did-you-mean), else the check's."""
        if lang != "en" and self.hints:
            return dict(self.hints).get(lang) or self.hint or CHECKS[self.code].hint_in(lang)
        return self.hint or CHECKS[self.code].hint_in(lang)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "severity": self.severity, "pack": self.pack,
                               "title": CHECKS[self.code].title, "message": self.message, "file": self.file,
                               "line": self.line, "path": self.path, "hint": self.hint or CHECKS[self.code].hint}
        if self.data:
            out["items"] = list(self.data)
        return out


@dataclasses.dataclass(frozen=True)
class PackLint:
    ref: str
    pack_id: str
    root: str
    findings: tuple[LintFinding, ...]


@dataclasses.dataclass(frozen=True)
class LintReport:
    packs: tuple[PackLint, ...]

    def findings(self) -> tuple[LintFinding, ...]:
        return tuple(f for p in self.packs for f in p.findings)

    def exit_code(self) -> int:
        return 1 if any(f.severity == "error" for f in self.findings()) else 0

    def counts(self) -> dict[str, int]:
        c = Counter(f.severity for f in self.findings())
        return {s: c.get(s, 0) for s in SEVERITIES}

    def to_dict(self) -> dict[str, Any]:
        return {"format": "cc-rules/lint@1", "summary": self.counts(),
                "packs": [{"ref": p.ref, "id": p.pack_id, "root": p.root,
                           "findings": [f.to_dict() for f in p.findings]} for p in self.packs]}

    def to_json(self) -> str:
        return jsontext.dumps(self.to_dict()) + "\n"


def _display(file: str) -> str:
    try:
        return str(Path(file).resolve().relative_to(Path.cwd()))
    except ValueError:
        return file

