"""Text, markdown and HTML reports of `cc-rules diff`, in `lang`: pack changes and the dates they touch, each
centre that moves (before, after, the rules that cause it and the facts behind them), the distribution of levels,
grades and verdicts before and after (a bar chart in HTML), then how many moved up, down and across the pass line.
Markdown is for pasting into a committee's minutes."""

from __future__ import annotations

import datetime as dt
import html

import yaml

from cc_rules.base import i18n
from cc_rules.results.diff import CentreDiff, PackDiff, RuleChange

ARROWS = {"up": "▲", "down": "▼", "same": "="}


def _say(key: str, lang: str, **params: object) -> str:
    return i18n.message(f"diff.{key}", lang, **params)


def _summary_line(d: PackDiff, lang: str) -> str:
    s = d.summary()
    line = _say("summary", lang, **{k: v for k, v in s.items() if k != "skipped"})
    if s["skipped"]:
        line += _say("summary-skipped", lang, skipped=s["skipped"])
    return line


def _show(value: object) -> str:
    """A parameter value as it is written in pack.yaml (YAML flow style): `{grade: 合格, min: 60}`, `true`, `40`."""
    if value is None:
        return "-"
    return yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, sort_keys=False, width=10_000
                          ).strip().removesuffix("...").strip()


def _param_lines(name: str, before: object, after: object, lang: str) -> list[str]:
    """One line per parameter; of two lists of the same length, only the entries that differ."""
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        return [_say("parameter", lang, name=name, before=_show(b), after=_show(a))
                for b, a in zip(before, after, strict=True) if b != a]
    return [_say("parameter", lang, name=name, before=_show(before), after=_show(after))]


def _pack_changes(d: PackDiff, lang: str) -> list[str]:
    lines = [line for p in d.params for line in _param_lines(p.name, p.before, p.after, lang)]
    lines += [_say("rule-added", lang, rule=r) for r in d.rules_added]
    lines += [_say("rule-removed", lang, rule=r) for r in d.rules_removed]
    lines += [_say("rule-modified", lang, rule=r) for r in d.rules_modified]
    return lines or [_say("no-pack-changes", lang)]


def _dated(d: PackDiff, lang: str) -> list[str]:
    """Each dated change with the centres assessed in its window; a hint to use --as-of when none is."""
    lines = []
    for change in d.dated:
        lines.append(_say(f"dated-{change.kind}", lang, name=change.name, window=change.window(),
                          centres=change.centres))
        if change.centres == 0 and change.start != dt.date.min:
            lines.append("  " + _say("dated-hint", lang, window=change.window(), day=change.start.isoformat()))
    return lines


def _facts(r: RuleChange, lang: str) -> str:
    missing = _say("not-evidenced", lang)
    return _say("list-separator", lang).join(
        _say("fact-value", lang, fact=b.fact, value=missing if b.value is None else b.shown(lang)) for b in r.because)


def _value(key: str, value: object, lang: str) -> str:
    if value is None:
        return _say("dist-none", lang)
    if key == "pass":
        return _say("side-pass" if value else "side-fail", lang)
    return str(value)


def _distribution_lines(d: PackDiff, lang: str) -> list[str]:
    lines = []
    for key, rows in d.distribution().items():
        cells = _say("list-separator", lang).join(
            _say("dist-cell", lang, value=_value(key, v, lang), before=b, after=a) for v, b, a in rows)
        lines.append(f"{_say('dist-' + key, lang)}  {cells}")
    return lines


def _moving(d: PackDiff, show_all: bool) -> list[CentreDiff]:
    return [c for c in d.centres if c.moved or c.causes or show_all]


