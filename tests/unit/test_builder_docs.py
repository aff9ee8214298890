"""docs/evidence-build.md (English and Chinese) and the README's tour step: every command works as written on the
generated year (the generator scaled down), and the built evidence assesses against both packs with explanations
that reach the raw rows."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cc_rules.io import loading, validation

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "examples" / "data"


def commands(text: str) -> list[str]:
    blocks = re.findall(r"```console\n(.*?)```", text, re.DOTALL)
    return [line[2:] for block in blocks for line in block.splitlines() if line.startswith("$ ")]


def workspace(tmp_path: Path) -> Path:
    """A copy of examples/data (without anything generated) where the commands run as from the repository root."""
    target = tmp_path / "examples" / "data"
    target.mkdir(parents=True)
    for name in ("generate.py", "SOURCES.yaml", "hand-written.yaml"):
        shutil.copy(DATA / name, target / name)
    return tmp_path


def run_all(cwd: Path, lines: list[str]) -> list[subprocess.CompletedProcess[str]]:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = []
    for line in lines:
        argv = shlex.split(line.split("  #")[0])
        if argv[0] == "python":
            argv = [sys.executable, *argv[1:], "--calls-per-day", "40"]  # scaled down for the test suite
        result = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=300)
        assert result.returncode == 0, (line, result.stdout, result.stderr)
        done.append(result)
    return done


@pytest.mark.parametrize("doc", ["docs/evidence-build.md", "docs/zh/evidence-build.md"])
def test_every_command_in_the_doc_works_as_written(tmp_path: Path, doc: str) -> None:
    lines = commands((ROOT / doc).read_text(encoding="utf-8"))
    assert [line.split()[:3] for line in lines] == [
        ["python", "examples/data/generate.py"], ["cc-rules", "evidence", "build"],
        ["cc-rules", "assess", "centre.yaml"], ["cc-rules", "explain", "centre.yaml"]]
    cwd = workspace(tmp_path)
    done = run_all(cwd, lines)
    built = done[1]
    assert "cdr: 12 file(s)" in built.stderr or "cdr：12 个文件" in built.stderr
    assessed = done[2].stdout
    assert "gbt43045" in assessed and "ccso" in assessed
    explained = done[3].stdout
    assert "generated/cdr/cdr-2025-07.csv" in explained  # the explanation reaches the raw rows


def test_the_readme_tour_builds_and_assesses(tmp_path: Path) -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = [line for line in re.findall(r"^(?:python|cc-rules) .*$", text, re.MULTILINE)
             if "examples/data/" in line or " centre.yaml" in line]
    assert len(lines) >= 3, lines
    cwd = workspace(tmp_path)
    run_all(cwd, lines)
    report = subprocess.run([Path(sys.executable).parent / "cc-rules", "assess", "centre.yaml", "--format", "json"],
                            cwd=cwd, capture_output=True, text=True, check=True, timeout=120)
    packs = {r["pack"]["id"] for a in json.loads(report.stdout)["assessments"] for r in a["results"]}
    assert packs == {"gbt43045", "ccso"}


def test_the_example_sources_and_hand_written_evidence_are_valid() -> None:
    validation.check(loading.read_document(DATA / "SOURCES.yaml"), "sources")
    validation.check(loading.read_document(DATA / "hand-written.yaml"), "evidence")
