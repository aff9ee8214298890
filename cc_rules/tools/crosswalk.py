"""Which evidence serves which clause of which standard (`cc-rules crosswalk [PACK...] [EVIDENCE]`).

Every rule in force that makes a finding (requirement, deduction, bonus, warning) is traced to the evidence facts it
reads: directly, or through a derived fact (`FactSpec.derived`), which counts as the facts its deriving rules read.
The fact table lists, for each evidence fact, the rules of every pack that read it; facts read by most packs, then
by most rules, come first.

With an evidence file, the file goes through the assessment pipeline's own steps (`evidence.load`, the vocabulary
check over the packs, `bind` per pack, which adds the facts computed from pack data such as channel benchmarks). A
rule is *evidenced* when every evidence fact it reads is given, whatever its outcome; a clause (a pack's clause at
one level) is evidenced when all its rules are. A missing fact *advances* a clause when a not yet evidenced rule of
that clause reads it; suggestions are the missing facts ranked by clauses advanced across all packs at once, then by
packs, then by rules they complete (the rule's last missing fact).

The date: `as_of`, else the evidence's date, else today. The packs: the given ids or directories, else every
built-in pack with an edition in force on the date (an evidence file's `packs:` is not used: the point is to see
across standards).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from cc_rules import model
from cc_rules.assess import bind
from cc_rules.assess import pipeline as assessment
from cc_rules.awards import kinds
from cc_rules.base import errors
from cc_rules.compile import compiler
from cc_rules.model import evidence, packs
from cc_rules.results.crosswalk import (
    Clause,
    Crosswalk,
    FactUse,
    PackCoverage,
    PackInfo,
    RuleGap,
    RuleRef,
    Suggestion,
    clause_order,
)

__all__ = ["Clause", "Crosswalk", "FactUse", "PackCoverage", "RuleGap", "RuleRef", "Suggestion", "crosswalk",
           "split_arguments"]

EVIDENCE_SUFFIXES = (".yaml", ".yml", ".json")


def split_arguments(args: Sequence[str]) -> tuple[list[str], str | None]:
    """Packs (built-in ids or pack directories) and at most one evidence file (an argument that is a file)."""
    refs: list[str] = []
    found: str | None = None
    for arg in args:
        path = Path(arg)
        if path.is_file():
            if found is not None:
                raise errors.InputError([errors.Problem.of("crosswalk.one-evidence", file=arg, code="crosswalk-input",
                                                           first=found)])
            found = arg
        elif (path / "pack.yaml").is_file() or arg in packs.builtin_ids():
            refs.append(arg)
        elif path.suffix.lower() in EVIDENCE_SUFFIXES and not path.exists():
            raise errors.InputError([errors.Problem.of("crosswalk.no-such-evidence", file=arg,
                                                       code="crosswalk-input")])
        else:
            refs.append(arg)  # packs.resolve says what is wrong with it, with a did-you-mean
    return refs, found


def crosswalk(args: Sequence[str] = (), as_of: dt.date | None = None, *, today: dt.date | None = None) -> Crosswalk:
    """The crosswalk of the packs in `args` (default: every built-in pack), with the evidence file among them."""
    refs, evidence_file = split_arguments(args)
    ev = evidence.load(evidence_file, as_of or today or dt.date.today()) if evidence_file is not None else None
    day = as_of or (ev.date if ev is not None else today or dt.date.today())
    compiled: list[compiler.CompiledPack] = []
    for ref in refs or packs.builtin_ids():
        pack = packs.load(ref)
        if not refs and pack.edition_at(day) is None:
            continue  # by default, the built-in packs in force on the day; a pack asked for by name must be
        one = assessment.compile_pack(pack, day)
        if all(c.pack.id != one.pack.id for c in compiled):
            compiled.append(one)
    if not compiled:
        raise errors.InputError([errors.Problem.of("crosswalk.no-pack-in-force", code="crosswalk-input",
                                                   day=day.isoformat())])
    compiled.sort(key=lambda c: c.pack.id)
    reads = {c.pack.id: _reads(c) for c in compiled}
    present: dict[str, set[str]] | None = None
    if ev is not None:
        bind.check_vocabulary(ev, compiled)
        present = {c.pack.id: {f.name for f in bind.bind(ev, c).facts} for c in compiled}
    facts = _fact_table(compiled, reads, present)
    info = tuple(PackInfo(c.pack.id, c.pack.title, c.pack.source, c.edition.id) for c in compiled)
    if ev is None or present is None:
        return Crosswalk(info, day.isoformat(), facts)
    coverage = tuple(_coverage(c, reads[c.pack.id], present[c.pack.id]) for c in compiled)
    return Crosswalk(info, day.isoformat(), facts, evidence=ev.file, packs=coverage,
                     suggestions=_suggestions(coverage, _descriptions(compiled)))


# What each rule reads ---------------------------------------------------------------------------------------------

Reads = list[tuple[RuleRef, dict[str, frozenset[str]]]]  # rule, evidence fact → derived facts it is read through


def _reads(compiled: compiler.CompiledPack) -> Reads:
    """Every finding rule in force with the evidence facts it reads (derived facts resolved through their rules)."""
    derivers: dict[str, list[compiler.CompiledRule]] = {}
    for cr in compiled.rules:
        if kinds.of_rule(cr.rule.then.kind) is None and cr.rule.then.derive:
            derivers.setdefault(cr.rule.then.derive, []).append(cr)

    def base(fact: str, seen: frozenset[str]) -> dict[str, frozenset[str]]:
        spec = compiled.fact(fact)
        if spec is None or not spec.derived or fact not in derivers or fact in seen:
            return {fact: frozenset()}
        out: dict[str, frozenset[str]] = {}
        for deriver in derivers[fact]:
            for read in deriver.facts:
                for name, via in base(read, seen | {fact}).items():
                    out[name] = out.get(name, frozenset()) | via | {fact}
        return out

    out: Reads = []
    for cr in compiled.rules:
        kind = kinds.of_rule(cr.rule.then.kind)
        if kind is None:
            continue
        entries: dict[str, frozenset[str]] = {}
        for fact in cr.facts:
            for name, via in base(fact, frozenset()).items():
                if name in entries:
                    entries[name] = frozenset() if not entries[name] or not via else entries[name] | via
                else:
                    entries[name] = via
        out.append((_ref(compiled.pack, cr.rule, kind), entries))
    return out


def _ref(pack: model.Pack, rule: model.Rule, kind: kinds.Kind) -> RuleRef:
    item = pack.item(rule.item)
    title = item.title if item is not None else model.Text(rule.item, rule.item)
    return RuleRef(pack=pack.id, rule=rule.id, item=rule.item, clause=rule.clause, title=title,
                   provenance=rule.provenance, kind=kind.name, level=rule.level)


def _rule_key(r: RuleRef) -> tuple[str, tuple[tuple[int, str], ...], int, str]:
    return r.pack, clause_order(r.clause), r.level or 0, r.rule


def _descriptions(compiled: Sequence[compiler.CompiledPack]) -> dict[str, model.Text]:
    out: dict[str, model.Text] = {}
    for c in compiled:
        for spec in c.facts:
            out.setdefault(spec.name, spec.description)
    return out


def _fact_table(compiled: Sequence[compiler.CompiledPack], reads: dict[str, Reads],
                present: dict[str, set[str]] | None) -> tuple[FactUse, ...]:
    by_fact: dict[str, list[RuleRef]] = {}
    for c in compiled:
        for ref, entries in reads[c.pack.id]:
            for name, via in entries.items():
                by_fact.setdefault(name, []).append(_with_via(ref, via))
    descriptions = _descriptions(compiled)
    given_anywhere = set().union(*present.values()) if present else set()
    table = [FactUse(fact=name, description=descriptions.get(name), rules=tuple(sorted(rules, key=_rule_key)),
                     given=None if present is None else name in given_anywhere)
             for name, rules in by_fact.items()]
    return tuple(sorted(table, key=lambda f: (-len(f.packs), -len(f.rules), f.fact)))


def _with_via(ref: RuleRef, via: frozenset[str]) -> RuleRef:
    return RuleRef(ref.pack, ref.rule, ref.item, ref.clause, ref.title, ref.provenance, ref.kind, ref.level,
                   tuple(sorted(via)))


# With evidence ----------------------------------------------------------------------------------------------------


def _coverage(compiled: compiler.CompiledPack, reads: Reads, present: set[str]) -> PackCoverage:
    evidenced: list[RuleRef] = []
    gaps: list[RuleGap] = []
    for ref, entries in reads:
        missing = tuple(sorted(n for n in entries if n not in present))
        if missing:
            gaps.append(RuleGap(ref, missing))
        else:
            evidenced.append(ref)
    return PackCoverage(pack=compiled.pack.id, title=compiled.pack.title, edition=compiled.edition.id,
                        as_of=compiled.as_of.isoformat(), evidenced=tuple(sorted(evidenced, key=_rule_key)),
                        gaps=tuple(sorted(gaps, key=lambda g: _rule_key(g.rule))))


def _suggestions(coverage: Sequence[PackCoverage], descriptions: dict[str, model.Text]) -> tuple[Suggestion, ...]:
    clauses: dict[str, set[Clause]] = {}
    rules: dict[str, list[RuleRef]] = {}
    completes: dict[str, list[RuleRef]] = {}
    for pack in coverage:
        for gap in pack.gaps:
            for name in gap.missing:
                clauses.setdefault(name, set()).add(gap.rule.where)
                rules.setdefault(name, []).append(gap.rule)
                if len(gap.missing) == 1:
                    completes.setdefault(name, []).append(gap.rule)
    out = [Suggestion(fact=name, description=descriptions.get(name),
                      clauses=tuple(sorted(found, key=lambda c: (c.pack, clause_order(c.clause), c.level or 0))),
                      rules=tuple(r.rule for r in sorted(rules[name], key=_rule_key)),
                      completes=tuple(r.rule for r in sorted(completes.get(name, []), key=_rule_key)))
           for name, found in clauses.items()]
    return tuple(sorted(out, key=lambda s: (-len(s.clauses), -len(s.packs), -len(s.completes), s.fact)))
