"""cc_rules.io.loading: safe reading within limits, every value located by line and JSON path."""

from __future__ import annotations

from pathlib import Path

import pytest

from cc_rules.base import errors
from cc_rules.io import loading


def parse(text: str, **kwargs: int) -> loading.Document:
    return loading.parse_document(text.encode("utf-8"), "in.yaml", **kwargs)


def problem_of(text: str | bytes, **kwargs: int) -> errors.Problem:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    with pytest.raises(errors.LoadError) as info:
        loading.parse_document(raw, "in.yaml", **kwargs)
    assert len(info.value.problems) == 1
    return info.value.problems[0]


def test_plain_yaml_becomes_json_data_with_lines() -> None:
    doc = parse("a:\n  b: 1\n  when: 2026-06-30\n  list:\n    - x\n    - {y: true}\nc: 1.5\n")
    assert doc.data == {"a": {"b": 1, "when": "2026-06-30", "list": ["x", {"y": True}]}, "c": 1.5}
    assert doc.lines[("a",)] == 1  # an entry is located at its key, not at the first line of its value
    assert doc.lines[("a", "b")] == 2
    assert doc.lines[("a", "list", 1, "y")] == 6
    assert doc.line_of(("a", "list", 1, "nothing", "here")) == 6  # nearest ancestor
    assert doc.line_of(()) == 1


def test_json_and_a_byte_order_mark_are_read() -> None:
    doc = loading.parse_document(b'\xef\xbb\xbf{"format": "x", "n": [1, 2]}', "in.json")
    assert doc.data == {"format": "x", "n": [1, 2]}


def test_read_document_reads_files(tmp_path: Path) -> None:
    path = tmp_path / "e.yaml"
    path.write_text("k: 值\n", encoding="utf-8")
    doc = loading.read_document(path)
    assert doc.data == {"k": "值"} and doc.file == str(path) and doc.text == "k: 值\n"


def test_missing_file_is_a_load_error(tmp_path: Path) -> None:
    with pytest.raises(errors.LoadError, match="cannot read the file"):
        loading.read_document(tmp_path / "nope.yaml")


@pytest.mark.parametrize("text, tag", [
    ("a: !!python/object/apply:os.system ['true']\n", "!!python/object/apply:os.system"),
    ("a: !!python/name:os.system ''\n", "!!python/name:os.system"),
    ("a: !!python/object:collections.OrderedDict {}\n", "!!python/object:collections.OrderedDict"),
    ("a: !!binary aGVsbG8=\n", "!!binary"),
    ("a: !!set {x, y}\n", "!!set"),
    ("a: !custom 3\n", "!custom"),
    ("a: !!omap [{x: 1}]\n", "!!omap"),
])
def test_yaml_tags_are_rejected_never_constructed(text: str, tag: str) -> None:
    problem = problem_of(text)
    assert f"YAML tag {tag} is not allowed" in problem.render()
    assert (problem.line, problem.path, problem.code) == (1, "$.a", "yaml-tag")


def test_tagged_mapping_key_is_rejected() -> None:
    problem = problem_of("? !!python/tuple [1, 2]\n: x\n")
    assert "a mapping key must be a plain value" in problem.message


def test_merge_keys_are_rejected() -> None:
    problem = problem_of("base: &b {x: 1}\nother:\n  <<: *b\n")
    assert "merge keys" in problem.message and problem.line == 3 and problem.path == "$.other"


def test_small_aliases_are_fine() -> None:
    assert parse("a: &x [1, 2]\nb: *x\n").data == {"a": [1, 2], "b": [1, 2]}


def test_billion_laughs_is_stopped_before_expansion() -> None:
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, 10)]
    problem = problem_of("\n".join(lines) + "\n")
    assert problem.code == "too-many-values"
    assert "alias bomb" in problem.message
    # 10 + 100 + 1000 + 10000 + 100000 values are fine; the overflow is in l5's aliases, on line 6.
    assert problem.line == 6 and problem.path.startswith("$.l5[")


def test_many_values_without_aliases_are_not_called_an_alias_bomb() -> None:
    problem = problem_of("[" + ", ".join(["1"] * (loading.MAX_NODES + 5)) + "]\n")
    assert problem.code == "too-many-values" and "alias" not in problem.message


def nested(depth: int) -> str:
    """A document whose values nest `depth` levels (the root mapping is level 1)."""
    lines = [f"{'  ' * d}k{d}:" for d in range(depth - 2)] + ["  " * (depth - 2) + "leaf: 1"]
    return "\n".join(lines) + "\n"


