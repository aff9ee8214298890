"""`cc-rules crosswalk` as text or markdown, in zh or en: the facts and the rules of every pack that read them; with
evidence, per pack the clauses it already evidences, then the missing facts that advance the most clauses."""

from __future__ import annotations

import re
from collections.abc import Iterable

from markupsafe import escape

from cc_rules.base import i18n
from cc_rules.results.crosswalk import Clause, Crosswalk, FactUse, PackCoverage, RuleRef, Suggestion

SUGGESTIONS_SHOWN = 15  # text and markdown list this many suggestions (JSON lists them all)


def clause_label(c: Clause, lang: str) -> str:
    """`gbt43045 8.5 (level 3)`, `ccso 2.3.1.3`."""
    if c.level is None:
        return i18n.message("crosswalk.clause", lang, pack=c.pack, clause=c.clause)
    return i18n.message("crosswalk.clause-level", lang, pack=c.pack, clause=c.clause, level=c.level)


def _join(parts: Iterable[str], lang: str) -> str:
    return i18n.message("crosswalk.list-sep", lang).join(parts)


def _clauses(clauses: Iterable[Clause], lang: str) -> str:
    text = _join((clause_label(c, lang) for c in clauses), lang)
    return text or i18n.message("crosswalk.none", lang)


def _in_pack(clauses: Iterable[Clause], lang: str) -> str:
    """Clauses of one pack without the pack's id, the levels of a clause together: `6.2 (level 1, 2), 8.5`."""
    levels: dict[str, list[int]] = {}
    for c in clauses:
        levels.setdefault(c.clause, [])
        if c.level is not None:
            levels[c.clause].append(c.level)
    text = _join((i18n.message("crosswalk.clause-in-pack", lang, clause=clause, levels=_join(map(str, found), lang))
                  if found else clause for clause, found in levels.items()), lang)
    return text or i18n.message("crosswalk.none", lang)


def _rule(r: RuleRef, lang: str) -> str:
    via = i18n.message("crosswalk.via", lang, facts=_join(r.via, lang)) if r.via else ""
    return i18n.message("crosswalk.rule-line", lang, clause=clause_label(r.where, lang), title=r.title.get(lang),
                        rule=r.rule, kind=i18n.message(f"crosswalk.kind-{r.kind}", lang),
                        provenance=i18n.message(f"crosswalk.provenance-{r.provenance}", lang), via=via)


def _given(f: FactUse, lang: str) -> str:
    if f.given is None:
        return ""
    return i18n.message("crosswalk.given" if f.given else "crosswalk.not-given", lang)


def _description(f: FactUse | Suggestion, lang: str) -> str:
    return f.description.get(lang) if f.description is not None else f.fact


def _header(cw: Crosswalk, lang: str) -> str:
    packs = _join((i18n.message("crosswalk.pack-edition", lang, pack=p.id, edition=p.edition) for p in cw.packs_used),
                  lang)
    return i18n.message("crosswalk.header", lang, count=len(cw.packs_used), packs=packs, date=cw.as_of,
                        facts=len(cw.facts), shared=len(cw.shared()))


def _coverage_line(p: PackCoverage, lang: str) -> str:
    done = p.evidenced_clauses()
    return i18n.message("crosswalk.pack-coverage", lang, pack=p.pack, evidenced=len(p.evidenced), total=p.total,
                        count=len(done), clauses=_in_pack(done, lang))


def _suggestion(rank: int, s: Suggestion, lang: str) -> str:
    completes = i18n.message("crosswalk.completes", lang, n=len(s.completes)) if s.completes else ""
    return i18n.message("crosswalk.suggestion", lang, rank=rank, fact=s.fact, description=_description(s, lang),
                        clauses=_clauses(s.clauses, lang), completes=completes)


def _more(cw: Crosswalk, lang: str) -> list[str]:
    hidden = len(cw.suggestions) - SUGGESTIONS_SHOWN
    return [i18n.message("crosswalk.more-suggestions", lang, n=hidden)] if hidden > 0 else []


