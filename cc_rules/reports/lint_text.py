"""`cc-rules lint` as text, in zh or en: per pack its counts, then each finding with its location and fix hint."""

from __future__ import annotations

from collections import Counter

from cc_rules.base import i18n
from cc_rules.results.lint import SEVERITIES, LintReport, _display


def render_text(report: LintReport, min_severity: str = "info", lang: str = "en") -> str:
    keep = SEVERITIES[: SEVERITIES.index(min_severity) + 1]
    lines = []
    for pack in report.packs:
        counts = Counter(f.severity for f in pack.findings)
        lines.append(i18n.message("lint.text-pack", lang, pack=pack.pack_id, root=_display(pack.root),
                                  errors=counts.get("error", 0), warnings=counts.get("warning", 0),
                                  infos=counts.get("info", 0)))
        for f in pack.findings:
            if f.severity not in keep:
                continue
            lines.append(i18n.message("lint.text-finding", lang, location=f.location(lang), code=f.code,
                                      severity=i18n.message(f"lint.severity-{f.severity}", lang), message=f.text(lang)))
            lines.append(i18n.message("lint.text-fix", lang, hint=f.hint_text(lang)))
        lines.append("")
    c = report.counts()
    verdict = i18n.message("lint.clean" if not c["error"] else "lint.errors-found", lang)
    lines.append(i18n.message("lint.text-summary", lang, packs=len(report.packs), errors=c["error"],
                              warnings=c["warning"], infos=c["info"], verdict=verdict))
    return "\n".join(lines) + "\n"
