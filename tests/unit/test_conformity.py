"""The conformity award model: declared severities, `award.max_minor`, the roadmap's order, and `cc-rules check`
gating on the pack's own verdict (exit 1 on a major nonconformity, listed in JUnit and SARIF)."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from cc_rules import results
from cc_rules.assess import pipeline
from cc_rules.base import errors
from cc_rules.cli import main
from cc_rules.model import packs

PACK = {
    "pack.yaml": """\
id: conf_sev
title: {zh: 符合性严重度测试, en: Conformity severity test}
model: conformity
editions: [{id: "1", effective_from: 2020-01-01, reference: test}]
award: {max_minor: 1}
""",
    "facts.yaml": """\
- {name: c.policy, type: bool, description: {zh: 政策, en: policy}}
- {name: c.survey, type: bool, description: {zh: 调查, en: survey}}
- {name: c.poster, type: bool, description: {zh: 海报, en: poster}}
- {name: c.manual, type: bool, description: {zh: 手册, en: manual}}
""",
    "items.yaml": """\
- {id: c.4, title: {zh: 客户关系, en: Customer relationship}, clause: "4", provenance: secondary}
""",
    "actions.yaml": """\
- {id: act.policy, title: {zh: 制定政策, en: Write the policy}, effort: 5}
- {id: act.survey, title: {zh: 开展调查, en: Run the survey}, effort: 2}
- {id: act.poster, title: {zh: 张贴海报, en: Put up the poster}, effort: 1}
- {id: act.manual, title: {zh: 编写手册, en: Write the manual}, effort: 3}
""",
    "rules/all.yaml": """\
- id: c.policy
  item: c.4
  provenance: interpretation
  severity: major
  requires: {fact: c.policy, eq: true}
  then: {requirement: true, recommend: [act.policy]}
- id: c.survey
  item: c.4
  provenance: interpretation
  requires: {fact: c.survey, eq: true}
  then: {requirement: true, recommend: [act.survey]}
- id: c.poster
  item: c.4
  provenance: interpretation
  severity: minor
  requires: {fact: c.poster, eq: true}
  then: {requirement: true, recommend: [act.poster]}
- id: c.manual
  item: c.4
  provenance: interpretation
  severity: minor
  requires: {fact: c.manual, eq: true}
  then: {requirement: true, recommend: [act.manual]}
