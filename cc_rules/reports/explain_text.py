"""`cc-rules explain` as text: an indented tree from the conclusion down to the failing checks and the evidence."""

from __future__ import annotations

from cc_rules.base import i18n
from cc_rules.explain import Derivation, Explanation
from cc_rules.explain.conditions import Check, Fact, Node
from cc_rules.reports import templating, textwidth

_SYMBOL = {"eq": "=", "ne": "≠", "lt": "<", "lte": "≤", "gt": ">", "gte": "≥"}


def _words(lang: str) -> dict[str, str]:
    """The tree's words in `lang` (catalogue keys `explain.tree-*`)."""
    prefix = "explain.tree-"
    return {key[len(prefix):]: texts["zh" if lang == "zh" else "en"] for key, texts in i18n.catalogue().items()
            if key.startswith(prefix)}



# Rendering (pure: strings only) --------------------------------------------------------------------------------------


def describe(check: Check, lang: str = "en") -> str:
    """'staffing.quality_inspectors = 2, needs ≥ 4 (organization.seats / 50 = 200 / 50)'."""
    t = _words(lang)
    found = f"{check.fact} = {check.shown(lang)}" if check.value is not None \
        else f"{check.fact}: {t['not_evidenced']}"
    rel = check.relation
    if rel in _SYMBOL:
        need = f"{_SYMBOL[rel]} {check.needed_shown(lang) if check.needed is not None else '?'}"
    elif rel in ("in", "not_in"):
        need = f"{t['one_of' if rel == 'in' else 'none_of']} {check.needed_shown(lang)}"
    elif rel in ("contains", "not_contains"):
        need = f"{t['include' if rel == 'contains' else 'exclude']} {check.needed_shown(lang)}"
    else:
        need = t["given" if rel == "exists" else "absent"]
        found = f"{check.fact}: {t['is_given'] if check.value is not None else t['not_evidenced']}"
    text = f"{found}, {t['needs']} {need}" if lang == "en" else f"{found},{t['needs']} {need}"
    if check.expression:
        text += f" ({check.expression} = {check.substituted})"
    return text


def _mark(state: bool | None) -> str:
    return "✓" if state is True else "✗" if state is False else "?"


def _where(fact: Fact) -> str:
    parts = []
    if fact.source:
        parts.append(fact.source)
    if fact.file:
        parts.append(f"{fact.file}:{fact.line}" if fact.line else fact.file)
    return f"  [{'; '.join(parts)}]" if parts else ""


def render_text(expl: Explanation, lang: str = "en") -> str:
    """An indented tree: question and answer, groups, rules (clause, provenance), the failing checks, the evidence."""
    t = _words(lang)
    p = templating.labels(lang)  # the report's punctuation: full-width in zh
    lines = [f"{expl.evidence_file} — {expl.pack_id}{p['p_open']}{expl.edition}{p['p_comma']}{expl.as_of}"
             f"{p['p_close']}",
             f"{_mark(expl.awarded)} {expl.question.get(lang)}", f"  {expl.answer.get(lang)}"]
    for group in expl.groups:
        title = group.title.get(lang) if group.title.en != group.key else ""
        lines.append((f"  {_mark(group.status)} {group.key} {title}".rstrip() + f"  {group.summary}").rstrip())
        for why in group.rules:
            pts = f" {why.points:+g}" if why.points else ""
            provenance = i18n.message("reports.provenance_" + why.provenance, lang)
            where = p["p_comma"].join(x for x in (why.clause, provenance) if x)
            lines.append(f"    {_mark(why.met)} {why.rule}{pts}{p['p_open']}{where}{p['p_close']}"
                         + (f" {why.item_title.get(lang)}" if why.item_title else ""))
            if why.explanation is not None and why.met is not True:
                lines.append(f"        {why.explanation.get(lang)}")
            by_name = {p.name: p for p in why.parameters}
            if why.met is not True or why.condition is not None:  # the basis of what fails, or of the rule asked
                shown = () if why.closest else why.parameters  # else each parameter under the threshold it sets
                lines.extend(f"        {line}" for line in templating.basis(why.reference, shown, lang))
            derived = {d.fact: d for d in why.derived}
            for check in why.closest:
                lines.append(f"        → {describe(check, lang)}")
                lines.extend(f"            {line}" for n in check.params if n in by_name
                             for line in templating.basis(None, (by_name[n],), lang))
                lines.extend(f"            {fact.fact}{_where(fact)}" for fact in check.facts
                             if fact.value is not None and (fact.source or fact.file))
                lines.extend(_derived_lines(check.fact, derived, lang, 12))
            for way in why.alternatives:
                lines.append(f"        {t['or']}")
                lines.extend(f"        → {describe(check, lang)}" for check in way)
            if why.condition is not None:
                lines.append(f"      {t['condition']}:")
                lines.extend(_tree_lines(why.condition, lang, 8))
            if why.met is True or why.condition is not None:
                for fact in why.facts:
                    value = fact.shown(lang) if fact.value is not None else t["not_evidenced"]
                    lines.append(f"        · {fact.fact} = {value}{_where(fact)}")
    return "\n".join(_fit(line) for line in lines) + "\n"


def _derived_lines(fact: str, derived: dict[str, Derivation], lang: str, indent: int) -> list[str]:
    """A derived fact expanded: the rule deriving it and its checks to change, down to the evidence facts."""
    d = derived.get(fact)
    if d is None:
        return []
    pad = " " * indent
    out = [f"{pad}{_words(lang)['derived'].format(rule=d.rule)}:"]
    for check in d.closest:
        out.append(f"{pad}  → {describe(check, lang)}")
        out.extend(_derived_lines(check.fact, derived, lang, indent + 4))
    return out


def _fit(line: str) -> str:
    """Wrap to 100 terminal columns, continuation lines indented under the text they continue."""
    return textwidth.fit(line, 100)


def _tree_lines(tree: Node, lang: str, indent: int) -> list[str]:
    pad = " " * indent
    if tree.kind == "leaf" and tree.check is not None:
        return [f"{pad}{_mark(tree.outcome)} {describe(tree.check, lang)}"]
    out = [f"{pad}{_mark(tree.outcome)} {_words(lang)[tree.kind]}"]
    for child in tree.children:
        out.extend(_tree_lines(child, lang, indent + 2))
    return out
