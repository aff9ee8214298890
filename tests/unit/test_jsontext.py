"""The C-encoded JSON text is byte-identical to the standard library's indent=2 output, whatever the data."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from cc_rules.base import jsontext

_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=2**63, max_value=2**80),
    st.floats(allow_nan=False, allow_infinity=False), st.floats(min_value=1e-9, max_value=1e-3),
    st.sampled_from([1e-05, 1e-07, 0.0001, 1e16, 1e-324, 5e-324, -0.0, 1.7976931348623157e308]),
    st.text(), st.sampled_from(["中文", "é", "\x00\x1f\x7f", "\u2028", "\ud800", "e-1", "0.00001"]),
)
_DATA = st.recursive(_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6), inner, max_size=4)), max_leaves=25)


def _reference(data: object) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, indent=2)


@settings(max_examples=400, deadline=None)
@given(data=_DATA)
def test_same_bytes_as_the_standard_library(data: object) -> None:
    assert jsontext.dumps(data) == _reference(data)


def test_a_report_sized_document() -> None:
    doc = {"findings": [{"id": f"r.{i}", "met": i % 3 == 0, "points": i / 7, "empty": {}, "none": [],
                         "because": [{"fact": "a", "value": [1, 2], "source": "e-commerce"}],
                         "explanation": {"zh": "说明", "en": "why"}} for i in range(500)]}
    assert jsontext.dumps(doc) == _reference(doc)


@settings(max_examples=300, deadline=None)
@given(data=_DATA)
def test_lines_are_the_standard_librarys_compact_form(data: object) -> None:
    assert jsontext.line(data) == json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def test_default_for_what_json_cannot_encode() -> None:
    """`default=str` (the diff report's) turns dates and dataclasses into text the same way."""
    import dataclasses
    import datetime as dt

    @dataclasses.dataclass
    class Point:
        x: int

    doc = {"day": dt.date(2024, 4, 1), "at": dt.datetime(2024, 4, 1, 8, 30), "p": Point(1), "n": [1.5, "中"]}
    assert jsontext.dumps(doc, default=str) == json.dumps(doc, sort_keys=True, ensure_ascii=False, indent=2,
                                                          default=str)
