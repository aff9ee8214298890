"""`cc-rules lint`: every check's fixture pack reports its code; the bundled packs lint clean."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cc_rules.cli import main
from cc_rules.tools import lint

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "lint_fixtures"
DEFECTS = sorted(p.name for p in FIXTURES.iterdir() if p.name.startswith("ccr"))


def _codes(report: lint.LintReport, severity: str | None = None) -> set[str]:
    return {f.code for f in report.findings() if severity is None or f.severity == severity}


def test_every_check_has_a_fixture() -> None:
    assert {d[:6].upper() for d in DEFECTS} == set(lint.CHECKS)


@pytest.mark.parametrize("fixture", DEFECTS)
def test_fixture_reports_its_code(fixture: str) -> None:
    code = fixture[:6].upper()
    refs = [str(FIXTURES / fixture)]
    if code in ("CCR019", "CCR037"):  # a clash between two packs: lint it beside the clean pack
        refs.insert(0, str(FIXTURES / "clean_points"))
    corpus = str(FIXTURES / fixture / "corpus") if code == "CCR020" else None
    report = lint.lint(refs, features=code == "CCR015", corpus=corpus)
    found = [f for f in report.findings() if f.code == code]
    assert found, f"{fixture}: {code} not reported; got {[(f.code, f.message) for f in report.findings()]}"
    assert all((f.file and f.hint is not None) or lint.CHECKS[f.code].hint for f in found)
    expected = lint.CHECKS[code].severity
    assert any(f.severity in (expected, "warning") for f in found)
    # one defect each: no other error-level check fires (consequences at warning level are allowed)
    assert _codes(report, "error") <= {code}


@pytest.mark.parametrize("clean", ["clean_points", "clean_maturity"])
def test_clean_fixtures_report_nothing(clean: str) -> None:
    report = lint.lint([str(FIXTURES / clean)], features=False)
    assert report.findings() == ()
    assert report.exit_code() == 0


def test_specific_messages() -> None:
    report = lint.lint([str(FIXTURES / "ccr008_unreachable_level")], features=False)
    (level,) = [f for f in report.findings() if f.code == "CCR008"]
    assert "level 2 can never be awarded" in level.message and "m.count" in level.message
    report = lint.lint([str(FIXTURES / "ccr015_unexercised")], features=True)
    unexercised = {f.message.split("'")[1] for f in report.findings() if f.code == "CCR015"}
    assert unexercised == {"r.count", "r.video"}  # r.flag is named and decided by the fixture's feature
    report = lint.lint([str(FIXTURES / "ccr006_contradiction")], features=False)
    (contradiction,) = [f for f in report.findings() if f.code == "CCR006"]
    assert contradiction.file.endswith("rules/all.yaml") and contradiction.line == 6


def test_exit_codes_and_json() -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["lint", str(FIXTURES / "ccr006_contradiction"), "--no-features", "--format", "json"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.output)
    assert data["summary"]["error"] == 1
    assert data["packs"][0]["findings"][0]["code"] == "CCR006"
    result = runner.invoke(main, ["lint", str(FIXTURES / "ccr004_unused_fact"), "--no-features"])
    assert result.exit_code == 0 and "warning CCR004" in result.output and "fact 'a.spare'" in result.output


def test_unreadable_pack_exits_2(tmp_path: Path) -> None:
    pack = tmp_path / "broken"
    shutil.copytree(FIXTURES / "clean_points", pack)
    (pack / "facts.yaml").write_text("- name: a.count\n  type: [int\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["lint", str(pack), "--no-features"])
    assert result.exit_code == 2
    assert "facts.yaml" in result.output and "Traceback" not in result.output
    result = CliRunner().invoke(main, ["lint", str(tmp_path / "nowhere")])
    assert result.exit_code == 2


def test_bundled_packs_lint_clean() -> None:
    result = CliRunner().invoke(main, ["lint", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["summary"]["error"] == 0
    by_pack = {p["id"]: {f["code"] for f in p["findings"]} for p in data["packs"]}
    assert {"CCR013", "CCR014", "CCR017"} <= by_pack["ccso"]  # subjective share, coverage, interpretation summary
    share = next(f for p in data["packs"] for f in p["findings"] if f["code"] == "CCR013")
    assert "6.3%" in share["message"] and share["severity"] == "info"
    for codes in by_pack.values():  # the packs agree on every shared fact name, type, values and unit
        assert not codes & {"CCR019", "CCR037"}
