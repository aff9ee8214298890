"""Why / why-not trees: the failing conditions carry the value found and the value needed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cc_rules import explain
from cc_rules.assess import pipeline as assessment
from cc_rules.cli import main
from cc_rules.reports import explain_text

ROOT = Path(__file__).resolve().parents[2]
LEVEL3 = ROOT / "examples" / "gbt43045-level3-bank-card-centre.yaml"
CONSTRUCTS = ROOT / "tests" / "packs" / "constructs"


@pytest.fixture(scope="module")
def level3() -> assessment.Prepared:
    return assessment.prepare(LEVEL3, "gbt43045")


def _rule(expl: explain.Explanation, rule_id: str) -> explain.RuleWhy:
    return next(r for g in expl.groups for r in g.rules if r.rule == rule_id)


def test_why_not_level_4_lists_failing_conditions_with_values(level3: assessment.Prepared) -> None:
    expl = explain.explain(level3.compiled, level3.facts, level3.result, level=4)
    assert expl.subject == "level" and expl.awarded is False
    assert level3.result.level == 3
    rules = {r.rule for g in expl.groups for r in g.rules}
    assert rules == {m.id for m in level3.result.next_level.missing}  # type: ignore[union-attr]
    trainers = _rule(expl, "gbt.7.2.l4.ai_trainer_ratio")
    (check,) = trainers.closest
    assert (check.fact, check.value, check.relation, check.needed) == ("org.ai_trainers", 1, "gte", 2)
    assert explain_text.describe(check) == "org.ai_trainers = 1, needs ≥ 2 (organization.seats / 100 = 200 / 100)"
    assert check.facts[0].line is not None and check.facts[0].file.endswith("bank-card-centre.yaml")
    text = explain_text.render_text(expl)
    assert "Why not level 4" in text
    assert "knowledge.articles = 900, needs ≥ 1000 (organization.seats × 5 = 200 × 5)" in text
    assert all(len(line) <= 100 for line in text.splitlines())


def test_why_level_3_shows_the_evidence_with_sources(level3: assessment.Prepared) -> None:
    expl = explain.explain(level3.compiled, level3.facts, level3.result)
    assert (expl.subject, expl.target, expl.awarded) == ("level", "3", True)
    assert [g.key for g in expl.groups] == ["level-1", "level-2", "level-3"]
    integration = _rule(expl, "gbt.7.7.l3.system_integration")
    assert integration.met is True and integration.closest == ()
    fact = next(f for f in integration.facts if f.fact == "platform.system_integration")
    assert fact.value is True and fact.source == "系统集成架构图 V3.2 p.1"
    assert "系统集成架构图 V3.2 p.1" in explain_text.render_text(expl, "zh")


def test_rule_explanation_has_the_whole_tree(level3: assessment.Prepared) -> None:
    expl = explain.explain(level3.compiled, level3.facts, level3.result,
                           rule="gbt.8.6.l2.inspectors_and_calibration")
    why = expl.groups[0].rules[0]
    assert why.condition is not None and why.condition.kind == "all" and why.condition.outcome is True
    leaves = [c.check for c in why.condition.children]
    assert explain_text.describe(leaves[0]) == (  # type: ignore[arg-type]
        "staffing.quality_inspectors = 4, needs ≥ 4 (organization.seats / 50 = 200 / 50)")
    assert leaves[1].relation == "not_in"  # type: ignore[union-attr]  # `not: {in: …}` pushed to the leaf


def test_json_is_sorted_and_stable(level3: assessment.Prepared) -> None:
    expl = explain.explain(level3.compiled, level3.facts, level3.result, level=4)
    first = expl.to_json()
    assert first == explain.explain(level3.compiled, level3.facts, level3.result, level=4).to_json()
    data = json.loads(first)
    assert data["format"] == "cc-rules/explanation@1"
    assert first == json.dumps(data, sort_keys=True, ensure_ascii=False, indent=2) + "\n"


def _constructs(tmp_path: Path, facts: str) -> assessment.Prepared:
    path = tmp_path / "ev.yaml"
    path.write_text("format: cc-rules/evidence@1\norganization: {name: T, industry: banking, seats: 100}\n"
                    f"assessment: {{date: 2023-06-30, mode: self}}\nfacts:\n{facts}", encoding="utf-8")
    return assessment.prepare(path, str(CONSTRUCTS))


def test_constructs_unknown_and_arithmetic(tmp_path: Path) -> None:
    prepared = _constructs(tmp_path, "  a: {int: 3, num: 9, other: 2, flag: false, kind: z, list: [sms]}\n")
    expl = explain.explain(prepared.compiled, prepared.facts, prepared.result, rule="r.arith")
    (check,) = expl.groups[0].rules[0].closest
    # 9 <= 2*2 + (3-1) = 6 fails
    assert check.needed == 6 and check.substituted == "(2 × 2) + (3 − 1)"
    assert explain_text.describe(check) == "a.num = 9, needs ≤ 6 ((2 × a.other) + (a.int − 1) = (2 × 2) + (3 − 1))"
    gte = explain.explain(prepared.compiled, prepared.facts, prepared.result, rule="r.gte_ratio")
    assert explain_text.describe(gte.groups[0].rules[0].closest[0]) == \
        "a.int = 3, needs ≥ 10 (organization.seats / 10 = 100 / 10)"
    missing = explain.explain(prepared.compiled, prepared.facts, prepared.result, rule="r.eq_fact_text")
    why = missing.groups[0].rules[0]
    assert why.met is None and why.closest[0].value is None
    assert explain_text.describe(why.closest[0]) == "a.text: not evidenced, needs = ? (a.text2 = ?)"
    # any of (flag = true, int > 100) fails: the nearer branch is reported; not(contains sms) reads plainly
    warn = explain.explain(prepared.compiled, prepared.facts, prepared.result, rule="r.all_any_not")
    relations = [(c.fact, c.relation) for c in warn.groups[0].rules[0].closest]
    assert ("a.list", "not_contains") in relations and len(relations) == 2


def test_score_explanation_lists_points_per_dimension(tmp_path: Path) -> None:
    prepared = _constructs(tmp_path, "  a: {int: 3, num: 9, other: 2, flag: false, kind: z, list: [sms]}\n")
    expl = explain.explain(prepared.compiled, prepared.facts, prepared.result)
    assert expl.subject == "score"
    sv = next(g for g in expl.groups if g.key == "strategic_value")
    assert {r.rule for r in sv.rules} >= {"r.eq_const", "r.gte_ratio"}
    assert all(r.points is None or r.points < 0 or r.met is None for r in sv.rules)


def test_cli_explain_exit_codes(tmp_path: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(main, ["explain", str(LEVEL3), "--pack", "gbt43045", "--level", "4", "--format", "json"])
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.stdout)["awarded"] is False
    zh = runner.invoke(main, ["explain", str(LEVEL3), "--pack", "gbt43045", "--lang", "zh"])
    assert zh.exit_code == 0 and "为何达到 3 级" in zh.stdout
    for args in (["--level", "9"], ["--rule", "gbt.nope"], ["--score"], ["--level", "4", "--score"]):
        bad = runner.invoke(main, ["explain", str(LEVEL3), "--pack", "gbt43045", *args])
        assert bad.exit_code == 2, args
        assert "Traceback" not in bad.output and bad.stderr.startswith("error:")
    missing = runner.invoke(main, ["explain", str(tmp_path / "none.yaml"), "--pack", "gbt43045"])
    assert missing.exit_code == 2
