"""Shared by the markdown and HTML reporters: the jinja2 environment, labels in zh/en and the radar chart.

Only presentation lives here (wording, number formatting, chart geometry); every verdict comes from the results.
"""

from __future__ import annotations

import functools
import math
from typing import Any

import jinja2
from markupsafe import Markup, escape

from cc_rules import results
from cc_rules.base import i18n


def labels(lang: str) -> dict[str, str]:
    """Every report label in `lang`, from the catalogue (`messages/reports.yaml`), keyed without its prefix."""
    return _labels("zh" if lang == "zh" else "en")


@functools.cache
def _labels(lang: str) -> dict[str, str]:
    prefix = "reports."
    return {key[len(prefix):]: texts[lang] for key, texts in i18n.catalogue().items() if key.startswith(prefix)}


def reason(missing: results.Missing, lang: str) -> str:
    """Why a finding stands in the way, in words: not met, or not evidenced for lack of which facts."""
    t = labels(lang)
    if missing.points:
        return t["points_moved"].format(n=number(missing.points))
    if missing.met is False:
        return t["not_met"]
    return t["lacking"].format(facts=", ".join(missing.lacking)) if missing.lacking else t["not_evidenced"]


def gate_text(verdict: results.GateVerdict, lang: str) -> str:
    """One gate verdict in words: 'level 2 (required ≥ 3)'."""
    t = labels(lang)
    actual = verdict.actual
    if isinstance(actual, bool):
        actual = t["verdict_passed" if actual else "verdict_failed"]
    elif isinstance(actual, float):
        actual = number(actual)
    required = number(verdict.required) if isinstance(verdict.required, float) else verdict.required
    return t[f"gate_{verdict.gate}"].format(actual=actual, required=required, op=">=" if verdict.met else "<")


def number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}"


def value(value: object, lang: str = "en", declared: results.Labels = ()) -> str:
    """A value as a person reads it in `lang`; `declared`: the labels its fact declares (an enum value, or each item of
    a list, is shown as its label; a value without one as written)."""
    if value is None:
        return "—"
    return results.format_value(value, lang, declared)


def state(met: bool | None) -> str:
    return "met" if met is True else "unmet" if met is False else "unk"


def radar(score: results.Score, lang: str, size: int = 320) -> Markup:
    """An inline SVG radar of the four dimensions, each scaled to the most it can reach."""
    maxima = dict(score.dimension_maxima)
    dims = list(score.dimensions)
    n = len(dims)
    wide = size + 160  # room for the side labels
    cx, cy = wide / 2, size / 2
    radius = size / 2 - 60
    parts = [(f'<svg xmlns="http://www.w3.org/2000/svg" class="radar" role="img" viewBox="0 0 {wide} {size}" '
              f'width="{wide}" height="{size}" aria-label="{escape(labels(lang)["dimensions"])}">'),
             f'<title>{escape(labels(lang)["dimensions"])}</title>']

    def point(i: int, fraction: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        return cx + radius * fraction * math.cos(angle), cy + radius * fraction * math.sin(angle)

    for ring in (0.25, 0.5, 0.75, 1.0):
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, ring) for i in range(n)))
        parts.append(f'<polygon class="grid" points="{pts}" fill="none" stroke="#c8ccd2" stroke-width="1"/>')
    shape = []
    for i, (dim, got) in enumerate(dims):
        top = maxima.get(dim) or max(got, 1.0)
        x, y = point(i, 1.0)
        parts.append(f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="#c8ccd2"/>')
        shape.append(point(i, max(0.0, min(got / top, 1.0)) if top else 0.0))
        lx, ly = point(i, 1.18)
        anchor = "middle" if abs(lx - cx) < 1 else "start" if lx > cx else "end"
        name = score.title(dim).get(lang)
        parts.append(f'<text x="{lx:.1f}" y="{ly:.1f}" text-anchor="{anchor}" font-size="12">'
                     f'<tspan x="{lx:.1f}">{escape(name)}</tspan>'
                     f'<tspan x="{lx:.1f}" dy="14">{number(got)}/{number(top)}</tspan></text>')
    pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in shape)
    parts.append(f'<polygon class="score" points="{pts}" fill="rgba(31,111,178,0.35)" stroke="#1f6fb2" '
                 'stroke-width="2"/>')
    for x, y in shape:
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="#1f6fb2"/>')
    parts.append("</svg>")
    return Markup("".join(parts))


def environment(lang: str, autoescape: bool = True) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("cc_rules.reports", "templates"), autoescape=autoescape,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                             undefined=jinja2.StrictUndefined)
    env.filters.update(num=number, val=lambda v, declared=(): value(v, lang, declared), state=state)
    return env


def context(report: results.Report, lang: str) -> dict[str, Any]:
    return {"report": report, "lang": lang, "t": labels(lang), "radar": radar, "reason": lambda m: reason(m, lang),
            "dict": dict, "zip": zip, "enumerate": enumerate}
