"""A rule's `reference:` and the provenance and reference of the parameters behind its thresholds reach every place a
person reads the finding: the JSON report, explain, the verbose text, markdown, HTML, SARIF and JUnit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from cc_rules.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "ccso-fail-small.yaml"  # 2 team leaders for 25 seats: ccso.staffing.team_leaders fails
RULE = "ccso.staffing.team_leaders"
RULES = ROOT / "rules" / "ccso" / "rules" / "3_organisation.yaml"


def _rule_reference() -> str:
    """The rule's `reference:` as the pack writes it."""
    rules = yaml.safe_load(RULES.read_text(encoding="utf-8"))
    reference = next(r for r in rules if r["id"] == RULE).get("reference")
    assert isinstance(reference, str) and reference
    return reference


QUOTE = _rule_reference()


@pytest.fixture(scope="module")
def pack() -> Path:
    return ROOT / "rules" / "ccso"


def _param() -> dict[str, object]:
    """The parameter as pack.yaml states it (the value in force for the example's 2026 date)."""
    doc = yaml.safe_load((ROOT / "rules" / "ccso" / "pack.yaml").read_text(encoding="utf-8"))
    values = doc["parameters"]["seats_per_team_leader"]["values"]
    return dict(values[-1])


def _run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def test_json_finding_carries_the_reference_and_the_parameter_provenance(pack: Path) -> None:
    doc = json.loads(_run("assess", str(EXAMPLE), "--pack", str(pack), "--format", "json"))
    finding = next(f for f in doc["assessments"][0]["results"][0]["findings"] if f["rule"] == RULE)
    assert finding["met"] is False and finding["reference"] == QUOTE
    param = finding["why_not"]["closest"][0]["parameter"]
    want = _param()
    assert param == {"name": "seats_per_team_leader", "value": want["value"], "reference": want["reference"],
                     "provenance": want["provenance"]}
    written = {r["id"]: r.get("reference") for path in (ROOT / "rules" / "ccso" / "rules").glob("*.yaml")
               for r in yaml.safe_load(path.read_text(encoding="utf-8"))}
    for f in doc["assessments"][0]["results"][0]["findings"]:
        assert f["reference"] == written[f["rule"]], f["rule"]  # none borrowed: a rule without one says null


@pytest.mark.parametrize(("lang", "reference", "parameter"), [
    ("zh", f"出处：{QUOTE}", "参数 seats_per_team_leader = 10（来源；"),
    ("en", f"Reference: {QUOTE}", "Parameter seats_per_team_leader = 10 (source; "),
])
def test_explain_and_every_report_show_the_basis(pack: Path, lang: str, reference: str, parameter: str) -> None:
    explained = _run("explain", str(EXAMPLE), "--pack", str(pack), "--rule", RULE, "--lang", lang)
    assert reference in explained and parameter in explained
    verbose = _run("assess", str(EXAMPLE), "--pack", str(pack), "--verbose", "--lang", lang)
    assert reference in verbose and parameter in verbose
    default = _run("assess", str(EXAMPLE), "--pack", str(pack), "--lang", lang)
    assert parameter not in default  # the default text keeps to its length budget
    for fmt in ("markdown", "html"):
        out = _run("assess", str(EXAMPLE), "--pack", str(pack), "--format", fmt, "--lang", lang)
        assert reference.replace("[", "\\[").replace("]", "\\]") in out if fmt == "markdown" else reference in out
        assert parameter in out
    sarif = json.loads(_run("check", str(EXAMPLE), "--pack", str(pack), "--format", "sarif", "--lang", lang))
    rule = next(r for r in sarif["runs"][0]["tool"]["driver"]["rules"] if r["id"] == RULE)
    assert rule["properties"]["reference"] == QUOTE and reference in rule["help"]["text"]
