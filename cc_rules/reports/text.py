"""Plain text for terminals and logs: fits 100 columns (CJK counted double); colour only when asked (a TTY).

Every label comes from the catalogue (`messages/reports.yaml`, keys `text_*` and the shared ones).
"""

from __future__ import annotations

from collections import Counter

import click

from cc_rules import results
from cc_rules.reports import templating, textwidth
from cc_rules.reports.base import Frame, Incremental, Options, Part, provenance_lines, whole

WIDTH = 100


def render(report: results.Report, options: Options) -> str:
    """The report as text, or with `gates_only` the gate verdicts of `check` (one line per evidence × pack × gate,
    then what blocks each missed gate)."""
    return whole(incremental(options), report)


def incremental(options: Options) -> Incremental:
    """The text report written as the files are assessed (`base.Incremental`)."""
    return _Gates(options) if options.gates_only else _Report(options)


class _Report:
    """Each file's verdicts, gap and roadmap as it is assessed; a report of several files opens with the overview
    (one line per file and pack, the heads), so only its opening waits for the last file."""

    direct = False

    def __init__(self, options: Options) -> None:
        self.options = options
        self.count = 0
        self.pending = ""  # the whitespace ending what was written so far: the report ends on its last character
        self.first_head = ""

    def add(self, assessment: results.AssessmentResult) -> Part:
        options = self.options
        t = templating.labels(options.lang)
        self.count += 1
        out: list[str] = []
        org = dict(assessment.organization)
        mode = t.get(f"mode_{assessment.mode}", assessment.mode)
        out.append(_style(f"{assessment.file} — {org.get('name', '')}{t['p_open']}{assessment.date}{t['p_comma']}"
                          f"{mode}{t['p_close']}",
                          options.color, bold=True))
        if len(assessment.results) > 1:
            out.extend(_overview(assessment.results, options.lang, options.color))
        for result in assessment.results:
            out.extend(_result(result, options.lang, options.color, options.verbose, assessment.date))
        if assessment.other_pack_facts:
            facts = assessment.other_pack_facts
            listed = ", ".join(facts[:6]) + (", …" if len(facts) > 6 else "")
            out.append("  " + t["head_other_packs"].format(n=len(facts), facts=listed))
        out.append("")
        body = self.pending + "".join(_fit(line) + "\n" for line in out)
        kept = body.rstrip()
        self.pending = body[len(kept):]
        rows = _files_overview(results.Report((assessment,)), options.lang)[1:-1]  # this file's overview lines
        head = "".join(_fit(line) + "\n" for line in rows)
        if self.count == 1:  # a report of one file has no overview: the first file's lines wait for a second
            self.first_head, head = head, ""
        elif self.count == 2:
            head = self.first_head + head
        return Part(kept, head)

    def fail(self, failure: results.InputFailure) -> None:
        """A bad file's error goes to stderr, not into the text report."""

    def frame(self) -> Frame:
        if self.count < 2:
            return Frame(closing="\n")
        return Frame(opening=_fit(f"{templating.labels(self.options.lang)['overview_table']}:") + "\n",
                     middle="\n", closing="\n")


class _Gates:
    """One line per gate verdict as each file is assessed (`_gates`); the bad files and the summary at the end."""

    direct = True

    def __init__(self, options: Options) -> None:
        self.options = options
        self.met = self.missed = 0
        self.failures: list[results.InputFailure] = []  # one per bad file, for the closing lines

    def add(self, assessment: results.AssessmentResult) -> Part:
        lines, met, missed = _gate_lines(assessment, self.options.lang, self.options.color)
        self.met, self.missed = self.met + met, self.missed + missed
        return Part("".join(_fit(line) + "\n" for line in lines))

    def fail(self, failure: results.InputFailure) -> None:
        self.failures.append(failure)

    def frame(self) -> Frame:
        t = templating.labels(self.options.lang)
        mark = _style(t["text_input_error"], self.options.color, fg="red", bold=True)
        out = [f"{mark} {f.message.get(self.options.lang)}" for f in self.failures]  # the message names the file
        out.append(t["text_gates_summary"].format(n=self.met + self.missed, passed=self.met, failed=self.missed,
                                                  errors=max(self.options.errors, len(self.failures))))
        return Frame(closing="".join(_fit(line) + "\n" for line in out))


