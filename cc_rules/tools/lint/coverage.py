"""Coverage against the official item counts (CCR014) and the subjective share (CCR013)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from cc_rules import model
from cc_rules.base import i18n
from cc_rules.results.lint import LintFinding
from cc_rules.tools.lint.common import SUBJECTIVE_TOLERANCE, _pack_loc, keyed, say


def _coverage(pack: model.Pack) -> Iterator[LintFinding]:
    if not pack.coverage_tiers:
        return
    depths = Counter(pack.item_depth(i.id) for i in pack.items)
    official = pack.coverage_tiers
    encoded = [depths.get(t + 1, 0) for t in range(len(official))]
    where = _pack_loc(pack, ("coverage", "tiers"))

    def parts(lang: str) -> str:
        return i18n.message("lint.parts-sep", lang).join(
            i18n.message("lint.tier-share" if o else "lint.tier-count", lang, tier=t + 1, encoded=e, official=o,
                         percent=100 * e / o if o else 0)
            for t, (e, o) in enumerate(zip(encoded, official, strict=False)))

    yield keyed("CCR014", pack.id, lambda lang: i18n.message("lint.coverage", lang, parts=parts(lang)), where)
    for t, (e, o) in enumerate(zip(encoded, official, strict=False)):
        if e > o:
            yield keyed("CCR014", pack.id, say("tier-over", tier=t + 1, encoded=e, official=o), where,
                        severity="warning")
    deeper = sorted(d for d in depths if d > len(official))
    if deeper:
        yield keyed("CCR014", pack.id, say("tiers-deeper", depth=max(deeper), declared=len(official)), where,
                    severity="warning")


def _subjective(pack: model.Pack) -> Iterator[LintFinding]:
    declared = pack.subjective_share
    scored = [i for i in pack.items if i.kind is not None]
    if declared is None and not any(i.kind == "subjective" for i in scored):
        return
    where = _pack_loc(pack, ("coverage", "subjective_share"))
    if not scored:
        yield keyed("CCR013", pack.id, say("subjective-no-kind", declared=declared), where, severity="warning")
        return
    subjective = sum(1 for i in scored if i.kind == "subjective")
    share = subjective / len(scored)
    if declared is None:
        yield keyed("CCR013", pack.id, say("subjective-undeclared", subjective=subjective, scored=len(scored),
                                           share=share), where)
        return
    gap = share - declared
    severity = "info" if abs(gap) <= SUBJECTIVE_TOLERANCE else "warning"
    yield keyed("CCR013", pack.id, say("subjective-share", subjective=subjective, scored=len(scored), share=share,
                                       declared=declared, gap=gap * 100), where, severity=severity)

