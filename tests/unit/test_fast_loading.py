"""The fast walk of the YAML node tree builds exactly what the full walk builds (data, types and lines), and leaves
to the full walk every document it does not recognise, so every message stays the full walk's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from cc_rules.io import loading

ROOT = Path(__file__).resolve().parents[2]


def _typed(value: Any) -> Any:
    """`value` with every scalar's type beside it (1, 1.0 and True compare equal in Python)."""
    if isinstance(value, dict):
        return {k: _typed(v) for k, v in value.items()}, list(value)
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return type(value).__name__, value


def _both(text: str) -> tuple[Any, Any]:
    """(fast walk's data and lines, or None when it defers; the full walk's data and lines)."""
    out = []
    for fast in (True, False):
        loader = loading._LOADER(text)
        try:
            node = loader.get_single_node()
            lines: dict[loading.PathKey, int] = {}
            if fast:
                try:
                    data = loading._Fast(loader).build(node, lines)
                except loading._Slow:
                    out.append(None)
                    continue
            else:
                bad: list[Any] = []
                loading._check_shape(node, "x")
                data = loading._build(loader, node, (), lines, "x", bad)
                if bad:  # a value that cannot be held: a message only the full walk gives
                    raise loading.errors.LoadError(bad)
            out.append((_typed(data), lines))
        finally:
            loader.dispose()
    return out[0], out[1]


def _shipped() -> list[Path]:
    files = sorted((ROOT / "examples").rglob("*.yaml")) + sorted((ROOT / "rules").rglob("*.yaml"))
    return files + sorted((ROOT / "tests" / "packs").rglob("*.yaml"))[:40]


def test_every_shipped_file_is_read_the_same_by_both_walks() -> None:
    fast_count = 0
    for path in _shipped():
        text = path.read_text(encoding="utf-8")
        try:
            fast, full = _both(text)
        except (yaml.YAMLError, loading.errors.CcRulesError):
            continue  # a broken fixture: the fast walk is never reached for it
        if fast is not None:
            fast_count += 1
            assert fast == full, path
    assert fast_count > 40


@pytest.mark.parametrize("text", ["a: 1\nb: -2.5\nc: yes\nd: ~\ne: 2026-06-30\nf: '7'\n", "1: a\ntrue: b\n",
                                  "- [1, {x: [y]}]\n- {p: q}\n"])
def test_the_usual_documents_take_the_fast_walk(text: str) -> None:
    fast, full = _both(text)
    assert fast is not None and fast == full


@pytest.mark.parametrize("text", [
    "a: 1\nb: -7\nc: +3\nd: 0\ne: -0\nf: 017\ng: 0x1F\nh: 0o17\ni: 1_000\nj: 1:30\nk: 999999999999999\n",
    "a: 1.5\nb: -0.0\nc: 1.\nd: .5\ne: 1e3\nf: 1.0e+3\ng: .inf\nh: 1_0.5\ni: 12345678901234.5\nj: !!float 3\n",
    "a: yes\nb: No\nc: TRUE\nd: off\ne: ~\nf: null\ng:\nh: ''\ni: 'true'\nj: \"1\"\n",
    "a: 2026-06-30\nb: 2026-06-30 10:00:00\nc: '2026-06-30'\nd: 2026-06-30T10:00:00Z\n",
    "1: a\n2.5: b\ntrue: c\n~: d\n2026-01-01: e\n",
    "- a\n- [1, 2, {x: y}]\n- {p: [q, r], s: {t: u}}\n-\n  - deep\n",
    "a: &x {b: 1}\nc: *x\nd: &y [1, 2]\ne: *y\nf: &z text\ng: *z\n",
    "k: !!str 5\nl: !!int '7'\nm: !!binary aGVsbG8=\n",
    "a: {b: 1, b: 2}\n", "<<: {a: 1}\n", "a: .nan\n", "a: 10000000000000000\n", "[[[[[[[[[[]]]]]]]]]]\n",
])
def test_tricky_scalars_are_read_the_same_or_left_to_the_full_walk(text: str) -> None:
    try:
        fast, full = _both(text)
    except loading.errors.CcRulesError:  # the full walk refuses it: the fast one must have deferred
        loader = loading._LOADER(text)
        with pytest.raises(loading._Slow):
            loading._Fast(loader).build(loader.get_single_node(), {})
        return
    assert fast is None or fast == full



def test_the_fast_walk_stops_at_the_limits() -> None:
    deep = "a: " + "[" * (loading.MAX_DEPTH + 1) + "]" * (loading.MAX_DEPTH + 1) + "\n"
    loader = loading._LOADER(deep)
    with pytest.raises(loading._Slow):
        loading._Fast(loader).build(loader.get_single_node(), {})
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + chr(ord(c) - 1)] * 10)}]\n" for c in "bcdefg")
    loader = loading._LOADER(bomb)
    with pytest.raises(loading._Slow):
        loading._Fast(loader).build(loader.get_single_node(), {})
    with pytest.raises(loading.errors.LoadError) as info:
        loading.parse_document(bomb.encode(), "bomb.yaml")
    assert info.value.problems[0].code == "too-many-values"
