"""JSON Lines for studying many centres: one compact record per evidence file × pack, written as each file is
assessed (`cc-rules/record@1`, schemas/record.schema.json).

A record is what a table of centres needs and no more: the evidence file, organisation and assessment date, every
verdict key of that pack's result in the JSON report with the same value (`pack`, `model`, `level`, `passed`,
`grade`, `score`, `next_level`, `nonconformities`, `gates`, `unknown`, `coverage`, `retest`, the roadmap `actions`,
…), the findings that are shortfalls (not met, not evidenced, a warning raised) as `rule`, `clause`, `item`, `kind`,
`met`, `points`, `level`, `dimension` and the facts they read with their values, and a `tally` of every finding.
The explanations, why-nots and item tree of the JSON report are left to `--format json`: they are most of its
bytes and of the time it takes to write. A file that could not be assessed is one `error` record. Keys are sorted
and there are no timestamps, so the same input gives the same bytes.
"""

from __future__ import annotations

import dataclasses
import itertools
import operator
from collections.abc import Callable, Iterator
from typing import Any

from cc_rules import results
from cc_rules.assess import findings as findings_
from cc_rules.base import jsontext
from cc_rules.reports.base import Options

FORMAT = "cc-rules/record@1"
LEFT_OUT = results.DETAIL  # keys of the JSON report's result a record does not carry


def records(assessed: results.AssessmentResult) -> Iterator[str]:
    """The lines of one evidence file's assessment, one per pack (each with its newline)."""
    # The JSON report's entry of the file and each result without its findings and item tree (the costly keys), made
    # by the report's own code: every verdict key then has the JSON report's value, by construction.
    head, verdicts = results.verdicts(assessed)
    for result, verdict in zip(assessed.results, verdicts, strict=True):
        fields = {**head, **verdict, "format": FORMAT}
        spliced = _spliced(fields, result.findings)
        yield (spliced if spliced is not None else jsontext.line({**fields, **_findings(result.findings)})) + "\n"


def _spliced(fields: dict[str, Any], found: tuple[results.Finding, ...]) -> str | None:
    """The record's line with its shortfalls written from pieces of JSON text made once, byte for byte what
    `jsontext.line` writes for the whole record (keys sorted, the same numbers): a shortfall's text but its facts,
    per rule, outcome and points (`_Pieces`), and each fact as `"name":value`, per fact and value (`_FACT_TEXT`),
    joined in the sorted order of the rule's facts. None, for the whole record to be written as data, when a
    shortfall is not one of a single assessment's findings (`Assessment.reader`) or a piece could not be made."""
    mets = list(map(_MET, found))
    infos = list(map(_INFO, found))
    texts: list[str] = []
    add = texts.append
    assessed: object = _NONE_YET
    shown: dict[str, object] = {}
    sorted_reads: dict[str, tuple[str, ...]] = {}
    cached = _FACT_TEXT.get
    for f, info, met in itertools.compress(zip(found, infos, mets, strict=True),
                                           map(operator.contains, map(_PROBLEM_ON, infos), mets)):
        state = f.__dict__
        by = state.get("_assessed")
        pieces = _pieces(info, met, f.points)
        if pieces is None or "_because" in state or type(by) is not findings_.Assessment:
            add(jsontext.line(_shortfall(f, info, met, None)))  # given its facts another way: as data
            continue
        if by is not assessed:
            assessed = by
            shown, sorted_reads = by.shown(), by.sorted_reads()
        facts = []
        for name in sorted_reads.get(info.rule, ()):
            value = shown.get(name)
            kind = type(value)
            # by type too: 1, 1.0 and True are equal keys but three texts; so are 0.0 and -0.0 (not kept)
            key = (name, kind, value) if kind is not list else (name, list, _texts(value))  # type: ignore[arg-type]
            try:
                text = cached(key) if key[2] is not None or value is None else None
            except TypeError:  # not a value a fact has (unhashable): the record as data
                return None
            if text is None:
                text = _fact_text(key, name, value)
            facts.append(text)
        add(pieces.open + ",".join(facts) + pieces.close)
    before = {k: v for k, v in fields.items() if k < "shortfalls"}
    after = {k: v for k, v in fields.items() if k > "shortfalls"}
    if "shortfalls" in fields or "tally" in fields:
        return None
    after["tally"] = {"findings": len(found), "met": mets.count(True), "not_met": mets.count(False),
                      "not_evidenced": mets.count(None), "shortfalls": len(texts)}
    parts = [jsontext.line(before)[1:-1]] if before else []
    parts.append('"shortfalls":[' + ",".join(texts) + "]")
    parts.append(jsontext.line(after)[1:-1])
    return "{" + ",".join(parts) + "}"


_NONE_YET = object()


@dataclasses.dataclass(frozen=True)
class _Pieces:
    """A shortfall's JSON text around its facts: `open` ends with `"facts":{`, `close` starts with `}`."""

    open: str
    close: str


