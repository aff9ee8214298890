"""Checks across packs linted together: a fact declared differently by two packs (CCR019)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from cc_rules import model
from cc_rules.base import i18n
from cc_rules.results.lint import LintFinding
from cc_rules.tools.lint.common import keyed


def _cross_pack(loaded: Sequence[model.Pack]) -> Iterator[LintFinding]:
    first: dict[str, tuple[model.Pack, model.FactSpec]] = {}
    for pack in loaded:
        for spec in pack.facts:
            if spec.name not in first:
                first[spec.name] = (pack, spec)
                continue
            other_pack, other = first[spec.name]
            if other_pack.id == pack.id:
                continue
            if _decl(spec, "en") != _decl(other, "en"):
                yield keyed("CCR019", pack.id, lambda lang, spec=spec, other=other, other_pack=other_pack: (  # type: ignore[misc]
                    i18n.message("lint.cross-pack", lang, fact=spec.name, mine=_decl(spec, lang),
                                 theirs=_decl(other, lang), other=other_pack.id)), spec.loc)


def _decl(spec: model.FactSpec, lang: str) -> str:
    if spec.values:
        return i18n.message("lint.declared-values", lang, type=spec.type, values="|".join(map(str, spec.values)))
    return spec.type

