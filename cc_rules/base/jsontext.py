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
import re
from collections.abc import Callable
from typing import Any

from cc_rules.base import text as basetext

try:
    import orjson
except ImportError:  # pragma: no cover - orjson is a dependency; without it the standard library is used
    orjson = None  # type: ignore[assignment]

_OPTIONS = (orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) if orjson is not None else 0
_PASSING = (_OPTIONS | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME) if orjson is not None else 0
_LINE = orjson.OPT_SORT_KEYS if orjson is not None else 0
_NEWLINE = orjson.OPT_APPEND_NEWLINE if orjson is not None else 0


def dumps(data: Any, default: Callable[[Any], Any] | None = None) -> str:
    """`data` as sorted, 2-space indented JSON with non-ASCII characters as they are (no trailing newline).
    `default` as `json.dumps` takes it: what a value the standard library cannot encode becomes (orjson is told to
    hand it dataclasses and dates too, which it would otherwise encode itself; nothing cc-rules reports is an enum or
    a UUID, the other types orjson encodes that the standard library does not)."""
    raw = _encoded(data, default)
    if raw is not None:
        return raw.decode("utf-8")
    return json.dumps(data, sort_keys=True, ensure_ascii=False, indent=2, default=default)


def shown(data: Any) -> str:
    """`basetext.terminal_safe(dumps(data) + "\\n")`, what a JSON report written to a file or a terminal is, made
    from the encoder's bytes (`basetext.safe_utf8`): the text is decoded once and never searched character by
    character (the newline is the encoder's too: adding it would copy the whole text)."""
    raw = _encoded(data, None, _NEWLINE)
    if raw is not None:
        return basetext.safe_utf8(raw, json=True)
    return basetext.terminal_safe(dumps(data) + "\n")  # the rare data orjson cannot write (a lone surrogate)


def shown_bytes(data: Any) -> bytes:
    """`shown(data)` encoded in UTF-8, made without decoding the encoder's bytes (`basetext.safe_utf8_bytes`): what
    a JSON report written to a file is (the 60-file corpus report is 32 MB)."""
    raw = _encoded(data, None, _NEWLINE)
    if raw is not None:
        return basetext.safe_utf8_bytes(raw, json=True)
    return shown(data).encode("utf-8")


def _encoded(data: Any, default: Callable[[Any], Any] | None, extra: int = 0) -> bytes | None:
    """orjson's bytes for `dumps`, or None where they could differ from the standard library's."""
    if orjson is None:
        return None
    try:
        raw = orjson.dumps(data, default=default, option=(_OPTIONS if default is None else _PASSING) | extra)
    except TypeError:
        return None
    return raw if _same_numbers(raw) else None


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


# "e-" preceded by a digit and "0.0000": a literal first (a memory search), what comes before it checked only where
# it is found
_EXPONENT = re.compile(rb"e-(?<=[0-9]e-)")
_TINY = re.compile(rb"\.0000(?<=0\.0000)")


def _same_numbers(raw: bytes) -> bool:
    """No float orjson writes differently from Python: none below 1e-4 (`0.0000…`, or a digit before `e-`).

    Text such as "e-commerce" contains `e-` too, so a digit must come before it."""
    return _TINY.search(raw) is None and _EXPONENT.search(raw) is None
