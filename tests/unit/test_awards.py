"""Award models (cc_rules/awards/): award, order, gates, roadmap, CI severity, static checks; the kinds table."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cc_rules import awards, engine, model, results
from cc_rules.assess import pipeline
from cc_rules.awards import kinds
from cc_rules.base import errors
from cc_rules.cli import main
from cc_rules.model import evidence, packs

ROOT = Path(__file__).resolve().parents[2]
LEVEL3 = ROOT / "examples" / "gbt43045-level3-bank-card-centre.yaml"
EXACTLY_60 = ROOT / "examples" / "ccso-exactly-60.yaml"
FAIL_SMALL = ROOT / "examples" / "ccso-fail-small.yaml"


def result_of(path: Path, pack: str) -> results.PackResult:
    (assessment,) = pipeline.run([path], [pack], engine_name="plain").assessments
    (result,) = assessment.results
    return result


def test_kinds_table() -> None:
    assert kinds.DEDUCTION.points(False, 3) == -3 and kinds.DEDUCTION.points(None, 3) == -3
    assert kinds.DEDUCTION.points(True, 3) == 0
    assert kinds.BONUS.points(True, 2) == 2 and kinds.BONUS.points(None, 2) == 0
    assert kinds.REQUIREMENT.points(False, None) is None
    assert kinds.of_rule("derive") is None and kinds.of_rule("warn") is kinds.WARNING
    assert set(awards.REGISTRY) == {"maturity", "points", "conformity"}


def test_maturity_award_ladder_and_next_level() -> None:
    result = result_of(LEVEL3, "gbt43045")
    assert result.level == 3 and result.passed
    assert [s.awarded for s in result.ladder] == [True, True, True, False, False]
    assert result.next_level is not None and result.next_level.level == 4
    missing = {m.id for m in result.next_level.missing}
    expected = {f.rule for f in result.findings if f.problem and (f.level or 0) <= 4}
    assert missing == expected and missing
    levels = [f.level or 0 for f in result.findings]
    assert levels == sorted(levels)  # findings ordered by level


def test_maturity_roadmap_puts_the_packs_gates_first_in_their_level() -> None:
    """GB/T 43045 level 3 presupposes system integration and data interchange: the pack marks their actions as
    gates, and the roadmap does them before the level's other actions, however costly; unmarked, effort decides."""
    ev = evidence.load(ROOT / "examples" / "gbt43045-level2-ecommerce.yaml")
    pack = packs.load("gbt43045")
    gates = {a.id for a in pack.actions if a.gate}
    assert gates == {"act.data_interchange", "act.integrate_systems"}

    def level3(p: model.Pack) -> list[str]:
        result = pipeline.assess(ev, pipeline.compile_pack(p, ev.date), engine.get("plain"))
        return [a.id for a in result.actions if a.level == 3]

    marked = level3(pack)
    assert set(marked[:2]) == gates and len(marked) > 2
    unmarked = level3(dataclasses.replace(pack, actions=tuple(dataclasses.replace(a, gate=False)
                                                              for a in pack.actions)))
    assert set(unmarked[:2]).isdisjoint(gates) and set(unmarked) == set(marked)


def test_maturity_gates_and_severity() -> None:
    result = result_of(LEVEL3, "gbt43045")
    gated = pipeline.gate(results.Report((results.AssessmentResult("f", "x", (), "d", "self", (result,)),)),
                          results.GateSpec(min_level=4)).assessments[0].results[0]
    (verdict,) = gated.gates
    assert verdict.gate == "min-level" and not verdict.met and verdict.actual == 3 and verdict.required == 4
    blocking = {m.id for m in verdict.blocking}
    assert blocking == {f.rule for f in result.findings if f.problem and (f.level or 0) <= 4}
    severities = dict(gated.severities)
    for f in result.findings:
        if not f.problem:
            assert f.rule not in severities
        elif f.rule in blocking:
            assert severities[f.rule] == "error"
        else:
            assert severities[f.rule] == ("warning" if f.met is False else "note")
    own = pipeline.gate(results.Report((results.AssessmentResult("f", "x", (), "d", "self", (result,)),)),
                        results.GateSpec()).assessments[0].results[0]
    assert [(g.gate, g.met) for g in own.gates] == [("passed", True)]
    assert all(v != "error" for v in dict(own.severities).values())  # a passed pack verdict blocks nothing


def test_points_award_strictly_above_the_line() -> None:
    result = result_of(EXACTLY_60, "ccso")
    assert result.score is not None and result.score.total == 60 and result.score.pass_rule == "above"
    assert result.passed is False and result.grade is None
    assert result.retest is not None and result.retest.open
    lost = [f.points or 0 for f in result.findings]
    assert lost == sorted(lost)  # most points lost first


