"""Checks across packs linted together (by default every bundled pack), so one evidence file serves them all: a fact
declared by two packs with a different type, values or unit (CCR019, an error), and fact names of two packs that
differ by one or two characters (CCR037, a warning: most likely one fact spelt two ways)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from cc_rules import model
from cc_rules.base import i18n
from cc_rules.results.lint import LintFinding
from cc_rules.tools.lint.common import keyed

NEAR = 2  # edit distance up to which two fact names of different packs are one name spelt two ways


def _cross_pack(loaded: Sequence[model.Pack]) -> Iterator[LintFinding]:
    yield from _declared_differently(loaded)
    yield from _near_names(loaded)


def _declared_differently(loaded: Sequence[model.Pack]) -> Iterator[LintFinding]:
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


def _near_names(loaded: Sequence[model.Pack]) -> Iterator[LintFinding]:
    """A fact of a later pack whose name is within `NEAR` edits of a fact only an earlier pack declares."""
    for index, pack in enumerate(loaded):
        mine = {s.name for s in pack.facts}
        for earlier in loaded[:index]:
            if earlier.id == pack.id:
                continue
            theirs = {s.name for s in earlier.facts}
            for spec in pack.facts:
                if spec.name in theirs:
                    continue
                near = sorted(n for n in theirs - mine if distance(spec.name, n) <= NEAR)
                for name in near:
                    yield keyed("CCR037", pack.id, lambda lang, fact=spec.name, name=name, other=earlier.id: (  # type: ignore[misc]
                        i18n.message("lint.near-fact-name", lang, fact=fact, theirs=name, other=other)), spec.loc)


def distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions), stopping early once beyond `NEAR`."""
    if abs(len(a) - len(b)) > NEAR:
        return NEAR + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > NEAR:
            return NEAR + 1
        previous = current
    return previous[-1]


def _decl(spec: model.FactSpec, lang: str) -> str:
    out: str = spec.type
    if spec.values:
        out = i18n.message("lint.declared-values", lang, type=spec.type, values="|".join(map(str, spec.values)))
    if spec.unit:
        out += i18n.message("lint.declared-unit", lang, unit=spec.unit)
    return out
