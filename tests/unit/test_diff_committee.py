"""`cc-rules diff` as a committee reads it: rule identity by content, the facts behind a move, the distribution
before and after (with a chart in HTML), the dates a dated change touches, markdown for the minutes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from cc_rules.cli import main

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "examples" / "corpus"
NEW_RULE = """- id: ccso.staffing.night_supervisor
  item: ccso.3.1.1.1
  provenance: interpretation
  requires: {fact: staffing.team_leaders, gte: 1}
  then: {deduct: 1}
"""


def _copy(tmp_path: Path) -> Path:
    copy = tmp_path / "ccso-new"
    shutil.copytree(ROOT / "rules" / "ccso", copy)
    return copy


def _diff(*args: str) -> dict:  # type: ignore[type-arg]
    result = CliRunner().invoke(main, ["diff", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)  # type: ignore[no-any-return]


def test_a_rule_inserted_above_others_is_one_added_and_nothing_modified(tmp_path: Path) -> None:
    copy = _copy(tmp_path)
    rules = copy / "rules" / "3_organisation.yaml"
    text = rules.read_text(encoding="utf-8")
    first = text.index("- id: ")
    rules.write_text(text[:first] + NEW_RULE + text[first:], encoding="utf-8")  # every rule below moves by one
    data = _diff("ccso", str(copy), str(CORPUS / "centre-002-ecommerce.yaml"))
    assert data["pack_changes"]["rules_added"] == ["ccso.staffing.night_supervisor"]
    assert data["pack_changes"]["rules_modified"] == [] and data["pack_changes"]["rules_removed"] == []


def test_the_facts_and_values_behind_each_move_and_the_distribution(tmp_path: Path) -> None:
    copy = _copy(tmp_path)
    pack = copy / "pack.yaml"
    pack.write_text(pack.read_text(encoding="utf-8").replace("value: 50, reference", "value: 40, reference"),
                    encoding="utf-8")
    data = _diff("ccso", str(copy), str(CORPUS))
    moved = next(c for c in data["centres"] if c["file"].endswith("centre-002-ecommerce.yaml"))
    assert moved["causes"][0]["facts"] == {"organization.seats": 233, "staffing.quality_inspectors": 5}
    grades = {row["value"]: (row["before"], row["after"]) for row in data["distribution"]["grade"]}
    assert grades["三星"] == (15, 13) and grades["五星"] == (13, 13) and sum(b for b, _ in grades.values()) == 60
    assert data["distribution"]["pass"] == [{"value": True, "before": 44, "after": 42},
                                            {"value": False, "before": 16, "after": 18}]
    text = CliRunner().invoke(main, ["diff", "ccso", str(copy), str(CORPUS), "--lang", "zh"]).output
    assert "依据：organization.seats = 233，staffing.quality_inspectors = 5" in text
    assert "  评级  五星：13 → 13，四星：6 → 6，三星：15 → 13" in text
    assert "  结论  通过：44 → 42，不通过：16 → 18" in text
    md = CliRunner().invoke(main, ["diff", "ccso", str(copy), str(CORPUS), "--lang", "zh", "--format", "markdown"])
    assert "| 评级 | 三星 | 15 | 13 |" in md.output and "## 分布（变更前与变更后）" in md.output
    page = CliRunner().invoke(main, ["diff", "ccso", str(copy), str(CORPUS), "--lang", "zh", "--format", "html"])
    assert page.exit_code == 0 and page.output.startswith("<!DOCTYPE html>")
    assert page.output.count("<svg") == 2 and "<h3>评级</h3>" in page.output and "北京汇通电商客服中心" in page.output


def test_a_dated_change_no_centre_reaches_says_so_with_an_as_of_hint(tmp_path: Path) -> None:
    copy = _copy(tmp_path)
    pack = copy / "pack.yaml"
    old = ('      - {from: 2015-07-01, value: 50, reference: '
           '"[004] 02 了解CCSO内容, 3.组织结构及岗位设置: 每50席设一个质检员", provenance: source}\n')
    text = pack.read_text(encoding="utf-8")
    assert old in text
    pack.write_text(text.replace(old, old + '      - {from: 2031-01-01, value: 40, reference: "draft"}\n'),
                    encoding="utf-8")
    data = _diff("ccso", str(copy), str(CORPUS))
    assert data["summary"]["moved"] == 0
    assert data["dated_changes"] == [{"kind": "parameter", "name": "seats_per_quality_inspector",
                                      "from": "2031-01-01", "until": None, "centres": 0}]
    zh = CliRunner().invoke(main, ["diff", "ccso", str(copy), str(CORPUS), "--lang", "zh"]).output
    assert "参数 seats_per_quality_inspector 在 [2031-01-01, …) 期间不同：0 个中心的评估日期落在其中" in zh
    assert "用 --as-of 2031-01-01 按该日期评估全部中心" in zh
    later = _diff("ccso", str(copy), str(CORPUS), "--as-of", "2031-06-30")
    assert later["summary"]["moved"] > 0 and later["dated_changes"][0]["centres"] == 60
