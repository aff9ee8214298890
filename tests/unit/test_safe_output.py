"""Reports are safe to paste and to print: hostile organisation names, fact values, sources and paths cannot
drive the terminal (control characters escaped), become Markdown links, images, headings or table cells, or HTML."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from cc_rules.base import text
from cc_rules.cli import main

ROOT = Path(__file__).resolve().parents[2]
CONSTRUCTS = ROOT / "tests" / "packs" / "constructs"
NAME = "Evil\\e[2J\\e]0;pwned\\a [x](javascript:alert(1)) ![](http://tracker.example/p.png) <script>x</script>"
SOURCE = "# heading | cell ![i](http://tracker.example/s.png) \\e]8;;http://x.example\\e\\\\link\\e]8;;\\e\\\\"
EVIDENCE = f"""format: cc-rules/evidence@1
organization: {{name: "{NAME}", industry: banking, seats: 100}}
assessment: {{date: 2025-06-30, mode: self}}
facts:
  a:
    int: 12
    num: 1.5
    other: 3
    flag: {{value: true, source: "{SOURCE}"}}
    flag2: false
    text: "hello\\e[31m"
    kind: y
    list: [voice, video]
"""


@pytest.fixture(scope="module")
def evidence(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "hostile\x1b[2J.yaml"
    path.write_text(EVIDENCE, encoding="utf-8")
    return path


def _run(evidence: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["assess", str(evidence), "--pack", str(CONSTRUCTS), *args])
    assert result.exit_code in (0, 1), result.output
    return result.stdout


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json", "junit", "sarif", "github"])
def test_no_control_character_reaches_the_output(evidence: Path, fmt: str) -> None:
    out = _run(evidence, "--format", fmt)
    assert "\x1b" not in out and "\x07" not in out
    assert "\\u001b" in out or fmt in ("json", "github")  # shown, escaped (JSON escapes it itself)


def test_markdown_neutralises_links_images_and_headings(evidence: Path) -> None:
    out = _run(evidence, "--format", "markdown")
    assert "](javascript:" not in out.replace("\\](javascript:", "")
    assert "![](" not in out and "![i](" not in out
    assert "\\[x\\](javascript:alert(1))" in out
    assert "&lt;script&gt;" in out and "<script>" not in out
    assert "\\# heading \\| cell" in out  # not a heading, not a new table cell


def test_html_keeps_autoescaping(evidence: Path) -> None:
    out = _run(evidence, "--format", "html")
    assert "<script>x</script>" not in out and "&lt;script&gt;x&lt;/script&gt;" in out


def test_json_keeps_the_name_as_given(evidence: Path) -> None:
    data = json.loads(_run(evidence, "--format", "json"))
    assert data["assessments"][0]["organization"]["name"].startswith("Evil\x1b[2J")


def test_explain_and_errors_escape_too(evidence: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["explain", str(evidence), "--pack", str(CONSTRUCTS), "r.eq_const"])
    assert "\x1b" not in result.stdout, result.stdout
    bad = tmp_path / "bad\x1b]0;x\x07.yaml"
    bad.write_text("format: [\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["assess", str(bad), "--pack", str(CONSTRUCTS)])
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr and "\\u001b]0;x\\u0007" in result.stderr


def test_terminal_safe_keeps_layout_and_own_colours() -> None:
    assert text.terminal_safe("a\tb\nc\x1b[2J\r\x9b") == "a\tb\nc\\u001b[2J\\u000d\\u009b"
    assert text.terminal_safe("\x1b[1mx\x1b[0m\x1b]0;t\x07", colour=True) == "\x1b[1mx\x1b[0m\\u001b]0;t\\u0007"
    assert text.escape_controls("a\nb\u202e") == "a\\u000ab\\u202e"
    assert text.markdown_inline("a\n# b [c](d) `e` f\\|g") == "a \\# b \\[c\\](d) \\`e\\` f\\|g"
    assert os.sep  # the module is pure: no files