def render_text(d: PackDiff, show_all: bool = False, lang: str = "en") -> str:
    lines = [_say("header", lang, old=d.old, old_id=d.old_id, new=d.new, new_id=d.new_id),
             _say("pack-changes", lang), *(f"  {line}" for line in _pack_changes(d, lang))]
    if d.dated:
        lines += [_say("dated", lang), *(f"  {line}" for line in _dated(d, lang))]
    lines.append("")
    for c in _moving(d, show_all):
        lines.append(f"{ARROWS[c.direction]} {c.organization}  ({c.file})")
        lines.append("    " + _say("before", lang, side=c.before.describe(lang), edition=c.before.edition))
        lines.append("    " + _say("after", lang, side=c.after.describe(lang), edition=c.after.edition))
        for r in c.causes:
            lines.append("    " + _say("because", lang, rule=r.rule, change=_say(f"change-{r.change}", lang),
                                       before=r.state(lang, False), after=r.state(lang, True)))
            if r.because:
                lines.append("        " + _say("facts", lang, facts=_facts(r, lang)))
        if c.moved and not c.causes:
            lines.append("    " + _say("because-award", lang))
    if d.centres:
        lines += ["", _say("distribution", lang), *(f"  {line}" for line in _distribution_lines(d, lang))]
    lines += ["", _summary_line(d, lang)]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def render_markdown(d: PackDiff, lang: str = "en") -> str:
    lines = [_say("md-title", lang, new=d.new, old=d.old), "", _summary_line(d, lang), "",
             _say("md-pack-changes", lang), ""]
    lines += [f"- {line}" for line in _pack_changes(d, lang)]
    lines += [f"- {line.strip()}" for line in _dated(d, lang)]
    lines += ["", _say("md-centres", lang), "", _say("md-table-head", lang), "|---|---|---|---|---|"]
    for c in _moving(d, False):
        rules = "<br>".join(f"`{r.rule}` {r.state(lang, False)} → {r.state(lang, True)}"
                            + (f" ({_md(_facts(r, lang))})" if r.because else "") for r in c.causes)
        lines.append(f"| {_md(c.organization)} | {c.before.describe(lang)} | {c.after.describe(lang)} | "
                     f"{_say(f'direction-{c.direction}', lang)} | {rules} |")
    if d.centres:
        lines += ["", _say("md-distribution", lang), "", _say("md-dist-head", lang), "|---|---|---|---|"]
        for key, rows in d.distribution().items():
            lines += [f"| {_say('dist-' + key, lang)} | {_md(_value(key, v, lang))} | {b} | {a} |" for v, b, a in rows]
    return "\n".join(lines) + "\n"


def _bars(d: PackDiff, lang: str) -> str:
    """An inline SVG bar chart per distribution: before (grey) and after (blue) side by side for each value."""
    out = []
    for key, rows in d.distribution().items():
        most = max([max(b, a) for _, b, a in rows] + [1])
        width, row_h = 420, 22
        height = row_h * len(rows) + 8
        parts = [f'<svg role="img" width="{width + 120}" height="{height}" xmlns="http://www.w3.org/2000/svg">']
        for i, (value, before, after) in enumerate(rows):
            y = 4 + i * row_h
            label = html.escape(_value(key, value, lang))
            parts.append(f'<text x="0" y="{y + 14}" font-size="12">{label}</text>')
            for j, (n, colour) in enumerate(((before, "#9aa0a6"), (after, "#1a73e8"))):
                w = width * n / most
                parts.append(f'<rect x="80" y="{y + j * 9}" width="{w:.1f}" height="8" fill="{colour}"/>')
                parts.append(f'<text x="{84 + w:.1f}" y="{y + j * 9 + 8}" font-size="9">{n}</text>')
        parts.append("</svg>")
        out.append(f"<h3>{html.escape(_say('dist-' + key, lang))}</h3>" + "".join(parts))
    return "\n".join(out)


def render_html(d: PackDiff, lang: str = "en") -> str:
    """One self-contained page (inline CSS and SVG): the markdown's content as tables, and the distribution chart."""
    e = html.escape
    title = _say("html-title", lang, new=d.new, old=d.old)
    rows = []
    for c in _moving(d, False):
        causes = "<br>".join(f"<code>{e(r.rule)}</code> {e(r.state(lang, False))} → {e(r.state(lang, True))}"
                             + (f" <small>({e(_facts(r, lang))})</small>" if r.because else "") for r in c.causes)
        rows.append(f"<tr><td>{e(c.organization)}</td><td>{e(c.before.describe(lang))}</td>"
                    f"<td>{e(c.after.describe(lang))}</td><td>{e(_say(f'direction-{c.direction}', lang))}</td>"
                    f"<td>{causes}</td></tr>")
    head = "".join(f"<th>{e(h.strip())}</th>" for h in _say("md-table-head", lang).strip("|").split("|"))
    changes = "".join(f"<li>{e(line.strip())}</li>" for line in _pack_changes(d, lang) + _dated(d, lang))
    return f"""<!DOCTYPE html>
<html lang="{'zh-CN' if lang == 'zh' else 'en'}"><head><meta charset="utf-8"><title>{e(title)}</title>
<style>body{{font-family:sans-serif;margin:2em;max-width:70em}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}}</style></head><body>
<h1>{e(title)}</h1>
<p>{e(_summary_line(d, lang))}</p>
<h2>{e(_say("md-pack-changes", lang).lstrip("# "))}</h2><ul>{changes}</ul>
<h2>{e(_say("md-distribution", lang).lstrip("# "))}</h2>
{_bars(d, lang)}
<h2>{e(_say("md-centres", lang).lstrip("# "))}</h2>
<table><tr>{head}</tr>{"".join(rows)}</table>
</body></html>
"""
