"""Lint for what committees get wrong (CCR030–CCR036): each mistake made in a copy of the CCSO pack is found, at its
file and line, in zh and en, with the fix; the bundled packs have none of the errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cc_rules.cli import main

ROOT = Path(__file__).resolve().parents[2]
RULES = "rules/3_organisation.yaml"
LEADER = ('      - {from: 2015-07-01, value: 10, reference: '
          '"[004] 02 了解CCSO内容, 3.组织结构及岗位设置: 每10席设一个班组长", provenance: source}')
MISTAKES = {
    "CCR030": [(RULES, "按每 {param.seats_per_team_leader} 席", "按每 {param.seats_per_teamleader} 席")],
    "CCR031": [("pack.yaml", LEADER, LEADER.replace("value: 10", "value: 12"))],
    "CCR032": [("pack.yaml", "service_management: 35}", "service_management: 33}")],
    "CCR033": [("pack.yaml", "    effective_from: 2021-07-01", "    effective_from: 2012-07-01")],
    "CCR034": [("pack.yaml", LEADER, LEADER + '\n      - {from: 2026-03-01, value: 10, reference: "draft"}')],
    "CCR036": [(RULES, "  item: ccso.3.1.1.1\n", "  item: ccso.3.1.1.1\n  clause: “3.1.1.1”\n")],
}


def _lint(pack: Path | str, lang: str = "en") -> tuple[int, dict, str]:  # type: ignore[type-arg]
    runner = CliRunner()
    data = json.loads(runner.invoke(main, ["lint", str(pack), "--no-corpus", "--no-features", "--format",
                                           "json"]).output)
    text = runner.invoke(main, ["lint", str(pack), "--no-corpus", "--no-features", "--lang", lang])
    return text.exit_code, data, text.output


def _copy(tmp_path: Path, code: str) -> Path:
    copy = tmp_path / "ccso"
    shutil.copytree(ROOT / "rules" / "ccso", copy)
    for file, old, new in MISTAKES[code]:
        path = copy / file
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, (file, old)
        path.write_text(text.replace(old, new), encoding="utf-8")
    return copy


def _found(data: dict, code: str) -> list[dict]:  # type: ignore[type-arg]
    return [f for p in data["packs"] for f in p["findings"] if f["code"] == code]


def test_bundled_packs_have_no_committee_errors() -> None:
    _, data, _ = _lint("ccso")
    assert not [f for f in data["packs"][0]["findings"] if f["code"] >= "CCR030" and f["severity"] == "error"]
    assert {f["code"] for f in _found(data, "CCR035")} == {"CCR035"}  # two source rules over interpretation values


@pytest.mark.parametrize(("code", "zh", "line"), [
    ("CCR030", "规则 ccso.staffing.team_leaders 的说明文字（zh）中有未知占位符 '{param.seats_per_teamleader}'", 23),
    ("CCR031", "条目 ccso.3.1.1.1 的标题“每10席设一名班组长”写的是 10，"
               "而参数 seats_per_team_leader 自 2015-07-01 起为 12", None),
    ("CCR032", "参数 dimension_base 的说明写明合计 100，但自 2015-07-01 起各维度起始分之和为 98", None),
    ("CCR033", "版本 2021（2012-07-01 起）写在版本 2015（2015-07-01 起）之后，但生效日期不晚于它", 17),
    ("CCR034", "参数 seats_per_team_leader 自 2026-03-01 起改变，但没有版本在这一天生效", None),
    ("CCR036", "条款 '“3.1.1.1”'（ccso.staffing.team_leaders）含有引号或全角字符：'“'（U+201C，第 1 列），"
               "'”'（U+201D，第 9 列）", 16),
])
def test_each_committee_mistake_is_found_with_location_and_fix(tmp_path: Path, code: str, zh: str,
                                                                line: int | None) -> None:
    copy = _copy(tmp_path, code)
    exit_code, data, text = _lint(copy, "zh")
    (finding,) = _found(data, code)
    assert finding["file"] and finding["line"], finding
    if line is not None:
        assert finding["line"] == line
    assert zh in text, text
    assert exit_code == (1 if finding["severity"] == "error" else 0)
    hints = {"CCR030": "是否想写 '{param.seats_per_team_leader}'？", "CCR036": "改为半角（ASCII）：'3.1.1.1'"}
    if code in hints:
        assert hints[code] in text
