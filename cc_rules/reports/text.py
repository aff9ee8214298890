"""Plain text for terminals and logs: fits 100 columns (CJK counted double); colour only when asked (a TTY)."""

from __future__ import annotations

import click

from cc_rules import model, results
from cc_rules.reports import textwidth

WIDTH = 100
_LABELS = {
    "en": {"pack": "Pack", "edition": "edition", "level": "Level", "score": "Score", "passed": "PASS",
           "failed": "FAIL", "grade": "grade", "findings": "Findings", "next": "Next level", "actions": "Roadmap",
           "unknown": "Not evidenced", "coverage": "Coverage", "retest": "retest open until", "met": "met",
           "unmet": "unmet", "unk": "unknown", "as_of": "as of", "passes": "a total above {x:g} passes",
           "coverage_line": "{e} of {o} tier-{n} items encoded (tiers 1–{n}: {tiers})", "effort": "effort"},
    "zh": {"pack": "标准", "edition": "版本", "level": "等级", "score": "得分", "passed": "通过", "failed": "不通过",
           "grade": "评级", "findings": "评定结果", "next": "下一等级", "actions": "改进路线", "unknown": "未提供证据",
           "coverage": "覆盖", "retest": "同一自然年内可申请复评,截至", "met": "满足", "unmet": "未满足", "unk": "未知",
           "as_of": "评估基准日", "passes": "总分高于 {x:g} 分为通过",
           "coverage_line": "已编码第 {n} 级条目 {e} / {o}(第 1–{n} 级:{tiers})", "effort": "工作量"},
}


def render(report: results.Report, lang: str = "en", color: bool = False) -> str:
    """The report as text; `color` adds ANSI styles (the CLI asks for it and click strips it off a non-TTY)."""
    out: list[str] = []
    for assessment in report.assessments:
        org = dict(assessment.organization)
        out.append(_style(f"{assessment.file} — {org.get('name', '')} ({assessment.date}, {assessment.mode})",
                          color, bold=True))
        for result in assessment.results:
            out.extend(_result(result, lang, color))
        out.append("")
    return "\n".join(_fit(line) for line in out).rstrip() + "\n"


def render_gates(report: results.Report, gates: results.Gates, lang: str = "en", color: bool = False) -> str:
    """One line per evidence × pack × gate for `cc-rules check`, then the missing requirements of failed gates."""
    t = _LABELS[lang]
    out: list[str] = []
    for assessment in report.assessments:
        for result in assessment.results:
            for check in result.gate_checks(gates):
                verdict = _style(t["passed"] if check.ok else t["failed"], color, fg="green" if check.ok else "red",
                                 bold=True)
                out.append(f"{verdict} {assessment.file} {result.pack_id} {check.gate}: {check.message}")
                for m in check.missing:
                    out.append(f"    - {m.id} ({m.clause}): {m.reason}")
    return "\n".join(_fit(line) for line in out) + "\n"


def _fit(line: str) -> str:
    return textwidth.fit(line, WIDTH, 6)


def _style(text: str, color: bool, **styles: object) -> str:
    return click.style(text, **styles) if color else text  # type: ignore[arg-type]


def _state(met: bool | None, t: dict[str, str], color: bool = False) -> str:
    if met is True:
        return _style(t["met"], color, fg="green")
    if met is False:
        return _style(t["unmet"], color, fg="red")
    return _style(t["unk"], color, fg="yellow")


def _result(r: results.PackResult, lang: str, color: bool = False) -> list[str]:
    t = _LABELS[lang]
    lines = [f"  {t['pack']} {r.pack_id} — {r.pack_title.get(lang)} ({t['edition']} {r.edition}, {t['as_of']} {r.as_of})"]
    verdict = _style(t["passed"] if r.passed else t["failed"], color, fg="green" if r.passed else "red", bold=True)
    if r.model == "maturity":
        name = f" {r.level_name.get(lang)}" if r.level_name else ""
        lines.append(f"  {t['level']}: {r.level}{name}  [{verdict}]")
        for step in r.ladder:
            mark = "■" if step.awarded else "□"
            lines.append(f"    {mark} {step.level} {step.name.get(lang)}  {step.met}/{step.total}")
    if r.score is not None:
        dims = "  ".join(f"{model.DIMENSION_TITLES[k].get(lang) if k in model.DIMENSION_TITLES else k} {v:g}"
                         for k, v in r.score.dimensions)
        grade = f", {t['grade']} {r.grade}" if r.grade else ""
        passes = t["passes"].format(x=r.score.pass_threshold)
        lines.append(f"  {t['score']}: {r.score.total:g} ({passes}) [{verdict}]{grade}")
        lines.append(f"    {dims}")
        if r.retest is not None and r.retest.open:
            lines.append(f"    {t['retest']} {r.retest.until}")
    if r.coverage is not None:
        tiers = ", ".join(f"{e}/{o}" for e, o in zip(r.coverage.encoded, r.coverage.official))
        n = len(r.coverage.official)
        line = t["coverage_line"].format(e=r.coverage.encoded[-1], o=r.coverage.official[-1], n=n, tiers=tiers)
        lines.append(f"  {t['coverage']}: {line}")
    lines.append(f"  {t['findings']}:")
    for f in r.findings:
        if r.model == "points" and f.met is True and f.kind == "deduction":
            continue
        pts = f" {f.points:+g}" if f.points else ""
        lvl = f" L{f.level}" if f.level else ""
        lines.append(f"    [{_state(f.met, t, color)}]{lvl}{pts} {f.rule} ({f.clause}, {f.provenance})")
        if f.explanation and f.met is not True:
            lines.append(f"        {f.explanation.get(lang)}")
    if r.next_level is not None:
        lines.append(f"  {t['next']} {r.next_level.level}: {len(r.next_level.missing)}")
        for m in r.next_level.missing:
            lines.append(f"    - {m.id} ({m.clause}): {m.reason}")
    if r.actions:
        lines.append(f"  {t['actions']}:")
        for a in r.actions:
            gain = f"L{a.gain:g}" if a.gain_kind == "level" else f"+{a.gain:g}"
            lines.append(f"    {gain:>6}  {a.title.get(lang)} [{a.id}, {t['effort']} {a.effort:g}]")
    if r.unknown:
        lines.append(f"  {t['unknown']}: " + ", ".join(r.unknown))
    return lines
