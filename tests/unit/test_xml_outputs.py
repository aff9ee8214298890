"""XML outputs stay XML: a control character in an organisation name, a file name or a step (ESC, BEL, form feed,
U+FFFE) is written as `\\uXXXX` by the reporters themselves, so a CI parser never refuses the file and a terminal
never runs the sequence. Checked by parsing, not by searching for characters; SARIF (JSON) likewise."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from cc_rules.assess import pipeline
from cc_rules.base import text
from cc_rules.cli import main
from cc_rules.reports import registry
from cc_rules.tools import verify

ROOT = Path(__file__).resolve().parents[2]
CONSTRUCTS = ROOT / "tests" / "packs" / "constructs"
HOSTILE = "\x1b[2J\x1b]0;pwned\x07\x0c\ufffe\u009b\u202e"
CONTROLS = "\x1b\x07\x0c\ufffe\u009b\u202e"
EVIDENCE = """format: cc-rules/evidence@1
organization: {name: "Evil\\e[2J\\e]0;pwned\\a\\f\\uFFFE\\x9b\\u202e", industry: banking, seats: 100}
assessment: {date: 2025-06-30, mode: self}
facts:
  a: {int: 12, num: 1.5, other: 3, flag: true, flag2: false, text: "hello\\e[31m", kind: y, list: [voice]}
"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("xml") / "evil\x1b[2J\x07.yaml"
    path.write_text(EVIDENCE, encoding="utf-8")
    return path


def _clean(out: str) -> None:
    assert not any(ch in out for ch in CONTROLS), [hex(ord(c)) for c in CONTROLS if c in out]


@pytest.mark.parametrize("fmt", ["junit", "sarif"])
def test_the_reporters_themselves_write_no_control_character(hostile: Path, fmt: str) -> None:
    report = pipeline.gate(pipeline.run([hostile], [str(CONSTRUCTS)], engine_name="plain"),
                           pipeline.results.GateSpec())
    out = registry.get(fmt).render(report, registry.Options())
    _clean(out)
    if fmt == "junit":
        root = ET.fromstring(out.encode("utf-8"))
        assert "\\u001b[2J" in root.find("testsuite").get("name")  # type: ignore[union-attr]
    else:
        doc = json.loads(out)
        assert "\x1b" in json.dumps(doc, ensure_ascii=False) or "\\u001b" in out  # JSON keeps the value, escaped


def test_assess_junit_through_the_cli_parses(hostile: Path, tmp_path: Path) -> None:
    target = tmp_path / "r.xml"
    result = CliRunner().invoke(main, ["assess", str(hostile), "--pack", str(CONSTRUCTS), "--format", "junit",
                                       "-o", str(target)])
    assert result.exit_code in (0, 1), result.output
    _clean(target.read_text(encoding="utf-8"))
    ET.parse(target)


def test_verify_junit_parses_with_hostile_names_and_steps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    feature = tmp_path / "evil\x1b[2J.feature"
    feature.write_text(f"""Feature: evil {HOSTILE}
  Scenario: name {HOSTILE}
    Given the evidence file "examples/ccso-pass-bank.yaml"
    When it is assessed against "ccso"
    Then the grade is "{HOSTILE}"
  Scenario: unknown {HOSTILE}
    Given something {HOSTILE}
""", encoding="utf-8")
    monkeypatch.chdir(ROOT)
    from cc_rules.reports import verify_junit

    out = verify_junit.render(verify.run([str(feature), "ccso"]))
    _clean(out)
    root = ET.fromstring(out.encode("utf-8"))
    assert root.get("tests") == "2" and root.get("failures") == "1" and root.get("errors") == "1"


def test_xml_text_escapes_what_xml_forbids_and_keeps_layout() -> None:
    assert text.xml_text("a\tb\nc\x00d\x1be\ufffff\ud800") == "a\tb\nc\\u0000d\\u001be\\uffff" + "f\\ud800"
