"""Text and markdown reports of `cc-rules diff`, in `lang`: pack changes, each centre that moves (before, after, the
rules that cause it), then how many moved up, down and across the pass line."""

from __future__ import annotations

from cc_rules.base import i18n
from cc_rules.results.diff import PackDiff

ARROWS = {"up": "▲", "down": "▼", "same": "="}


def _summary_line(d: PackDiff, lang: str) -> str:
    s = d.summary()
    line = i18n.message("diff.summary", lang, **{k: v for k, v in s.items() if k != "skipped"})
    if s["skipped"]:
        line += i18n.message("diff.summary-skipped", lang, skipped=s["skipped"])
    return line


def _pack_changes(d: PackDiff, lang: str) -> list[str]:
    lines = [i18n.message("diff.parameter", lang, name=p.name, before=repr(p.before), after=repr(p.after))
             for p in d.params]
    lines += [i18n.message("diff.rule-added", lang, rule=r) for r in d.rules_added]
    lines += [i18n.message("diff.rule-removed", lang, rule=r) for r in d.rules_removed]
    lines += [i18n.message("diff.rule-modified", lang, rule=r) for r in d.rules_modified]
    return lines or [i18n.message("diff.no-pack-changes", lang)]


def render_text(d: PackDiff, show_all: bool = False, lang: str = "en") -> str:
    lines = [i18n.message("diff.header", lang, old=d.old, old_id=d.old_id, new=d.new, new_id=d.new_id),
             i18n.message("diff.pack-changes", lang), *(f"  {line}" for line in _pack_changes(d, lang)), ""]
    for c in d.centres:
        if not c.moved and not c.causes and not show_all:
            continue
        lines.append(f"{ARROWS[c.direction]} {c.organization}  ({c.file})")
        lines.append("    " + i18n.message("diff.before", lang, side=c.before.describe(lang), edition=c.before.edition))
        lines.append("    " + i18n.message("diff.after", lang, side=c.after.describe(lang), edition=c.after.edition))
        lines.extend("    " + i18n.message("diff.because", lang, rule=r.rule,
                                             change=i18n.message(f"diff.change-{r.change}", lang),
                                             before=r.before or "-", after=r.after or "-")
                     for r in c.causes)
    lines += ["", _summary_line(d, lang)]
    return "\n".join(lines) + "\n"


def render_markdown(d: PackDiff, lang: str = "en") -> str:
    lines = [i18n.message("diff.md-title", lang, new=d.new, old=d.old), "", _summary_line(d, lang), "",
             i18n.message("diff.md-pack-changes", lang), ""]
    lines += [f"- {line}" for line in _pack_changes(d, lang)]
    lines += ["", i18n.message("diff.md-centres", lang), "", i18n.message("diff.md-table-head", lang),
              "|---|---|---|---|---|"]
    for c in d.centres:
        if not c.moved and not c.causes:
            continue
        rules = "<br>".join(f"`{r.rule}` {r.before or '-'} → {r.after or '-'}" for r in c.causes)
        lines.append(f"| {c.organization} | {c.before.describe(lang)} | {c.after.describe(lang)} | "
                     f"{i18n.message(f'diff.direction-{c.direction}', lang)} | {rules} |")
    return "\n".join(lines) + "\n"
