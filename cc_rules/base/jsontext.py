"""Sorted, indented JSON text through a C encoder, byte-identical to `json.dumps(sort_keys=True,
ensure_ascii=False, indent=2)`.

The standard library encodes with C only without `indent`; with it, every value goes through its Python encoder
(1.5 s for the 60-file corpus report, 25 MB). orjson writes the same bytes ~30 times faster for what reports
hold; where its output could differ the standard library writes the text instead:
- numbers orjson writes in a form Python does not (floats below 1e-4: `0.00001` or `1e-7`, where Python writes
  `1e-05` and `1e-07`) — found by searching its output for `0.0000` and for a digit followed by `e-`;
- what orjson refuses (integers beyond 64 bits, lone surrogates, other types): it raises `TypeError`.
Non-finite floats never reach a report (evidence and packs are checked to be finite before anything runs).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

try:
    import orjson
except ImportError:  # pragma: no cover - orjson is a dependency; without it the standard library is used
    orjson = None  # type: ignore[assignment]

_OPTIONS = (orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) if orjson is not None else 0
_PASSING = (_OPTIONS | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME) if orjson is not None else 0
_LINE = orjson.OPT_SORT_KEYS if orjson is not None else 0


def dumps(data: Any, default: Callable[[Any], Any] | None = None) -> str:
    """`data` as sorted, 2-space indented JSON with non-ASCII characters as they are (no trailing newline).
    `default` as `json.dumps` takes it: what a value the standard library cannot encode becomes (orjson is told to
    hand it dataclasses and dates too, which it would otherwise encode itself; nothing cc-rules reports is an enum or
    a UUID, the other types orjson encodes that the standard library does not)."""
    if orjson is not None:
        try:
            raw = orjson.dumps(data, default=default, option=_OPTIONS if default is None else _PASSING)
        except TypeError:
            pass
        else:
            if _same_numbers(raw):
                return raw.decode("utf-8")
    return json.dumps(data, sort_keys=True, ensure_ascii=False, indent=2, default=default)


def line(data: Any) -> str:
    """`data` as one line of sorted, compact JSON (`json.dumps(sort_keys=True, ensure_ascii=False,
    separators=(",", ":"))`, the same bytes), without the newline: a JSON Lines record."""
    if orjson is not None:
        try:
            raw = orjson.dumps(data, option=_LINE)
        except TypeError:
            pass
        else:
            if _same_numbers(raw):
                return raw.decode("utf-8")
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _same_numbers(raw: bytes) -> bool:
    """No float orjson writes differently from Python: none below 1e-4 (`0.0000…`, or a digit before `e-`).

    Text such as "e-commerce" contains `e-` too, so each occurrence is looked at: a digit before it is a number."""
    if b"0.0000" in raw:
        return False
    at = raw.find(b"e-")
    while at != -1:
        if at and 48 <= raw[at - 1] <= 57:  # an ASCII digit
            return False
        at = raw.find(b"e-", at + 2)
    return True
