"""`cc-rules check`: exit codes 0/1/2, JUnit that parses, SARIF with located results, GitHub annotations."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from cc_rules.cli import main

ROOT = Path(__file__).resolve().parents[2]
EX = ROOT / "examples"
LEVEL3 = str(EX / "gbt43045-level3-bank-card-centre.yaml")
LEVEL1 = str(EX / "gbt43045-level1-water-hotline.yaml")
CCSO_PASS = str(EX / "ccso-pass-bank.yaml")
CCSO_FAIL = str(EX / "ccso-fail-small.yaml")


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return CliRunner()


def test_exit_codes(runner: CliRunner, tmp_path: Path) -> None:
    assert runner.invoke(main, ["check", LEVEL3, "--min-level", "3"]).exit_code == 0
    missed = runner.invoke(main, ["check", LEVEL3, "--min-level", "4"])
    assert missed.exit_code == 1
    assert "FAIL" in missed.stdout and "gbt.7.2.l4.ai_trainer_ratio" in missed.stdout
    assert runner.invoke(main, ["check", CCSO_PASS, "--min-score", "90"]).exit_code == 0
    assert runner.invoke(main, ["check", CCSO_PASS, "--min-score", "97"]).exit_code == 1
    assert runner.invoke(main, ["check", CCSO_FAIL]).exit_code == 1  # no gate given: the pack's own verdict
    # an explicit gate replaces the pack's verdict for its kind of pack: the failing centre scores 34
    assert runner.invoke(main, ["check", CCSO_FAIL, "--min-score", "30"]).exit_code == 0
    assert runner.invoke(main, ["check", CCSO_FAIL, "--min-score", "35"]).exit_code == 1
    assert runner.invoke(main, ["check", LEVEL3, LEVEL1, "--min-level", "2"]).exit_code == 1
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: cc-rules/evidence@1\norganization: {name: x}\n", encoding="utf-8")
    result = runner.invoke(main, ["check", str(bad)])
    assert result.exit_code == 2 and result.stderr.startswith("error:") and "bad.yaml" in result.stderr
    assert runner.invoke(main, ["check", str(tmp_path / "missing.yaml")]).exit_code == 2
    assert runner.invoke(main, ["check", LEVEL3, "--pack", "nope"]).exit_code == 2


def test_junit_parses_with_one_case_per_gate(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "junit.xml"
    result = runner.invoke(main, ["check", LEVEL3, CCSO_PASS, "--min-level", "4", "--min-score", "50",
                                  "--format", "junit", "-o", str(out)])
    assert result.exit_code == 1
    root = ET.parse(out).getroot()
    assert root.tag == "testsuites" and root.get("tests") == "2" and root.get("failures") == "1"
    cases = {c.get("name"): c for c in root.iter("testcase")}
    assert set(cases) == {"gbt43045 min-level", "ccso min-score"}
    failure = cases["gbt43045 min-level"].find("failure")
    assert failure is not None and "level 3 < required 4" in (failure.get("message") or "")
    assert "gbt.9.3.l4.video (9.3): not met" in (failure.text or "")
    assert cases["ccso min-score"].find("failure") is None


def test_sarif_results_have_locations(runner: CliRunner) -> None:
    result = runner.invoke(main, ["check", CCSO_FAIL, "--format", "sarif"])
    assert result.exit_code == 1
    sarif = json.loads(result.stdout)
    assert sarif["version"] == "2.1.0" and sarif["$schema"].endswith("sarif-schema-2.1.0.json")
    (run,) = sarif["runs"]
    assert run["tool"]["driver"]["name"] == "cc-rules"
    rule_ids = {r["id"] for r in run["tool"]["driver"]["rules"]}
    assert run["results"]
    for res in run["results"]:
        assert res["ruleId"] in rule_ids
        assert res["level"] in ("error", "warning", "note")
        assert res["message"]["text"]
        (loc,) = res["locations"]
        assert loc["physicalLocation"]["artifactLocation"]["uri"]
        assert loc["physicalLocation"]["region"]["startLine"] >= 1
    answer = next(r for r in run["results"] if r["ruleId"] == "ccso.kpi.answer_rate")
    physical = answer["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"].endswith("examples/ccso-fail-small.yaml")
    lines = Path(CCSO_FAIL).read_text(encoding="utf-8").splitlines()
    assert "answer_rate" in lines[physical["region"]["startLine"] - 1]


def test_github_annotations_only_on_actions(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    quiet = runner.invoke(main, ["check", CCSO_FAIL])
    assert "::error" not in quiet.stdout
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    loud = runner.invoke(main, ["check", CCSO_FAIL, "--min-score", "70"])
    assert loud.exit_code == 1
    annotations = [line for line in loud.stdout.splitlines() if line.startswith("::error")]
    assert any(",line=1,title=ccso min-score::score 34 < required 70" in a for a in annotations)
    answer = next(a for a in annotations if "title=ccso.kpi.answer_rate" in a)
    assert answer.startswith("::error file=") and "%25" in answer  # "%" escaped per the workflow-command rules
    assert len(annotations) == len(set(annotations)) and len(annotations) <= 10  # the default cap per file
    assert loud.stdout.count("::group::") == 1 and "::endgroup::" in loud.stdout
    for a in annotations:  # only ever the user's evidence file, never a pack file
        assert a.split("file=", 1)[1].split(",", 1)[0].endswith("examples/ccso-fail-small.yaml")


def test_fail_on_warn(runner: CliRunner, tmp_path: Path) -> None:
    assert runner.invoke(main, ["check", CCSO_PASS, "--fail-on-warn"]).exit_code == 0
    # 0 seats meet every staffing ratio trivially: the pack warns (ccso.staffing.seats_given), the score passes
    text = Path(CCSO_PASS).read_text(encoding="utf-8").replace("seats: 200", "seats: 0")
    assert "seats: 0" in text
    inflated = tmp_path / "inflated.yaml"
    inflated.write_text(text, encoding="utf-8")
    assert runner.invoke(main, ["check", str(inflated)]).exit_code == 0
    result = runner.invoke(main, ["check", str(inflated), "--fail-on-warn"])
    assert result.exit_code == 1
    assert "warnings: 1 warning(s)" in result.stdout


def test_progress_bar_goes_to_stderr(runner: CliRunner) -> None:
    files = [LEVEL3, LEVEL1, CCSO_PASS, CCSO_FAIL]
    result = runner.invoke(main, ["assess", *files, "--format", "json"])
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)["assessments"]) == 4  # stdout is the report only
    assert "Assessing" in result.stderr
    few = runner.invoke(main, ["assess", LEVEL3, "--format", "json"])
    assert "Assessing" not in few.stderr


def test_text_is_plain_off_a_tty_and_fits_100_columns(runner: CliRunner) -> None:
    for lang in ("en", "zh"):
        result = runner.invoke(main, ["assess", LEVEL3, CCSO_FAIL, "--lang", lang])
        assert result.exit_code == 0
        assert "\x1b[" not in result.stdout
        from cc_rules.reports.textwidth import width

        assert max(width(line) for line in result.stdout.splitlines()) <= 100


def test_text_colour_when_asked() -> None:
    from cc_rules.assess import pipeline as assessment
    from cc_rules.reports import text
    from cc_rules.reports.base import Options

    report = assessment.run([LEVEL3])
    assert "\x1b[" in text.render(report, Options(color=True))
    assert "\x1b[" not in text.render(report, Options())
