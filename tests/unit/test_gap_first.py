"""What a manager acts on: the verdict and the gap first, found → needed with units, structured why-not in JSON,
evidence that serves several packs, the GB/T level radar and the overview of a multi-file report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cc_rules.cli import main

ROOT = Path(__file__).resolve().parents[2]
LEVEL3 = "examples/gbt43045-level3-bank-card-centre.yaml"
FAIL_SMALL = "examples/ccso-fail-small.yaml"
CORPUS = sorted((ROOT / "examples" / "corpus").glob("centre-*.yaml"))


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def test_text_opens_with_the_gap_and_folds_the_met_findings() -> None:
    out = run("assess", str(ROOT / LEVEL3), "--lang", "zh").splitlines()
    assert len(out) <= 60
    assert "  距 4 级（高级）尚缺 18 项：" in out[:6]  # right after the file, pack, level and ladder lines
    assert "    - 7.2 组织能力: AI训练师/智能运营人员人数 1 → ≥2 人 [第 10 步]" in out
    assert not any("[满足]" in line for line in out)
    assert "已满足 63 项" in out[-1]
    verbose = run("assess", str(ROOT / LEVEL3), "--lang", "zh", "--verbose")
    assert verbose.count("[满足]") == 63


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_no_english_reason_in_a_zh_report(fmt: str) -> None:
    for example in sorted((ROOT / "examples").glob("*.yaml")):
        out = run("assess", str(example), "--lang", "zh", "--format", fmt)
        assert "not met" not in out and "not evidenced" not in out, example.name


def test_json_why_not_is_data_with_whole_head_counts_units_and_parameters() -> None:
    report = json.loads(run("assess", str(ROOT / FAIL_SMALL), "--format", "json"))
    (result,) = report["assessments"][0]["results"]
    by_rule = {f["rule"]: f for f in result["findings"]}
    (gap,) = by_rule["ccso.staffing.team_leaders"]["why_not"]["closest"]
    assert gap["fact"] == "staffing.team_leaders" and gap["relation"] == "gte"
    assert gap["found"] == 2 and gap["needed"] == 3  # 25 seats / 10 = 2.5 team leaders: a whole 3
    assert gap["unit"] == "persons"
    assert gap["parameter"]["name"] == "seats_per_team_leader" and gap["parameter"]["value"] == 10
    assert by_rule["ccso.staffing.team_leaders"]["why_not"]["alternatives"] == []
    assert all(f["why_not"] is None for f in result["findings"] if f["met"] is True)


def test_derived_facts_expand_and_pack_data_is_never_offered() -> None:
    report = json.loads(run("assess", str(ROOT / FAIL_SMALL), "--format", "json"))
    (result,) = report["assessments"][0]["results"]
    why = next(f for f in result["findings"] if f["rule"] == "ccso.channels.trend_bonus")["why_not"]
    ways = [why["closest"], *why["alternatives"]]
    assert len(ways) > 1  # an `any`: every branch listed, the closest first

    def facts(gaps: list[dict[str, object]]) -> set[str]:
        return {g["fact"] for g in gaps} | {f for g in gaps for f in facts(g["because"])}  # type: ignore[arg-type]

    for way in ways:
        assert all(g["because"] for g in way)  # each derived fact expanded to what it comes from
        assert not any(f.startswith("benchmarks.") for f in facts(way))


def test_evidence_for_several_packs_serves_each() -> None:
    for path in CORPUS[:10]:
        for pack in ("gbt43045", "ccso", "gbt35780"):
            result = CliRunner().invoke(main, ["explain", str(path), "--pack", pack])
            assert result.exit_code == 0, result.output
    report = json.loads(run("assess", str(CORPUS[0]), "--pack", "gbt43045", "--format", "json"))
    ignored = report["assessments"][0]["evidence"]["other_pack_facts"]
    assert "channels.consistent_information" in ignored and len(ignored) == len(set(ignored))
    assert "供其他标准使用的事实" in run("assess", str(CORPUS[0]), "--pack", "gbt43045", "--lang", "zh")


def test_an_undeclared_fact_is_still_an_error(tmp_path: Path) -> None:
    text = (ROOT / LEVEL3).read_text(encoding="utf-8").replace("facts:\n", "facts:\n  staffing.team_leaderz: 3\n", 1)
    path = tmp_path / "typo.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["assess", str(path), "--pack", "gbt43045"])
    assert result.exit_code == 2 and "staffing.team_leaderz" in result.output and "team_leaders" in result.output


def test_gbt_html_has_a_level_radar_and_items_by_level_reached() -> None:
    html = run("assess", str(ROOT / LEVEL3), "--format", "html", "--lang", "zh")
    assert 'aria-label="各能力项达到的等级"' in html
    tree = html[html.index('<table class="tree">'):]
    tree = tree[:tree.index("</table>")]
    assert tree.count('class="badge lv3"') >= 18 and 'class="badge unmet"' not in tree  # not red for level 4


def test_multi_file_reports_open_with_an_overview() -> None:
    files = [str(ROOT / LEVEL3), str(ROOT / FAIL_SMALL)]
    text = run("assess", *files)
    assert text.startswith("Overview:\n")
    md = run("assess", *files, "--format", "markdown")
    assert "## Overview" in md.split("## 示例")[0] and "| gbt43045 |" in md
    html = run("assess", *files, "--format", "html")
    assert html.index('class="overview"') < html.index('class="result"')


def test_explain_rule_accepts_a_derive_rule_and_expands_derived_facts() -> None:
    out = run("explain", str(ROOT / FAIL_SMALL), "--pack", "ccso", "--rule", "ccso.satisfaction.survey_complete")
    assert "satisfaction.survey_complete = false (derived fact)" in out
    assert out.count("→ satisfaction.survey.") == 5  # the five survey counts it is derived from
    score = run("explain", str(ROOT / FAIL_SMALL), "--pack", "ccso", "--lang", "zh")
    assert "由 ccso.satisfaction.survey_complete 推导:" in score


def test_explain_lists_every_alternative_of_an_any() -> None:
    out = run("explain", str(ROOT / LEVEL3), "--pack", "gbt43045", "--rule", "gbt.8.9.l4.certified")
    closest, _, rest = out.partition("\n        or\n")
    assert "→ security.certifications" in closest and "→ security.certifications" in rest
