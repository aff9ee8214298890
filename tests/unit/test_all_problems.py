"""All problems of one evidence file at once, best first: a schema problem no longer hides the vocabulary and type
problems of the facts it leaves readable (a misspelt fact keeps its did-you-mean). And `assessment:` is optional: the
date is `--as-of` or today (read by the CLI), the mode self."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from click.testing import CliRunner

from cc_rules.cli import main

BROKEN = """\
format: cc-rules/evidence@1
organization: {name: X, seats: 10}
assessment: {date: 2026-06-30, mode: selff}
facts:
  staffing: {team_leadrs: 3, trainers: many}
  kpi: {answer_rate: {value: 50, sorce: minutes}}
"""


def _run(tmp_path: Path, text: str, *args: str) -> tuple[int, str, str]:
    path = tmp_path / "e.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["assess", str(path), "--pack", "ccso", *args])
    return result.exit_code, result.stdout, result.stderr


def test_schema_vocabulary_and_type_problems_come_together(tmp_path: Path) -> None:
    code, out, err = _run(tmp_path, BROKEN, "--lang", "en")
    assert code == 2 and out == ""
    first, rest = err.split(" (3 more problems: ")
    assert first == (f"error: {tmp_path}/e.yaml:3: at $.assessment.mode: "
                     "\"selff\" is not one of ['self', 'certification']")
    assert "$.facts.kpi.answer_rate.sorce: unknown key 'sorce' (did you mean 'source'?)" in rest
    assert "$.facts.staffing.team_leadrs: unknown fact 'staffing.team_leadrs'" in rest
    assert "Did you mean 'staffing.team_leaders'?" in rest
    assert "$.facts.staffing.trainers: fact 'staffing.trainers' has the wrong type" in rest
    # schema problems first (most relevant first), then the facts' problems in file order
    assert rest.index("sorce") < rest.index("team_leadrs") < rest.index("trainers")


def test_the_same_in_chinese(tmp_path: Path) -> None:
    code, _, err = _run(tmp_path, BROKEN, "--lang", "zh")
    assert code == 2 and "另有 3 个问题" in err
    assert "未知事实 'staffing.team_leadrs'" in err and "是否想写 'staffing.team_leaders'" in err
    assert "事实 'staffing.trainers' 的类型不对" in err and "未知的键 'sorce'" in err


def test_a_file_too_broken_to_read_facts_gets_its_schema_problems_alone(tmp_path: Path) -> None:
    code, _, err = _run(tmp_path, "format: cc-rules/evidence@1\norganization: {name: X}\nfacts: [1, 2]\n")
    assert code == 2 and "$.facts" in err and "more problem" not in err


def test_vocabulary_and_type_problems_of_a_schema_valid_file_come_together(tmp_path: Path) -> None:
    text = BROKEN.replace("mode: selff", "mode: self").replace(", sorce: minutes", "")
    code, _, err = _run(tmp_path, text, "--lang", "en")
    assert code == 2 and "(1 more problem: " in err
    assert err.index("team_leadrs") < err.index("trainers")


def test_without_assessment_the_date_is_as_of(tmp_path: Path) -> None:
    text = "format: cc-rules/evidence@1\norganization: {name: X, seats: 10}\nfacts: {staffing: {trainers: 2}}\n"
    code, out, err = _run(tmp_path, text, "--as-of", "2026-06-30", "--format", "json")
    assert code in (0, 1), err
    report = json.loads(out)["assessments"][0]
    assert report["assessment"] == {"date": "2026-06-30", "mode": "self"}
    assert report["results"][0]["as_of"] == "2026-06-30"


def test_without_assessment_or_as_of_the_date_is_today(tmp_path: Path) -> None:
    text = "format: cc-rules/evidence@1\norganization: {name: X, seats: 10}\nfacts: {staffing: {trainers: 2}}\n"
    before = dt.date.today().isoformat()
    code, out, err = _run(tmp_path, text, "--format", "json")
    assert code in (0, 1), err
    assert json.loads(out)["assessments"][0]["assessment"]["date"] in (before, dt.date.today().isoformat())