def test_points_roadmap_promises_only_points_at_stake() -> None:
    """Each rule is credited to one step only, a step gains what its new rules are worth, and the cumulative score
    after the last step is the score with every credited rule's points back or earned (nothing counted twice)."""
    result = result_of(FAIL_SMALL, "ccso")
    compiled = pipeline.compile_pack(packs.load("ccso"), dt.date.fromisoformat(result.as_of))
    assert result.actions and result.score is not None
    credited = [rule for action in result.actions for rule in action.rules]
    assert len(credited) == len(set(credited))
    total = result.score.total
    ids = [a.id for a in result.actions]
    # declaring the satisfaction formula leaves the consistency check of the same item (capped at 3) undecided
    # while the survey counts are missing: that step wins nothing, and the step right after it restores the check
    declare = ids.index("act.define_satisfaction_metric")
    restore = result.actions[declare + 1]
    assert result.actions[declare].gain == 0
    assert restore.id == "act.recompute_satisfaction" and restore.rules == ("ccso.satisfaction.consistency",)
    assert restore.gain == 3
    for i, action in enumerate(result.actions):
        at_stake = 0.0
        for rule in action.rules:
            finding = result.finding(rule)
            assert finding is not None and (finding.met is not True or action is restore)
            worth = compiled.rule(rule)
            at_stake += abs(finding.points or 0) if finding.problem else abs(worth.points or 0) if worth else 0.0
        if i != declare:
            assert action.gain == pytest.approx(at_stake)  # no dimension of this example reaches its cap
        assert action.cumulative == pytest.approx(total + action.gain)
        total = action.cumulative
    passing = [a for a in result.actions if a.reaches == "pass"]
    assert len(passing) == 1 and passing[0].cumulative is not None and passing[0].cumulative > 60


def test_min_score_gate_blocks_on_points_lost() -> None:
    result = result_of(EXACTLY_60, "ccso")
    report = results.Report((results.AssessmentResult("f", "x", (), "d", "self", (result,)),))
    gated = pipeline.gate(report, results.GateSpec(min_score=60)).assessments[0].results[0]
    (verdict,) = gated.gates
    assert verdict.gate == "min-score" and verdict.met  # the gate the user gave replaces the pack's verdict
    failing = pipeline.gate(report, results.GateSpec(min_score=61, fail_on_warn=True)).assessments[0].results[0]
    assert [g.gate for g in failing.gates] == ["min-score", "warnings"]
    assert {m.id for m in failing.gates[0].blocking} == {f.rule for f in result.findings if (f.points or 0) < 0}
    assert failing.gates[1].severity == "warning"


CONFORMITY_PACK = {
    "pack.yaml": """\
id: conf_test
title: {zh: 符合性测试, en: Conformity test}
model: conformity
editions: [{id: "1", effective_from: 2020-01-01, reference: test}]
""",
    "facts.yaml": """\
- {name: c.policy, type: bool, description: {zh: 政策, en: policy}}
- {name: c.training, type: bool, description: {zh: 培训, en: training}}
- {name: c.survey, type: bool, description: {zh: 调查, en: survey}}
""",
    "items.yaml": """\
- {id: c.4, title: {zh: 客户关系, en: Customer relationship}, clause: "4", provenance: secondary}
""",
    "actions.yaml": """\
- {id: act.policy, title: {zh: 制定政策, en: Write the policy}, effort: 1}
- {id: act.both, title: {zh: 一并解决, en: Fix both}, effort: 3}
""",
    "rules/all.yaml": (
        "- {id: c.r1, item: c.4, provenance: interpretation, "
        "requires: {fact: c.policy, eq: true}, then: {requirement: true, recommend: [act.policy, act.both]}}\n"
        "- {id: c.r2, item: c.4, provenance: interpretation, "
        "requires: {fact: c.training, eq: true}, then: {requirement: true, recommend: [act.both]}}\n"
        "- {id: c.r3, item: c.4, provenance: interpretation, "
        "requires: {fact: c.survey, eq: true}, then: {requirement: true}}\n"
    ),
}


def conformity_pack(tmp_path: Path, extra_rule: str = "") -> Path:
    root = tmp_path / "conf"
    for name, text in CONFORMITY_PACK.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text + (extra_rule if name == "rules/all.yaml" else ""), encoding="utf-8")
    return root


def test_conformity_lists_nonconformities(tmp_path: Path) -> None:
    root = conformity_pack(tmp_path)
    ev = tmp_path / "ev.yaml"
    ev.write_text("format: cc-rules/evidence@1\norganization: {name: X}\nassessment: {date: 2025-01-01}\n"
                  "facts: {c: {policy: false, survey: true}}\n", encoding="utf-8")
    result = result_of(ev, str(root))
    assert result.passed is False and result.level is None and result.score is None
    # no `severity:` declared: major, whether not met (c.r1) or not evidenced (c.r2, still reported as unknown)
    assert [(m.id, m.met, m.severity) for m in result.nonconformities] == [("c.r1", False, "major"),
                                                                           ("c.r2", None, "major")]
    assert [f.rule for f in result.findings][:2] == ["c.r1", "c.r2"]  # nonconformities first
    assert [(a.id, a.gain, a.gain_kind) for a in result.actions] == [("act.policy", 1.0, "requirements"),
                                                                       ("act.both", 1.0, "requirements")]
    code = CliRunner().invoke(main, ["explain", str(ev), "--pack", str(root), "--format", "json"])
    explanation = json.loads(code.stdout)
    assert explanation["subject"] == "passed" and explanation["answer"]["en"] == "1 of 3 requirements met"


