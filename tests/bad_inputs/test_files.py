"""Only regular files are read, and a pack only within its own directory: FIFOs, devices, directories, empty paths
and symlinks leading out of a pack are one clear message and exit 2 (never a hang, a MemoryError or a traceback).

A directory given as evidence is a folder of evidence files, by design. The inputs here cannot live in git (a FIFO,
a symlink to /dev/zero, an empty directory named like a file), so each is made in tmp_path; every run is a real
subprocess with a timeout, which is what a hang would hit.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CONSTRUCTS = ROOT / "tests" / "packs" / "constructs"
OK = HERE / "evidence" / "ok.yaml"


def _run(args: list[str], cwd: Path) -> tuple[int, str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.run([sys.executable, "-m", "cc_rules", *args], cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=120, check=False)
    return proc.returncode, proc.stdout, proc.stderr


def _fifo(tmp: Path) -> tuple[str, str, str]:
    path = tmp / "pipe.yaml"
    os.mkfifo(path)
    return str(path), str(CONSTRUCTS), str(path)


def _device(tmp: Path) -> tuple[str, str, str]:
    path = tmp / "zero.yaml"
    path.symlink_to("/dev/zero")
    return str(path), str(CONSTRUCTS), str(path)


def _pack_with(tmp: Path, change: Callable[[Path], None]) -> Path:
    pack = tmp / "pack"
    shutil.copytree(CONSTRUCTS, pack)
    change(pack)
    return pack


def _pack_rules_directory(tmp: Path) -> tuple[str, str, str]:
    pack = _pack_with(tmp, lambda p: (p / "rules" / "zz.yaml").mkdir())
    return str(OK), str(pack), "rules/zz.yaml"


def _pack_rules_fifo(tmp: Path) -> tuple[str, str, str]:
    pack = _pack_with(tmp, lambda p: os.mkfifo(p / "rules" / "zz.yaml"))
    return str(OK), str(pack), "rules/zz.yaml"


def _pack_symlink_outside(tmp: Path) -> tuple[str, str, str]:
    secret = tmp / "secret.yaml"
    secret.write_text("- {id: TOKEN-abc123, item: x}\n", encoding="utf-8")
    pack = _pack_with(tmp, lambda p: (p / "rules" / "zz.yaml").symlink_to(secret))
    return str(OK), str(pack), "rules/zz.yaml"


CASES: dict[str, tuple[Callable[[Path], tuple[str, str, str]], tuple[str, ...]]] = {
    "evidence_fifo": (_fifo, ("named pipe (FIFO)", "only regular files are read")),
    "evidence_device": (_device, ("a device", "only regular files are read")),
    "pack_rules_directory": (_pack_rules_directory, ("directory", "only regular files")),
    "pack_rules_fifo": (_pack_rules_fifo, ("named pipe (FIFO)",)),
    "pack_symlink_outside": (_pack_symlink_outside, ("outside the pack directory", "not read")),
}


@pytest.mark.parametrize("case", list(CASES))
def test_only_regular_files_within_their_pack_are_read(case: str, tmp_path: Path) -> None:
    make, words = CASES[case]
    evidence, pack, named = make(tmp_path)
    work = tmp_path / "work"
    work.mkdir()
    code, stdout, stderr = _run(["assess", evidence, "--pack", pack], work)
    assert code == 2, stderr
    assert stdout == "" and "Traceback" not in stderr
    [message] = stderr.strip().splitlines()
    assert message.startswith("error: ") and named in message, message
    for word in words:
        assert word in message, message
    assert "TOKEN-abc123" not in stderr  # nothing of a file outside the pack reaches the log


def test_an_empty_path_argument_is_named(tmp_path: Path) -> None:
    code, stdout, stderr = _run(["assess", "", "--pack", str(CONSTRUCTS)], tmp_path)
    assert code == 2 and stdout == ""
    assert stderr.strip() == "error: '': at $: the file path is empty"


@pytest.mark.parametrize("target", ["/no/such/dir/r.json", "/dev/full"])
def test_an_output_path_that_cannot_be_written_is_a_clean_error(target: str, tmp_path: Path) -> None:
    code, _, stderr = _run(["assess", str(OK), "--pack", str(CONSTRUCTS), "-o", target], tmp_path)
    assert code == 2 and "Traceback" not in stderr
    assert f"error: {target}: at $: cannot write the file: " in stderr


def test_a_directory_walk_does_not_follow_a_symlink_out_of_it(tmp_path: Path) -> None:
    """Evidence symlinks are followed only when named: one found while walking a directory that leads out of it
    is skipped."""
    folder = tmp_path / "evidence"
    folder.mkdir()
    shutil.copy(OK, folder / "ok.yaml")
    (folder / "elsewhere.yaml").symlink_to(OK)
    code, stdout, stderr = _run(["assess", str(folder), "--pack", str(CONSTRUCTS), "--format", "json"], tmp_path)
    assert code in (0, 1), stderr
    assert "elsewhere.yaml" not in stdout and "ok.yaml" in stdout
    code, stdout, _ = _run(["assess", str(folder / "elsewhere.yaml"), "--pack", str(CONSTRUCTS)], tmp_path)
    assert code in (0, 1)  # named on the command line: allowed
