"""The step catalogue (`cc-rules steps`): every phrase of the step library with one example, in one language.

Generated from `STEPS`, so it is never out of date: docs/zh/steps.md and docs/steps.md are its markdown output
(a test compares them). Each example is checked by the tests to match its own step.
"""

from __future__ import annotations

from cc_rules.base import i18n
from cc_rules.tools.steps import STEPS, Step

KINDS = ("given", "when", "then")
# A data table for the one step that takes one, shown under its example.
TABLE_EXAMPLE = {"zh": ["| 事实 | 值 |", "| staffing.team_leaders | 20 |", "| organization.seats | 200 |"],
                 "en": ["| fact | value |", "| staffing.team_leaders | 20 |", "| organization.seats | 200 |"]}


def _say(key: str, lang: str, **params: object) -> str:
    return i18n.message(f"steps.catalogue-{key}", lang, **params)


def _example(s: Step, lang: str) -> str:
    return f"{_say('keyword-' + s.kind, lang)} {s.example(lang)}"


def render(lang: str, fmt: str = "text") -> str:
    """The catalogue in `lang`, as plain text or markdown (the docs page)."""
    lines: list[str] = []
    if fmt == "markdown":
        lines += [f"# {_say('title', lang)}", "", _say("intro", lang), ""]
    for kind in KINDS:
        group = [s for s in STEPS if s.kind == kind]
        lines.append(f"## {_say('kind-' + kind, lang)}" if fmt == "markdown" else _say("kind-" + kind, lang))
        if fmt == "markdown":
            lines.append("")
        for s in group:
            if fmt == "markdown":
                lines.append(f"- `{s.phrase(lang)}`  ")
                lines.append(f"  {_say('example', lang)}`{_example(s, lang)}`")
                if s.table:
                    lines += ["", "  ```gherkin", f"  {_example(s, lang)}",
                              *(f"    {row}" for row in TABLE_EXAMPLE[lang]), "  ```"]
            else:
                lines.append(f"  {s.phrase(lang)}")
                lines.append(f"      {_say('example', lang)}{_example(s, lang)}")
                lines += [f"        {row}" for row in TABLE_EXAMPLE[lang]] if s.table else []
        lines.append("")
    lines.append(_say("notes", lang))
    return "\n".join(lines).rstrip("\n") + "\n"