def _gate_lines(assessment: results.AssessmentResult, lang: str, color: bool) -> tuple[list[str], int, int]:
    """One line per gate verdict of a file (a gate other than the pack's own verdict shows that verdict beside it: a
    score at a pack's pass line meets `--min-score` while the pack does not pass), then what blocks each missed
    gate; and the gates met and missed. The summary that follows them all reads `N checks, P passed, F failed, E
    errors` (E: evidence files that could not be assessed)."""
    t = templating.labels(lang)
    out: list[str] = []
    met = missed = 0
    for result in assessment.results:
        for verdict in result.gates:
            met, missed = (met + 1, missed) if verdict.met else (met, missed + 1)
            mark = _style(t["text_passed"] if verdict.met else t["text_failed"], color,
                          fg="green" if verdict.met else "red", bold=True)
            pack = "" if verdict.gate == "passed" else "  " + t["text_gate_pack"].format(
                verdict=t["verdict_passed" if result.passed else "verdict_failed"])
            out.append(f"{mark} {assessment.file} {result.pack_id} {verdict.gate}: "
                       f"{templating.gate_text(verdict, lang)}{pack}")
            out.extend(f"    - {m.id} ({m.clause}): {templating.reason(m, lang)}" for m in verdict.blocking)
        out.extend("    " + t["text_waived"].format(target=w.target, expires=w.expires,
                                                    justification=w.justification) for w in result.waived)
    return out, met, missed


def _overview(found: tuple[results.PackResult, ...], lang: str, color: bool) -> list[str]:
    """One line per pack, before the details: the headline of each standard's result."""
    t = templating.labels(lang)
    lines = [f"  {t['text_overview']}:"]
    width = max(len(r.pack_id) for r in found)
    for r in found:
        verdict = _style(t["text_passed"] if r.passed else t["text_failed"], color, fg="green" if r.passed else "red")
        if r.ladder:
            name = r.level_name.get(lang) if r.level_name else t["overview_no_level"]
            headline = t["overview_level"].format(level=r.level, name=name)
        elif r.score is not None:
            headline = t["overview_score"].format(total=f"{r.score.total:g}")
            if r.grade:
                headline += " " + t["overview_grade"].format(grade=r.grade)
        else:
            counts = Counter(m.severity for m in r.nonconformities)
            parts = ", ".join(f"{t[f'severity_{sev}']} {n}" for sev, n in sorted(counts.items()))
            headline = t["overview_conformity"].format(n=len(r.nonconformities), parts=parts or "0")
        lines.append(f"    {r.pack_id:<{width}}  {headline}  [{verdict}]")
    return lines


def _files_overview(report: results.Report, lang: str) -> list[str]:
    """A report of several files opens with one line per file and pack: centre, pack, level or score, grade,
    verdict, top gap."""
    t = templating.labels(lang)
    lines = [f"{t['overview_table']}:"]
    for row in templating.overview(report, lang):
        grade = f" {row['grade']}" if row["grade"] else ""
        lines.append(f"  {row['centre']} · {row['pack']} · {row['result']}{grade} [{row['passed']}]"
                     + (f" — {row['gap']}" if row["gap"] else ""))
    lines.append("")
    return lines


def _fit(line: str) -> str:
    return textwidth.fit(line, WIDTH, 6)


def _style(text: str, color: bool, **styles: object) -> str:
    return click.style(text, **styles) if color else text  # type: ignore[arg-type]


def _state(met: bool | None, t: dict[str, str], color: bool = False) -> str:
    if met is True:
        return _style(t["text_met"], color, fg="green")
    if met is False:
        return _style(t["text_unmet"], color, fg="red")
    return _style(t["text_unk"], color, fg="yellow")


ROADMAP_LINES = 20  # steps shown by default; --verbose shows every one
UNKNOWN_LISTED = 8  # facts not evidenced listed by name; more are counted (the JSON report lists them all)
GAP_LINES = 20  # findings in the way shown by default (most points first); --verbose shows every one


