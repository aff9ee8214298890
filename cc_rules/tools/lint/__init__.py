"""Static checks of rule packs for a standards committee (`cc-rules lint`).

Every check has a stable code (CCR001…), a severity, a location (file:line) and a fix hint; `CHECKS` is the
catalogue, documented in docs/committee.md. The compiler's own checks (`compiler.check`) are reused for every date
on which the pack's rules or parameters change; the semantic checks (contradictions, overlaps, unreachable levels)
probe conditions with `engine.plain.condition` over each fact's boundary values (the constants the rules compare
it with, one either side, its declared range, the values of enums and lists), so a finding is always backed by a
search, never by a guess; when a condition reads too many facts for the search, it is skipped rather than reported.

Rules *exercised* by the features: a rule is exercised when a feature of the pack names its id, or when a scenario's
assessment decides it (its finding has a known outcome, met true or false, rather than the default "not evidenced").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator, Sequence

from cc_rules import model
from cc_rules.base import errors, i18n
from cc_rules.compile import compiler
from cc_rules.model import packs
from cc_rules.results.lint import CHECKS, SEVERITIES, Check, LintFinding, LintReport, PackLint
from cc_rules.tools.lint.committee import committee_checks
from cc_rules.tools.lint.common import from_problem
from cc_rules.tools.lint.corpus import _corpus, corpus_files, default_corpus
from cc_rules.tools.lint.coverage import _coverage, _subjective
from cc_rules.tools.lint.crosspack import _cross_pack
from cc_rules.tools.lint.features import _exercised
from cc_rules.tools.lint.logic import _contradictions, _overlaps, satisfiable
from cc_rules.tools.lint.models import award_checks
from cc_rules.tools.lint.structure import _clauses, _interpretation, _leaf_items, _unused_facts

__all__ = ["CHECKS", "SEVERITIES", "Check", "LintFinding", "LintReport", "PackLint", "check_dates", "corpus_files",
           "default_corpus", "lint", "lint_pack", "satisfiable"]

# Entry point ----------------------------------------------------------------------------------------------------------


def lint(refs: Sequence[str] = (), *, features: bool = True, corpus: str | None = None) -> LintReport:
    """Lint each pack (default: the built-in packs). Unreadable packs raise `errors.LoadError`/`InputError` (exit 2);
    schema errors are findings (CCR001)."""
    refs = list(refs) or list(packs.builtin_ids())
    out: list[PackLint] = []
    loaded: list[model.Pack] = []
    for ref in refs:
        root = packs.resolve(ref)
        try:
            pack = packs.load(root)
        except errors.SchemaError as exc:
            out.append(PackLint(ref, root.name, str(root), tuple(
                from_problem("CCR001", root.name, p, framed=True) for p in exc.problems)))
            continue
        loaded.append(pack)
        found = list(lint_pack(pack, features=features, corpus=corpus))
        out.append(PackLint(ref, pack.id, pack.root, tuple(found)))
    if len(loaded) > 1:
        extra = list(_cross_pack(loaded))
        out = [dataclasses.replace(p, findings=p.findings + tuple(f for f in extra if f.pack == p.pack_id))
               for p in out]
    return LintReport(tuple(dataclasses.replace(p, findings=_sorted(p.findings)) for p in out))


_ORDER = {s: i for i, s in enumerate(SEVERITIES)}


def _sorted(found: Iterable[LintFinding]) -> tuple[LintFinding, ...]:
    unique = list(dict.fromkeys(found))
    return tuple(sorted(unique, key=lambda f: (_ORDER[f.severity], f.code, f.file or "", f.line or 0, f.message)))


def lint_pack(pack: model.Pack, *, features: bool = True, corpus: str | None = None) -> Iterator[LintFinding]:
    dates = check_dates(pack)
    implicit = compiler.implicit_facts(pack)
    facts = pack.facts + implicit
    compiled: list[compiler.CompiledPack] = []
    for day in dates:
        rules = tuple(r for r in pack.rules if r.in_force(day))
        params = {p.name: v for p in pack.parameters if (v := p.at(day)) is not None}
        problems = list(compiler.check(pack, rules, facts, params))
        for problem in problems:
            code = {"unknown-fact": "CCR003", "cycle": "CCR009"}.get(problem.code, "CCR002")
            yield from_problem(code, pack.id, problem)
        if not problems:
            compiled.append(compiler.compile_pack(pack, day))
    yield from _unused_facts(pack)
    yield from _leaf_items(pack)
    yield from _clauses(pack)
    yield from _interpretation(pack)
    yield from _coverage(pack)
    yield from _subjective(pack)
    yield from committee_checks(pack)
    # Semantic checks run once per distinct compiled content; a finding seen in several editions is listed once.
    merged: dict[LintFinding, list[tuple[str, str]]] = {}
    for cp in _distinct(compiled):
        label = (cp.edition.id, cp.as_of.isoformat())
        found = [*_contradictions(cp), *_overlaps(cp)]
        found += award_checks(cp)
        for f in found:
            merged.setdefault(f, []).append(label)
    for f, labels in merged.items():
        english = ", ".join(i18n.message("lint.edition-from", "en", edition=e, start=d) for e, d in labels)
        yield dataclasses.replace(f, message=f.message + i18n.message("lint.in-editions", "en", editions=english),
                                  editions=tuple(labels))
    if features:
        yield from _exercised(pack)
    if corpus:
        yield from _corpus(pack, compiled, corpus)


def check_dates(pack: model.Pack) -> list[dt.date]:
    """Every date on which the pack's content may change: editions, rule windows, parameter values."""
    first = pack.editions[0].effective_from
    days = {e.effective_from for e in pack.editions}
    for rule in pack.rules:
        days.update(d for d in (rule.effective_from, rule.effective_until) if d is not None)
    for param in pack.parameters:
        days.update(v.start for v in param.values)
    return sorted(d for d in days if d >= first)


def _distinct(compiled: list[compiler.CompiledPack]) -> list[compiler.CompiledPack]:
    seen: set[str] = set()
    out = []
    for cp in compiled:
        if cp.key not in seen:
            seen.add(cp.key)
            out.append(cp)
    return out

