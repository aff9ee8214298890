"""Plain text for terminals and logs: fits 100 columns."""

from __future__ import annotations

import textwrap

from cc_rules import results

WIDTH = 100
_LABELS = {
    "en": {"pack": "Pack", "edition": "edition", "level": "Level", "score": "Score", "passed": "PASS",
           "failed": "FAIL", "grade": "grade", "findings": "Findings", "next": "Next level", "actions": "Roadmap",
           "unknown": "Not evidenced", "coverage": "Coverage", "retest": "retest open until", "met": "met",
           "unmet": "unmet", "unk": "unknown", "of": "of", "items": "items encoded at tier"},
    "zh": {"pack": "标准", "edition": "版本", "level": "等级", "score": "得分", "passed": "通过", "failed": "不通过",
           "grade": "评级", "findings": "评定结果", "next": "下一等级", "actions": "改进路线", "unknown": "未提供证据",
           "coverage": "覆盖", "retest": "可在此日期前复评", "met": "满足", "unmet": "未满足", "unk": "未知",
           "of": "/", "items": "级条目已编码"},
}


def render(report: results.Report, lang: str = "en") -> str:
    out: list[str] = []
    for assessment in report.assessments:
        org = dict(assessment.organization)
        out.append(f"{assessment.file} — {org.get('name', '')} ({assessment.date}, {assessment.mode})")
        for result in assessment.results:
            out.extend(_result(result, lang))
        out.append("")
    return "\n".join(_fit(line) for line in out).rstrip() + "\n"


def _fit(line: str) -> str:
    return line if len(line) <= WIDTH else "\n".join(textwrap.wrap(line, WIDTH, subsequent_indent="      "))


def _state(met: bool | None, t: dict[str, str]) -> str:
    return t["met"] if met is True else t["unmet"] if met is False else t["unk"]


def _result(r: results.PackResult, lang: str) -> list[str]:
    t = _LABELS[lang]
    lines = [f"  {t['pack']} {r.pack_id} — {r.pack_title.get(lang)} ({t['edition']} {r.edition}, as of {r.as_of})"]
    verdict = t["passed"] if r.passed else t["failed"]
    if r.model == "maturity":
        name = f" {r.level_name.get(lang)}" if r.level_name else ""
        lines.append(f"  {t['level']}: {r.level}{name}  [{verdict}]")
        for step in r.ladder:
            mark = "■" if step.awarded else "□"
            lines.append(f"    {mark} {step.level} {step.name.get(lang)}  {step.met}/{step.total}")
    if r.score is not None:
        dims = "  ".join(f"{k}={v:g}" for k, v in r.score.dimensions)
        grade = f", {t['grade']} {r.grade}" if r.grade else ""
        lines.append(f"  {t['score']}: {r.score.total:g} (> {r.score.pass_threshold:g} passes) [{verdict}]{grade}")
        lines.append(f"    {dims}")
        if r.retest is not None and r.retest.open:
            lines.append(f"    {t['retest']} {r.retest.until}")
    if r.coverage is not None:
        tiers = ", ".join(f"{e} {t['of']} {o}" for e, o in zip(r.coverage.encoded, r.coverage.official))
        lines.append(f"  {t['coverage']}: {tiers} ({t['items']} 1…{len(r.coverage.official)})")
    lines.append(f"  {t['findings']}:")
    for f in r.findings:
        if r.model == "points" and f.met is True and f.kind == "deduction":
            continue
        pts = f" {f.points:+g}" if f.points else ""
        lvl = f" L{f.level}" if f.level else ""
        lines.append(f"    [{_state(f.met, t)}]{lvl}{pts} {f.rule} ({f.clause}, {f.provenance})")
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
            lines.append(f"    {gain:>6}  {a.title.get(lang)} [{a.id}, effort {a.effort:g}]")
    if r.unknown:
        lines.append(f"  {t['unknown']}: " + ", ".join(r.unknown))
    return lines
