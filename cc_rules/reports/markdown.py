"""Markdown for pull requests and wikis, from `templates/report.md.j2`; the radar chart is inline SVG (HTML block).

Autoescape stays on: evidence text is HTML-escaped, which Markdown renders literally, so no HTML is injected; and
every string printed is first made literal Markdown (`base.text.markdown_inline`), so an organisation name or a
fact's source cannot become a link, an image, a heading or a table cell.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from cc_rules import results
from cc_rules.base import text as text_safety
from cc_rules.reports import templating
from cc_rules.reports.base import Options, provenance_text


def _literal(value: object) -> object:
    """Strings (names, sources, explanations, labels) as literal Markdown text; markup the reporter builds itself
    (`Markup`: the radar chart, `<br>`, indentation) and numbers are left as they are."""
    return text_safety.markdown_inline(value) if isinstance(value, str) and not isinstance(value, Markup) else value


def render(report: results.Report, options: Options) -> str:
    env = templating.environment(options.lang, autoescape=True)
    env.finalize = _literal  # every value printed, before autoescaping: user text cannot become Markdown syntax
    template = env.get_template("report.md.j2")
    text = template.render(**templating.context(report, options.lang),
                           provenance=lambda counts: provenance_text(counts, options.lang))
    text = text.replace("&#39;", "'").replace("&#34;", '"')  # quotes need no escaping in Markdown text
    return re.sub(r"\n{3,}", "\n\n", text).rstrip() + "\n"
