"""Authoring: the schemas resolve offline next to their files, `cc-rules schema` and `cc-rules init`."""

from __future__ import annotations

import copy
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from cc_rules.assess import pipeline
from cc_rules.cli import main
from cc_rules.io import loading
from cc_rules.model import packs
from cc_rules.tools import authoring

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
PACK_FILES = sorted((ROOT / "rules").glob("*/pack.yaml"))


def _check_jsonschema() -> str:
    """The executable from the test extra, next to this interpreter (or on PATH)."""
    here = Path(sys.executable).parent / "check-jsonschema"
    found = str(here) if here.exists() else shutil.which("check-jsonschema")
    assert found, "check-jsonschema is installed with the test extra (pip install -e .[test])"
    return found


def _run_check(schemafile: Path, files: list[Path]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([_check_jsonschema(), "--schemafile", str(schemafile), *map(str, files)],
                          capture_output=True, text=True, check=False, timeout=120)


def test_examples_validate_with_check_jsonschema_offline() -> None:
    assert EXAMPLES
    done = _run_check(ROOT / "schemas" / "evidence.schema.json", EXAMPLES)
    assert done.returncode == 0, done.stdout + done.stderr


def test_pack_files_validate_with_check_jsonschema_offline() -> None:
    assert PACK_FILES
    done = _run_check(ROOT / "schemas" / "pack.schema.json", PACK_FILES)
    assert done.returncode == 0, done.stdout + done.stderr


# cc-rules schema -----------------------------------------------------------------------------------------------

def _schema(*refs: str) -> dict[str, object]:
    return authoring.evidence_schema([packs.load(ref) for ref in refs])


def _example_data(path: Path) -> dict[str, object]:
    return loading.read_document(path).data  # type: ignore[no-any-return]


def test_generated_schema_accepts_every_example(tmp_path: Path) -> None:
    schema = _schema(*packs.builtin_ids())
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    for path in EXAMPLES:
        assert not list(validator.iter_errors(_example_data(path))), path
    out = tmp_path / "evidence.schema.json"
    done = CliRunner().invoke(main, ["schema", *packs.builtin_ids(), "-o", str(out)])
    assert done.exit_code == 0, done.output
    checked = _run_check(out, EXAMPLES)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_generated_schema_rejects_a_misspelt_fact_and_a_wrong_type() -> None:
    validator = jsonschema.Draft202012Validator(_schema("gbt43045"))
    data = _example_data(ROOT / "examples" / "gbt43045-level3-bank-card-centre.yaml")
    assert not list(validator.iter_errors(data))
    facts: Any = data["facts"]
    misspelt = copy.deepcopy(data)
    misspelt["facts"]["staffing"]["team_leader"] = misspelt["facts"]["staffing"].pop("team_leaders")  # type: ignore[index]
    assert list(validator.iter_errors(misspelt))
    wrong = copy.deepcopy(data)
    wrong["facts"]["staffing"]["team_leaders"] = "twenty"  # type: ignore[index]
    assert list(validator.iter_errors(wrong))
    assert facts["staffing"]["team_leaders"] == 14


def test_generated_schema_types_describe_and_leave_out_derived_facts() -> None:
    schema: Any = _schema("ccso")
    facts = schema["properties"]["facts"]
    assert "trend_offered" not in facts["properties"]["channels"]["properties"]  # derived
    seats = _schema("gbt43045")["properties"]["organization"]  # type: ignore[index]
    assert seats["required"] == ["name"]
    leaf: Any = _schema("gbt43045")["properties"]["facts"]["properties"]["strategy"]["properties"]["target_tiers"]  # type: ignore[index]
    assert leaf["anyOf"][0] == {"type": "integer", "minimum": 0, "maximum": 3}
    assert leaf["anyOf"][1]["required"] == ["value"]
    assert " / " in leaf["description"]


# cc-rules init -------------------------------------------------------------------------------------------------

def _init(tmp_path: Path, *args: str) -> Path:
    out = tmp_path / "evidence.yaml"
    done = CliRunner().invoke(main, ["init", *args, "-o", str(out)])
    assert done.exit_code == 0, done.output
    return out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_questionnaire_is_valid_evidence_as_is(tmp_path: Path, lang: str) -> None:
    out = _init(tmp_path, "ccso", "gbt43045", "gbt35780", "--lang", lang)
    text = out.read_text(encoding="utf-8")
    assert "# strategy.statement.objectives: ~," in text
    report = pipeline.run([str(out)], (), None, "plain")
    (assessment,) = report.assessments
    assert {r.pack_id for r in assessment.results} == {"ccso", "gbt43045", "gbt35780"}


def _flat(node: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in node.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and "value" not in value:
            out.update(_flat(value, f"{name}."))
        else:
            out[name] = value
    return out


def test_filled_questionnaire_assesses_like_the_example(tmp_path: Path) -> None:
    example = ROOT / "examples" / "gbt43045-level3-bank-card-centre.yaml"
    out = _init(tmp_path, "gbt43045")
    asked = set(re.findall(r"^  # ([a-z][\w.]*): ~,$", out.read_text(encoding="utf-8"), re.MULTILINE))
    data: Any = _example_data(out)
    source: Any = _example_data(example)
    given = _flat(source["facts"])
    assert set(given) <= asked, sorted(set(given) - asked)
    data["facts"] = {name: given[name] for name in sorted(asked) if name in given}
    data["organization"] = source["organization"]
    data["assessment"]["date"] = source["assessment"]["date"]
    filled = tmp_path / "filled.yaml"
    filled.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    mine = pipeline.run([str(filled)], (), None, "plain").assessments[0].results[0]
    theirs = pipeline.run([str(example)], (), None, "plain").assessments[0].results[0]
    assert mine.level == theirs.level == 3


# docs/editors.md -----------------------------------------------------------------------------------------------

def test_every_command_in_docs_editors_works_as_written(tmp_path: Path) -> None:
    text = (ROOT / "docs" / "editors.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```console\n(.*?)```", text, re.DOTALL)
    commands = [line[2:] for block in blocks for line in block.splitlines() if line.startswith("$ ")]
    assert [c.split()[0] for c in commands] == ["cc-rules", "cc-rules", "cc-rules", "check-jsonschema"]
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    for command in commands:
        done = subprocess.run(shlex.split(command), cwd=tmp_path, env=env, capture_output=True, text=True,
                              check=False, timeout=120)
        assert done.returncode == 0, (command, done.stdout, done.stderr)
    assert (tmp_path / "evidence.yaml").is_file() and (tmp_path / "evidence.schema.json").is_file()
