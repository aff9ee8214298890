"""Checks across packs linted together: a fact declared differently by two packs (CCR019)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from cc_rules import model
from cc_rules.results.lint import LintFinding
from cc_rules.tools.lint.common import _finding


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
            mine, theirs = _decl(spec), _decl(other)
            if mine != theirs:
                yield _finding("CCR019", pack.id, f"fact {spec.name!r} is {mine} here but {theirs} in pack "
                               f"{other_pack.id!r}: an evidence file for both packs cannot give it", spec.loc)



def _decl(spec: model.FactSpec) -> str:
    text: str = spec.type
    if spec.values:
        text += " of " + "|".join(map(str, spec.values))
    return text

