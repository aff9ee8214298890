"""Values shown in reports are remembered per labels table (results._Memo) and explanations filled from frames made
once per template (results.Frame): what a report says must be what `format_value` says, whatever was shown before,
and one `to_dict` places the same dict wherever a shared object appears."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cc_rules import engine, model, results
from cc_rules.assess import pipeline as assessment

ROOT = Path(__file__).resolve().parents[2]

LABELS = (("quarterly", model.Text("每季度", "quarterly")), (True, model.Text("已开通", "enabled")),
          (1, model.Text("一级", "level one")))

# Values equal to each other (True == 1 == 1.0, -0.0 == 0.0, (True,) == (1,)) but shown differently.
TRICKY = [True, 1, 1.0, False, 0, 0.0, -0.0, 1e20, 10**20, 2.5, "1", "quarterly", "hourly", ("quarterly",),
          ("quarterly", "hourly"), (True,), (1,), (1.0,), ["quarterly"], [True], ("a", ["b"]), None]


@pytest.mark.parametrize("labels", [(), LABELS])
def test_remembered_values_are_shown_as_format_value_shows_them(labels: results.Labels) -> None:
    for _ in range(2):  # the second pass reads what the first remembered
        for first in TRICKY:
            for value in TRICKY:
                results.shown_both(first, labels)
                assert results.shown_both(value, labels) == (results.format_value(value, "zh", labels),
                                                             results.format_value(value, "en", labels)), value


def test_labelled_values_whatever_was_labelled_before() -> None:
    for _ in range(2):
        for value in TRICKY:
            shown = results.labelled(value, LABELS)
            if value in (True, 1, 1.0, "quarterly", ("quarterly",), ("quarterly", "hourly"), (True,), (1,), (1.0,),
                         ["quarterly"], [True]):
                assert shown == model.Text(results.format_value(value, "zh", LABELS),
                                           results.format_value(value, "en", LABELS)), value
            else:
                assert shown is None, value
    assert results.labelled(True, LABELS) == model.Text("已开通", "enabled")
    assert results.labelled(1, LABELS) == model.Text("一级", "level one")
    assert results.labelled(0, LABELS) is None


def test_frame_fills_each_hole_with_the_value_or_why_it_is_unknown() -> None:
    hole, other = results.Hole("f", LABELS), results.Hole("g")
    template = results.Template(("{literal} ", hole, " / ", other, " ", hole), (other, " then ", hole, " {x}"))
    frame = template.frame
    assert template.frame is frame  # made once per template
    assert [fact for fact, _, _ in frame.holes] == ["f", "g"]
    assert frame.fill({"f": "quarterly", "g": True}) == ("{literal} 每季度 / 是 每季度", "true then quarterly {x}")
    assert frame.fill({"f": 1.0, "g": 1.0}) == ("{literal} 一级 / 1 一级", "1 then level one {x}")
    why = results.Unknown(model.Text("没有行业基准", "no industry benchmark"))
    assert frame.fill({"g": -0.0, "?f": why}) == ("{literal} (没有行业基准) / -0 (没有行业基准)",
                                                   "-0 then (no industry benchmark) {x}")
    assert frame.fill({}) == ("{literal} (未提供证据) / (未提供证据) (未提供证据)",
                              "(not evidenced) then (not evidenced) {x}")


def test_one_dict_per_shared_because_and_why_not_in_one_report() -> None:
    because = results.Because("f", ("quarterly",), "evidence", "e.yaml", 3, "$.facts.f", LABELS)
    gap = results.Gap("f", "eq", None, "quarterly", labels=LABELS)
    info = results.RuleInfo("R1", "I1", "requirement", "1.1", "source", problem_on=(False, None))
    findings = tuple(results.Finding(info, False, None, because=(because,), why=lambda f: results.WhyNot((gap,)))
                     for _ in range(2))
    made = [results._finding(f, {}) for f in findings]  # each with its own call: dicts of their own
    seen: dict[int, tuple[object, object]] = {}
    shared = [results._finding(f, seen) for f in findings]
    assert made == shared
    assert made[0]["because"] == [{"fact": "f", "value": ["quarterly"], "source": "evidence", "file": "e.yaml",
                                   "line": 3, "path": "$.facts.f",
                                   "label": {"zh": "[每季度]", "en": "[quarterly]"}}]
    assert made[0]["because"][0] is not made[1]["because"][0]
    assert shared[0]["because"][0] is shared[1]["because"][0]
    assert shared[0]["why_not"] is not shared[1]["why_not"]  # each finding worked out its own why-not
    missing = results.Missing.of(findings[0])
    assert results._missing(missing, seen)["why_not"] is shared[0]["why_not"]


def test_facts_read_are_each_findings_because_in_every_assessment() -> None:
    """The names a rule reads are kept from the first assessment; each later finding's facts are still its own."""
    files = sorted((ROOT / "examples" / "corpus").glob("*.yaml"))[:6]
    evaluator = engine.get("plain")
    for round_ in range(2):
        for path in files:
            ev = assessment.load_evidence(str(path), today=dt.date(2025, 1, 1))
            for result in assessment.assess_evidence(ev, (), None, evaluator).results:
                for finding in result.findings:
                    read = results.facts_read(finding)
                    assert read == {b.fact: list(b.value) if isinstance(b.value, tuple) else b.value
                                    for b in finding.because}, (round_, path.name, finding.rule)
    info = results.RuleInfo("R1", "I1", "requirement", "1.1", "source")
    by_hand = results.Finding(info, False, None, because=(results.Because("f", ("a",)), results.Because("g", None)))
    assert results.facts_read(by_hand) == {"f": ["a"], "g": None}


def test_report_dicts_are_the_same_whatever_was_read_before() -> None:
    """The JSON report makes the item tree straight from the rollup and fills explanations without keeping them;
    after a reporter read the items and explanations (the objects), it makes the same dicts from those."""
    files = sorted((ROOT / "examples" / "corpus").glob("*.yaml"))[:4]
    evaluator = engine.get("plain")

    def report() -> results.Report:
        return results.Report(tuple(assessment.assess_evidence(
            assessment.load_evidence(str(path), today=dt.date(2025, 1, 1)), (), None, evaluator) for path in files))

    fresh, read = report(), report()
    for assessed in read.assessments:
        for result in assessed.results:
            assert len(result.items) == len(result.item_nodes)
            assert all(f.explanation is not None for f in result.findings if f.info.template is not None)
    assert fresh.to_dict() == read.to_dict()
    for result in (r for a in fresh.assessments for r in a.results):
        assert "items" not in result.__dict__  # the JSON report did not need the objects
        assert results._item_dicts(result) == [results._item(i) for i in result.items]
