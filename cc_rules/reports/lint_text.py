"""`cc-rules lint` as text: per pack its counts, then each finding with its location and fix hint."""

from __future__ import annotations

from collections import Counter

from cc_rules.results.lint import CHECKS, SEVERITIES, LintReport, _display


def render_text(report: LintReport, min_severity: str = "info") -> str:
    keep = SEVERITIES[: SEVERITIES.index(min_severity) + 1]
    lines = []
    for pack in report.packs:
        counts = Counter(f.severity for f in pack.findings)
        lines.append(f"{pack.pack_id} ({_display(pack.root)}): {counts.get('error', 0)} error(s), "
                     f"{counts.get('warning', 0)} warning(s), {counts.get('info', 0)} info")
        for f in pack.findings:
            if f.severity not in keep:
                continue
            lines.append(f"  {f.location()}: {f.severity} {f.code} {f.message}")
            lines.append(f"      fix: {f.hint or CHECKS[f.code].hint}")
        lines.append("")
    c = report.counts()
    verdict = "clean" if not c["error"] else "errors found"
    lines.append(f"{len(report.packs)} pack(s): {c['error']} error(s), {c['warning']} warning(s), {c['info']} info "
                 f"— {verdict}")
    return "\n".join(lines) + "\n"

