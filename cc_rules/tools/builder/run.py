"""`cc-rules evidence build`: facts computed from a centre's own data, each citing file, rows and formula.

SOURCES.yaml (`sources`) names the files; `files` guards and prepares each one; `formulas` loads it into DuckDB,
counts the bad rows per reason and computes the facts; this module puts them together: the bad-row report, the
share of bad rows each source may have, the merge with hand-written evidence (a conflict is an error naming both),
and the evidence file itself.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml

from cc_rules.base import errors, i18n
from cc_rules.model import evidence
from cc_rules.tools.builder import files, formulas, kinds, sources

# The parameters each fact depends on: named with their value and reference in the fact's source.
FACT_PARAMETERS = {
    "contacts.voice.short_abandoned": ("short_abandon_seconds",),
    "ops.service_level_pct": ("service_level_seconds", "service_level_denominator", "short_abandon_seconds"),
    "business.first_contact_resolution_pct": ("fcr_window_days",),
    "forecasting.validated_months": ("tolerance_pct",),
    **{f"satisfaction.survey.{c}": ("labels",) for c in kinds.SURVEY_CATEGORIES},
    **{f"staffing.{f}": ("roles",) for f in kinds.ROLES.values()},
}


@dataclasses.dataclass(frozen=True)
class Built:
    """What a build gives: the evidence file's text, each source as loaded (for the report) and the problems that
    fail the build (too many bad rows); the text is still made so the report can be read."""

    text: str
    loaded: tuple[formulas.Loaded, ...]
    facts: tuple[formulas.Fact, ...]
    failures: tuple[errors.Problem, ...]
    max_bad_pct: float


def build(path: str | Path, lang: str = "en") -> Built:
    """Read SOURCES.yaml at `path`, compute every fact its sources allow, merge the hand-written evidence."""
    spec = sources.load(path)
    _one_source_per_kind(spec)
    with tempfile.TemporaryDirectory(prefix="cc-rules-build-") as workdir:
        con = formulas.connect(workdir)
        try:
            loaded = []
            for n, source in enumerate(spec.sources):
                prepared = [files.prepare(f, shown, source.encoding, source.sheet, Path(workdir), n * 1000 + i)
                            for i, (f, shown) in enumerate(zip(source.files, source.shown, strict=True))]
                loaded.append(formulas.load(con, source, prepared, spec.start, spec.end))
            facts = _facts(con, spec, {item.source.kind: item for item in loaded})
        finally:
            con.close()
    failures = tuple(_too_many_bad(item, spec) for item in loaded
                     if item.rows and 100.0 * item.bad_rows / item.rows > spec.bad_rows_max_pct)
    by_kind = {item.source.kind: item for item in loaded}
    text = render(spec, facts, by_kind, _merged(spec, facts, by_kind, lang), lang)
    return Built(text, tuple(loaded), tuple(facts), failures, spec.bad_rows_max_pct)


def _one_source_per_kind(spec: sources.Sources) -> None:
    seen: dict[str, sources.Source] = {}
    for source in spec.sources:
        if source.kind in seen:
            raise errors.InputError([errors.Problem.of(
                "builder.duplicate-kind", file=spec.file, line=source.line, path=source.path, kind=source.kind,
                first=seen[source.kind].line or 0)])
        seen[source.kind] = source


def _facts(con: Any, spec: sources.Sources, by_kind: dict[str, formulas.Loaded]) -> list[formulas.Fact]:
    out: list[formulas.Fact] = []
    with_chat = "chat" in by_kind
    voice = None
    if "cdr" in by_kind:
        cdr = by_kind["cdr"].source
        out.extend(formulas.cdr_facts(con, cdr))
        voice = next(int(f.value) for f in out if f.name == "contacts.voice.offered")  # type: ignore[arg-type]
        fcr = formulas.fcr_fact(con, cdr, with_chat)
        if fcr is not None:
            out.append(fcr)
    channels = formulas.channel_fact(con, voice, with_chat)
    if channels is not None:
        out.append(channels)
    if "survey" in by_kind:
        out.extend(formulas.survey_facts(con))
    if "roster" in by_kind:
        out.extend(formulas.roster_facts(con, spec.end))
    if "forecast" in by_kind:
        out.extend(formulas.forecast_facts(con, by_kind["forecast"].source))
    if "qa" in by_kind:
        out.extend(formulas.qa_facts(con))
    if "knowledge" in by_kind:
        out.extend(formulas.knowledge_facts(con, spec.end))
    return sorted(out, key=lambda f: f.name)


def _too_many_bad(item: formulas.Loaded, spec: sources.Sources) -> errors.Problem:
    share = 100.0 * item.bad_rows / item.rows
    worst = max(item.bad, key=lambda c: c.count)
    return errors.Problem.of(
        "builder.too-many-bad", file=spec.file, line=item.source.line, path=item.source.path, code="bad-rows",
        kind=item.source.kind, bad=f"{item.bad_rows:,}", rows=f"{item.rows:,}", share=f"{share:.2f}",
        limit=_number(spec.bad_rows_max_pct), count=f"{worst.count:,}",
        reason=_Local(lambda lang: i18n.message(f"builder.reason-{worst.reason}", lang)),
        first=_Local(lambda lang: ", ".join(i18n.message("builder.at-row", lang, file=f, row=r)
                                            for f, r in worst.first)))


class _Local:
    """Words filled into a message in the message's language (`{reason:zh}`), so one problem renders in both."""

    def __init__(self, text: Callable[[str], str]) -> None:
        self.text = text

    def __format__(self, lang: str) -> str:
        return self.text(lang or "en")

    def __repr__(self) -> str:
        return self.text("en")


