"""Dates that do not exist (2026-02-30, 2015-13-01) are refused with file, line and path wherever they are written:
evidence (quoted or not), pack files, Gherkin steps, waivers, `--as-of`; never a traceback, always the one message of
`cc_rules.base.dates`."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cc_rules.base import dates, errors, i18n
from cc_rules.cli import main
from cc_rules.model import packs

ROOT = Path(__file__).resolve().parents[2]
THREE = ROOT / "tests" / "packs" / "three_dims"


# The one message, with the value left out: every place a date is read must say this.
ONE_MESSAGE = "is not a date that exists (YYYY-MM-DD; check the year, the month and the day)"


@pytest.mark.parametrize(("text", "day"), [
    ("2026-06-30", dt.date(2026, 6, 30)), ("0001-01-01", dt.date(1, 1, 1)), ("9999-12-31", dt.date(9999, 12, 31)),
    ("2024-02-29", dt.date(2024, 2, 29)), ("2026-02-30", None), ("2025-02-29", None), ("2015-13-01", None),
    ("0000-01-01", None), ("20260630", None), ("2026-W01-1", None), ("2026-6-30", None), ("2026-06-30T10:00", None),
    (" 2026-06-30", None), ("２０２６-06-30", None), ("", None), (20260630, None), (None, None)])
def test_one_grammar(text: object, day: dt.date | None) -> None:
    """Only YYYY-MM-DD naming a day that exists; Python's fromisoformat would take 20260630 and 2026-W01-1."""
    assert dates.parse(text) == day


def test_the_message_is_one_catalogue_entry() -> None:
    assert ONE_MESSAGE in i18n.message(dates.MESSAGE, "en", value="x")
    assert "不存在" in i18n.message(dates.MESSAGE, "zh", value="x")


@pytest.mark.parametrize("written", ["2026-02-30", "20260630", "2026-W01-1", "0000-01-01"])
def test_as_of_option(tmp_path: Path, written: str) -> None:
    result = CliRunner().invoke(main, ["assess", str(ROOT / "examples" / "ccso-pass-bank.yaml"), "--as-of", written,
                                       "--lang", "en"])
    assert result.exit_code == 2 and f"{written} {ONE_MESSAGE}" in result.stderr


@pytest.mark.parametrize("written", ["2026-02-30", '"2026-02-30"', "2026-02-30 25:00:00", "2026-06-30T10:00:00",
                                     '"0000-01-01"', '"2026-6-30"'])
def test_evidence_date(tmp_path: Path, written: str) -> None:
    ev = tmp_path / "ev.yaml"
    ev.write_text(f"format: cc-rules/evidence@1\norganization: {{name: X}}\nassessment: {{date: {written}}}\n"
                  "facts: {}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["assess", str(ev), "--lang", "en"])
    assert result.exit_code == 2
    assert f"{ev}:3: at $.assessment.date" in result.stderr and "Traceback" not in result.stderr
    assert ONE_MESSAGE in result.stderr and "more problem" not in result.stderr  # once, not once per schema rule


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
    assert "不存在" in problem.render("zh") and ONE_MESSAGE in problem.render("en")


def test_step_date_fails_the_scenario_not_the_run(tmp_path: Path) -> None:
    feature = tmp_path / "d.feature"
    feature.write_text('Feature: d\n  Scenario: bad day\n    Given an organization "X" in industry "banking" with 10 '
                       'seats\n    When it is assessed against "ccso" as of 2026-02-30\n    Then it passes\n'
                       '  Scenario: good day\n    Given an organization "X" in industry "banking" with 10 seats\n'
                       '    When it is assessed against "ccso" as of 2026-02-28\n    Then it does not pass\n',
                       encoding="utf-8")
    result = CliRunner().invoke(main, ["verify", str(feature), "--lang", "en"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"2026-02-30 {ONE_MESSAGE}" in result.output and "1 passed, 1 failed" in result.output
