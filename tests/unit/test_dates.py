"""Dates that do not exist (2026-02-30, 2015-13-01) are refused with file, line and path wherever they are written:
evidence (quoted or not), pack files, Gherkin steps; never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cc_rules.base import errors
from cc_rules.cli import main
from cc_rules.model import packs

ROOT = Path(__file__).resolve().parents[2]
THREE = ROOT / "tests" / "packs" / "three_dims"


@pytest.mark.parametrize("written", ["2026-02-30", '"2026-02-30"', "2026-02-30 25:00:00"])
def test_evidence_date(tmp_path: Path, written: str) -> None:
    ev = tmp_path / "ev.yaml"
    ev.write_text(f"format: cc-rules/evidence@1\norganization: {{name: X}}\nassessment: {{date: {written}}}\n"
                  "facts: {}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["assess", str(ev), "--lang", "en"])
    assert result.exit_code == 2
    assert f"{ev}:3: at $.assessment.date" in result.stderr and "Traceback" not in result.stderr


def test_pack_date(tmp_path: Path) -> None:
    root = tmp_path / "p"
    shutil.copytree(THREE, root)
    text = (root / "pack.yaml").read_text(encoding="utf-8").replace("effective_from: 2025-01-01",
                                                                      "effective_from: 2025-13-01")
    (root / "pack.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(errors.CcRulesError) as info:
        packs.load(root)
    (problem,) = info.value.problems
    assert problem.path == "$.editions[1].effective_from" and problem.line == 8
    assert "不存在" in problem.render("zh")


def test_step_date_fails_the_scenario_not_the_run(tmp_path: Path) -> None:
    feature = tmp_path / "d.feature"
    feature.write_text('Feature: d\n  Scenario: bad day\n    Given an organization "X" in industry "banking" with 10 '
                       'seats\n    When it is assessed against "ccso" as of 2026-02-30\n    Then it passes\n'
                       '  Scenario: good day\n    Given an organization "X" in industry "banking" with 10 seats\n'
                       '    When it is assessed against "ccso" as of 2026-02-28\n    Then it does not pass\n',
                       encoding="utf-8")
    result = CliRunner().invoke(main, ["verify", str(feature), "--lang", "en"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "2026-02-30 is not a date that exists" in result.output and "1 passed, 1 failed" in result.output