def citation(items: Sequence[formulas.Loaded], lang: str) -> str:
    """Where a fact comes from: each file with its row range, then the rows used, bad and left out."""
    parts = []
    for item in items:
        ranges = "; ".join(i18n.message("builder.file-rows", lang, file=f.shown, first=f.first, last=f"{f.last_row:,}")
                           if f.records + len(f.rejected) else i18n.message("builder.file-empty", lang, file=f.shown)
                           for f in item.files)
        parts.append(i18n.message("builder.cite", lang, files=ranges, rows=f"{item.rows:,}", valid=f"{item.valid:,}",
                                  bad=f"{item.bad_rows:,}", left_out=f"{item.left_out:,}"))
    return " + ".join(parts)


def fact_source(fact: formulas.Fact, by_kind: dict[str, formulas.Loaded], lang: str) -> str:
    """The `source` a computed fact carries: the citation, the formula with its numbers, the parameters."""
    items = [by_kind[k] for k in fact.kinds if k in by_kind]
    numbers = {k: (f"{v:,}" if isinstance(v, int) and not isinstance(v, bool) else v) for k, v in fact.numbers}
    text = citation(items, lang) + i18n.message("builder.then", lang) + i18n.message(fact.formula, lang, **numbers)
    owner = items[0].source if items else None
    notes = []
    for name in FACT_PARAMETERS.get(fact.name, ()):
        if owner is None:
            continue
        try:
            param = owner.param(name)
        except KeyError:
            continue
        value = param.value if not isinstance(param.value, dict) else "…"
        why = param.reference or (i18n.message("builder.interpretation", lang, text=param.interpretation)
                                  if param.interpretation else i18n.message("builder.default", lang))
        notes.append(i18n.message("builder.parameter", lang, name=name, value=value, why=why))
    if notes:
        text += " [" + "; ".join(notes) + "]"
    return text


