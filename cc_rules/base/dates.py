"""The one date parser: every date a person types (evidence, pack, step, waiver, `--as-of`) is read here.

A date is `YYYY-MM-DD` naming a day that exists (years 0001-9999). Python's own `date.fromisoformat` accepts more
(`20260630`, `2026-W01-1`) and fails with its own words; here there is one grammar and one message,
`dates.not-a-date`, whatever file or option the date came from.
"""

from __future__ import annotations

import datetime as dt
import re

MESSAGE = "dates.not-a-date"
_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def parse(text: object) -> dt.date | None:
    """The day `text` names, or None when it is not a `YYYY-MM-DD` day that exists."""
    if isinstance(text, dt.date) and not isinstance(text, dt.datetime):
        return text
    if not isinstance(text, str):
        return None
    match = _ISO.fullmatch(text)
    if match is None:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:  # 2026-02-30, month 13, year 0000
        return None


def day(text: str) -> dt.date:
    """A date already checked (by the schema, or written by us): a bad one is a programming error."""
    found = parse(text)
    if found is None:
        raise ValueError(f"not a date: {text!r}")
    return found


def shown(value: object) -> str:
    """The value as the message quotes it: at most 40 characters (a date is 10)."""
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    return text if len(text) <= 40 else text[:39] + "…"
