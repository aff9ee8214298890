"""What a manager acts on: the verdict and the gap first, found → needed with units, structured why-not in JSON,
evidence that serves several packs, the GB/T level radar and the overview of a multi-file report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cc_rules.cli import main
from cc_rules.reports import textwidth

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
    assert "    - 7.2 组织能力：AI训练师/智能运营人员人数 1 → ≥2 人 [第 10 步]" in out
    assert not any("[满足]" in line for line in out)
    assert "已满足 63 项" in out[-1]
    verbose = run("assess", str(ROOT / LEVEL3), "--lang", "zh", "--verbose")
    assert verbose.count("[满足]") == 63


BUDGET = 64  # "about 60": the default text for one centre and one pack (English wraps more than Chinese), with
# the provenance-counts line every report carries


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("example", [p for p in sorted((ROOT / "examples").glob("*.yaml"))
                                     if "all-three" not in p.stem], ids=lambda p: p.stem)
def test_default_text_of_one_pack_fits_the_length_budget(example: Path, lang: str,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the file named as a user names it
    out = run("assess", str(example.relative_to(ROOT)), "--lang", lang).splitlines()
    assert len(out) <= BUDGET, (example.name, lang, len(out))
    assert all(textwidth.width(line) <= 100 for line in out)


def test_a_score_roadmap_stops_at_the_step_that_passes_and_a_ladder_groups_its_steps_by_level() -> None:
    out = run("assess", str(ROOT / FAIL_SMALL), "--lang", "en").splitlines()
    roadmap = out[out.index("  Roadmap (~N: effort, an estimate in person-weeks):"):]
    passing = next(i for i, line in enumerate(roadmap) if "← passes" in line)
    assert roadmap[passing + 1].startswith("    … ") and "more steps" in roadmap[passing + 1]
    assert "    - 2.3.1.2 A complaint escalation path is defined -2: false → true [step 3]" in out
    assert "Post-contact survey: very satisfied, satisfied, neutral," in " ".join(out)
    ladder = run("assess", str(ROOT / LEVEL3), "--lang", "en").splitlines()
    at = ladder.index("    Level 4: 18 requirements, about 109 person-weeks (estimate)")
    assert ladder[at + 1].startswith("     1.  ~2  ")
    assert "    Then: level 5 needs 20 (~209 person-weeks)" in ladder[at + 19:]  # a level with no step shown


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_no_english_reason_in_a_zh_report(fmt: str) -> None:
    for example in sorted((ROOT / "examples").glob("*.yaml")):
        out = run("assess", str(example), "--lang", "zh", "--format", fmt)
        assert "not met" not in out and "not evidenced" not in out, example.name
        # where a value came from, when the assessment itself says it, is in Chinese too
        for english in ("review by", "— derived", "— organization", "— computed", "(derived)", "(organization)",
                        "(computed)", "surveyed)", "self-supplied", "pack data "):
            assert english not in out, (example.name, english)


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
    for fmt in ("text", "markdown", "html"):  # listed once, in every format a person reads
        for lang, label in (("zh", "供其他标准使用的事实"), ("en", "Facts for other packs")):
            out = run("assess", str(CORPUS[0]), "--pack", "gbt43045", "--lang", lang, "--format", fmt)
            assert out.count(label) == 1, (fmt, lang)
            assert "channels.consistent_information" in out


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


def test_a_benchmark_the_pack_lacks_is_asked_for_as_a_benchmark_not_as_facts() -> None:
    """Channel benchmarks are pack data: with none for the centre's industry, the evidence to supply is a
    `benchmarks:` entry for it, not the facts `benchmarks.baseline_channels` the rules read."""
    path = str(ROOT / "examples" / "corpus" / "centre-002-ecommerce.yaml")
    out = run("assess", path, "--pack", "ccso", "--lang", "en").splitlines()
    at = next(i for i, line in enumerate(out) if line.startswith("  Supply evidence to assess"))
    assert out[at + 1] == "    no industry benchmark for ecommerce: supply `benchmarks:` with its source"
    assert "benchmarks.baseline_channels" not in out[at + 1]


def test_a_threshold_names_its_parameter_and_a_head_count_is_whole_in_explain_markdown_and_html() -> None:
    out = run("explain", str(ROOT / FAIL_SMALL), "--pack", "ccso", "--rule", "ccso.staffing.team_leaders",
              "--lang", "en").splitlines()
    assert "        → staffing.team_leaders = 2, needs ≥ 3 (organization.seats / 10 = 25 / 10)" in out
    assert any(line.startswith("            Parameter seats_per_team_leader = 10 (") for line in out)  # its reference
    for fmt in ("markdown", "html"):
        page = run("assess", str(ROOT / LEVEL3), "--lang", "zh", "--format", fmt)
        assert "参数 seats_per_ai_trainer = 100（" in page, fmt
