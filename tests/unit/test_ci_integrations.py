"""CI integrations: the pre-commit hooks, the GitHub Action's script, annotations, SARIF and JUnit against their
official schemas (vendored in tests/vendor/)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import xmlschema
import yaml

from cc_rules import results
from cc_rules.assess import pipeline
from cc_rules.reports import github, junit, sarif
from cc_rules.reports.base import Options

ROOT = Path(__file__).resolve().parents[2]
EX = ROOT / "examples"
VENDOR = ROOT / "tests" / "vendor"
CCSO_FAIL = "examples/ccso-fail-small.yaml"
LEVEL2 = "examples/gbt43045-level2-ecommerce.yaml"
BIN = Path(sys.executable).parent


def _report(*paths: str, spec: results.GateSpec | None = None) -> results.Report:
    return pipeline.gate(pipeline.run([ROOT / p for p in paths]), spec or results.GateSpec())


def _evidence_files(report: results.Report) -> set[str]:
    return {a.file for a in report.assessments}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_sarif_is_valid_and_located_in_the_evidence(lang: str) -> None:
    report = _report(CCSO_FAIL, LEVEL2, spec=results.GateSpec(min_level=3, min_score=70))
    doc = json.loads(sarif.render(report, Options(lang=lang)))
    schema = json.loads((VENDOR / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(doc)
    (run,) = doc["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "cc-rules" and driver["version"] and "informationUri" not in driver
    for rule in driver["rules"]:
        assert rule["fullDescription"]["text"] and rule["help"]["text"]
        assert {"clause", "provenance", "kind", "item", "packFile", "packLine"} <= set(rule["properties"])
    files = _evidence_files(report)
    assert run["results"]
    for res in run["results"]:
        (loc,) = res["locations"]
        assert loc["physicalLocation"]["artifactLocation"]["uri"] in files  # never a pack file


def test_a_missing_fact_points_at_the_evidence_facts() -> None:
    report = _report(CCSO_FAIL)
    (assessment,) = report.assessments
    assert assessment.facts_line is not None
    lines = (ROOT / CCSO_FAIL).read_text(encoding="utf-8").splitlines()
    assert lines[assessment.facts_line - 2] == "facts:"  # the first fact follows the `facts:` line
    (result,) = assessment.results
    lacking = [f for f in result.findings if f.because and all(b.line is None for b in f.because)]
    for finding in lacking:
        assert finding.evidence_location(assessment.file, assessment.facts_line) == (assessment.file,
                                                                                    assessment.facts_line)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_junit_is_valid_against_jenkins_xunit(lang: str) -> None:
    report = _report(CCSO_FAIL, LEVEL2, spec=results.GateSpec(min_level=3, min_score=70, fail_on_warn=True))
    xsd = xmlschema.XMLSchema(VENDOR / "junit-10.xsd")
    text = junit.render(report, Options(lang=lang))
    xsd.validate(text)
    assert 'time="0"' in text


def test_github_groups_gates_first_and_caps() -> None:
    report = _report(CCSO_FAIL, LEVEL2, spec=results.GateSpec(min_level=3, min_score=70))
    out = github.render(report, Options(max_annotations=3)).splitlines()
    groups = [i for i, line in enumerate(out) if line.startswith("::group::")]
    ends = [i for i, line in enumerate(out) if line == "::endgroup::"]
    assert [out[i] for i in groups] == ["::group::" + a.file for a in report.assessments] and len(ends) == 2
    for start, end in zip(groups, ends, strict=True):
        body = out[start + 1:end]
        annotations = [line for line in body if line.startswith(("::error", "::warning"))]
        assert len(annotations) <= 3
        assert "title=ccso min-score" in annotations[0] or "title=gbt43045 min-level" in annotations[0]
        assert body[-1].startswith("::notice ") and "more annotations not shown" in body[-1]
    files = _evidence_files(report)
    for line in out:
        if line.startswith(("::error", "::warning", "::notice")):
            assert line.split("file=", 1)[1].split(",", 1)[0] in files
    uncapped = github.render(report, Options(max_annotations=1000))
    assert "::notice" not in uncapped
    assert github.render(_report(LEVEL2), Options()) == ""  # nothing missed, nothing printed


def test_hooks_and_action_are_well_formed() -> None:
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert set(hooks) == {"cc-rules-check", "cc-rules-lint", "cc-rules-verify"}
    assert all(h["language"] == "python" for h in hooks.values())
    assert hooks["cc-rules-lint"]["pass_filenames"] is False and hooks["cc-rules-verify"]["pass_filenames"] is False
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    assert {"evidence", "min-level", "min-score", "sarif-file", "junit-file", "upload-sarif", "lang"} <= set(
        action["inputs"])
    uses = [s.get("uses", "") for s in action["runs"]["steps"]]
    assert any(u.startswith("actions/setup-python@") for u in uses)
    assert any(u.startswith("github/codeql-action/upload-sarif@") for u in uses)


def _action_env(tmp_path: Path, **inputs: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GITHUB_", "CC_RULES_")) or k == "CC_RULES_CACHE_DIR"}  # the suite's cache (conftest)
    env.update(GITHUB_ACTIONS="true", GITHUB_STEP_SUMMARY=str(tmp_path / "summary.md"),
               GITHUB_OUTPUT=str(tmp_path / "output"), GITHUB_WORKSPACE=str(ROOT),
               CC_RULES_BIN=str(BIN / "cc-rules"), PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}")
    env.update(inputs)
    return env


def _outputs(tmp_path: Path) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in (tmp_path / "output").read_text(encoding="utf-8").splitlines())
    return dict(pairs)


def test_action_script(tmp_path: Path) -> None:
    sarif_file, junit_file = tmp_path / "out" / "cc-rules.sarif", tmp_path / "out" / "cc-rules.xml"
    env = _action_env(tmp_path, CC_RULES_EVIDENCE=f"{CCSO_FAIL}\n{LEVEL2}", CC_RULES_MIN_SCORE="70",
                      CC_RULES_SARIF_FILE=str(sarif_file), CC_RULES_JUNIT_FILE=str(junit_file))
    done = subprocess.run(["bash", str(ROOT / "scripts" / "github-action.sh")], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 1, done.stderr
    assert done.stdout.count("::group::") == 1  # annotations once, for the one file that misses a gate
    assert "::error file=examples/ccso-fail-small.yaml,line=1,title=ccso min-score::" in done.stdout
    outputs = _outputs(tmp_path)
    assert outputs == {"exit-code": "1", "sarif-file": str(sarif_file), "junit-file": str(junit_file)}
    jsonschema.Draft4Validator(json.loads((VENDOR / "sarif-2.1.0.json").read_text(encoding="utf-8"))).validate(
        json.loads(sarif_file.read_text(encoding="utf-8")))
    xmlschema.XMLSchema(VENDOR / "junit-10.xsd").validate(str(junit_file))
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert "ccso" in summary and "::" not in summary

    passing = subprocess.run(["bash", str(ROOT / "scripts" / "github-action.sh")], cwd=ROOT, timeout=300,
                             env=_action_env(tmp_path, CC_RULES_EVIDENCE="examples/gbt43045-level2-*.yaml",
                                             CC_RULES_SUMMARY="false"),
                             capture_output=True, text=True, check=False)
    assert passing.returncode == 0, passing.stderr
    assert "exit-code=0" in (tmp_path / "output").read_text(encoding="utf-8").splitlines()


def test_pre_commit_try_repo(tmp_path: Path) -> None:
    """`pre-commit try-repo` installs this repository with pip (from the PyPI index pip is configured with) into
    pre-commit's own environment and runs the check hook on a copied example."""
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "centre"
    repo.mkdir()
    shutil.copy(EX / "gbt43045-level2-ecommerce.yaml", repo / "evidence.yaml")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "GITHUB_"))}
    env.update(PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"), GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@t")
    for args in (["init", "-q"], ["add", "evidence.yaml"], ["commit", "-q", "-m", "evidence"]):
        subprocess.run([git, *args], cwd=repo, env=env, check=True)
    done = subprocess.run([str(BIN / "pre-commit"), "try-repo", str(ROOT), "cc-rules-check", "--all-files"],
                          cwd=repo, env=env, capture_output=True, text=True, timeout=900, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "cc-rules check" in done.stdout and "Passed" in done.stdout
