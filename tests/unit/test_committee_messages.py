"""Messages a committee can act on: two `then:` kinds at once name the keys that exclude each other; full-width
punctuation and the ideographic space are named with their code point, column and the ASCII character to type;
a wrong operator names the allowed ones and the closest — in zh and en, at the file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cc_rules.cli import main

ROOT = Path(__file__).resolve().parents[2]
RULES = "rules/3_organisation.yaml"
CASES = {
    "deduct-and-add": ("  then: {deduct: 3, recommend: [act.hire_team_leaders]}",
                       "  then: {deduct: 3, add: 1, recommend: [act.hire_team_leaders]}",
                       "3_organisation.yaml:21：错误 CCR001 `deduct` 与 `add` 只能二选一"
                       "（这里只能写以下之一：requirement, deduct, add, derive, warn）",
                       "`deduct` and `add` exclude each other: write only one of requirement, deduct, add, derive"),
    "full-width-colon": ("  provenance: source\n  reference: \"[004] 02 了解CCSO内容, 3.组织结构及岗位设置: 每10席",
                         "  provenance： source\n  reference: \"[004] 02 了解CCSO内容, 3.组织结构及岗位设置: 每10席",
                         "第 16 行含有全角字符 '：'（U+FF1A，第 13 列，应为 ':'）",
                         "line 16 contains the full-width character(s) '：' (U+FF1A, column 13; type ':')"),
    "ideographic-space": ("  provenance: source\n  reference: \"[004] 02 了解CCSO内容, 3.组织结构及岗位设置: 每10席",
                          "\u3000provenance: source\n  reference: \"[004] 02 了解CCSO内容, 3.组织结构及岗位设置: "
                          "每10席",
                          "第 16 行含有全角字符 全角空格（U+3000，第 1 列，应为 ' '）",
                          "the ideographic space (U+3000, column 1; type ' ')"),
    "full-width-digit": ("  then: {deduct: 3, recommend: [act.hire_team_leaders]}",
                         "  then: {deduct: ３, recommend: [act.hire_team_leaders]}",
                         "值 \"３\" 含有全角字符 '３'（U+FF13，第 1 个字符，应为 '3'）：请用半角（ASCII）输入",
                         "'３' (U+FF13, character 1; type '3')"),
    "wrong-operator": ("    gte: {div: [{fact: organization.seats}, {param: seats_per_team_leader}]}",
                       "    at_least: {div: [{fact: organization.seats}, {param: seats_per_team_leader}]}",
                       "未知的比较运算符 'at_least'（可用的运算符：eq, ne, lt, lte, gt, gte, in, contains, exists）",
                       "'at_least'"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_committee_mistake_gets_a_message_it_can_act_on(tmp_path: Path, case: str) -> None:
    old, new, zh, en = CASES[case]
    copy = tmp_path / "ccso"
    shutil.copytree(ROOT / "rules" / "ccso", copy)
    rules = copy / RULES
    text = rules.read_text(encoding="utf-8")
    assert text.count(old) >= 1
    rules.write_text(text.replace(old, new, 1), encoding="utf-8")
    for lang, want in (("zh", zh), ("en", en)):
        result = CliRunner().invoke(main, ["lint", str(copy), "--no-corpus", "--no-features", "--lang", lang])
        assert result.exit_code in (1, 2), result.output
        assert want in result.output, result.output
        assert "Traceback" not in result.output and "is valid under each of" not in result.output
    assessed = CliRunner().invoke(main, ["assess", str(ROOT / "examples" / "ccso-pass-bank.yaml"), "--pack",
                                         str(copy), "--lang", "zh"])
    assert assessed.exit_code == 2 and "3_organisation.yaml:" in assessed.output


# Broken YAML, as a committee types it: the parser's own words are translated in zh; en keeps the parser's text.
YAML_MISTAKES = {
    "two colons": ("a: b: c\n", "此处不能再写 '键: 值'", "mapping values are not allowed"),
    "unclosed quote": ("a: 'x\n", "引号没有闭合", "found unexpected end of stream"),
    "unclosed bracket": ("a: [1, 2\nb: 3\n", "缺少 ',' 或结尾的 ']'", "expected ',' or ']'"),
    "bad indentation": ("a:\n  b: 1\n c: 2\n", "缩进不对齐", "did not find expected key"),
    "tab indentation": ("a: 1\n\tb: 2\n", "制表符", "tab character"),
    "backslash": ('a: "\\q"\n', "转义字符", "unknown escape character"),
    "at sign": ("a: @x\n", "'@'", "cannot start any token"),
}


@pytest.mark.parametrize("case", sorted(YAML_MISTAKES))
def test_broken_yaml_is_explained_in_the_users_language(tmp_path: Path, case: str) -> None:
    text, zh, en = YAML_MISTAKES[case]
    path = tmp_path / "evidence.yaml"
    path.write_text(text, encoding="utf-8")
    for lang, want in (("zh", zh), ("en", en)):
        result = CliRunner().invoke(main, ["assess", str(path), "--lang", lang])
        assert result.exit_code == 2 and "Traceback" not in result.output, result.output
        message = result.stderr.strip()
        assert want in message and str(path) in message, message
        if lang == "zh":
            assert "while " not in message and "expected" not in message, message
