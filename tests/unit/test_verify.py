"""`cc-rules verify`: the bundled features pass without pytest-bdd; failures name the step and the actual value."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from cc_rules.cli import main

ROOT = Path(__file__).resolve().parents[2]

BROKEN_ZH = """# language: zh-CN
功能: 故意写错的期望
  场景: 总分写错
    假如 证据文件 "examples/ccso-pass-bank.yaml"
    当 按 "ccso" 评估
    那么 总分为 50
  场景: 正确的期望
    假如 证据文件 "examples/ccso-pass-bank.yaml"
    当 按 "ccso" 评估
    那么 总分为 96
"""

UNKNOWN = """Feature: a phrase the step library does not know
  Scenario: typo in a Then step
    Given the evidence file "examples/ccso-pass-bank.yaml"
    When it is assessed against "ccso"
    Then the overall score is 96
"""


def test_bundled_features_pass() -> None:
    result = CliRunner().invoke(main, ["verify", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["summary"]["failed"] == 0 and data["summary"]["error"] == 0
    assert data["summary"]["passed"] >= 100
    files = {Path(f["file"]).parent.name for f in data["features"]}
    assert files == {"ccso", "gbt35780", "gbt43045"}


def test_one_pack_by_directory() -> None:
    result = CliRunner().invoke(main, ["verify", str(ROOT / "rules" / "ccso"), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "PASS" in result.output and "Feature: " in result.output
    assert "0 failed" in result.output  # CI reads "N passed, N failed"
    zh = CliRunner().invoke(main, ["verify", str(ROOT / "rules" / "ccso"), "--lang", "zh"])
    assert zh.exit_code == 0, zh.output
    assert "通过" in zh.output and "功能：" in zh.output and "PASS" not in zh.output


def test_failing_step_reports_actual_value(tmp_path: Path) -> None:
    feature = tmp_path / "broken_zh.feature"
    feature.write_text(BROKEN_ZH, encoding="utf-8")
    result = CliRunner().invoke(main, ["verify", str(feature), "--lang", "zh"])
    assert result.exit_code == 1, result.output
    assert "失败   总分写错" in result.output
    assert "步骤：那么 总分为 50" in result.output and f"{feature}:6" in result.output
    assert "实际：总分为 96，应为 50" in result.output  # the step message in the feature's language
    assert "通过   正确的期望" in result.output
    assert "共 2 个场景：通过 1，失败 1" in result.output
    en = CliRunner().invoke(main, ["verify", str(feature), "--lang", "en"])
    assert "FAIL 总分写错" in en.output and "actual: 总分为 96，应为 50" in en.output
    assert "2 scenarios: 1 passed, 1 failed, 0 with unknown steps" in en.output
    data = json.loads(CliRunner().invoke(main, ["verify", str(feature), "--format", "json"]).output)
    assert data["summary"] == {"passed": 1, "failed": 1, "error": 0}


def test_unknown_step_lists_closest_phrases_and_exits_2(tmp_path: Path) -> None:
    feature = tmp_path / "unknown.feature"
    feature.write_text(UNKNOWN, encoding="utf-8")
    result = CliRunner().invoke(main, ["verify", str(feature), "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert "ERROR" in result.output and "Then the overall score is 96" in result.output
    assert "closest known phrases: the total score is SCORE" in result.output


def test_changed_pack_copy_is_verified_against_the_features(tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "ccso"
    shutil.copytree(ROOT / "rules" / "ccso", copy)
    pack = (copy / "pack.yaml").read_text(encoding="utf-8")
    (copy / "pack.yaml").write_text(pack.replace("value: 10, reference: \"[004] 02 了解CCSO内容",
                                                 "value: 8, reference: \"[004] 02 了解CCSO内容"),
                                    encoding="utf-8")
    result = CliRunner().invoke(main, ["verify", str(copy), "--format", "json"])
    assert result.exit_code == 1, result.output  # 200 seats now need 25 team leaders: the worked example fails
    data = json.loads(result.output)
    failing = [s for f in data["features"] for s in f["scenarios"] if s["status"] == "failed"]
    assert any("ccso.staffing.team_leaders" in s["failing_step"]["text"] for s in failing)


def test_bad_input_exits_2(tmp_path: Path) -> None:
    feature = tmp_path / "bad.feature"
    feature.write_text("Feature: x\n  Scenario: y\n    Given the evidence:\n      | fact | value |\n      | a |\n",
                       encoding="utf-8")
    result = CliRunner().invoke(main, ["verify", str(feature)])
    assert result.exit_code == 2 and "bad.feature:5" in result.output
    result = CliRunner().invoke(main, ["verify", str(tmp_path / "missing.feature")])
    assert result.exit_code == 2


def test_zh_step_messages_have_no_english_words(tmp_path: Path) -> None:
    import re

    from cc_rules.tools import steps

    failed = steps.StepFailed("steps.level", level=2, expected="3", missing=["gbt.7.5.l3.x"])
    assert str(failed) == "level is 2, expected 3 (next level missing: ['gbt.7.5.l3.x'])"
    zh = failed.text("zh").replace("gbt.7.5.l3.x", "")
    assert re.search(r"[\u4e00-\u9fff]", zh) and not re.findall(r"[A-Za-z]{2,}", zh), zh
    unknown = steps.UnknownStep("总分是 96", ["总分为 SCORE"])
    assert "未知步骤" in unknown.message("zh") and str(unknown).startswith("unknown step '总分是 96'; closest")
