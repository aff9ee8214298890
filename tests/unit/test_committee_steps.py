"""Forgiving steps and a committee-readable `verify`: loose zh spacing, Chinese quotes and full-width digits; the
closest phrase by edit distance in the feature's language; the step catalogue; outline rows, pack features added
with a note, rule coverage and JUnit."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import xmlschema
from click.testing import CliRunner

from cc_rules.cli import main
from cc_rules.tools import steps
from cc_rules.tools.steps import catalogue

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("s", steps.STEPS, ids=lambda s: s.handler.__name__)
def test_every_catalogue_example_matches_its_own_step(s: steps.Step) -> None:
    for lang in ("zh", "en"):
        assert s.example(lang), (s.handler.__name__, lang)
        assert steps.match(s.example(lang), lang)[0] is s


@pytest.mark.parametrize(("text", "args"), [
    ("总分为96", {"score": "96"}),
    ("总分为 ９６", {"score": "96"}),
    ("规则 “ccso.staffing.trainers” 扣2分", {"rule": "ccso.staffing.trainers", "verb": "扣", "points": "2"}),
    ("按 “ccso” 评估", {"pack": "ccso"}),
    ("按\u3000\"ccso\"\u3000于２０２０－０６－３０评估", {"pack": "ccso", "day": "2020-06-30"}),
    ("机构 “某银行” 属于 “banking” 行业，坐席数为200", {"name": "某银行", "industry": "banking", "seats": "200"}),
    ("评估被拒绝，信息包含 “第 3 行：”", {"text": "第 3 行："}),  # a quoted value is kept as written
])
def test_zh_phrases_are_forgiving(text: str, args: dict[str, str]) -> None:
    assert steps.match(text, "zh")[1] == args


def test_closest_phrase_is_by_edit_distance_in_the_features_language() -> None:
    with pytest.raises(steps.UnknownStep) as zh:
        steps.match("总分是 96", "zh")
    assert zh.value.closest[0] == "总分为 SCORE"
    with pytest.raises(steps.UnknownStep) as en:
        steps.match("the overall score is 96", "en")
    assert en.value.closest[0] == "the total score is SCORE"
    assert all(not any("\u4e00" <= ch <= "\u9fff" for ch in p) for p in en.value.closest)
    with pytest.raises(steps.UnknownStep) as points:
        steps.match('规则 "ccso.x" 扣分 2', "zh")
    assert points.value.closest[0] == '规则 "RULE" 扣|加 POINTS 分'


def test_steps_command_prints_the_catalogue_with_one_example_each() -> None:
    zh = CliRunner().invoke(main, ["steps", "--lang", "zh"])
    assert zh.exit_code == 0, zh.output
    assert "  总分为 SCORE\n      例：那么 总分为 96\n" in zh.output
    en = CliRunner().invoke(main, ["steps", "--lang", "en", "--format", "markdown"])
    assert "- `the total score is SCORE`  \n  e.g. `Then the total score is 96`" in en.output
    assert en.output.count("e.g. ") == len(steps.STEPS)


@pytest.mark.parametrize(("page", "lang"), [("zh/steps.md", "zh"), ("steps.md", "en")])
def test_the_steps_docs_page_is_the_catalogue(page: str, lang: str) -> None:
    assert (ROOT / "docs" / page).read_text(encoding="utf-8") == catalogue.render(lang, "markdown")


OUTLINE = """# language: zh-CN
功能: 大纲
  场景大纲: 组长人数
    假如 机构 “某银行” 属于 “banking” 行业，坐席数为 <席>
    并且 证据 “staffing.team_leaders” 为 <组长>
    当 按 “ccso” 评估
    那么 规则 “ccso.staffing.team_leaders” 扣<扣>分

    例子:
      | 席  | 组长 | 扣 |
      | 200 | 20   | 0  |
      | 200 | 19   | 0  |
