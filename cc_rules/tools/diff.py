"""Impact of a rule change (`cc-rules diff OLD_PACK NEW_PACK EVIDENCE...`).

Each evidence file is assessed with both packs (addressed by directory or built-in id, so a changed copy in a temp
directory works) on the same date; for each centre the level/score/grade/pass before and after, and the rules whose
outcome or points differ between the two runs, plus rules only one pack has in force. The vocabulary check accepts a
fact declared by the old pack, the new pack or any built-in pack, so a corpus written for several packs can be used.
The results are in cc_rules/results/diff.py; cc_rules/reports/diff_text.py renders them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cc_rules import engine, model, results
from cc_rules.assess import bind
from cc_rules.assess import pipeline as assessment
from cc_rules.base import errors
from cc_rules.compile import compiler
from cc_rules.model import evidence, packs
from cc_rules.model.conditions import canon
from cc_rules.results.diff import CentreDiff, DatedChange, PackDiff, ParamChange, RuleChange, Side

__all__ = ["CentreDiff", "DatedChange", "PackDiff", "ParamChange", "RuleChange", "Side", "compare", "evidence_files"]


def evidence_files(args: Sequence[str]) -> list[Path]:
    out: list[Path] = []
    for arg in args:
        path = Path(arg)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml", ".json") and p.is_file())
            if not found:
                raise errors.InputError([errors.Problem.of("diff.no-evidence-in-dir", file=arg,
                                                           code="diff-input")])
            out += found
        elif path.is_file():
            out.append(path)
        else:
            raise errors.InputError([errors.Problem.of("diff.no-such-evidence", file=arg, code="diff-input")])
    return out


def _finding_state(f: results.Finding) -> str:
    met = "unknown" if f.met is None else str(f.met).lower()
    return f"met={met}" + (f" points={f.points:+g}" if f.points is not None else "")


def _side(r: results.PackResult) -> Side:
    return Side(r.level, r.score.total if r.score else None, r.grade, r.passed, r.edition)


def compare(old: str, new: str, paths: Sequence[str], as_of: dt.date | None = None,
            engine_name: str = "plain") -> PackDiff:
    old_pack, new_pack = packs.load(old), packs.load(new)
    evaluator = engine.get(engine_name)
    builtins = [packs.load(i) for i in packs.builtin_ids()]
    centres, skipped = [], []
    for path in evidence_files(paths):
        ev = evidence.load(path)
        if ev.packs is not None and old_pack.id not in ev.packs and new_pack.id not in ev.packs:
            skipped.append((str(path), f"the evidence names packs {list(ev.packs)}"))
            continue
        day = as_of or ev.date
        before_c = compiler.compile_pack(old_pack, day)
        after_c = compiler.compile_pack(new_pack, day)
        vocabulary = [before_c, after_c] + [compiler.compile_pack(p, day) for p in builtins
                                            if p.edition_at(day) is not None]
        bind.check_vocabulary(ev, vocabulary)
        before = assessment.assess(ev, before_c, evaluator)
        after = assessment.assess(ev, after_c, evaluator)
        centres.append(CentreDiff(str(path), ev.organization_name, _side(before), _side(after),
                                  _causes(before, after), day))
    old_rules = {r.id: r for r in old_pack.rules}
    new_rules = {r.id: r for r in new_pack.rules}
    modified = tuple(sorted(i for i in set(old_rules) & set(new_rules)
                            if _rule_key(old_rules[i]) != _rule_key(new_rules[i])))
    added = tuple(sorted(set(new_rules) - set(old_rules)))
    removed = tuple(sorted(set(old_rules) - set(new_rules)))
    dated = _dated_changes(old_pack, new_pack, [new_rules[i] for i in added] + [old_rules[i] for i in removed]
                           + [new_rules[i] for i in modified] + [old_rules[i] for i in modified], centres)
    return PackDiff(old, new, old_pack.id, new_pack.id, tuple(centres), tuple(skipped), added, removed,
                    modified, _param_changes(old_pack, new_pack), dated)


def _dated_changes(old: model.Pack, new: model.Pack, rules: Sequence[Any], centres: Sequence[CentreDiff]
                   ) -> tuple[DatedChange, ...]:
    """The dates on which the two packs differ (a parameter value, an edition, a dated rule), each with the window it
    holds for and how many centres are assessed in it: a change no centre's date reaches moves nobody."""
    windows: list[tuple[str, str, dt.date, dt.date | None]] = []  # kind, name, from, until
    for name in sorted({p.name for p in old.parameters} | {p.name for p in new.parameters}):
        a, b = old.parameter(name), new.parameter(name)
        starts = sorted({v.start for v in (a.values if a else ())} | {v.start for v in (b.values if b else ())})
        for i, start in enumerate(starts):
            va, vb = a.at(start) if a else None, b.at(start) if b else None
            if (va.value if va else None) != (vb.value if vb else None):
                windows.append(("parameter", name, start, starts[i + 1] if i + 1 < len(starts) else None))
    old_editions = {e.id: e.effective_from for e in old.editions}
    for i, edition in enumerate(new.editions):
        if old_editions.get(edition.id) != edition.effective_from:
            until = new.editions[i + 1].effective_from if i + 1 < len(new.editions) else None
            windows.append(("edition", edition.id, edition.effective_from, until))
    windows += [("rule", rule.id, rule.effective_from or dt.date.min, rule.effective_until) for rule in rules
                if rule.effective_from is not None or rule.effective_until is not None]
    first = min((e.effective_from for e in (*old.editions, *new.editions)), default=dt.date.min)
    out = []
    for kind, name, start, until in dict.fromkeys(windows):
        if start <= first and until is None:
            continue  # holds for the pack's whole history: not a dated change
        inside = sum(1 for c in centres if c.day is not None and start <= c.day and (until is None or c.day < until))
        out.append(DatedChange(kind, name, start, until, inside))
    return tuple(out)


