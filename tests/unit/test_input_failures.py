"""A bad evidence file among good ones is an error entry in every CI format, and the good ones are still reported."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import xmlschema
from click.testing import CliRunner

from cc_rules.cli import main

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "tests" / "vendor"
BAD = "format: cc-rules/evidence@1\norganization: {name: X}\nassessment: {date: 2026-02-03}\nfacts:\n" \
      "  staffing: {team_leader: 2}\n"


def run(tmp_path: Path, *formats: str) -> tuple[int, dict[str, str], str]:
    folder = tmp_path / "evidence"
    folder.mkdir()
    shutil.copy(ROOT / "examples" / "ccso-pass-bank.yaml", folder / "good.yaml")
    (folder / "bad.yaml").write_text(BAD, encoding="utf-8")
    reports = [arg for fmt in formats for arg in ("--report", f"{fmt}={tmp_path / ('out.' + fmt)}")]
    result = CliRunner().invoke(main, ["check", str(folder), "--lang", "en", *reports])
    assert "Traceback" not in result.output
    return result.exit_code, {fmt: (tmp_path / f"out.{fmt}").read_text(encoding="utf-8") for fmt in formats}, \
        result.stdout


def test_junit_has_an_error_case_and_validates(tmp_path: Path) -> None:
    code, out, stdout = run(tmp_path, "junit")
    assert code == 2
    xmlschema.XMLSchema(VENDOR / "junit-10.xsd").validate(str(tmp_path / "out.junit"))
    assert out["junit"].count("<error ") == 1 and 'errors="1"' in out["junit"] and "team_leader" in out["junit"]
    assert "good.yaml" in out["junit"]  # the good file is still reported
    assert "ERROR" in stdout and stdout.rstrip().endswith("1 errors")


def test_sarif_notification_and_json_errors(tmp_path: Path) -> None:
    code, out, _ = run(tmp_path, "sarif", "json")
    assert code == 2
    sarif = json.loads(out["sarif"])
    jsonschema.Draft4Validator(json.loads((VENDOR / "sarif-2.1.0.json").read_text(encoding="utf-8"))).validate(sarif)
    (invocation,) = sarif["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "error" and note["locations"][0]["physicalLocation"]["region"]["startLine"] == 5
    report = json.loads(out["json"])
    assert len(report["assessments"]) == 1 and report["errors"][0]["path"] == "$.facts.staffing.team_leader"
    assert "unknown fact" in report["errors"][0]["message"]["en"] and "未知事实" in report["errors"][0]["message"]["zh"]


def test_github_annotation_for_the_bad_file(tmp_path: Path) -> None:
    code, out, _ = run(tmp_path, "github")
    assert code == 2
    first = out["github"].splitlines()[0]
    assert first.startswith("::error file=") and "bad.yaml" in first and ",line=5::" in first


def test_max_annotations_caps_each_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(ROOT / "examples" / "ccso-fail-small.yaml"), "--format",
                                       "github", "--max-annotations", "2"])
    lines = result.stdout.splitlines()
    annotations = [line for line in lines if line.startswith(("::error", "::warning"))]
    assert result.exit_code == 1 and len(annotations) == 2
    assert any(line.startswith("::notice") for line in lines)  # the rest summarised
