"""The fast ways to a terminal-safe text give exactly what the one regular expression over every character gave:
`terminal_safe` itself, `safe_utf8` (searching the bytes of a UTF-8 output) and `jsontext.shown` (the JSON report),
whatever the text holds: C0, DEL, C1, separators, bidirectional overrides, ANSI sequences, Chinese, surrogates."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from cc_rules.assess import pipeline as assessment
from cc_rules.base import jsontext, text
from cc_rules.cli import main

CONSTRUCTS = Path(__file__).resolve().parents[2] / "tests" / "packs" / "constructs"

# the expression terminal_safe used alone before the fast paths, kept here as the reference
_REFERENCE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_SGR = re.compile(r"\x1b\[[0-9;]*m")


def _reference(value: str, colour: bool = False) -> str:
    def escape(match: re.Match[str]) -> str:
        return f"\\u{ord(match.group(0)):04x}"

    if not colour:
        return _REFERENCE.sub(escape, value)
    parts, styles = _SGR.split(value), _SGR.findall(value)
    return "".join([_REFERENCE.sub(escape, parts[0])] + [s + _REFERENCE.sub(escape, p)
                                                         for s, p in zip(styles, parts[1:], strict=True)])


# every character the expression escapes, its neighbours on either side, and those sharing a UTF-8 lead byte
_EDGES = "".join(map(chr, [*range(0x00, 0x21), *range(0x7e, 0xa1), *range(0x2026, 0x2031), *range(0x2064, 0x206b),
                           0x00b7, 0x00bf, 0x00c0, 0x2014, 0x201c, 0x201d, 0x20ac, 0xfeff, 0x4e2d]))
_TEXT = st.text(alphabet=st.one_of(st.sampled_from(_EDGES), st.characters()), max_size=60) \
    | st.lists(st.sampled_from(["\x1b[1m", "\x1b[0m", "\x1b[2J", "\x1b]0;t\x07", "中文", "\u202e", "a\n", "\t"]),
               max_size=8).map("".join)


@settings(max_examples=500, deadline=None)
@given(value=_TEXT, colour=st.booleans())
def test_terminal_safe_is_the_reference_expression(value: str, colour: bool) -> None:
    assert text.terminal_safe(value, colour=colour) == _reference(value, colour)


@settings(max_examples=500, deadline=None)
@given(value=_TEXT.filter(lambda v: not any("\ud800" <= c <= "\udfff" for c in v)), colour=st.booleans())
def test_safe_utf8_is_terminal_safe_of_the_decoded_text(value: str, colour: bool) -> None:
    made = text.safe_utf8(value.encode("utf-8"))
    assert made == _reference(value)
    assert text.terminal_safe(made, colour=colour) == made  # what the CLI writes: the same, not searched again
    assert text.safe_utf8_bytes(value.encode("utf-8")) == made.encode("utf-8")  # the same, never decoded


_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
                     st.sampled_from([1e-05, 5e-324, 2**70]), _TEXT)
_DATA = st.recursive(_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(_TEXT, inner, max_size=4)), max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(data=_DATA)
def test_shown_json_is_the_written_report(data: object) -> None:
    """What the CLI wrote for a JSON report: the standard library's text, then every control character escaped."""
    expected = _reference(json.dumps(data, sort_keys=True, ensure_ascii=False, indent=2) + "\n")
    assert jsontext.shown(data) == expected
    assert text.terminal_safe(jsontext.shown(data)) == expected
    try:
        written = expected.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: no evidence or pack can hold one (both readers refuse it)
        with pytest.raises(UnicodeEncodeError):
            jsontext.shown_bytes(data)
    else:
        assert jsontext.shown_bytes(data) == written  # what the CLI writes into a file


def test_only_the_text_made_is_taken_as_safe() -> None:
    made = text.safe_utf8("中\u202e".encode())
    assert made == "中\\u202e"
    same_chars = "".join(["中", "\u202e"])  # equal characters, another object: searched, escaped
    assert text.terminal_safe(same_chars) == "中\\u202e"
    assert text.terminal_safe(made) == made
    assert text.terminal_safe(made) == made  # once forgotten, searched again: still the same


def test_hostile_json_report_as_written_before(tmp_path: Path) -> None:
    """DEL, C1 (a one-byte CSI), a bidi override and ANSI escapes in a name and a source: the JSON report written is
    the encoder's text with each escaped, on stdout and into a file."""
    evidence = tmp_path / "hostile\u202e.yaml"
    evidence.write_text(
        'format: cc-rules/evidence@1\n'
        'organization: {name: "Evil\\x7f\\x9b2J\\u202egnp.exe \\e[31m\\u2028", industry: banking, seats: 100}\n'
        'assessment: {date: 2025-06-30, mode: self}\n'
        'facts:\n  a:\n    int: 12\n    flag: {value: true, source: "src\\u2066\\x85\\u0080"}\n', encoding="utf-8")
    report = assessment.run([evidence], [str(CONSTRUCTS)])
    expected = _reference(report.to_json())
    assert "\\u009b" in expected and "\\u202e" in expected and "\\u2066" in expected and "\\u007f" in expected
    out = CliRunner().invoke(main, ["assess", str(evidence), "--pack", str(CONSTRUCTS), "--format", "json"])
    assert out.stdout == expected
    written = tmp_path / "report.json"
    CliRunner().invoke(main, ["assess", str(evidence), "--pack", str(CONSTRUCTS), "--format", "json",
                              "-o", str(written)])
    assert written.read_text(encoding="utf-8") == expected


def test_many_lead_bytes_before_the_one_to_escape() -> None:
    """Past the lead bytes looked at one by one (dashes and quotes share U+2028's), the rest is still searched."""
    for tail in ("\u202e", "\x85", "\u2069", ""):
        value = "—“" * 5000 + "·°" * 5000 + tail + "”"
        assert text.safe_utf8(value.encode()) == _reference(value)
        assert text.safe_utf8_bytes(value.encode()) == _reference(value).encode()
        assert jsontext.shown([value]) == _reference(json.dumps([value], ensure_ascii=False, indent=2) + "\n")