"""


def test_outline_rows_are_reported_with_line_row_and_values(tmp_path: Path) -> None:
    feature = tmp_path / "outline.feature"
    feature.write_text(OUTLINE, encoding="utf-8")
    result = CliRunner().invoke(main, ["verify", str(feature), "--lang", "zh"])
    assert result.exit_code == 1, result.output
    assert "通过   组长人数（第 11 行，示例第 1 行：200, 20, 0）" in result.output
    assert "失败   组长人数（第 12 行，示例第 2 行：200, 19, 0）" in result.output
    assert "实际：规则 ccso.staffing.team_leaders 变动 -3 分（是否满足：否），应为 +0" in result.output
    data = json.loads(CliRunner().invoke(main, ["verify", str(feature), "--format", "json"]).output)
    rows = [s["example"] for s in data["features"][0]["scenarios"]]
    assert rows == [{"row": 1, "line": 11, "values": ["200", "20", "0"]},
                    {"row": 2, "line": 12, "values": ["200", "19", "0"]}]


def test_junit_has_a_case_per_scenario_and_is_valid(tmp_path: Path) -> None:
    feature = tmp_path / "outline.feature"
    feature.write_text(OUTLINE + "  场景: 拼错\n    假如 证据文件 \"examples/ccso-pass-bank.yaml\"\n"
                       "    当 按 \"ccso\" 评估\n    那么 总分是 96\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["verify", str(feature), "--format", "junit", "--lang", "zh"])
    assert result.exit_code == 2
    xmlschema.XMLSchema(ROOT / "tests" / "vendor" / "junit-10.xsd").validate(result.output)
    root = ET.fromstring(result.output)
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("3", "1", "1")
    error = root.find(".//error")
    assert error is not None and "总分为 SCORE" in (error.get("message") or "")


def test_features_of_a_pack_copy_are_added_with_a_note(tmp_path: Path) -> None:
    copy = tmp_path / "ccso"
    shutil.copytree(ROOT / "rules" / "ccso", copy)
    (copy / "features").mkdir()
    (copy / "features" / "mine_zh.feature").write_text(
        "# language: zh-CN\n功能: 委员会的新例子\n  场景: 示例中心\n"
        "    假如 证据文件 \"examples/ccso-pass-bank.yaml\"\n"
        "    当 按 \"ccso\" 评估\n    那么 总分为96\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["verify", str(copy), "--lang", "zh"])
    assert result.exit_code == 0, result.output
    assert "委员会的新例子" in result.output and "CCSO" in result.output  # both the copy's and the repository's
    assert f"注意：规则包自带的功能文件（{copy / 'features'}）已与" in result.output
    assert "规则覆盖：ccso 共 80 条规则，场景覆盖 80 条（100%）" in result.output


def test_verify_reports_rules_no_scenario_exercises(tmp_path: Path) -> None:
    feature = tmp_path / "one.feature"
    feature.write_text("Feature: one\n  Scenario: leaders\n"
                       "    Given an organization \"A\" in industry \"banking\" with 200 seats\n"
                       "    And evidence \"staffing.team_leaders\" is 20\n"
                       "    When it is assessed against \"ccso\"\n"
                       "    Then rule \"ccso.staffing.team_leaders\" deducts 0 points\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["verify", "ccso", str(feature), "--format", "json"])
    cov = json.loads(result.output)["coverage"]
    assert cov[0]["pack"] == "ccso" and cov[0]["rules"] == 80
    assert 0 < cov[0]["exercised"] < 80
    assert "ccso.staffing.team_leaders" not in cov[0]["unexercised"]
    assert "ccso.strategy.objectives" in cov[0]["unexercised"]
    text = CliRunner().invoke(main, ["verify", "ccso", str(feature), "--lang", "zh"]).output
    assert "规则覆盖：ccso 共 80 条规则，场景覆盖" in text and "没有场景覆盖的规则：" in text
