"""Every command shown in the committee's docs is run here, in order, as a reader would run it.

A page is a sequence of steps: each ```console block's `$ ` lines are commands (run in a scratch copy of the
repository's rules/, features/ and examples/, a git repository with one commit), and the lines under a command
are output it must print (a line with "…" is elided, not checked); a trailing `# 退出码 N` / `# exit N` is the exit
code it must end with (default 0). A ```diff block whose first line is `# PATH` is the edit the page asks the reader
to make: its ` ` and `-` lines are replaced by its ` ` and `+` lines in that file.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = [("zh/quickstart.md", "zh"), ("quickstart.md", "en"), ("zh/reports.md", "zh"), ("reports.md", "en"),
         ("zh/committee.md", "zh"), ("committee.md", "en")]
BLOCK = re.compile(r"^```(console|diff)\n(.*?)^```", re.DOTALL | re.MULTILINE)
EXIT = re.compile(r"\s+#\s*(?:退出码|exit)\s*(\d+)\s*$")


def steps(page: str) -> list[tuple[str, str]]:
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    return [(m.group(1), m.group(2)) for m in BLOCK.finditer(text)]


def _commands(block: str) -> list[tuple[str, int, list[str]]]:
    out: list[tuple[str, int, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            command, code = line[2:], 0
            found = EXIT.search(command)
            if found:
                command, code = command[: found.start()], int(found.group(1))
            out.append((command, code, []))
        elif out and line.strip():
            out[-1][2].append(line.strip())
    return out


def apply_edit(cwd: Path, block: str) -> None:
    head, _, body = block.partition("\n")
    assert head.startswith("# "), head
    target = cwd / head[2:].strip()
    old = [line[1:] for line in body.splitlines() if line[:1] in (" ", "-")]
    new = [line[1:] for line in body.splitlines() if line[:1] in (" ", "+")]
    text = target.read_text(encoding="utf-8") if target.exists() else ""
    if not old:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text + "\n".join(new) + "\n", encoding="utf-8")
        return
    before, after = "\n".join(old) + "\n", "\n".join(new) + "\n"
    assert text.count(before) == 1, (target, before)
    target.write_text(text.replace(before, after), encoding="utf-8")


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    for name in ("rules", "features", "examples"):
        shutil.copytree(ROOT / name, tmp_path / name)
    env = _env("en")
    for command in ("git init -q -b main", "git add -A", "git commit -q -m packs"):
        subprocess.run(shlex.split(command), cwd=tmp_path, env=env, check=True, capture_output=True)
    return tmp_path


def _env(lang: str) -> dict[str, str]:
    locale = "zh_CN.UTF-8" if lang == "zh" else "C.UTF-8"
    return {**os.environ, "LC_ALL": locale, "LANG": locale, "COLUMNS": "200",
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
            "GIT_AUTHOR_NAME": "委员会", "GIT_AUTHOR_EMAIL": "c@example.org", "GIT_COMMITTER_NAME": "委员会",
            "GIT_COMMITTER_EMAIL": "c@example.org"}


@pytest.mark.parametrize(("page", "lang"), PAGES)
def test_every_command_in_the_page_runs_as_shown(page: str, lang: str, scratch: Path) -> None:
    ran = 0
    for kind, block in steps(page):
        if kind == "diff":
            apply_edit(scratch, block)
            continue
        for command, code, expected in _commands(block):
            done = subprocess.run(shlex.split(command), cwd=scratch, env=_env(lang), capture_output=True,
                                  text=True, check=False, timeout=600)
            output = done.stdout + done.stderr
            assert done.returncode == code, (page, command, output)
            lines = {line.strip() for line in output.splitlines()}
            for want in expected:
                if "…" not in want:
                    assert want in lines, (page, command, want, output)
            ran += 1
    assert ran >= 3, page
