"""JSON evidence read the fast way (orjson, lines from the text) gives the very Evidence the full loader gives for the
same text, field by field; and the same data as the YAML it was converted from. Whatever is wrong in a JSON file is
said and located as the full loader says it."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path
from typing import Any

import orjson
import pytest

from cc_rules.base import errors
from cc_rules.io import loading
from cc_rules.model import evidence

ROOT = Path(__file__).resolve().parents[2]
CORPUS = sorted((ROOT / "examples" / "corpus").glob("*.yaml"))[:20]
SOURCES = sorted((ROOT / "examples").glob("*.yaml")) + CORPUS


def _typed(value: Any) -> Any:
    """A fact value with each scalar's type (1, 1.0 and True are equal in Python)."""
    if isinstance(value, tuple):
        return tuple(_typed(v) for v in value)
    return type(value).__name__, value


def _styles(data: Any) -> dict[str, str]:
    return {"indented": json.dumps(data, indent=2, ensure_ascii=False),
            "one-line": json.dumps(data, ensure_ascii=False),
            "one-line-and-newline": json.dumps(data, ensure_ascii=False) + "\n",
            "newline-then-one-line": "\n" + json.dumps(data, ensure_ascii=False) + "\n",
            "orjson": orjson.dumps(data, option=orjson.OPT_INDENT_2).decode(),
            "tabs-and-crlf": json.dumps(data, indent="\t", ensure_ascii=False).replace("\n", "\r\n")}


def _assert_same(fast: evidence.Evidence, full: evidence.Evidence) -> None:
    for field in dataclasses.fields(evidence.Evidence):
        if field.name != "facts":
            assert getattr(fast, field.name) == getattr(full, field.name), field.name
    assert len(fast.facts) == len(full.facts)
    for a, b in zip(fast.facts, full.facts, strict=True):
        for field in dataclasses.fields(evidence.FactValue):
            assert getattr(a, field.name) == getattr(b, field.name), (a, b, field.name)
        assert _typed(a.value) == _typed(b.value), (a, b)


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_json_evidence_is_the_evidence_the_full_loader_reads(source: Path) -> None:
    yaml_doc = loading.read_document(source)
    from_yaml = evidence.from_document(yaml_doc, "sha")
    for style, text in _styles(yaml_doc.data).items():
        fast_doc = loading.parse_document(text.encode(), "ev.json")
        assert not fast_doc.exact, style  # read by orjson, not by the YAML loader
        full_doc = loading._parse_yaml(text, "ev.json")
        sha = hashlib.sha256(text.encode()).hexdigest()
        fast, full = evidence.from_document(fast_doc, sha), evidence.from_document(full_doc, sha)
        _assert_same(fast, full)
        assert fast_doc.data == full_doc.data and fast_doc.lines == {
            p: n for p, n in full_doc.lines.items() if p == () or isinstance(p[-1], str)}, style
        # and the same facts as the YAML it came from, apart from where they are
        assert [(f.name, _typed(f.value), f.source, f.date, f.path) for f in fast.facts] == [
            (f.name, _typed(f.value), f.source, f.date, f.path) for f in from_yaml.facts], style
        assert dataclasses.replace(fast, file="x", sha256="x", facts=(), assessment_line=None, packs_line=None,
                                   reviewers_line=None) == dataclasses.replace(
            from_yaml, file="x", sha256="x", facts=(), assessment_line=None, packs_line=None, reviewers_line=None)


def test_a_json_file_on_disk_goes_the_fast_way(tmp_path: Path) -> None:
    data = loading.read_document(CORPUS[0]).data
    path = tmp_path / "ev.json"
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    ev = evidence.load(path)
    text = path.read_text(encoding="utf-8").splitlines()
    facts = [f for f in ev.facts if f.path.startswith("$.facts.")]
    for fact in facts:
        key = fact.path.rsplit(".", 1)[1]
        assert f'"{key}":' in text[fact.line - 1], fact  # each fact at the line of its key
    assert len(facts) > 20
    assert ev.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_list_items_line_is_found_when_asked() -> None:
    text = '{\n  "format": "x",\n  "packs": [\n    "a",\n    5\n  ]\n}\n'
    doc = loading.parse_document(text.encode(), "ev.json")
    assert not doc.exact and doc.line_of(("packs",)) == 3
    assert doc.line_of(("packs", 1)) == 5 and doc.exact  # the full loader completed the lines


@pytest.mark.parametrize("text", [
    '{"a": 1, "a": 2}',  # a repeated key: orjson keeps the last, the full loader says so
    '{"a" : 1}',  # a key spaced from its colon: lines are not read from the text then
    '{"a": "say \\"hi\\""}',  # an escaped quote
    '{"a": 1e400}', '{"a": 10000000000000000}', '{"a": -1e15}',  # past the numbers cc-rules reads
    '{"a": "\u0085\u0001"}', '{"a": "\u007f"}', '{"a": "\ufffe"}',  # characters the YAML reader refuses
    '{"a": "x\u2028y"}', '{\u2029"a": 1}',  # line breaks to YAML, not to JSON
    '{"a": ' * 40 + "1" + "}" * 40,  # too deep
    "{a: 1}",  # YAML flow, not JSON
])
def test_what_the_fast_way_does_not_read_is_left_to_the_full_loader(text: str) -> None:
    assert loading._json_document(text, "x", 1) is None
    try:
        expected: object = loading._parse_yaml(text, "x")
    except errors.LoadError as exc:
        expected = [p.render("en") for p in exc.problems]
    try:
        got: object = loading.parse_document(text.encode(), "x")
    except errors.LoadError as exc:
        got = [p.render("en") for p in exc.problems]
    assert got == expected


def test_the_fast_fact_constructor_builds_the_dataclass() -> None:
    args = ("a.b", (1, "x"), "doc", "2026-01-01", "f.json", 3, "$.facts.a.b")
    made, plain = evidence._fact(*args), evidence.FactValue(*args)  # type: ignore[arg-type]
    assert made == plain and hash(made) == hash(plain) and repr(made) == repr(plain)
    assert dataclasses.asdict(made) == dataclasses.asdict(plain)
