"""The stable JSON report : sorted keys, no timestamps, byte-identical for the same input."""

from __future__ import annotations

from cc_rules import results
from cc_rules.base import jsontext
from cc_rules.reports.base import Options


def render(report: results.Report, options: Options) -> str:
    """`report.to_json()` as the CLI writes it (control characters from the inputs escaped), made in bytes: the
    same text, without a search of every character of it when it is written."""
    return jsontext.shown(report.to_dict())


def render_bytes(report: results.Report, options: Options) -> bytes:
    """`render(report, options)` in UTF-8, never decoded: what the CLI writes into a file or on stdout as it is."""
    return jsontext.shown_bytes(report.to_dict())