def test_nesting_up_to_the_limit_is_fine() -> None:
    doc = parse(nested(loading.MAX_DEPTH))
    node = doc.data
    for d in range(loading.MAX_DEPTH - 2):
        node = node[f"k{d}"]
    assert node == {"leaf": 1}


def test_nesting_beyond_the_limit_names_line_and_path() -> None:
    problem = problem_of(nested(loading.MAX_DEPTH + 1))
    assert problem.code == "too-deep"
    assert "more than 32 levels" in problem.message
    assert problem.path == "$." + ".".join(f"k{d}" for d in range(31)) + ".leaf"  # the 33rd level
    assert problem.line == 32


def test_recursive_alias_is_too_deep_not_a_hang() -> None:
    assert problem_of("a: &x [1, *x]\n").code == "too-deep"


def test_size_limit_in_memory_and_on_disk(tmp_path: Path) -> None:
    raw = b"# 123456789\n" * 100  # 1200 bytes of 12-byte lines
    problem = problem_of(raw, max_bytes=600)
    assert problem.code == "too-large" and problem.line == 51  # 600 bytes = 50 whole lines
    assert problem.expected == "at most 600 bytes" and problem.got == "1200 bytes"
    path = tmp_path / "big.yaml"
    path.write_bytes(raw)
    with pytest.raises(errors.LoadError) as info:
        loading.read_document(path, max_bytes=600)
    assert info.value.problems[0].line == 51 and info.value.problems[0].file == str(path)


def test_exactly_at_the_limit_is_read(tmp_path: Path) -> None:
    raw = b"a: 1\n" + b"#" * 94 + b"\n"
    assert len(raw) == 100
    assert loading.parse_document(raw, "x", max_bytes=100).data == {"a": 1}


def test_non_utf8_is_located() -> None:
    problem = problem_of(b"a:\n  b: ok\n  c: " + "Café".encode("latin-1") + b"\n")
    assert problem.line == 3 and problem.path == "$.a.c"
    assert "not UTF-8" in problem.message and "0xe9" in problem.message and "column 9" in problem.message


def test_duplicate_keys_are_rejected() -> None:
    problem = problem_of("a:\n  x: 1\n  y: 2\n  x: 3\n")
    assert (problem.line, problem.path) == (4, "$.a.x")
    assert "duplicate key 'x' (first given on line 2)" in problem.message


def test_nan_is_rejected() -> None:
    problem = problem_of("a: [1, .nan]\n")
    assert (problem.path, problem.message) == ("$.a[1]", "NaN is not a value")


def test_empty_file() -> None:
    problem = problem_of("# only a comment\n")
    assert problem.message == "the file is empty" and problem.line == 1


@pytest.mark.parametrize("text, line, path, words", [
    ("a:\n  b: [1, 2\n  c: 3\n", 3, "$.a.b[1]", "expected ',' or ']'"),
    ("a: 1\n b: 2\n", 2, "$.a", "mapping values are not allowed"),
    # libyaml and the pure-Python parser word this one differently; both name the line and the open collection
    ("a:\n  - x\n  y: 1\n", 3, "$.a[0]", "block collection that starts on line 2"),
    ("a: 'open\n", 2, "$.a", "unexpected end of stream"),
    ("x: *nothing\n", 1, "$.x", "undefined alias"),
])
def test_malformed_yaml_is_located(text: str, line: int, path: str, words: str) -> None:
    problem = problem_of(text)
    assert problem.message.startswith("malformed YAML: ") and words in problem.message
    assert (problem.line, problem.path) == (line, path)


def test_error_renders_as_one_paragraph() -> None:
    problem = problem_of("a:\n  x: 1\n  x: 2\n")
    assert errors.LoadError([problem]).render() == "in.yaml:3: at $.a.x: duplicate key 'x' (first given on line 2)"


def test_every_value_that_cannot_be_held_is_reported_at_once() -> None:
    """NaN, ±inf, numbers past 10^15 or of thousands of digits and impossible dates: one message lists them all,
    in file order (the loader used to stop at the first)."""
    raw = ("format: cc-rules/evidence@1\norganization: {name: X}\nassessment: {date: 2026-02-30}\nfacts:\n"
           f"  a: .nan\n  b: {'9' * 5000}\n  c: [1, -.inf]\n  d: 1.0e+308\n  e: 12\n").encode()
    with pytest.raises(errors.LoadError) as caught:
        loading.parse_document(raw, "n.yaml")
    found = [(p.line, p.path) for p in caught.value.problems]
    assert found == [(3, "$.assessment.date"), (5, "$.facts.a"), (6, "$.facts.b"), (7, "$.facts.c[1]"),
                     (8, "$.facts.d")]
    assert "4 more problems" in caught.value.render()