def _result(r: results.PackResult, lang: str, color: bool = False, verbose: bool = False,
            date: str | None = None) -> list[str]:
    """The verdict, then the gap (each finding in the way on one line, found → needed), the evidence to supply,
    the roadmap, and the met findings folded away (`verbose` lists them). The as-of date is shown when it is not
    the assessment's `date` (already on the file's line)."""
    t = templating.labels(lang)
    as_of = "" if r.as_of == date else f"{t['p_comma']}{t['text_as_of']} {r.as_of}"
    lines = [f"  {t['text_pack']} {r.pack_id} — {r.pack_title.get(lang)}{t['p_open']}{t['text_edition']} {r.edition}"
             f"{as_of}{t['p_close']}"]
    verdict = _style(t["text_passed"] if r.passed else t["text_failed"], color, fg="green" if r.passed else "red",
                     bold=True)
    if r.ladder:
        name = f" {r.level_name.get(lang)}" if r.level_name else ""
        lines.append(f"  {t['text_level']}{t['p_colon']}{r.level}{name}  [{verdict}]")
        lines.append("    " + "  ".join(f"{'■' if s.awarded else '□'}{s.level} {s.name.get(lang)} {s.met}/{s.total}"
                                        for s in r.ladder))
    if r.score is not None:
        dims = "  ".join(f"{r.score.title(k).get(lang)} {v:g}" for k, v in r.score.dimensions)
        grade = f"{t['p_comma']}{t['text_grade']} {r.grade}" if r.grade else ""
        passes = t[f"passes_{r.score.pass_rule}"].format(x=f"{r.score.pass_threshold:g}")
        lines.append(f"  {t['text_score']}{t['p_colon']}{r.score.total:g}{t['p_open']}{passes}{t['p_close']} "
                     f"[{verdict}]{grade}")
        lines.append(f"    {dims}")
        if r.retest is not None and r.retest.open:
            lines.append(f"    {t['text_retest']} {r.retest.until}")
    if not r.ladder and r.score is None:
        lines.append(f"  {t['nonconformities']}{t['p_colon']}{len(r.nonconformities)}  [{verdict}]")
    gap = templating.gaps(r, lang)
    lines.append(f"  {_style(gap.headline, color, bold=True)}")
    for row in gap.rows if verbose else gap.rows[:GAP_LINES]:
        sev = f"[{t[f'severity_{row.severity}']}] " if row.severity else ""
        lines.append(f"    - {sev}{row.line(lang)}")
        if verbose:
            lines.extend(f"        {b}" for b in row.basis)
    if not verbose and len(gap.rows) > GAP_LINES:
        lines.append("    " + t["gap_more"].format(n=len(gap.rows) - GAP_LINES))
    if gap.unknown:
        lines.append(f"  {t['head_unknown'].format(n=len(gap.unknown))}")
        if gap.supply:
            lines.append("    " + _names(gap.supply))
        lines.extend(f"    {how}" for how in gap.instead)
    if r.unknown and len(r.unknown) <= UNKNOWN_LISTED:
        lines.append(f"  {t['text_unknown']}{t['p_colon']}" + _names(r.unknown))
    elif r.unknown:
        lines.append(f"  {t['text_unknown_many'].format(n=len(r.unknown))}")
    if r.actions:
        lines.extend(_roadmap(r, lang, verbose))
    if r.coverage is not None:
        tiers = ", ".join(f"{e}/{o}" for e, o in zip(r.coverage.encoded, r.coverage.official, strict=False))
        n = len(r.coverage.official)
        line = t["text_coverage_line"].format(e=r.coverage.encoded[-1], o=r.coverage.official[-1], n=n, tiers=tiers)
        lines.append(f"  {t['text_coverage']}{t['p_colon']}{line}")
    lines.extend(f"  {line}" for line in provenance_lines(r.provenance, lang))  # after the gap: what is the standard's
    shown = {row.rule for row in (*gap.rows, *gap.unknown)}
    rest = [f for f in r.findings if f.listed and f.rule not in shown]
    if verbose:
        lines.append(f"  {t['text_findings']}:")
        for f in (f for f in r.findings if f.listed):  # every finding, with its explanation
            pts = f" {f.points:+g}" if f.points else ""
            lvl = f" {t['gain_level'].format(n=f.level)}" if f.level else ""
            lines.append(f"    [{_state(f.met, t, color)}]{lvl}{pts} {f.rule}{t['p_open']}{f.clause}{t['p_comma']}"
                         f"{t['provenance_' + f.provenance]}{t['p_close']}")
            if f.explanation and f.met is not True:
                lines.append(f"        {f.explanation.get(lang)}")
            if f.reference:
                lines.append(f"        {t['basis_reference'].format(reference=f.reference)}")
    elif rest:
        met = sum(1 for f in rest if f.met is True)
        lines.append(f"  {t['head_folded'].format(met=met, other=len(rest) - met)}")
    return lines


