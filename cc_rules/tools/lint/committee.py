"""What committees get wrong when they edit a pack by hand (CCR030–CCR036): a misspelt `{placeholder}` in an
explanation (printed raw in reports), a parameter whose value no longer matches the number an item or action title
states, dimension bases that no longer total what the pack says they total, editions out of date order, a parameter
change dated where no edition begins, a `source` rule over an `interpretation` parameter, and quotes or full-width
characters in ids and clauses (they never match what a feature or evidence writes)."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from cc_rules import model
from cc_rules.base import errors
from cc_rules.compile import compiler
from cc_rules.io import loading
from cc_rules.results.lint import LintFinding
from cc_rules.tools.lint.common import Say, _pack_loc, _sub, keyed, say

_HOLE = re.compile(r"\{([^{}]*)\}")
_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])")
_TOTAL = re.compile(r"(?:合计|总计|共)\s*(\d+(?:\.\d+)?)|total(?:ling|s)?\s*(?:of\s*)?(\d+(?:\.\d+)?)", re.I)
_QUOTES = "\"'“”‘’「」『』"


def committee_checks(pack: model.Pack) -> Iterator[LintFinding]:
    yield from _placeholders(pack)
    yield from _title_numbers(pack)
    yield from _dimension_total(pack)
    yield from _edition_order(pack)
    yield from _undated_changes(pack)
    yield from _provenance(pack)
    yield from _odd_characters(pack)


def _params_of(node: Any) -> set[str]:
    """Every parameter a condition or operand refers to (walks the frozen tree)."""
    if isinstance(node, model.ParamRef):
        return {node.name}
    if dataclasses.is_dataclass(node):
        return set().union(*(_params_of(getattr(node, f.name)) for f in dataclasses.fields(node)))
    if isinstance(node, tuple):
        return set().union(*(_params_of(x) for x in node))
    return set()


def _placeholders(pack: model.Pack) -> Iterator[LintFinding]:
    """CCR030: `{name}` in an explanation must be a fact of the pack (or implicit) or `param.NAME` of a parameter."""
    facts = {f.name for f in pack.facts + compiler.implicit_facts(pack)}
    params = {p.name for p in pack.parameters}
    known = sorted(facts | {f"param.{p}" for p in params})
    for rule in pack.rules:
        if rule.explain is None:
            continue
        for lang in ("zh", "en"):
            for hole in _HOLE.findall(rule.explain.get(lang)):
                name = hole.strip()
                fine = name in facts or (name.startswith("param.") and name[6:] in params)
                if not fine:
                    suggestion = errors.did_you_mean(name, known)
                    yield keyed("CCR030", pack.id, say("unknown-placeholder", rule=rule.id, hole=hole, lang=lang),
                                _sub(rule.loc, f".explain.{lang}"),
                                hint=say("placeholder-hint", suggestion=suggestion) if suggestion else None)


def _numbers(text: str) -> set[float]:
    return {float(n) for n in _NUMBER.findall(unicodedata.normalize("NFKC", text))}


def _title_numbers(pack: model.Pack) -> Iterator[LintFinding]:
    """CCR031: a rule reads a numeric parameter; its item's or action's title states a number that was one of the
    parameter's values, and the value in force at some date is no longer that number (the title says 每10席 but the
    parameter is now 12)."""
    seen: set[tuple[str, str, str]] = set()
    for rule in pack.rules:
        titled = [("item", rule.item, pack.item(rule.item))] + [
            ("action", a, pack.action(a)) for a in rule.then.recommend]
        for name in sorted(_params_of(rule.when)):
            param = pack.parameter(name)
            if param is None:
                continue
            values = [(v.start, v.value) for v in param.values if isinstance(v.value, (int, float))
                      and not isinstance(v.value, bool)]
            for kind, ident, thing in titled:
                if thing is None or (kind, ident, name) in seen:
                    continue
                stated = _numbers(thing.title.zh) | _numbers(thing.title.en)
                for start, value in values:
                    if stated and float(value) not in stated and len(stated) == 1:
                        seen.add((kind, ident, name))
                        (number,) = stated
                        yield keyed("CCR031", pack.id, _title_text(kind, ident, thing.title, number, name, value,
                                                                   start.isoformat()), thing.loc or rule.loc)
                        break


def _title_text(kind: str, ident: str, title: model.Text, number: float, param: str, value: object,
                start: str) -> Say:
    def text(lang: str) -> str:
        return say("title-number", kind=say(f"kind-{kind}")(lang), id=ident, title=title.get(lang),
                   number=f"{number:g}", param=param, value=value, start=start)(lang)

    return text


def _dimension_total(pack: model.Pack) -> Iterator[LintFinding]:
    """CCR032: the dimension bases of a points pack must add up to the total the base parameter's description states
    (`合计100`, `total 100`), on every date a base changes."""
    dims = pack.award.dimensions
    refs = {d.base.param for d in dims if d.base.param}
    if not dims or len(refs) != 1:
        return
    (name,) = refs
    param = pack.parameter(name)
    if param is None or param.description is None:
        return
    declared = None
    for text in (param.description.zh, param.description.en):
        found = _TOTAL.search(text)
        if found:
            declared = float(found.group(1) or found.group(2))
            break
    if declared is None:
        return
    for value in param.values:
        bases = [d.base.resolve({name: value.value}) for d in dims]
        if all(isinstance(b, (int, float)) for b in bases):
            total = sum(bases)  # type: ignore[arg-type]
            if abs(total - declared) > 1e-9:
                yield keyed("CCR032", pack.id, say("dimension-total", param=name, total=f"{total:g}",
                                                   declared=f"{declared:g}", start=value.start.isoformat()),
                            param.loc or _pack_loc(pack, ("parameters", name)))


def _raw_pack(pack: model.Pack) -> Any:
    try:
        return loading.read_document(f"{pack.root}/pack.yaml")
    except (errors.CcRulesError, OSError):
        return None


def _edition_order(pack: model.Pack) -> Iterator[LintFinding]:
    """CCR033: editions are written oldest first, each starting after the one before (the loader sorts them, so a
    wrong order would otherwise go unnoticed: it is usually a mistyped year)."""
    doc = _raw_pack(pack)
    editions = doc.data.get("editions") if doc is not None and isinstance(doc.data, dict) else None
    if not isinstance(editions, list):
        return
    previous = None
    for i, entry in enumerate(editions):
        start = entry.get("effective_from") if isinstance(entry, dict) else None
        if previous is not None and start is not None and str(start) <= str(previous[1]):
            yield keyed("CCR033", pack.id, say("edition-order", edition=entry.get("id"), start=str(start),
                                               before=previous[0], before_start=str(previous[1])),
                        file=f"{pack.root}/pack.yaml", line=doc.line_of(("editions", i)))
        if start is not None:
            previous = (entry.get("id"), start)


def _undated_changes(pack: model.Pack) -> Iterator[LintFinding]:
    """CCR034: a parameter value from a date on which no edition begins (a value that changes within an edition is
    usually a date typed wrong; if it is meant, the warning says so once)."""
    starts = {e.effective_from for e in pack.editions}
    for param in pack.parameters:
        for value in param.values[1:]:
            if value.start not in starts:
                yield keyed("CCR034", pack.id, say("undated-change", param=param.name, start=value.start.isoformat(),
                                                   editions=", ".join(f"{e.id} {e.effective_from.isoformat()}"
                                                                      for e in pack.editions)),
                            param.loc or _pack_loc(pack, ("parameters", param.name)))


def _provenance(pack: model.Pack) -> Iterator[LintFinding]:
    """CCR035: a rule marked `source` whose threshold is a parameter value marked `interpretation`: the report would
    present the pack's own figure as the standard's."""
    for rule in pack.rules:
        if rule.provenance != "source":
            continue
        for name in sorted(_params_of(rule.when)):
            param = pack.parameter(name)
            if param is None:
                continue
            odd = [v for v in param.values if v.provenance == "interpretation"]
            if odd:
                yield keyed("CCR035", pack.id, say("provenance-over-interpretation", rule=rule.id, param=name,
                                                   start=odd[0].start.isoformat()), _sub(rule.loc, ".provenance"))


def _odd(text: str) -> list[tuple[int, str, str]]:
    """(column, character, ASCII replacement) of each quote or full-width character of an id or clause."""
    out = []
    for column, ch in enumerate(text, 1):
        if ch in _QUOTES:
            out.append((column, ch, ""))
        elif ch == "\u3000" or unicodedata.east_asian_width(ch) == "F":
            out.append((column, ch, unicodedata.normalize("NFKC", ch).strip() or " "))
    return out


def _odd_characters(pack: model.Pack) -> Iterator[LintFinding]:
    """CCR036: quotes or full-width characters in an id or a clause (`“5.1.1.3”`, `５.１`)."""
    named: list[tuple[str, str, model.Loc | None, str]] = []
    named += [("rule", r.id, _sub(r.loc, ".id"), r.id) for r in pack.rules]
    named += [("clause", r.clause, _sub(r.loc, ".clause") if r.loc else None, r.id) for r in pack.rules]
    named += [("item", i.id, i.loc, i.id) for i in pack.items]
    named += [("clause", i.clause, i.loc, i.id) for i in pack.items]
    named += [("action", a.id, a.loc, a.id) for a in pack.actions]
    named += [("fact", f.name, f.loc, f.name) for f in pack.facts]
    seen = set()
    for kind, text, loc, owner in named:
        found = _odd(text)
        if not found or (kind, text, owner) in seen:
            continue
        seen.add((kind, text, owner))
        fixed = "".join(_odd_replacement(ch) for ch in text)
        chars = ", ".join(f"'{ch}' (U+{ord(ch):04X}, {say('column', column=col)('en')})" for col, ch, _ in found)
        zh_chars = "，".join(f"'{ch}'（U+{ord(ch):04X}，{say('column', column=col)('zh')}）" for col, ch, _ in found)
        yield keyed("CCR036", pack.id, _odd_text(kind, text, owner, {"zh": zh_chars, "en": chars}), loc,
                    hint=say("odd-characters-hint", fixed=fixed))


def _odd_text(kind: str, text: str, owner: str, chars: dict[str, str]) -> Say:
    def message(lang: str) -> str:
        return say("odd-characters", kind=say(f"kind-{kind}")(lang), text=text, owner=owner,
                   chars=chars["zh" if lang == "zh" else "en"])(lang)

    return message


def _odd_replacement(ch: str) -> str:
    if ch in _QUOTES:
        return ""
    if ch == "\u3000" or unicodedata.east_asian_width(ch) == "F":
        return unicodedata.normalize("NFKC", ch)
    return ch
