"""The compiled schema check is never more lenient than jsonschema, and says valid on every valid file we ship."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cc_rules.io import fastschema, loading, validation

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = sorted(p.name.removesuffix(".schema.json") for p in (ROOT / "schemas").glob("*.schema.json"))
_KIND = {"pack.yaml": "pack", "facts.yaml": "facts", "items.yaml": "items", "actions.yaml": "actions",
         "benchmarks.yaml": "benchmarks"}


def _files() -> list[tuple[Path, str]]:
    out = [(p, "evidence") for p in sorted((ROOT / "examples").rglob("*.yaml"))]
    for pack in sorted((ROOT / "rules").iterdir()):
        for name, kind in _KIND.items():
            if (pack / name).is_file():
                out.append((pack / name, kind))
        out += [(p, "rules") for p in sorted((pack / "rules").glob("*.yaml"))] if (pack / "rules").is_dir() else []
    return out


def _jsonschema_valid(data: Any, schema: str) -> bool:
    return not any(True for _ in validation.validator(schema).iter_errors(data))


@pytest.mark.parametrize("schema", SCHEMAS)
def test_every_schema_has_a_fast_path(schema: str) -> None:
    assert fastschema.checker(schema) is not None


def test_the_files_we_ship_agree() -> None:
    checked = 0
    for path, schema in _files():
        data = loading.read_document(str(path)).data
        assert fastschema.is_valid(data, schema) == _jsonschema_valid(data, schema), path
        checked += 1
    assert checked > 60


_LEAF = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.floats(-2, 2), st.sampled_from(
    ["", "x", "2026-02-30", "2026-06-30", "cc-rules/evidence@1", "self", "voice", "a.b", "中文", "UPPER"]))


def _mutate(data: Any, draw: st.DrawFn) -> Any:
    """`data` with one node replaced, removed or added somewhere."""
    if isinstance(data, dict) and data and draw(st.booleans()):
        key = draw(st.sampled_from(sorted(data, key=str)))
        action = draw(st.sampled_from(["replace", "delete", "descend", "add"]))
        if action == "delete":
            del data[key]
        elif action == "replace":
            data[key] = draw(_LEAF)
        elif action == "add":
            data[draw(st.sampled_from(["extra", "value", "source", "date", key + "x"]))] = draw(_LEAF)
        else:
            data[key] = _mutate(data[key], draw)
        return data
    if isinstance(data, list) and data and draw(st.booleans()):
        i = draw(st.integers(0, len(data) - 1))
        data[i] = _mutate(data[i], draw) if draw(st.booleans()) else draw(_LEAF)
        return data
    return draw(_LEAF) if draw(st.booleans()) else data


@settings(max_examples=500, deadline=None)
@given(data=st.data())
def test_mutated_files_never_pass_where_jsonschema_fails(data: st.DataObject) -> None:
    path, schema = data.draw(st.sampled_from(_FILES))
    doc = copy.deepcopy(_DOCS[path])
    for _ in range(data.draw(st.integers(1, 3))):
        doc = _mutate(doc, data.draw)
    fast = fastschema.is_valid(doc, schema)
    assert fast == _jsonschema_valid(doc, schema) or not fast, (path, doc)


_FILES = _files()
_DOCS = {path: loading.read_document(str(path)).data for path, _ in _FILES}
