"""A points standard declared as data only: three dimensions of other names, a pass rule `at_least`, dated pass line,
bases and grade bands, a capped dimension. It is assessed, explained, reported, checked, linted and verified with no
Python written for it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from cc_rules.cli import main

ROOT = Path(__file__).resolve().parents[2]
PACK = ROOT / "tests" / "packs" / "three_dims"
EVIDENCE = PACK / "evidence" / "exactly-70.yaml"


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.stdout


def assess_json(evidence: Path, *extra: str) -> dict:  # type: ignore[type-arg]
    code, out = invoke("assess", str(evidence), "--pack", str(PACK), "--format", "json", *extra)
    assert code == 0, out
    (result,) = json.loads(out)["assessments"][0]["results"]
    return result  # type: ignore[no-any-return]


def write(tmp_path: Path, **facts: object) -> Path:
    base = {"kpi": {"answer_rate": 88, "fcr": 72}, "channels": {"offered": ["voice", "email"]},
            "care": {"callback_promise": False, "vulnerable_customers": False}}
    for dotted, value in facts.items():
        group, name = dotted.split("__")
        base[group][name] = value  # type: ignore[index]
    path = tmp_path / "ev.json"
    path.write_text(json.dumps({"format": "cc-rules/evidence@1", "organization": {"name": "T"},
                                "assessment": {"date": "2026-03-31"}, "facts": base}), encoding="utf-8")
    return path


def test_dimensions_and_pass_rule_come_from_the_pack(tmp_path: Path) -> None:
    result = assess_json(write(tmp_path))
    score = result["score"]
    assert list(score["dimensions"]) == ["care", "reach", "resolution"]  # sorted keys; the order is in titles
    assert score["dimensions"] == {"reach": 30, "resolution": 40, "care": 0}
    assert score["total"] == 70 and score["pass_rule"] == "at_least" and score["pass_threshold"] == 70
    assert result["passed"] is True and result["grade"] == "达标"  # exactly the line passes: at_least, not above
    assert score["dimension_titles"]["care"] == {"zh": "关怀", "en": "Care"}


def test_one_point_below_the_line_fails(tmp_path: Path) -> None:
    # without web chat and callbacks the total is 70; failing first contact resolution too drops it to 30
    result = assess_json(write(tmp_path, kpi__fcr=50))
    assert result["score"]["total"] == 30 and result["passed"] is False and result["grade"] is None
    assert result["retest"] is None  # the pack declares no retest rule


def test_dated_pass_line_and_capped_dimension(tmp_path: Path) -> None:
    ev = write(tmp_path, care__callback_promise=True, care__vulnerable_customers=True)
    old = assess_json(ev, "--as-of", "2024-06-30")
    assert old["pack"]["edition"] == "1.0" and old["score"]["pass_threshold"] == 60
    assert old["score"]["dimensions"]["care"] == 25  # 20 + 10 bonus, capped at 25
    assert old["score"]["dimension_maxima"]["care"] == 25


def test_text_markdown_and_html_name_the_declared_dimensions() -> None:
    code, text = invoke("assess", str(EVIDENCE), "--pack", str(PACK), "--lang", "zh")
    assert code == 0 and "可达性 30  解决能力 40  关怀 10" in text and "总分不低于 70 分为通过" in text
    code, markdown = invoke("assess", str(EVIDENCE), "--pack", str(PACK), "--format", "markdown", "--lang", "en")
    assert code == 0 and "| Reach | 30 |" in markdown and "a total of at least 70 passes" in markdown
    code, html = invoke("assess", str(EVIDENCE), "--pack", str(PACK), "--format", "html")
    radar = re.search(r'<svg[^>]*class="radar".*?</svg>', html, re.DOTALL)
    assert code == 0 and radar is not None
    assert radar.group(0).count('class="grid"') == 4 and radar.group(0).count("<line ") == 3  # three axes
    assert all(name in radar.group(0) for name in ("Reach", "Resolution", "Care"))


def test_explain_score_groups_by_declared_dimension() -> None:
    code, out = invoke("explain", str(EVIDENCE), "--pack", str(PACK), "--format", "json")
    assert code == 0
    explanation = json.loads(out)
    assert explanation["subject"] == "score"
    assert [g["key"] for g in explanation["groups"]] == ["reach", "resolution", "care"]
    assert explanation["groups"][2]["title"] == {"zh": "关怀", "en": "Care"}
    assert "at least 70 passes" in explanation["answer"]["en"]


@pytest.mark.parametrize(("gate", "expected"), [("70", 0), ("81", 1)])
def test_check_gates_on_the_score(gate: str, expected: int) -> None:
    code, out = invoke("check", str(EVIDENCE), "--pack", str(PACK), "--min-score", gate, "--format", "json")
    assert code == expected
    (verdict,) = json.loads(out)["assessments"][0]["results"][0]["gates"]
    assert verdict["gate"] == "min-score" and verdict["met"] is (expected == 0)
    assert verdict["actual"] == 80 and verdict["required"] == float(gate)


def test_lint_and_verify_need_no_code() -> None:
    code, out = invoke("lint", str(PACK))
    assert code == 0, out  # info only
    code, out = invoke("verify", str(PACK), "--format", "json")
    assert code == 0, out
    statuses = [s["status"] for f in json.loads(out)["features"] for s in f["scenarios"]]
    assert statuses == ["passed", "passed"]
