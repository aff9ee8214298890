"""Markdown for pull requests and wikis, from `templates/report.md.j2`; the radar chart is inline SVG (HTML block).

Autoescape stays on: evidence text is HTML-escaped, which Markdown renders literally, so no markup is injected.
"""

from __future__ import annotations

import re

from cc_rules import results
from cc_rules.reports import templating
from cc_rules.reports.base import Options


def render(report: results.Report, options: Options) -> str:
    template = templating.environment(options.lang, autoescape=True).get_template("report.md.j2")
    text = template.render(**templating.context(report, options.lang))
    text = text.replace("&#39;", "'").replace("&#34;", '"')  # quotes need no escaping in Markdown text
    return re.sub(r"\n{3,}", "\n\n", text).rstrip() + "\n"
