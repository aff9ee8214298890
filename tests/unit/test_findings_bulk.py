"""Findings made in bulk share their assessment: each reads the facts its rule read, the assessment's values and its
why-not exactly as a finding given them all at once would, and stays a plain frozen dataclass (replace, equality,
hashing, pickling)."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

import pytest

from cc_rules import results
from cc_rules.assess import pipeline

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted((ROOT / "examples/corpus").glob("*.yaml"))[:3]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_each_finding_reads_what_its_rule_read(path: Path) -> None:
    for pack_ref in ("ccso", "gbt43045"):
        prepared = pipeline.prepare(path, pack_ref, engine_name="plain")
        facts, compiled = prepared.facts, prepared.compiled
        derived = {d.fact: d.value for d in prepared.result.derived}
        for f in prepared.result.findings:
            rule = compiled.rule(f.rule)
            assert rule is not None
            assert tuple(b.fact for b in f.because) == rule.facts
            for b in f.because:
                fact = facts.get(b.fact)
                if fact is not None:
                    assert (b.value, b.source, b.file, b.line, b.path) == (fact.value, fact.source, fact.file,
                                                                         fact.line, fact.path)
                elif b.fact in derived:
                    assert (b.value, b.source) == (derived[b.fact], "derived")
                else:
                    assert b.value is None
            assert {**facts.values(), **derived}.items() <= f.values.items()
            # the same finding given every field at once is equal, hashes alike and explains alike
            eager = results.Finding(f.info, f.met, f.points, f.because, values=f.values, why=f.why)
            assert eager == f and hash(eager) == hash(f)
            assert eager.explanation == f.explanation and eager.why_not == f.why_not


def test_findings_share_one_assessment_and_survive_replace_and_pickle() -> None:
    result = pipeline.prepare(FILES[0], "ccso", engine_name="plain").result
    first, second = result.findings[:2]
    assert first.values is second.values and first.why is not None
    moved = dataclasses.replace(first, points=-1.0)
    assert (moved.points, moved.because, moved.values) == (-1.0, first.because, first.values)
    assert pickle.loads(pickle.dumps(result)) == result  # noqa: S301 - our own bytes


def test_with_points_is_replace_without_making_the_because() -> None:
    """What an item's cap does to a finding (`Points.settle`): the finding as `dataclasses.replace` makes it, its
    `because` still unmade until read."""
    fresh = [f for f in pipeline.prepare(FILES[1], "ccso", engine_name="plain").result.findings
             if "_because" not in f.__dict__]
    assert fresh
    finding = fresh[0]
    moved = finding.with_points(-0.5)
    assert "_because" not in moved.__dict__ and "_because" not in finding.__dict__
    assert moved == dataclasses.replace(finding, points=-0.5) and moved.points == -0.5
    assert moved.because == finding.because and moved.values is finding.values
    assert moved.explanation == finding.explanation and moved.why_not == finding.why_not


def test_a_finding_made_by_hand_has_empty_defaults() -> None:
    info = results.RuleInfo("r", "i", "requirement", "1", "source")
    made = results.Finding(info, None, None)
    assert (made.because, dict(made.values), made.why, made.why_not) == ((), {}, None, None)


def test_an_assessment_is_freed_without_the_collector() -> None:
    """No reference cycle holds an assessment's facts and values once its result is dropped (a cycle would keep
    them until a collection walks them: a tenth of a millisecond per assessment in a long stream)."""
    import gc

    from cc_rules import engine
    from cc_rules.reports import jsonl

    def once() -> None:
        ev = pipeline.load_evidence(FILES[0])
        for result in pipeline.assess_evidence(ev, (), None, engine.get("plain")).results:
            jsonl._findings(result.findings)
            for finding in result.findings[:20]:
                finding.why_not  # noqa: B018 - read for what it makes
                finding.because  # noqa: B018

    once()  # the caches filled
    gc.collect()
    gc.disable()
    try:
        once()
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_reports_write_nothing_into_the_prepared_rules_and_nodes() -> None:
    """A rule's and an item node's report entries are made with them (once per compiled pack): rendering the JSON
    report and the records leaves their frozen objects as they were made, whatever the outcomes."""
    from cc_rules import engine
    from cc_rules.reports import jsonl

    ev = pipeline.load_evidence(FILES[0])
    assessed = pipeline.assess_evidence(ev, (), None, engine.get("plain"))
    findings = [f for r in assessed.results for f in r.findings]
    nodes = [n for r in assessed.results for n in r.item_nodes]
    before = [dict(f.info.__dict__) for f in findings], [dict(n.__dict__) for n in nodes]
    report = results.Report((assessed,))
    report.to_json()
    "".join(jsonl.records(assessed))
    for r in assessed.results:
        r.items  # noqa: B018 - read for what it makes
    after = [dict(f.info.__dict__) for f in findings], [dict(n.__dict__) for n in nodes]
    assert after == before
    shortfalls = [f for f in findings if f.problem]
    assert shortfalls and all(f.met in f.info.record_fields for f in shortfalls)