""",
}
ALL_MET = {"policy": True, "survey": True, "poster": True, "manual": True}


def make_pack(tmp_path: Path, replace: tuple[str, str, str] | None = None) -> Path:
    root = tmp_path / "conf"
    for name, text in PACK.items():
        if replace is not None and replace[0] == name:
            text = text.replace(replace[1], replace[2])
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def evidence(tmp_path: Path, **facts: bool | None) -> Path:
    given = {k: v for k, v in {**ALL_MET, **facts}.items() if v is not None}
    body = ", ".join(f"{k}: {str(v).lower()}" for k, v in given.items())
    path = tmp_path / "ev.yaml"
    path.write_text("format: cc-rules/evidence@1\norganization: {name: X}\nassessment: {date: 2025-01-01}\n"
                    f"facts: {{c: {{{body}}}}}\n", encoding="utf-8")
    return path


def result_of(path: Path, pack: Path) -> results.PackResult:
    (assessment,) = pipeline.run([path], [str(pack)], engine_name="plain").assessments
    (result,) = assessment.results
    return result


def test_severity_is_read_and_defaults_to_none(tmp_path: Path) -> None:
    pack = packs.load(make_pack(tmp_path))
    assert {r.id: r.severity for r in pack.rules} == {"c.policy": "major", "c.survey": None, "c.poster": "minor",
                                                       "c.manual": "minor"}
    assert pack.award.max_minor == 1


def test_everything_met_conforms(tmp_path: Path) -> None:
    result = result_of(evidence(tmp_path), make_pack(tmp_path))
    assert result.passed and result.nonconformities == () and result.actions == ()


def test_one_minor_nonconformity_within_max_minor_conforms(tmp_path: Path) -> None:
    result = result_of(evidence(tmp_path, poster=False), make_pack(tmp_path))
    assert result.passed
    assert [(m.id, m.met, m.severity) for m in result.nonconformities] == [("c.poster", False, "minor")]
    assert [a.id for a in result.actions] == ["act.poster"]  # corrective action still proposed


def test_minor_nonconformities_beyond_max_minor_fail(tmp_path: Path) -> None:
    result = result_of(evidence(tmp_path, poster=False, manual=None), make_pack(tmp_path))
    assert not result.passed
    # a requirement not evidenced is a nonconformity of its declared grade, reported as not evidenced (met None)
    assert [(m.id, m.met, m.severity) for m in result.nonconformities] == [("c.manual", None, "minor"),
                                                                           ("c.poster", False, "minor")]
    assert "c.manual" in {f.rule for f in result.findings if f.met is None}


def test_max_minor_zero_by_default(tmp_path: Path) -> None:
    root = make_pack(tmp_path, ("pack.yaml", "award: {max_minor: 1}\n", ""))
    assert packs.load(root).award.max_minor == 0
    assert not result_of(evidence(tmp_path, poster=False), root).passed


def test_a_major_nonconformity_fails_whatever_max_minor(tmp_path: Path) -> None:
    root = make_pack(tmp_path, ("pack.yaml", "max_minor: 1", "max_minor: 10"))
    for facts in ({"policy": False}, {"policy": None}, {"survey": False}):  # declared major; undeclared = major
        result = result_of(evidence(tmp_path, **facts), root)
        assert not result.passed, facts
        assert [m.severity for m in result.nonconformities] == ["major"]


def test_nonconformities_and_roadmap_major_first_then_effort(tmp_path: Path) -> None:
    result = result_of(evidence(tmp_path, policy=False, survey=None, poster=False, manual=False),
                       make_pack(tmp_path))
    assert [(m.id, m.severity) for m in result.nonconformities] == [
        ("c.policy", "major"), ("c.survey", "major"), ("c.manual", "minor"), ("c.poster", "minor")]
    # majors first (survey effort 2 before policy effort 5), then the minors by effort (poster 1, manual 3)
    assert [a.id for a in result.actions] == ["act.survey", "act.policy", "act.poster", "act.manual"]
    assert all(a.gain == 1.0 and a.gain_kind == "requirements" for a in result.actions)


def _gated(result: results.PackResult) -> results.PackResult:
    report = results.Report((results.AssessmentResult("f", "x", (), "d", "self", (result,)),))
    return pipeline.gate(report, results.GateSpec()).assessments[0].results[0]


def test_gate_blockers_and_ci_severity(tmp_path: Path) -> None:
    root = make_pack(tmp_path)
    major = _gated(result_of(evidence(tmp_path, policy=False, poster=False), root))
    (gate,) = major.gates
    assert gate.gate == "passed" and not gate.met
    assert [m.id for m in gate.blocking] == ["c.policy"]  # the major blocks; the one minor is allowed
    assert dict(major.severities) == {"c.policy": "error", "c.poster": "warning"}
    minors = _gated(result_of(evidence(tmp_path, poster=False, manual=False), root))
    assert [m.id for m in minors.gates[0].blocking] == ["c.manual", "c.poster"]  # too many minors: all block
    allowed = _gated(result_of(evidence(tmp_path, poster=None), root))
    assert allowed.gates[0].met and dict(allowed.severities) == {"c.poster": "note"}


def test_check_fails_on_a_major_nonconformity_and_lists_it(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    root, runner = make_pack(tmp_path), CliRunner()
    ok = evidence(tmp_path, poster=False)
    assert runner.invoke(main, ["check", str(ok), "--pack", str(root)]).exit_code == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text(evidence(tmp_path, policy=False).read_text(encoding="utf-8"), encoding="utf-8")
    text = runner.invoke(main, ["check", str(bad), "--pack", str(root)])
    assert text.exit_code == 1 and "c.policy" in text.stdout
    junit = runner.invoke(main, ["check", str(bad), "--pack", str(root), "--format", "junit"])
    assert junit.exit_code == 1
    (case,) = ET.fromstring(junit.stdout).iter("testcase")
    failure = case.find("failure")
    assert failure is not None and "c.policy (4): not met" in (failure.text or "")
    sarif = runner.invoke(main, ["check", str(bad), "--pack", str(root), "--format", "sarif"])
    assert sarif.exit_code == 1
    levels = {r["ruleId"]: r["level"] for r in json.loads(sarif.stdout)["runs"][0]["results"]}
    assert levels == {"c.policy": "error"}


def test_severity_only_on_requirements(tmp_path: Path) -> None:
    root = make_pack(tmp_path, ("rules/all.yaml", "  severity: major\n  requires: {fact: c.policy, eq: true}\n"
                                "  then: {requirement: true, recommend: [act.policy]}",
                                "  severity: major\n  requires: {fact: c.policy, eq: true}\n  then: {warn: true}"))
    with pytest.raises(errors.SchemaError) as info:
        packs.load(root)
    assert any("requirement" in p.render() for p in info.value.problems)


def test_max_minor_only_in_conformity_packs(tmp_path: Path) -> None:
    root = make_pack(tmp_path, ("pack.yaml", "model: conformity", "model: maturity\nlevels: [{level: 1, name: "
                                "{zh: 一级, en: One}, description: {zh: 一, en: one}, provenance: source}]"))
    with pytest.raises(errors.SchemaError) as info:
        packs.load(root)
    assert any("max_minor" in p.render() for p in info.value.problems)


def test_compiles_on_the_assessment_date(tmp_path: Path) -> None:
    compiled = pipeline.compile_pack(packs.load(make_pack(tmp_path)), dt.date(2025, 1, 1))
    assert compiled.pack.award.max_minor == 1


REPO = Path(__file__).resolve().parents[2]


def test_bundled_pack_check_gates_on_its_verdict(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    runner = CliRunner()
    for name in ("conforming", "minor"):
        assert runner.invoke(main, ["check", str(REPO / "examples" / f"gbt35780-{name}.yaml")]).exit_code == 0
    major = str(REPO / "examples" / "gbt35780-major.yaml")
    junit = runner.invoke(main, ["check", major, "--format", "junit"])
    assert junit.exit_code == 1
    (case,) = ET.fromstring(junit.stdout).iter("testcase")
    failure = case.find("failure")
    assert failure is not None
    assert "gbt35780.4.4.tracked_to_closure (4.4): not met" in (failure.text or "")
    assert "gbt35780.8.continuity (8): not evidenced" in (failure.text or "")
    assert "gbt35780.9.reporting" not in (failure.text or "")  # a minor one within the allowance blocks nothing
    sarif = runner.invoke(main, ["check", major, "--format", "sarif"])
    assert sarif.exit_code == 1
    levels = {r["ruleId"]: r["level"] for r in json.loads(sarif.stdout)["runs"][0]["results"]}
    assert levels == {"gbt35780.4.4.tracked_to_closure": "error", "gbt35780.8.continuity": "error",
                      "gbt35780.9.reporting": "warning"}