def render_text(cw: Crosswalk, lang: str = "en") -> str:
    lines = [_header(cw, lang), "", i18n.message("crosswalk.facts-title", lang), ""]
    for f in cw.facts:
        lines.append(i18n.message("crosswalk.fact-line", lang, fact=f.fact, description=_description(f, lang),
                                  packs=_join(f.packs, lang), given=_given(f, lang)))
        lines.extend(f"    {_rule(r, lang)}" for r in f.rules)
    if cw.evidence is not None:
        lines += ["", i18n.message("crosswalk.evidence-header", lang, file=cw.evidence), ""]
        lines.extend(f"  {_coverage_line(p, lang)}" for p in cw.packs)
        lines += ["", i18n.message("crosswalk.suggestions-header", lang) if cw.suggestions
                  else i18n.message("crosswalk.no-suggestions", lang)]
        lines.extend(f"  {_suggestion(i, s, lang)}" for i, s in enumerate(cw.suggestions[:SUGGESTIONS_SHOWN], 1))
        lines.extend(f"  {line}" for line in _more(cw, lang))
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(cw: Crosswalk, lang: str = "en") -> str:
    lines = [i18n.message("crosswalk.md-title", lang, packs=_join((p.id for p in cw.packs_used), lang)), "",
             _header(cw, lang), "", i18n.message("crosswalk.md-facts", lang), "",
             i18n.message("crosswalk.md-facts-head", lang), "|---|---|---|---|"]
    for f in cw.facts:
        rules = "<br>".join(_cell(_rule(r, lang)) for r in f.rules)
        lines.append(f"| `{f.fact}`{_given(f, lang)} | {_cell(_description(f, lang))} | {_join(f.packs, lang)} "
                     f"| {rules} |")
    if cw.evidence is not None:
        lines += ["", i18n.message("crosswalk.md-evidence", lang, file=cw.evidence), "",
                  i18n.message("crosswalk.evidence-header", lang, file=f"`{cw.evidence}`"), "",
                  i18n.message("crosswalk.md-pack-head", lang), "|---|---|---|"]
        for p in cw.packs:
            of = i18n.message("crosswalk.md-of", lang, evidenced=len(p.evidenced), total=p.total)
            lines.append(f"| {p.pack} | {of} | {_cell(_in_pack(p.evidenced_clauses(), lang))} |")
        lines += ["", i18n.message("crosswalk.md-suggestions", lang), ""]
        if not cw.suggestions:
            lines.append(i18n.message("crosswalk.no-suggestions", lang))
        else:
            lines += [i18n.message("crosswalk.suggestions-header", lang), "",
                      i18n.message("crosswalk.md-suggestions-head", lang), "|---|---|---|---|"]
            for i, s in enumerate(cw.suggestions[:SUGGESTIONS_SHOWN], 1):
                lines.append(f"| {i} | `{s.fact}` {_cell(_description(s, lang))} | {_cell(_clauses(s.clauses, lang))} "
                             f"| {len(s.completes)} |")
            lines.extend(["", *_more(cw, lang)] if _more(cw, lang) else [])
    return "\n".join(lines) + "\n"


_CODE = re.compile(r"`([^`]*)`")


def render_html(cw: Crosswalk, lang: str = "en") -> str:
    """One self-contained HTML page with the same headings and tables as the markdown (every text escaped)."""
    body: list[str] = []
    table: list[str] = []

    def inline(text: str) -> str:
        escaped = str(escape(text.replace("\\|", "|"))).replace("&lt;br&gt;", "<br>")
        return _CODE.sub(r"<code>\1</code>", escaped)

    def close_table() -> None:
        if table:
            body.append("<table>" + "".join(table) + "</table>")
            table.clear()

    for line in render_markdown(cw, lang).splitlines():
        if line.startswith("|"):
            if set(line) <= set("|-: "):
                continue
            tag = "th" if not table else "td"
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
            table.append("<tr>" + "".join(f"<{tag}>{inline(c)}</{tag}>" for c in cells) + "</tr>")
            continue
        close_table()
        level = len(line) - len(line.lstrip("#"))
        if level and line[level:level + 1] == " ":
            body.append(f"<h{level}>{inline(line[level + 1:])}</h{level}>")
        elif line.strip():
            body.append(f"<p>{inline(line)}</p>")
    close_table()
    style = ("body{font-family:'Noto Sans CJK SC','Noto Sans',sans-serif;margin:24px;color:#1d232b}"
             "table{border-collapse:collapse;margin:8px 0 16px}td,th{border-bottom:1px solid #d9dde3;"
             "padding:4px 8px;text-align:left;vertical-align:top}th{background:#f4f5f7}code{font-size:90%}")
    title = inline(i18n.message("crosswalk.md-title", lang, packs=_join((p.id for p in cw.packs_used), lang))
                   .lstrip("# "))
    return (f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
            f"<title>{title}</title><style>{style}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n")
