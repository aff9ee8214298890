"""Bad input → one clear paragraph naming file, line and JSON path; exit code 2; no traceback; nothing on stdout.

Driven by the table `cases.yaml` (one fixture file per message). Each row runs `cc-rules assess` three ways: in
process through click's CliRunner, with `-o` (no report file may appear), and as a real `python -m cc_rules`
subprocess (the true no-traceback check). Every run happens in an empty tmp_path, so a YAML tag that managed to
execute `touch …` would leave a file behind.
"""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from cc_rules.cli import main

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CONSTRUCTS = ROOT / "tests" / "packs" / "constructs"
MAX_BYTES = 2 * 1024 * 1024


@dataclasses.dataclass(frozen=True)
class Case:
    id: str
    line: int
    path: str
    words: tuple[str, ...]
    evidence: str | None = None
    generated: str | None = None
    pack: str | None = None
    file: str | None = None
    zh_words: tuple[str, ...] = ()


CASES = [Case(**{**row, "words": tuple(row["words"]), "zh_words": tuple(row.get("zh_words", ()))})
         for row in yaml.safe_load((HERE / "cases.yaml").read_text(encoding="utf-8"))]


def _too_large(directory: Path) -> Path:
    """2 560 000 bytes of 64-byte comment lines: over the 2 MiB limit, which falls exactly after line 32768."""
    path = directory / "too_large.yaml"
    line = b"# " + b"x" * 61 + b"\n"
    assert len(line) == 64 and MAX_BYTES % 64 == 0
    path.write_bytes(line * 40_000)
    return path


GENERATORS = {"too_large": _too_large}


def _run(how: str, args: list[str], cwd: Path) -> tuple[int, str, str]:
    if how == "subprocess":
        env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
        proc = subprocess.run([sys.executable, "-m", "cc_rules", *args], cwd=cwd, capture_output=True, text=True,
                              env=env, timeout=120, check=False)
        return proc.returncode, proc.stdout, proc.stderr
    runner = CliRunner()
    old = Path.cwd()
    os.chdir(cwd)
    try:
        result = runner.invoke(main, args, catch_exceptions=True)
    finally:
        os.chdir(old)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"uncaught {type(result.exception).__name__}: {result.exception}") from result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("how", ["clirunner", "clirunner-o", "subprocess"])
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_gets_one_clear_message(case: Case, how: str, tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    evidence = GENERATORS[case.generated](inputs) if case.generated else HERE / str(case.evidence)
    pack = HERE / case.pack if case.pack else CONSTRUCTS
    named = HERE / case.file if case.file else evidence
    args = ["assess", str(evidence), "--pack", str(pack)]
    report = work / "report.json"
    if how == "clirunner-o":
        args += ["--format", "json", "-o", str(report)]

    code, stdout, stderr = _run(how, args, work)

    assert code == 2, f"exit code {code}; stderr: {stderr}"
    assert stdout == "", "a partial report reached stdout"
    assert "Traceback" not in stderr
    assert list(work.iterdir()) == [], "something was written (a report, or a YAML tag was executed)"
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, f"expected one paragraph, got: {stderr}"
    message = lines[0]
    assert message.startswith("error: ")
    assert f"{named}:{case.line}: at {case.path}: " in message, message
    assert "more problem" not in message, f"expected exactly one problem: {message}"
    for word in case.words:
        assert word.lower() in message.lower(), f"{word!r} missing from: {message}"


ZH_CASES = [c for c in CASES if c.zh_words]
TYPE_NAMES = re.compile(r"\b(?:int|number|bool|string|enum|list)\b")


def test_every_row_has_its_chinese_twin() -> None:
    """A committee reads these messages in Chinese first: every row asserts its zh message too."""
    assert [c.id for c in CASES if not c.zh_words] == []


@pytest.mark.parametrize("case", ZH_CASES, ids=[c.id for c in ZH_CASES])
def test_bad_input_message_in_chinese(case: Case, tmp_path: Path) -> None:
    evidence = GENERATORS[case.generated](tmp_path) if case.generated else HERE / str(case.evidence)
    pack = HERE / case.pack if case.pack else CONSTRUCTS
    named = HERE / case.file if case.file else evidence
    code, stdout, stderr = _run("clirunner", ["assess", str(evidence), "--pack", str(pack), "--lang", "zh"], tmp_path)
    assert code == 2 and stdout == "", stderr
    message = stderr.strip()
    assert f"{named}:{case.line}：位置 {case.path}：" in message, message
    for word in case.zh_words:
        assert word in message, f"{word!r} missing from: {message}"
    rest = message.replace(str(named), "").replace(str(pack), "").replace(case.path, "")
    # values; the pack's reference
    rest = TYPE_NAMES.sub("", re.sub(r"'[^']*'|\"[^\"]*\"|`[^`]*`|\[[^\]]*\]|!!\S+|（[^（）]*registered[^（）]*）", "",
                                     rest))
    rest = re.sub(r"\b(?:YAML|UTF-8|NaN|0x[0-9a-f]+)\b|\*name", "", rest)  # names of formats and values
    assert re.search(r"[\u4e00-\u9fff]", rest) and not re.findall(r"[A-Za-z]{2,}", rest), message


def test_the_table_covers_every_fixture() -> None:
    """Every fixture under tests/bad_inputs is used by a row (and every row's fixture exists)."""
    used = {c.evidence for c in CASES if c.evidence} | {c.pack for c in CASES if c.pack}
    on_disk = {f"evidence/{p.name}" for p in (HERE / "evidence").iterdir()}
    on_disk |= {f"packs/{p.name}" for p in (HERE / "packs").iterdir() if p.is_dir()}
    assert used == on_disk
    assert len({c.id for c in CASES}) == len(CASES)
