"""Per pack, how many rules and parameters are source / secondary / interpretation: computed once on the pack,
printed by `cc-rules packs` and by every report (text, Markdown, HTML, JSON)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cc_rules.cli import main
from cc_rules.model import packs
from cc_rules.reports.base import provenance_lines

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = str(ROOT / "examples" / "ccso-pass-bank.yaml")


@pytest.mark.parametrize("pid", sorted(packs.builtin_ids()))
def test_counts_add_up_to_the_packs_rules_and_parameters(pid: str) -> None:
    pack = packs.load(pid)
    counts = pack.provenance
    assert sum(n for _, n in counts.rules) == len(pack.rules)
    assert sum(n for _, n in counts.parameters) == len(pack.parameters)
    for label in ("source", "secondary", "interpretation"):
        assert counts.count("rules", label) == sum(1 for r in pack.rules if r.provenance == label)
    assert pack.provenance is counts  # computed once per pack


def test_ccso_award_labels_grades_and_bases_as_interpretation() -> None:
    counts = packs.load("ccso").provenance
    assert dict(counts.award) == {"grades": "interpretation", "dimension_bases": "interpretation",
                                  "pass_line": "source"}
    assert provenance_lines(counts, "en") == [
        "Provenance (source/secondary/interpretation): rules 35/16/29, parameters 4/0/11",
        "grade bands, dimension bases: interpretation; pass line: source"]
    assert provenance_lines(counts, "zh")[1] == "评级分段、维度起始分：解释；通过线：来源"


def test_an_unlabelled_parameter_is_counted_as_such() -> None:
    counts = packs.load(str(ROOT / "tests" / "lint_fixtures" / "clean_points")).provenance
    assert dict(counts.parameters) == {"source": 0, "secondary": 0, "interpretation": 0, "unlabelled": 3}
    assert provenance_lines(counts, "en")[0] == (
        "Provenance (source/secondary/interpretation/unlabelled): rules 3/0/0/0, parameters 0/0/0/3")
    assert provenance_lines(counts, "zh")[0] == "出处（来源/二手来源/解释/未标注）：规则 3/0/0/0，参数 0/0/0/3"


@pytest.mark.parametrize(("fmt", "lang", "expected"), [
    ("text", "en", "\n  Provenance (source/secondary/interpretation): rules 35/16/29, parameters 4/0/11\n"),
    ("text", "zh", "\n  评级分段、维度起始分：解释；通过线：来源\n"),
    ("markdown", "en", "rules 35/16/29, parameters 4/0/11; grade bands, dimension bases: interpretation; pass line"),
    ("html", "zh", '<p class="meta provenance">出处（来源/二手来源/解释）：规则 35/16/29，参数 4/0/11；'),
])
def test_every_report_format_prints_the_counts(fmt: str, lang: str, expected: str) -> None:
    result = CliRunner().invoke(main, ["assess", EXAMPLE, "--format", fmt, "--lang", lang])
    assert result.exit_code == 0, result.output
    assert expected in result.output


def test_the_json_report_carries_the_counts() -> None:
    result = CliRunner().invoke(main, ["assess", EXAMPLE, "--format", "json"])
    (found,) = json.loads(result.output)["assessments"][0]["results"]
    assert found["provenance"] == {"rules": {"source": 35, "secondary": 16, "interpretation": 29},
                                   "parameters": {"source": 4, "secondary": 0, "interpretation": 11},
                                   "award": {"grades": "interpretation", "dimension_bases": "interpretation",
                                             "pass_line": "source"}}


def test_packs_lists_the_counts_per_pack() -> None:
    out = CliRunner().invoke(main, ["packs", "--lang", "zh"]).output
    assert "\n           出处（来源/二手来源/解释）：规则 7/3/91，参数 1/0/30\n" in out
    assert "\n           出处（来源/二手来源/解释）：规则 0/0/30，参数 0/0/3\n" in out
