"""Authoring: the schemas resolve offline next to their files, `cc-rules schema` and `cc-rules init`."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

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