def test_points_outside_a_points_model_are_rejected_before_any_fact(tmp_path: Path) -> None:
    root = conformity_pack(tmp_path, "- {id: c.r4, item: c.4, provenance: source, requires: {fact: c.policy, "
                                     "eq: true}, then: {deduct: 2}}\n")
    with pytest.raises(errors.PackError) as info:
        pipeline.compile_pack(packs.load(root), dt.date(2025, 1, 1))
    (problem,) = info.value.problems
    assert problem.code == "then-kind" and problem.line == 4 and "c.r4" in problem.render()
    assert "规则 c.r4 加减分" in problem.render("zh")


def test_points_pack_names_an_undeclared_dimension(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "p"
    shutil.copytree(ROOT / "tests" / "packs" / "three_dims", root)
    items = (root / "items.yaml").read_text(encoding="utf-8").replace("dimension: care", "dimension: caer", 1)
    (root / "items.yaml").write_text(items, encoding="utf-8")
    with pytest.raises(errors.PackError) as info:
        pipeline.compile_pack(packs.load(root), dt.date(2026, 1, 1))
    (problem,) = info.value.problems
    assert problem.code == "dimension" and problem.suggestion == "care" and problem.path.endswith(".dimension")


def test_award_parameter_must_be_in_force(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "p"
    shutil.copytree(ROOT / "tests" / "packs" / "three_dims", root)
    text = (root / "pack.yaml").read_text(encoding="utf-8").replace("{param: base_reach}", "{param: base_rech}")
    (root / "pack.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(errors.PackError) as info:
        pipeline.compile_pack(packs.load(root), dt.date(2026, 1, 1))
    (problem,) = info.value.problems
    assert problem.code == "unknown-param" and problem.suggestion == "base_reach"
    assert problem.path == "$.award.dimensions[0].base"


def test_check_json_and_sarif_change_with_the_gate() -> None:
    runner = CliRunner()
    out = {}
    for fmt in ("json", "sarif"):
        for level in ("1", "5"):
            result = runner.invoke(main, ["check", str(LEVEL3), "--pack", "gbt43045", "--min-level", level,
                                          "--format", fmt])
            assert result.exit_code == (0 if level == "1" else 1)
            out[fmt, level] = result.stdout
    assert out["json", "1"] != out["json", "5"] and out["sarif", "1"] != out["sarif", "5"]
    gates = json.loads(out["json", "5"])["assessments"][0]["results"][0]["gates"]
    assert gates[0]["gate"] == "min-level" and gates[0]["met"] is False and gates[0]["blocking"]
    levels = {r["level"] for r in json.loads(out["sarif", "5"])["runs"][0]["results"]}
    assert "error" in levels
    assert "error" not in {r["level"] for r in json.loads(out["sarif", "1"])["runs"][0]["results"]}
    plain = runner.invoke(main, ["assess", str(LEVEL3), "--pack", "gbt43045", "--format", "json"]).stdout
    assert json.loads(plain)["assessments"][0]["results"][0]["gates"] == []


def test_evidence_for_all_three_standards_gets_one_report_with_an_overview(tmp_path: Path) -> None:
    ev = tmp_path / "all.yaml"
    ev.write_text("format: cc-rules/evidence@1\norganization: {name: 三标中心, industry: banking, seats: 200}\n"
                  "assessment: {date: 2026-06-30}\nfacts:\n  staffing: {team_leaders: 20, quality_inspectors: 4}\n"
                  "  complaints: {process_documented: true}\n",
                  encoding="utf-8")
    result = CliRunner().invoke(main, ["assess", str(ev), "--lang", "zh"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    start = lines.index("  概览:") + 1  # the first line (file and organisation) may wrap
    overview = {line.split()[0]: line for line in lines[start:start + 3]}
    assert set(overview) == {"ccso", "gbt35780", "gbt43045"}
    assert "得分" in overview["ccso"] and "等级 0 （无等级）" in overview["gbt43045"]
    assert "不符合项" in overview["gbt35780"] and "严重" in overview["gbt35780"]
    touched_none = tmp_path / "org.yaml"
    touched_none.write_text("format: cc-rules/evidence@1\norganization: {name: X}\nassessment: {date: 2026-06-30}\n"
                            "facts: {}\n", encoding="utf-8")
    (assessment,) = pipeline.run([touched_none], engine_name="plain").assessments
    assert len(assessment.results) == 3  # touching no pack's facts: every pack, so nothing is silently skipped
