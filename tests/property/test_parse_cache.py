"""The parse cache never changes what a file reads as: for any YAML text, the document read through a cold cache,
then through the warm one, is the document read without a cache (data with its types, lines in order, text,
exactness), and a text the loader refuses is refused with the same problems, and never kept.

Texts are drawn as documents (nested mappings and lists of text in any script, numbers at and past the limits,
dates and times, booleans, nulls, shared values written as anchors and aliases) dumped in block or flow style, and
then possibly damaged by one edit (a character deleted, or a YAML indicator, a tab or a line break inserted)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cc_rules.base import errors
from cc_rules.io import loading, parsecache

SCALARS = st.one_of(
    st.text(max_size=12),
    st.text(alphabet="中文评估规则包：，“”ａ１", max_size=6),
    st.integers(-(10**16), 10**16),
    st.integers(-(10**15) - 2, -(10**15) + 2) | st.integers(10**15 - 2, 10**15 + 2),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(-1e6, 1e6).map(lambda x: round(x, 3)),
    st.booleans(),
    st.none(),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    st.datetimes(min_value=dt.datetime(1970, 1, 1), max_value=dt.datetime(2100, 1, 1)),
)
KEYS = st.one_of(st.text(min_size=1, max_size=10), st.sampled_from(["id", "when", "facts", "值", "a b", "1", "yes"]))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(KEYS, inner, max_size=4), max_leaves=25)
EDITS = st.sampled_from([":", "-", "\t", "&a", "*a", "!!", "'", '"', "\n", "{", "[", "#", " ", "<<: ", "\x85"])


@st.composite
def texts(draw: st.DrawFn) -> str:
    document: Any = draw(st.dictionaries(KEYS, VALUES, min_size=1, max_size=5))
    if draw(st.booleans()):  # one value held twice: dumped as an anchor and an alias
        shared = draw(st.dictionaries(KEYS, VALUES, min_size=1, max_size=3) | st.lists(VALUES, min_size=1,
                                                                                             max_size=3))
        document = {**document, "first": shared, "again": [shared, draw(SCALARS)]}
    text = yaml.safe_dump(document, allow_unicode=draw(st.booleans()), sort_keys=False,
                          default_flow_style=draw(st.sampled_from([False, None, True])))
    if draw(st.booleans()):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + (draw(EDITS) + text[at] if draw(st.booleans()) and at < len(text) else "") + text[at + 1:]
    return text


class DictStore:
    def __init__(self) -> None:
        self.entries: dict[str, bytes] = {}
        self.puts = 0

    def get(self, key: str) -> bytes | None:
        return self.entries.get(key)

    def put(self, key: str, value: bytes) -> None:
        self.puts += 1
        self.entries[key] = value


def typed(value: Any) -> Any:
    """`value` with the type of every part spelled out (1, 1.0, True and -0.0 all differ)."""
    if type(value) is dict:
        return ("dict", [(type(k).__name__, k, typed(v)) for k, v in value.items()])
    if type(value) is list:
        return ("list", [typed(v) for v in value])
    return (type(value).__name__, repr(value))


def outcome(raw: bytes) -> Any:
    """What reading `raw` gives: the document, every part typed, or the problems refusing it."""
    try:
        doc = loading.parse_document(raw, "drawn.yaml")
    except errors.LoadError as exc:
        return ("refused", exc.problems, exc.render("en"), exc.render("zh"))
    return ("read", doc.file, doc.text, doc.exact, typed(doc.data), list(doc.lines.items()))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts())
def test_a_cold_then_a_warm_cache_read_what_the_loader_reads(text: str) -> None:
    raw = text.encode("utf-8")
    assert parsecache.current() is None
    plain = outcome(raw)
    store = DictStore()
    previous = parsecache.use_store(store, min_bytes=0)
    try:
        cold = outcome(raw)
        kept = dict(store.entries)
        warm = outcome(raw)
    finally:
        parsecache.restore(previous)
    assert cold == plain
    assert warm == plain
    if plain[0] == "refused" or not plain[3]:  # refused, or JSON read the fast way: nothing kept
        assert kept == {}
    else:
        assert list(kept) == [parsecache.key(raw)] and store.puts == 1  # the warm read was a hit
