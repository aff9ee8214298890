"""Shared by the markdown and HTML reporters: the jinja2 environment, labels in zh/en and the radar chart.

Only presentation lives here (wording, number formatting, chart geometry); every verdict comes from the results.
"""

from __future__ import annotations

import math
from typing import Any

import jinja2
from markupsafe import Markup, escape

from cc_rules import model, results

DIMENSION_NAMES = model.DIMENSION_TITLES
LABELS = {
    "en": {"title": "Contact-centre assessment", "pack": "Pack", "edition": "edition", "as_of": "as of",
           "level": "Level", "ladder": "Level ladder", "you": "current level", "score": "Score",
           "passes": "a total above {x} passes", "passed": "PASS", "failed": "FAIL", "grade": "Grade",
           "dimensions": "Dimensions", "dimension": "Dimension", "points": "Points", "max": "Max",
           "item_tree": "Item tree", "item": "Item", "clause": "Clause", "status": "Status",
           "findings": "Findings", "rule": "Rule", "kind": "Kind", "provenance": "Provenance",
           "evidence": "Evidence", "why": "Why", "next": "Missing for level {n}", "reason": "Reason",
           "roadmap": "Roadmap", "action": "Action", "gain": "Gain", "effort": "Effort",
           "unknown": "Not evidenced", "coverage": "Coverage", "coverage_line": "{e} of {o} items at tier {t}",
           "retest": "Retest open until {d}", "met": "met", "unmet": "unmet", "unk": "unknown",
           "none": "no rule", "organization": "Organisation", "date": "Assessment date", "mode": "mode",
           "requirements": "requirements met", "not_evidenced": "not evidenced", "level_n": "L{n}",
           "other_findings": "Met findings", "nothing_missing": "nothing", "item_mode": "Mode",
           "deduction": "deduction", "bonus": "bonus", "subjective": "subjective"},
    "zh": {"title": "呼叫中心评估报告", "pack": "标准", "edition": "版本", "as_of": "评估基准日",
           "level": "等级", "ladder": "等级阶梯", "you": "当前等级", "score": "得分",
           "passes": "总分高于 {x} 分为通过", "passed": "通过", "failed": "不通过", "grade": "评级",
           "dimensions": "维度", "dimension": "维度", "points": "得分", "max": "满分",
           "item_tree": "条目树", "item": "条目", "clause": "条款", "status": "状态",
           "findings": "评定结果", "rule": "规则", "kind": "类型", "provenance": "出处",
           "evidence": "证据", "why": "说明", "next": "达到 {n} 级尚缺", "reason": "原因",
           "roadmap": "改进路线", "action": "措施", "gain": "收益", "effort": "工作量",
           "unknown": "未提供证据", "coverage": "覆盖", "coverage_line": "第 {t} 级条目 {e}/{o}",
           "retest": "可在 {d} 前复评", "met": "满足", "unmet": "未满足", "unk": "未知",
           "none": "无规则", "organization": "机构", "date": "评估日期", "mode": "方式",
           "requirements": "项要求满足", "not_evidenced": "未提供证据", "level_n": "{n}级",
           "other_findings": "已满足的评定结果", "nothing_missing": "无", "item_mode": "计分方式",
           "deduction": "减分", "bonus": "加分", "subjective": "主观"},
}


def number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}"


def value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(globals()["value"](v) for v in value) + "]"
    return str(value)


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
              f'width="{wide}" height="{size}" aria-label="{escape(LABELS[lang]["dimensions"])}">'),
             f'<title>{escape(LABELS[lang]["dimensions"])}</title>']

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
        name = DIMENSION_NAMES.get(dim, model.Text(dim, dim)).get(lang)
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


def environment(autoescape: bool = True) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("cc_rules.reports", "templates"), autoescape=autoescape,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                             undefined=jinja2.StrictUndefined)
    env.filters.update(num=number, val=value, state=state)
    return env


def context(report: results.Report, lang: str) -> dict[str, Any]:
    return {"report": report, "lang": lang, "t": LABELS[lang], "dim_names": DIMENSION_NAMES, "radar": radar,
            "dict": dict, "zip": zip, "enumerate": enumerate}
