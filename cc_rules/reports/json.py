"""The stable JSON report : sorted keys, no timestamps, byte-identical for the same input."""

from __future__ import annotations

from cc_rules import results
from cc_rules.reports.base import Options


def render(report: results.Report, options: Options) -> str:
    return report.to_json()
