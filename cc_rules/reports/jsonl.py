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
import json
import math
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
    per rule, outcome and points (`_Pieces`), and each fact as `"name":value` (`_fact_text`, once per record),
    joined in the sorted order of the rule's facts (`Assessment.shown`). A shortfall given its facts another way
    (made by hand, replaced) is written as data. None, for the whole record to be written as data, when the
    record's other keys hold its own."""
    if "shortfalls" in fields or "tally" in fields:
        return None
    mets = list(map(_MET, found))
    infos = list(map(_INFO, found))
    texts: list[str] = []
    add = texts.append
    assessed: object = _NONE_YET
    shown: dict[str, object] = {}
    sorted_reads: dict[str, tuple[str, ...]] = {}
    made: dict[str, str] = {}  # each fact's `"name":value` in this record
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
            shown, sorted_reads, made = by.shown(), by.sorted_reads(), {}
        facts = []
        for name in sorted_reads.get(info.rule, ()):
            text = made.get(name)
            if text is None:
                text = made[name] = _fact_text(name, shown.get(name))
            facts.append(text)
        add(pieces.open + ",".join(facts) + pieces.close)
    before = {k: v for k, v in fields.items() if k < "shortfalls"}
    after = {k: v for k, v in fields.items() if k > "shortfalls"}
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


def _fact_text(name: str, value: object) -> str:
    """`"name":value` as `json.dumps` writes it (and so `jsontext.line`): the standard library's own string
    escaping and number forms; anything but a text, a whole number, a finite float, a boolean, null or a list of
    texts through `jsontext.line`."""
    kind = type(value)
    if kind is str:
        text = _escaped(value)  # type: ignore[arg-type]
    elif kind is bool or value is None:
        text = "true" if value is True else "false" if value is False else "null"
    elif kind is int:
        text = int.__repr__(value)
    elif kind is float and math.isfinite(value):  # type: ignore[arg-type]
        text = float.__repr__(value)
    elif kind is list and all(type(item) is str for item in value):  # type: ignore[attr-defined]
        text = "[" + ",".join(map(_escaped, value)) + "]"  # type: ignore[call-overload]
    else:
        return jsontext.line({name: value})[1:-1]
    return _escaped(name) + ":" + text


_escaped = json.encoder.encode_basestring  # what json.dumps(ensure_ascii=False) writes a str as


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
