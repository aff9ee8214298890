"""Conformity: passed when every requirement is met; each unmet one is a nonconformity."""

from __future__ import annotations

from cc_rules import results


def passed(findings: tuple[results.Finding, ...]) -> bool:
    return all(f.met is True for f in findings if f.kind == "requirement")