def _names(names: tuple[str, ...]) -> str:
    """Fact names, those sharing all but their last part once: 'survey.{neutral, satisfied}'."""
    groups: dict[str, list[str]] = {}
    for name in names:
        head, _, last = name.rpartition(".")
        groups.setdefault(head, []).append(last)
    out = []
    for head, lasts in groups.items():
        if len(lasts) > 1 and head:
            out.append(f"{head}.{{{', '.join(lasts)}}}")
        else:
            out.extend(f"{head}.{last}" if head else last for last in lasts)
    return ", ".join(out)


def _roadmap(r: results.PackResult, lang: str, verbose: bool) -> list[str]:
    """The roadmap: per-level totals (a ladder), then the steps with the score, level or nonconformities they lead
    to, the step reaching the pass line or the next level marked; effort in a column (`~N`, the header says it
    is an estimate in person-weeks)."""
    t = templating.labels(lang)
    lines = [f"  {t['text_road_header']}"]
    shown = r.actions if verbose else r.actions[:ROADMAP_LINES]
    if r.ladder and not verbose and r.next_level is not None:
        shown = tuple(a for a in r.actions if a.level == r.next_level.level)[:ROADMAP_LINES] or shown
    elif not verbose:  # up to the step that passes, when one does
        reach = next((i for i, a in enumerate(shown, 1) if a.reaches), None)
        shown = shown[:reach] if reach else shown
    totals: dict[int, str] = {}  # a ladder's steps sit under their level's totals ("Level 4: 18 requirements…")
    later: list[str] = []  # levels none of whose steps are shown: their totals on one line ("Then: level 5 …")
    if r.ladder:
        by_level: dict[int, list[results.ActionRec]] = {}
        for a in r.actions:
            by_level.setdefault(a.level or 0, []).append(a)
        missing = {s.level: s.total - s.met for s in r.ladder}
        for level, acts in sorted(by_level.items()):
            n, effort = missing.get(level, len(acts)), templating.number(sum(a.effort for a in acts))
            if verbose or any(a in shown for a in acts):
                totals[level] = "    " + t["road_level"].format(level=level, n=n, effort=effort)
            else:
                later.append(t["road_later_level"].format(level=level, n=n, effort=effort))
    for i, a in enumerate(r.actions, 1):
        if a.level in totals and (a in shown or not verbose):
            lines.append(totals.pop(a.level))
        if a not in shown:
            continue
        cells = templating.step_text(a, lang)
        after = f" {cells['after']}" if cells["after"] else ""
        mark = f" {cells['mark']}" if cells["mark"] else ""
        effort = f"~{templating.number(a.effort)}"
        gain = "" if r.ladder else f"{cells['gain']:>4} "
        lines.append(f"    {i:>2}. {gain}{effort:>3}  {a.title.get(lang)}{after}{mark}")
    lines.extend(totals.values())
    if later:
        lines.append("    " + t["road_later"].format(levels=t["basis_sep"].join(later)))
    hidden = len(r.actions) - len(shown)
    if hidden > 0:
        lines.append("    " + t["road_more"].format(n=hidden))
    return lines
