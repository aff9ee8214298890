"""One self-contained HTML file (inline CSS and SVG, no network, print CSS) from `templates/report.html.j2`."""

from __future__ import annotations

from cc_rules import results
from cc_rules.reports import templating
from cc_rules.reports.base import Options, provenance_text


def render(report: results.Report, options: Options) -> str:
    template = templating.environment(options.lang, autoescape=True).get_template("report.html.j2")
    return template.render(**templating.context(report, options.lang),
                           provenance=lambda counts: provenance_text(counts, options.lang))
