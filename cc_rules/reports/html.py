"""One self-contained HTML file (inline CSS and SVG, no network, print CSS) from `templates/report.html.j2`."""

from __future__ import annotations

from cc_rules import results
from cc_rules.reports import templating


def render(report: results.Report, lang: str = "en") -> str:
    template = templating.environment(autoescape=True).get_template("report.html.j2")
    return template.render(**templating.context(report, lang))