def _pieces(info: results.RuleInfo, met: bool | None, points: float | None) -> _Pieces | None:
    """Made once per rule, outcome and points, kept with the `RuleInfo` (prepared once per compiled pack)."""
    made: dict[tuple[bool | None, float | None], _Pieces | None] | None = info.__dict__.get("_pieces")
    if made is None:
        made = info.__dict__["_pieces"] = {}
    try:
        return made[(met, points)]
    except KeyError:
        pass
    text = jsontext.line({"rule": info.rule, "clause": info.clause, "item": info.item, "kind": info.kind,
                          "level": info.level, "dimension": info.dimension, "met": met,
                          "points": None if points is None else _num(points), "facts": {}})
    halves = text.split('"facts":{}')
    found = made[(met, points)] = _Pieces(halves[0] + '"facts":{', "}" + halves[1]) if len(halves) == 2 else None
    return found


def _texts(value: list[object]) -> tuple[str, ...] | None:
    """A list of texts as a key of `_FACT_TEXT`; None (not kept) for a list of anything else."""
    for item in value:
        if type(item) is not str:
            return None
    return tuple(value)  # type: ignore[arg-type]


_FACT_TEXT: dict[tuple[str, type, object], str] = {}  # (name, type, value) → `"name":value`
_FACT_TEXTS = 20_000  # kept at most; past that a fact's text is made each time


def _fact_text(key: tuple[str, type, object], name: str, value: object) -> str:
    """`"name":value` as `jsontext.line` writes it, kept unless the value is not a key (`_texts`) or is 0.0."""
    text = jsontext.line({name: value})[1:-1]
    if len(_FACT_TEXT) < _FACT_TEXTS and (key[2] is not None or value is None) and not (
            type(value) is float and value == 0):
        _FACT_TEXT[key] = text
    return text


def _findings(findings: tuple[results.Finding, ...]) -> dict[str, Any]:
    """`shortfalls` (the findings to fix, in the report's order) and `tally` (every finding by outcome).

    A shortfall's keys but its facts are its rule's and its outcome's, the same in every assessment: made once per
    rule, outcome and points (kept with the `RuleInfo`, prepared once per compiled pack) and copied. Its facts are
    read from the assessment the finding was made by (`Assessment.facts_read`) unless the finding was given its
    facts another way (made by hand, replaced, its `because` already read): then `results.facts_read`, which
    gives the same (what the JSON report's `because` says)."""
    mets = list(map(_MET, findings))
    infos = list(map(_INFO, findings))
    shortfalls: list[dict[str, Any]] = []
    add = shortfalls.append
    assessed: object = None
    read: Callable[[str], dict[str, object]] | None = None
    for f, info, met in itertools.compress(zip(findings, infos, mets, strict=True),
                                           map(operator.contains, map(_PROBLEM_ON, infos), mets)):
        by = f.__dict__.get("_assessed")
        if by is not assessed:
            assessed = by
            read = by.reader() if type(by) is findings_.Assessment else None
        out = _shortfall(f, info, met, read)
        add(out)
    return {"shortfalls": shortfalls,
            "tally": {"findings": len(findings), "met": mets.count(True), "not_met": mets.count(False),
                      "not_evidenced": mets.count(None), "shortfalls": len(shortfalls)}}


def _shortfall(f: results.Finding, info: results.RuleInfo, met: bool | None,
               read: Callable[[str], dict[str, object]] | None) -> dict[str, Any]:
    """One shortfall as data; its facts from `read` (its assessment's `reader`) unless it was given them."""
    points = f.points
    made: dict[tuple[bool | None, float | None], dict[str, Any]] | None = info.__dict__.get("_shortfalls")
    if made is None:
        made = info.__dict__["_shortfalls"] = {}
    fixed = made.get((met, points))
    if fixed is None:
        fixed = made[(met, points)] = {
            "rule": info.rule, "clause": info.clause, "item": info.item, "kind": info.kind, "level": info.level,
            "dimension": info.dimension, "met": met, "points": None if points is None else _num(points)}
    out = fixed.copy()
    out["facts"] = read(info.rule) if read is not None and "_because" not in f.__dict__ else results.facts_read(f)
    return out


_MET = operator.attrgetter("met")
_INFO = operator.attrgetter("info")
_PROBLEM_ON = operator.attrgetter("problem_on")


def _num(value: float) -> float | int:
    """Points as the JSON report writes them: rounded to 4 places, whole numbers as integers."""
    rounded = round(value, 4)
    return int(rounded) if float(rounded).is_integer() else rounded


def error_record(failure: results.InputFailure) -> str:
    """The line of an evidence file that could not be assessed."""
    entry = results.Report((), (failure,)).to_dict()["errors"][0]
    return jsontext.line({"format": FORMAT, "error": entry}) + "\n"


def render(report: results.Report, options: Options) -> str:
    return "".join([*(line for a in report.assessments for line in records(a)),
                    *(error_record(f) for f in report.failures)])