def _rule_key(rule: Any) -> Any:
    """A rule's content: what it says, not where it is written (a rule inserted above it moves its `$[2].when`)."""
    return dataclasses.replace(rule, loc=None, explain=None, when=canon(rule.when))


def _param_changes(old: Any, new: Any) -> tuple[ParamChange, ...]:
    out = []
    names = sorted({p.name for p in old.parameters} | {p.name for p in new.parameters})
    for name in names:
        a, b = old.parameter(name), new.parameter(name)
        va = [(v.start.isoformat(), v.value) for v in a.values] if a else None
        vb = [(v.start.isoformat(), v.value) for v in b.values] if b else None
        if va != vb:
            out.append(ParamChange(name, va[-1][1] if va else None, vb[-1][1] if vb else None))
    return tuple(out)


def _causes(before: results.PackResult, after: results.PackResult) -> tuple[RuleChange, ...]:
    old = {f.rule: f for f in before.findings}
    new = {f.rule: f for f in after.findings}
    out = []
    for rule in sorted(set(old) | set(new)):
        a, b = old.get(rule), new.get(rule)
        if a is None and b is not None:
            out.append(RuleChange(rule, "added", None, _finding_state(b), b.points or 0.0, b.because,
                                  None, (b.met, b.points)))
        elif b is None and a is not None:
            out.append(RuleChange(rule, "removed", _finding_state(a), None, -(a.points or 0.0), a.because,
                                  (a.met, a.points), None))
        elif a is not None and b is not None and (a.met != b.met or (a.points or 0.0) != (b.points or 0.0)):
            out.append(RuleChange(rule, "changed", _finding_state(a), _finding_state(b),
                                  (b.points or 0.0) - (a.points or 0.0), b.because, (a.met, a.points),
                                  (b.met, b.points)))
    return tuple(out)