def _merged(spec: sources.Sources, facts: Sequence[formulas.Fact], by_kind: dict[str, formulas.Loaded],
            lang: str) -> list[evidence.Evidence]:
    """The hand-written evidence files, each checked against the computed facts and the files before it."""
    computed = {f.name: f for f in facts}
    merged: list[evidence.Evidence] = []
    seen: dict[str, evidence.FactValue] = {}
    problems = []
    for target, _name in spec.merge:
        ev = evidence.load(target)
        for fact in _hand_written(ev):
            if fact.name in computed:
                problems.append(errors.Problem.of(
                    "builder.conflict", file=fact.file, line=fact.line, path=fact.path, code="conflict",
                    name=fact.name, source=fact_source(computed[fact.name], by_kind, "en")[:300],
                    sources=spec.file))
            elif fact.name in seen:
                first = seen[fact.name]
                problems.append(errors.Problem.of(
                    "builder.conflict-merged", file=fact.file, line=fact.line, path=fact.path, code="conflict",
                    name=fact.name, first=f"{first.file}:{first.line}"))
            else:
                seen[fact.name] = fact
        merged.append(ev)
    if problems:
        raise errors.InputError(problems)
    return merged


def _hand_written(ev: evidence.Evidence) -> list[evidence.FactValue]:
    return [f for f in ev.facts if not f.name.startswith(("organization.", "review."))]


def render(spec: sources.Sources, facts: Sequence[formulas.Fact], by_kind: dict[str, formulas.Loaded],
           merged: Sequence[evidence.Evidence], lang: str) -> str:
    """The evidence file: organization and assessment from SOURCES.yaml, every computed fact as
    `{value, source, date}`, and the hand-written facts as they were written (with their source and date); only
    facts are merged (reviews, benchmarks and reviewers stay in the hand-written file)."""
    date = spec.end
    doc: dict[str, Any] = {"format": "cc-rules/evidence@1"}
    if spec.packs is not None:
        doc["packs"] = list(spec.packs)
    doc["organization"] = dict(spec.organization)
    assessment: dict[str, Any] = {"date": spec.assessment_date, "mode": spec.mode}
    doc["assessment"] = assessment
    out: dict[str, Any] = {}
    for fact in facts:
        value = list(fact.value) if isinstance(fact.value, tuple) else fact.value
        out[fact.name] = {"value": value, "source": fact_source(fact, by_kind, lang), "date": date}
    for ev in merged:
        for hand in _hand_written(ev):
            written: Any = list(hand.value) if isinstance(hand.value, tuple) else hand.value
            entry: dict[str, Any] = {"value": written}
            if hand.source:
                entry["source"] = hand.source
            if hand.date:
                entry["date"] = dt.date.fromisoformat(hand.date)
            out[hand.name] = entry if len(entry) > 1 else written
    doc["facts"] = dict(sorted(out.items()))
    header = i18n.message("builder.header", lang, sources=Path(spec.file).name)
    body = yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100000,
                     default_flow_style=False)
    return header + "\n" + body


class _Dumper(yaml.SafeDumper):
    """The safe dumper without anchors: every fact carries its own date, as a person would write it."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def report(built: Built, lang: str) -> str:
    """The build report: per source, files and rows, then each reason with its count and first rows."""
    lines = []
    for item in built.loaded:
        share = 100.0 * item.bad_rows / item.rows if item.rows else 0.0
        lines.append(i18n.message("builder.report-source", lang, kind=item.source.kind, files=len(item.files),
                                  rows=f"{item.rows:,}", valid=f"{item.valid:,}", bad=f"{item.bad_rows:,}",
                                  share=f"{share:.2f}", left_out=f"{item.left_out:,}"))
        for count in (*item.bad, *item.excluded):
            first = ", ".join(i18n.message("builder.at-row", lang, file=f, row=r) for f, r in count.first)
            lines.append(i18n.message("builder.report-reason", lang, reason=i18n.message(
                f"builder.reason-{count.reason}", lang), count=f"{count.count:,}", first=first))
    lines.append(i18n.message("builder.report-facts", lang, n=len(built.facts)))
    return "\n".join(lines) + "\n"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
