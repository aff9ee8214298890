"""Shared by the markdown and HTML reporters: the jinja2 environment, labels in zh/en and the radar chart.

Only presentation lives here (wording, number formatting, chart geometry); every verdict comes from the results.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import math
import re
from typing import Any

import jinja2
from markupsafe import Markup, escape

from cc_rules import model, results
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
    axes = []
    for dim, got in score.dimensions:
        top = maxima.get(dim) or max(got, 1.0)
        axes.append((score.title(dim).get(lang), got, top, f"{number(got)}/{number(top)}"))
    return _radar(axes, labels(lang)["dimensions"], size)


def item_levels(r: results.PackResult) -> dict[str, int]:
    """Each item's level reached: the highest level whose requirements of that item, and of every level below, are
    all met (0 when its first level is not). A parent's is the lowest of its children's."""
    by_item: dict[str, dict[int, bool]] = {}
    for f in r.findings:
        if f.level is not None and f.kind == "requirement":
            levels = by_item.setdefault(f.item, {})
            levels[f.level] = levels.get(f.level, True) and f.met is True
    top = max((s.level for s in r.ladder), default=0)
    out: dict[str, int] = {}
    for item, levels in by_item.items():
        reached = 0
        for level in range(1, top + 1):
            if not levels.get(level, True):
                break
            reached = level
        out[item] = reached
    for node in reversed(r.item_nodes):  # children come after their parents
        kids = [r.item_nodes[i].id for i in node.children]
        known = [out[k] for k in kids if k in out]
        if node.id not in out and known:
            out[node.id] = min(known)
    return out


def level_radar(r: results.PackResult, lang: str, size: int = 420) -> Markup:
    """An inline SVG radar of the items that carry requirements, each by the level it reached (0 … top level)."""
    reached = item_levels(r)
    top = float(max((s.level for s in r.ladder), default=1))
    leaves = [n for n in r.item_nodes if not n.children and n.id in reached]
    axes = [(f"{n.clause} {n.title.get(lang)}", float(reached[n.id]), top, f"{reached[n.id]}") for n in leaves]
    return _radar(axes, labels(lang)["radar_levels"], size) if len(axes) >= 3 else Markup("")


def _radar(axes: list[tuple[str, float, float, str]], title: str, size: int) -> Markup:
    """A radar chart: one axis per (label, value, most, shown), rings at quarters of the most."""
    n = len(axes)
    wide = size + 220  # room for the side labels
    cx, cy = wide / 2, size / 2
    radius = size / 2 - 60
    parts = [(f'<svg xmlns="http://www.w3.org/2000/svg" class="radar" role="img" viewBox="0 0 {wide} {size}" '
              f'width="{wide}" height="{size}" aria-label="{escape(title)}">'),
             f'<title>{escape(title)}</title>']

    def point(i: int, fraction: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        return cx + radius * fraction * math.cos(angle), cy + radius * fraction * math.sin(angle)

    for ring in (0.25, 0.5, 0.75, 1.0) if n <= 8 else tuple(k / 5 for k in range(1, 6)):
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, ring) for i in range(n)))
        parts.append(f'<polygon class="grid" points="{pts}" fill="none" stroke="#c8ccd2" stroke-width="1"/>')
    shape = []
    font = 12 if n <= 8 else 10
    for i, (name, got, top, shown) in enumerate(axes):
        x, y = point(i, 1.0)
        parts.append(f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="#c8ccd2"/>')
        shape.append(point(i, max(0.0, min(got / top, 1.0)) if top else 0.0))
        lx, ly = point(i, 1.14)
        anchor = "middle" if abs(lx - cx) < 1 else "start" if lx > cx else "end"
        parts.append(f'<text x="{lx:.1f}" y="{ly:.1f}" text-anchor="{anchor}" font-size="{font}">'
                     f'<tspan x="{lx:.1f}">{escape(name)}</tspan>'
                     f'<tspan x="{lx:.1f}" dy="{font + 2}">{escape(shown)}</tspan></text>')
    pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in shape)
    parts.append(f'<polygon class="score" points="{pts}" fill="rgba(31,111,178,0.35)" stroke="#1f6fb2" '
                 'stroke-width="2"/>')
    for x, y in shape:
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="#1f6fb2"/>')
    parts.append("</svg>")
    return Markup("".join(parts))


def overview(report: results.Report, lang: str) -> list[dict[str, Any]]:
    """One row per evidence file and pack for a report of several files: centre, pack, level or score, grade,
    verdict, top gap."""
    t = labels(lang)
    rows = []
    for a in report.assessments:
        name = str(dict(a.organization).get("name", a.file))
        for r in a.results:
            if r.ladder:
                got = t["overview_level"].format(level=r.level, name=r.level_name.get(lang) if r.level_name
                                                 else t["overview_no_level"])
            elif r.score is not None:
                got = t["overview_score"].format(total=number(r.score.total))
            else:
                counts: dict[str, int] = {}
                for m in r.nonconformities:
                    counts[m.severity or "major"] = counts.get(m.severity or "major", 0) + 1
                parts = ", ".join(f"{t[f'severity_{sev}']} {n}" for sev, n in sorted(counts.items()))
                got = t["overview_conformity"].format(n=len(r.nonconformities), parts=parts or "0")
            gap = gaps(r, lang)
            first = gap.rows[0] if gap.rows else gap.unknown[0] if gap.unknown else None
            rows.append({"centre": name, "file": a.file, "pack": r.pack_id, "result": got, "grade": r.grade or "",
                         "passed": t["passed" if r.passed else "failed"], "ok": r.passed,
                         "gap": first.line(lang) if first is not None else ""})
    return rows


def environment(lang: str, autoescape: bool = True) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("cc_rules.reports", "templates"), autoescape=autoescape,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                             undefined=jinja2.StrictUndefined)
    env.filters.update(num=number, val=lambda v, declared=(): value(v, lang, declared), state=state,
                       source=lambda v: source_text(v, lang))
    return env


_REVIEW = re.compile(r"review by (?P<reviewer>[^:]+)(?::\s*(?P<reason>.*))?$", re.DOTALL)
_BENCHMARK = re.compile(r"(?:self-supplied benchmark \(evidence\)|pack data (?P<file>\S+)): (?P<what>.*) "
                        r"\((?P<year>[^,]*), (?P<n>\d+) surveyed\)$", re.DOTALL)


def source_text(source: str, lang: str) -> str:
    """Where a fact's value came from, in `lang`: the sources the assessment itself writes (derived, computed, the
    organization, a reviewer's judgement, a benchmark) in words from the catalogue; the evidence's own as given."""
    t = labels(lang)
    if source in ("derived", "computed", "organization"):
        return t[f"source_{source}"]
    found = _REVIEW.match(source)
    if found:
        reason = found["reason"]
        return t["source_review"].format(reviewer=found["reviewer"]) + (f": {reason}" if reason else "")
    found = _BENCHMARK.match(source)
    if found:
        where = t["source_pack_benchmark"].format(file=found["file"]) if found["file"] else t["source_own_benchmark"]
        return t["source_benchmark"].format(where=where, what=found["what"], year=found["year"], n=found["n"])
    return source


def context(report: results.Report, lang: str) -> dict[str, Any]:
    return {"report": report, "lang": lang, "t": labels(lang), "radar": radar, "reason": lambda m: reason(m, lang),
            "dict": dict, "zip": zip, "enumerate": enumerate, "gaps": lambda r: gaps(r, lang),
            "step": lambda a: step_text(a, lang), "level_radar": level_radar,
            "item_levels": item_levels, "overview": lambda: overview(report, lang)}


def step_text(a: results.ActionRec, lang: str) -> dict[str, str]:
    """A roadmap step's cells: what it gains, the score/level/nonconformities after it, the mark where it gets the
    centre to the pass line or a new level, its effort as an estimate."""
    t = labels(lang)
    if a.gain_kind == "points":
        gain, after = f"{a.gain:+g}", t["road_score"].format(n=number(a.cumulative))
    elif a.gain_kind == "level":
        gain, after = t["gain_level"].format(n=f"{a.gain:g}"), ""
    else:
        gain, after = t["gain_requirements"].format(n=f"{a.gain:g}"), t["road_left"].format(n=number(a.cumulative))
    mark = t["road_reach_pass"] if a.reaches == "pass" else \
        t["road_reach_level"].format(n=number(a.cumulative)) if a.reaches == "level" else ""
    return {"gain": gain, "after": after, "mark": mark, "effort": t["road_effort"].format(n=number(a.effort))}


# The gap first: what stands between the centre and the next level or the pass line ----------------------------------

_SYMBOL = {"eq": "", "lt": "<", "lte": "≤", "gt": ">", "gte": "≥"}


@dataclasses.dataclass(frozen=True)
class GapRow:
    """One finding in the way, as a manager reads it: its item, each condition found → needed, the roadmap step
    that closes it."""

    rule: str
    clause: str
    item: str  # the item's title
    text: str  # the conditions to change, found → needed with units
    step: int | None  # 1-based position in the roadmap of the action credited with it
    met: bool | None
    points: float | None = None
    severity: str | None = None
    alternatives: tuple[str, ...] = ()  # the other ways, each as `text` reads
    parameters: tuple[str, ...] = ()  # the pack parameters its thresholds come from: "seats_per_ai_trainer = 100 (…)"

    def line(self, lang: str) -> str:
        """'6.2 Strategic objectives — tiers with quantified targets 2 → 3 [step 4]'."""
        t = labels(lang)
        head = f"{self.clause} {self.item}".strip()
        pts = f" {self.points:+g}" if self.points else ""
        step = f" [{t['gap_step'].format(n=self.step)}]" if self.step else ""
        more = f" ({t['gap_alternatives'].format(n=len(self.alternatives))})" if self.alternatives else ""
        return f"{head}{pts}: {self.text}{more}{step}"


@dataclasses.dataclass(frozen=True)
class Gaps:
    """A result's gap: the headline, the findings in the way (not met), those only evidence is lacking for and the
    facts to supply."""

    headline: str
    rows: tuple[GapRow, ...]
    unknown: tuple[GapRow, ...]
    supply: tuple[str, ...]  # facts to supply, once each
    instead: tuple[str, ...] = ()  # what to supply where a fact is not the evidence's to give (a benchmark)


def with_unit(text: str, unit: str | None, lang: str) -> str:
    if unit is None:
        return text
    if unit == "percent":
        return f"{text}%"
    word = labels(lang).get(f"unit_{unit}", unit)
    return f"{text} {word}"


def _short(description: model.Text | None, fact: str, lang: str) -> str:
    """A fact as a manager names it: its description up to the first parenthesis, else its name."""
    if description is None:
        return fact
    text = description.get(lang)
    cut = min((i for i in (text.find("（"), text.find("(")) if i > 0), default=len(text))
    return text[:cut].rstrip()


def gap_text(gap: results.Gap, lang: str) -> str:
    """One condition in words: 'team leaders 2 → ≥3 persons'; a derived fact as the conditions behind it."""
    t = labels(lang)
    if gap.because:
        return t["gap_sep"].join(gap_text(g, lang) for g in gap.because)
    name = _short(gap.description, gap.fact, lang)
    found = gap.found_shown(lang)
    # the unit once, on the value needed (a percentage on both: "28% → ≥35%")
    found_s = (with_unit(found, gap.unit, lang) if gap.unit == "percent" else found) if found is not None \
        else t["gap_unknown"]
    rel = gap.relation
    if rel in ("contains", "not_contains"):
        items = gap.needed if isinstance(gap.needed, tuple) else (gap.needed,)
        shown = t["list_sep"].join(results.format_value(v, lang, gap.labels) for v in items)
        return f"{name}: {t['gap_add' if rel == 'contains' else 'gap_remove'].format(x=shown)}"
    if rel in ("exists", "absent"):
        return f"{name}: {t['gap_give' if rel == 'exists' else 'gap_drop']}"
    if rel in ("in", "not_in"):
        choices = tuple(gap.needed) if isinstance(gap.needed, (list, tuple)) else (gap.needed,)
        listed = " / ".join(results.format_value(v, lang, gap.labels) for v in choices)
        need = listed if rel == "in" else t["gap_not"].format(x=listed)
    elif rel == "ne":
        need = t["gap_not"].format(x=gap.needed_shown(lang))
    else:
        symbol = _SYMBOL.get(rel, "")
        need = symbol + with_unit(gap.needed_shown(lang), gap.unit, lang)
        if isinstance(gap.needed, bool):
            need = gap.needed_shown(lang)
    return f"{name} {found_s} → {need}"


def way_text(way: tuple[results.Gap, ...], lang: str, title: str = "") -> str:
    """The conditions of one way, `contains` on the same fact merged ('applications: add A, B'), facts to give
    that share a name merged ('survey: very satisfied, satisfied: to be given'); a single yes/no condition that
    says what `title` says shows its values only ('false → true')."""
    t = labels(lang)
    merged: list[results.Gap] = []
    for gap in _flat_derived(way):
        prev = merged[-1] if merged else None
        if prev is not None and gap.relation in ("contains", "not_contains") and not gap.because and \
                (prev.fact, prev.relation) == (gap.fact, gap.relation):
            items = prev.needed if isinstance(prev.needed, tuple) else (prev.needed,)
            merged[-1] = dataclasses.replace(prev, needed=(*items, gap.needed))
        else:
            merged.append(gap)
    if len(merged) == 1 and isinstance(merged[0].needed, bool) and merged[0].relation == "eq" and title and \
            _same(_short(merged[0].description, merged[0].fact, lang), title):
        gap = merged[0]
        found = gap.found_shown(lang)
        return f"{found if found is not None else t['gap_unknown']} → {gap.needed_shown(lang)}"
    parts: list[str] = []
    given: list[str] = []  # names of consecutive facts to give, shown once: "survey: a, b: to be given"
    for gap in merged:
        if gap.relation == "exists":
            given.append(_short(gap.description, gap.fact, lang))
            continue
        parts.extend(_given(given, lang))
        given = []
        parts.append(gap_text(gap, lang))
    parts.extend(_given(given, lang))
    return t["gap_sep"].join(parts)


def _flat_derived(way: tuple[results.Gap, ...]) -> list[results.Gap]:
    return [leaf for g in way for leaf in (_flat_derived(g.because) if g.because else [g])]


def _given(names: list[str], lang: str) -> list[str]:
    """Facts to give, those whose names share a head ('Post-contact survey: …') under it once."""
    if not names:
        return []
    t = labels(lang)
    heads = {n.split(":", 1)[0] if ":" in n else n.split("：", 1)[0] if "：" in n else None for n in names}
    head = next(iter(heads)) if len(heads) == 1 and len(names) > 1 else None
    if head is not None and head != names[0]:
        rest = [n[len(head) + 1:].strip() for n in names]
        return [f"{head}: {t['list_sep'].join(rest)}: {t['gap_give']}"]
    return [f"{t['list_sep'].join(names)}: {t['gap_give']}"]


def _same(a: str, b: str) -> bool:
    """Whether a fact's name says what a requirement's title says (a yes/no fact named after its requirement)."""
    x, y = a.casefold().strip(" .。"), b.casefold().strip(" .。")
    return x == y or x.endswith(y) or y.endswith(x) or difflib.SequenceMatcher(None, x, y).ratio() >= 0.8


def gaps(r: results.PackResult, lang: str) -> Gaps:
    """The gap of one result, from its verdict: the next level's missing requirements (a ladder), the points lost
    (a score) or the nonconformities."""
    t = labels(lang)
    if r.ladder:
        blocking = list(r.next_level.missing) if r.next_level is not None else []
        if r.next_level is None:
            headline = t["head_top"]
        else:
            name = r.next_level.name.get(lang) if r.next_level.name else ""
            headline = t["head_next"].format(n=len(blocking), level=r.next_level.level, name=name)
    elif r.score is not None:
        blocking = [results.Missing.of(f) for f in r.findings if f.points is not None and f.points < 0]
        lost = -sum(m.points or 0 for m in blocking)
        line = r.score.pass_threshold
        passes = t[f"passes_{r.score.pass_rule}"].format(x=number(line))
        if not r.passed:
            headline = t["head_points_fail"].format(
                n=_points_needed(r.score.total, line, r.score.pass_rule), total=number(r.score.total), passes=passes)
        elif lost:
            headline = t["head_points_pass"].format(n=number(round(r.score.total - line, 4)))
        else:
            headline = t["head_points_none"]
    else:
        blocking = list(r.nonconformities)
        key = "head_conformity_fail" if not r.passed else "head_conformity_open" if blocking else \
            "head_conformity_none"
        headline = t[key].format(n=len(blocking))
    steps = {rule: i for i, a in enumerate(r.actions, 1) for rule in a.rules}
    titles = {n.id: n.title.get(lang) for n in r.item_nodes}
    rows = [_row(m, steps, titles, lang) for m in blocking]
    supply: set[str] = set()
    instead: dict[str, None] = {}  # in order, once each
    for m in blocking:
        if m.met is not None:
            continue
        values = m.finding.values if m.finding is not None else {}
        for fact in m.lacking:
            why = values.get(f"?{fact}")
            if isinstance(why, results.Unknown):  # no benchmark for the industry: say what to give instead
                instead.setdefault(why.why.get(lang), None)
            else:
                supply.add(fact)
    return Gaps(headline, tuple(x for x in rows if x.met is False), tuple(x for x in rows if x.met is not False),
                tuple(sorted(supply)), tuple(instead))


def _points_needed(total: float, line: float, rule: str) -> str:
    """Points still needed to pass: up to the line (`at_least`), or the next whole point beyond it (`above`)."""
    short = line - total
    if rule == "at_least":
        return number(round(short, 4))
    return number(math.floor(short + 1e-9) + 1)


def _row(m: results.Missing, steps: dict[str, int], titles: dict[str, str], lang: str) -> GapRow:
    finding = m.finding
    why = m.why_not
    item = titles.get(finding.item, "") if finding is not None else ""
    params: dict[str, str] = {}
    if why is not None and why.closest:
        text = way_text(why.closest, lang, item)
        others = tuple(way_text(w, lang) for w in why.alternatives)
        for gap in _flat_derived(why.closest):
            p = gap.parameter
            if p is not None:
                params[p.name] = labels(lang)["gap_parameter"].format(name=p.name, value=value(p.value, lang),
                                                                      reference=p.reference)
    elif finding is not None and finding.explanation is not None:
        text, others = finding.explanation.get(lang), ()
    else:
        text, others = reason(m, lang), ()
    if m.met is None and m.lacking:
        text = labels(lang)["lacking"].format(facts=", ".join(m.lacking))
    return GapRow(m.id, m.clause, item, text, steps.get(m.id), m.met, m.points, m.severity, others,
                  tuple(params.values()))
