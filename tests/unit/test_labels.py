"""Enum and list values are shown with the labels facts.yaml declares, in the reader's language; JSON keeps the raw
values (and adds `because[].label`); a label for a value the fact does not declare is a pack error."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cc_rules import model, results
from cc_rules.base import errors
from cc_rules.cli import main
from cc_rules.model import packs

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = "examples/gbt43045-level3-bank-card-centre.yaml"


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch) -> object:
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)

    def invoke(*args: str) -> str:
        result = CliRunner().invoke(main, list(args))
        assert result.exit_code in (0, 1), result.output
        return result.stdout

    return invoke


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_zh_report_shows_zh_labels_not_raw_values(run, fmt: str) -> None:  # type: ignore[no-untyped-def]
    out = run("assess", EXAMPLE, "--lang", "zh", "--format", fmt, *(["--verbose"] if fmt == "text" else []))
    # the findings' explanations (text folds them away unless --verbose):
    # strategy.review_frequency = quarterly, data.reporting_frequency = daily, channels.offered has app_human …
    assert "现为 每季度" in out and "现为 每日" in out
    assert "APP人工" in out and "微信人工" in out
    for raw in ("quarterly", "daily", "app_human", "wechat_human", "faq_bot"):
        assert raw not in out, raw


def test_zh_explain_shows_labels_for_found_and_needed_values(run) -> None:  # type: ignore[no-untyped-def]
    out = run("explain", EXAMPLE, "--pack", "gbt43045", "--rule", "gbt.6.4.l5.monthly_steering", "--lang", "zh")
    assert "strategy.review_frequency = 每季度" in out
    assert "= 每月" in out  # the value needed
    assert "quarterly" not in out and "monthly" not in out.replace("monthly_steering", "")


def test_en_report_shows_en_labels(run) -> None:  # type: ignore[no-untyped-def]
    out = run("assess", EXAMPLE, "--lang", "en", "--format", "markdown")
    assert "app human service" in out and "WeChat human service" in out
    assert "app_human" not in out


def test_json_keeps_raw_values_and_adds_labels(run) -> None:  # type: ignore[no-untyped-def]
    report = json.loads(run("assess", EXAMPLE, "--format", "json"))
    because = {b["fact"]: b for a in report["assessments"] for r in a["results"] for f in r["findings"]
               for b in f["because"]}
    assert because["strategy.review_frequency"]["value"] == "quarterly"
    assert because["strategy.review_frequency"]["label"] == {"zh": "每季度", "en": "quarterly"}
    assert "app_human" in because["channels.offered"]["value"]
    assert "APP人工" in because["channels.offered"]["label"]["zh"]
    assert "label" not in because["strategy.target_tiers"]  # an int fact has no labels


def test_label_for_undeclared_value_is_a_pack_error(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(ROOT / "rules" / "gbt43045", pack)
    facts = pack / "facts.yaml"
    text = facts.read_text(encoding="utf-8")
    anchor = "    monthly: {zh: 每月, en: monthly}\n"
    assert anchor in text
    facts.write_text(text.replace(anchor, anchor + "    hourly: {zh: 每小时, en: hourly}\n", 1), encoding="utf-8")
    with pytest.raises(errors.PackError) as caught:
        packs.load(pack)
    (problem,) = caught.value.problems
    assert problem.file is not None and problem.file.endswith("facts.yaml")
    line = next(i for i, t in enumerate(facts.read_text(encoding="utf-8").splitlines(), 1) if "hourly" in t)
    assert problem.line == line
    assert problem.path.endswith(".labels.hourly") and problem.code == "undeclared-label"
    assert "hourly" in problem.text("en") and "hourly" in problem.text("zh")


def test_unlabelled_value_shows_raw() -> None:
    labels = ((("quarterly", model.Text("每季度", "quarterly"))),)
    assert results.format_value("quarterly", "zh", labels) == "每季度"
    assert results.format_value("hourly", "zh", labels) == "hourly"
    assert results.format_value(["quarterly", "hourly"], "zh", labels) == "[每季度, hourly]"
    assert results.format_value(True, "zh", labels) == "是"
    hole = results.Hole("f", labels)
    template = results.Template(("现为 ", hole), ("now ", hole))
    assert template.frame.fill({"f": "quarterly"}) == ("现为 每季度", "now quarterly")
    assert template.frame.fill({"f": "hourly"}) == ("现为 hourly", "now hourly")
    assert results.Because("f", "hourly", labels=labels).label is None
    assert results.Because("f", "quarterly", labels=labels).shown("zh") == "每季度"
