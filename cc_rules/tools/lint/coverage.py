"""Coverage against the official item counts (CCR014) and the subjective share (CCR013)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from cc_rules import model
from cc_rules.results.lint import LintFinding
from cc_rules.tools.lint.common import SUBJECTIVE_TOLERANCE, _finding, _pack_loc


def _coverage(pack: model.Pack) -> Iterator[LintFinding]:
    if not pack.coverage_tiers:
        return
    depths = Counter(pack.item_depth(i.id) for i in pack.items)
    official = pack.coverage_tiers
    encoded = [depths.get(t + 1, 0) for t in range(len(official))]
    parts = [f"tier {t + 1}: {e} of {o}" + (f" ({100 * e / o:.0f} %)" if o else "")
             for t, (e, o) in enumerate(zip(encoded, official))]
    where = _pack_loc(pack, ("coverage", "tiers"))
    yield _finding("CCR014", pack.id, "items encoded against the official counts: " + "; ".join(parts), where)
    for t, (e, o) in enumerate(zip(encoded, official)):
        if e > o:
            yield _finding("CCR014", pack.id, f"tier {t + 1} encodes {e} items but the standard has {o}", where,
                           severity="warning")
    deeper = sorted(d for d in depths if d > len(official))
    if deeper:
        yield _finding("CCR014", pack.id, f"the item tree has {max(deeper)} tiers, coverage.tiers declares "
                       f"{len(official)}", where, severity="warning")



def _subjective(pack: model.Pack) -> Iterator[LintFinding]:
    declared = pack.subjective_share
    scored = [i for i in pack.items if i.kind is not None]
    if declared is None and not any(i.kind == "subjective" for i in scored):
        return
    where = _pack_loc(pack, ("coverage", "subjective_share"))
    if not scored:
        yield _finding("CCR013", pack.id, f"coverage.subjective_share is {declared:.1%} but no item declares kind",
                       where, severity="warning")
        return
    subjective = sum(1 for i in scored if i.kind == "subjective")
    share = subjective / len(scored)
    if declared is None:
        yield _finding("CCR013", pack.id, f"{subjective} of {len(scored)} scored items are subjective ({share:.1%}); "
                       "the official share is not declared", where)
        return
    gap = share - declared
    severity = "info" if abs(gap) <= SUBJECTIVE_TOLERANCE else "warning"
    yield _finding("CCR013", pack.id, f"{subjective} of {len(scored)} scored items are subjective ({share:.1%}); the "
                   f"official share is {declared:.1%} ({gap * 100:+.1f} points)", where, severity=severity)

