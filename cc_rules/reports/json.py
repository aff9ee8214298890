"""The stable JSON report (contract §3): sorted keys, no timestamps, byte-identical for the same input."""

from __future__ import annotations

from cc_rules import results


def render(report: results.Report, lang: str = "en") -> str:
    return report.to_json()
