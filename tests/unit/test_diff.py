"""`cc-rules diff`: a staffing-ratio change moves corpus centres and names the rule that moves them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from cc_rules.cli import main

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "examples" / "corpus"
OLD_LINE = ('{from: 2015-07-01, value: 50, reference: '
            '"[004] 02 了解CCSO内容, 3.组织结构及岗位设置: 每50席设一个质检员", provenance: source}')


def _changed_ccso(tmp_path: Path) -> Path:
    copy = tmp_path / "ccso-changed"
    shutil.copytree(ROOT / "rules" / "ccso", copy)
    text = (copy / "pack.yaml").read_text(encoding="utf-8")
    assert text.count(OLD_LINE) == 1
    (copy / "pack.yaml").write_text(text.replace(OLD_LINE, OLD_LINE.replace("value: 50", "value: 40")),
                                    encoding="utf-8")
    return copy


def test_corpus_is_large_and_valid_for_both_packs() -> None:
    files = sorted(CORPUS.glob("centre-*.yaml"))
    assert len(files) >= 50
    result = CliRunner().invoke(main, ["assess", *map(str, files[:3]), "--engine", "plain", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    # the corpus names no `packs:`: every bundled pack assesses it, and it carries the facts of all three
    assert all({r["pack"]["id"] for r in a["results"]} >= {"ccso", "gbt43045", "gbt35780"} for a in data["assessments"])
    for assessment in data["assessments"]:
        (conformity,) = [r for r in assessment["results"] if r["pack"]["id"] == "gbt35780"]
        assert all(n["met"] is not None for n in conformity["nonconformities"])  # nothing left "not evidenced"


def test_staffing_ratio_change_moves_centres(tmp_path: Path) -> None:
    changed = _changed_ccso(tmp_path)
    result = CliRunner().invoke(main, ["diff", str(ROOT / "rules" / "ccso"), str(changed), str(CORPUS),
                                       "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["pack_changes"]["parameters"] == [{"name": "seats_per_quality_inspector", "before": 50, "after": 40}]
    moved = [c for c in data["centres"] if c["moved"]]
    assert moved and data["summary"]["moved"] == len(moved)
    assert data["summary"]["up"] == 0 and data["summary"]["down"] == len(moved)  # a stricter ratio never helps
    for centre in moved:
        assert [c["rule"] for c in centre["causes"]] == ["ccso.staffing.quality_inspectors"]
        assert centre["after"]["score"] == centre["before"]["score"] - 3
        assert centre["before"]["edition"] == centre["after"]["edition"] == "2021"


def test_text_and_markdown(tmp_path: Path) -> None:
    changed = _changed_ccso(tmp_path)
    runner = CliRunner()
    text = runner.invoke(main, ["diff", "ccso", str(changed), str(CORPUS), "--lang", "en"])
    assert text.exit_code == 0
    assert "parameter seats_per_quality_inspector: 50 → 40" in text.output
    assert "because ccso.staffing.quality_inspectors (changed): met (+0 points) → not met (-3 points)" in text.output
    assert "moved (0 up," in text.output and "across the pass line" in text.output
    md = runner.invoke(main, ["diff", "ccso", str(changed), str(CORPUS), "--format", "markdown", "--lang", "en"])
    assert md.exit_code == 0 and "| centre | before | after | move | rules |" in md.output


def test_same_pack_changes_nothing() -> None:
    result = CliRunner().invoke(main, ["diff", "ccso", str(ROOT / "rules" / "ccso"),
                                       str(ROOT / "examples" / "ccso-pass-bank.yaml"), "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["summary"]["moved"] == 0 and data["centres"][0]["causes"] == []


def test_edition_change_is_named(tmp_path: Path) -> None:
    # the 2021 edition adds the trend-channel bonus: the same centre assessed in 2020 and 2026 differs by that rule
    runner = CliRunner()
    bank = str(ROOT / "examples" / "ccso-pass-bank.yaml")
    before = json.loads(runner.invoke(main, ["assess", bank, "--pack", "ccso", "--as-of", "2020-06-30",
                                             "--format", "json"]).output)
    after = json.loads(runner.invoke(main, ["assess", bank, "--pack", "ccso", "--format", "json"]).output)
    assert before["assessments"][0]["results"][0]["pack"]["edition"] == "2015"
    assert after["assessments"][0]["results"][0]["pack"]["edition"] == "2021"


def test_bad_evidence_path_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["diff", "ccso", "ccso", str(tmp_path / "none.yaml")])
    assert result.exit_code == 2 and "none.yaml" in result.output


def test_text_and_markdown_in_chinese(tmp_path: Path) -> None:
    import re

    changed = _changed_ccso(tmp_path)
    runner = CliRunner()
    text = runner.invoke(main, ["diff", "ccso", str(changed), str(CORPUS), "--lang", "zh"])
    assert text.exit_code == 0, text.output
    assert "参数 seats_per_quality_inspector：50 → 40" in text.output
    assert "原因：ccso.staffing.quality_inspectors（结果变化）：满足（+0 分） → 不满足（-3 分）" in text.output
    assert "跨越通过线" in text.output
    summary = text.output.strip().splitlines()[-1]
    assert re.search(r"[\u4e00-\u9fff]", summary) and not re.findall(r"[A-Za-z]{2,}", summary), summary
    md = runner.invoke(main, ["diff", "ccso", str(changed), str(CORPUS), "--format", "markdown", "--lang", "zh"])
    assert md.exit_code == 0 and "| 中心 | 变更前 | 变更后 | 变动 | 规则 |" in md.output and "下降" in md.output
    bad = runner.invoke(main, ["diff", "ccso", "ccso", str(tmp_path / "none.yaml"), "--lang", "zh"])
    assert bad.exit_code == 2 and "没有这个证据文件或目录" in bad.output
