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
import itertools
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from cc_rules import engine, model
from cc_rules.base import errors
from cc_rules.compile import compiler
from cc_rules.engine import plain
from cc_rules.io import resources
from cc_rules.model import evidence, packs

SEVERITIES = ("error", "warning", "info")


@dataclasses.dataclass(frozen=True)
class Check:
    code: str
    severity: str
    title: str
    hint: str


CHECKS: dict[str, Check] = {c.code: c for c in (
    Check("CCR001", "error", "schema error", "make the file match its schema in schemas/ (docs/pack-format.md)"),
    Check("CCR002", "error", "inconsistent pack (compiler check)",
          "fix the reference or type the compiler names; every problem here also stops an assessment"),
    Check("CCR003", "error", "unknown fact", "declare the fact in facts.yaml or correct its name"),
    Check("CCR004", "warning", "unused fact", "remove the fact from facts.yaml, or write the rule that reads it"),
    Check("CCR005", "warning", "leaf item without rules",
          "encode the item with a rule, or mark the gap in the item's title/provenance"),
    Check("CCR006", "error", "rule no evidence can satisfy (contradictory condition)",
          "the parts of `when` exclude each other; correct the bounds or values"),
    Check("CCR007", "error", "overlapping rules move the same points twice",
          "merge the rules, or make their conditions distinct; or give the item points for each rule"),
    Check("CCR008", "error", "level no evidence can reach",
          "the requirements of this level (and those below) contradict each other; correct one of them"),
    Check("CCR009", "error", "derivation cycle", "a derived fact may not depend on itself; break the chain"),
    Check("CCR010", "error", "deductions exceed the dimension base",
          "lower item points or raise dimension_base so the deductions of a dimension add up to at most its base"),
    Check("CCR011", "warning", "an item's rules can deduct more than the item is worth",
          "give the rules `points:` that add up to the item's points, or merge them"),
    Check("CCR012", "error", "grade bands overlap or leave gaps",
          "order grade_bands best first with strictly decreasing min; make the lowest band start at the pass line"),
    Check("CCR013", "info", "subjective share", "declare coverage.subjective_share in pack.yaml; mark items "
          "kind: subjective|objective"),
    Check("CCR014", "info", "coverage against the official item counts",
          "coverage.tiers in pack.yaml gives the official counts per tier of the item tree"),
    Check("CCR015", "warning", "rule not exercised by any feature scenario",
          "add a scenario to features/<pack>/ that names the rule or whose evidence decides it"),
    Check("CCR016", "warning", "clause not in the item tree", "use a clause of an item in items.yaml"),
    Check("CCR017", "info", "interpretation rules",
          "rules with provenance interpretation are this pack's reading, not the standard's text; review them"),
    Check("CCR018", "warning", "level without requirements",
          "a level with no requirement is awarded as soon as the level below is; add its requirements"),
    Check("CCR019", "warning", "fact declared differently by two packs",
          "one evidence file cannot satisfy both packs; rename the fact in one pack or align the declarations"),
    Check("CCR020", "info", "corpus coverage", "rules no corpus centre triggers may be dead in practice"),
)}

ALWAYS_USED = ("organization.seats", "organization.industry")
SEARCH_LIMIT = 20_000  # assignments tried per condition (or pair of conditions)
SUBJECTIVE_TOLERANCE = 0.02  # share points: within it the subjective share is info, beyond it a warning


@dataclasses.dataclass(frozen=True)
class LintFinding:
    code: str
    severity: str
    pack: str
    message: str
    file: str | None = None
    line: int | None = None
    path: str = "$"
    hint: str | None = None
    data: tuple[str, ...] = ()  # ids listed by summary findings (e.g. every interpretation rule)

    def location(self) -> str:
        if not self.file:
            return "<pack>"
        return f"{_display(self.file)}:{self.line}" if self.line else _display(self.file)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "severity": self.severity, "pack": self.pack,
                               "title": CHECKS[self.code].title, "message": self.message, "file": self.file,
                               "line": self.line, "path": self.path, "hint": self.hint or CHECKS[self.code].hint}
        if self.data:
            out["items"] = list(self.data)
        return out


@dataclasses.dataclass(frozen=True)
class PackLint:
    ref: str
    pack_id: str
    root: str
    findings: tuple[LintFinding, ...]


@dataclasses.dataclass(frozen=True)
class LintReport:
    packs: tuple[PackLint, ...]

    def findings(self) -> tuple[LintFinding, ...]:
        return tuple(f for p in self.packs for f in p.findings)

    def exit_code(self) -> int:
        return 1 if any(f.severity == "error" for f in self.findings()) else 0

    def counts(self) -> dict[str, int]:
        c = Counter(f.severity for f in self.findings())
        return {s: c.get(s, 0) for s in SEVERITIES}

    def to_dict(self) -> dict[str, Any]:
        return {"format": "cc-rules/lint@1", "summary": self.counts(),
                "packs": [{"ref": p.ref, "id": p.pack_id, "root": p.root,
                           "findings": [f.to_dict() for f in p.findings]} for p in self.packs]}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False, indent=2) + "\n"


def _display(file: str) -> str:
    try:
        return str(Path(file).resolve().relative_to(Path.cwd()))
    except ValueError:
        return file


def _finding(code: str, pack: str, message: str, loc: model.Loc | None = None, *, severity: str | None = None,
             hint: str | None = None, data: Iterable[str] = (), file: str | None = None,
             line: int | None = None) -> LintFinding:
    return LintFinding(code, severity or CHECKS[code].severity, pack, message,
                       file=file if file is not None else (loc.file if loc else None),
                       line=line if line is not None else (loc.line if loc else None),
                       path=loc.path if loc else "$", hint=hint, data=tuple(data))


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
                LintFinding("CCR001", "error", root.name, p.message + (f" (expected {p.expected}, got {p.got})"
                                                                        if p.expected else ""),
                            file=p.file, line=p.line, path=p.path, hint=_hint(p)) for p in exc.problems)))
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


def _hint(problem: errors.Problem) -> str | None:
    return f"did you mean {problem.suggestion!r}?" if problem.suggestion else None


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
            yield LintFinding(code, CHECKS[code].severity, pack.id, problem.message, file=problem.file,
                              line=problem.line, path=problem.path, hint=_hint(problem))
        if not problems:
            compiled.append(compiler.compile_pack(pack, day))
    yield from _unused_facts(pack)
    yield from _leaf_items(pack)
    yield from _clauses(pack)
    yield from _interpretation(pack)
    yield from _coverage(pack)
    yield from _subjective(pack)
    # Semantic checks run once per distinct compiled content; a finding seen in several editions is listed once.
    merged: dict[LintFinding, list[str]] = {}
    for cp in _distinct(compiled):
        label = f"{cp.edition.id} from {cp.as_of.isoformat()}"
        found = [*_contradictions(cp), *_overlaps(cp)]
        found += _levels(cp) if pack.model == "maturity" else []
        found += _points_model(cp) if pack.model == "points" else []
        for f in found:
            merged.setdefault(f, []).append(label)
    for f, labels in merged.items():
        yield dataclasses.replace(f, message=f"{f.message} (edition {', '.join(labels)})")
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


# Vocabulary, items, clauses ---------------------------------------------------------------------------------------------


def _unused_facts(pack: model.Pack) -> Iterator[LintFinding]:
    read = {f for r in pack.rules for f in compiler.facts_of(r.when)}
    derived = {r.then.derive for r in pack.rules if r.then.derive}
    for spec in pack.facts:
        if spec.name in read or spec.name in ALWAYS_USED:
            continue
        what = "derived by a rule but read by none" if spec.name in derived else "read by no rule"
        yield _finding("CCR004", pack.id, f"fact {spec.name!r} is declared but {what}", spec.loc)


def _leaf_items(pack: model.Pack) -> Iterator[LintFinding]:
    parents = {i.parent for i in pack.items if i.parent}
    with_rules = {r.item for r in pack.rules}
    for item in pack.items:
        if item.id not in parents and item.id not in with_rules:
            yield _finding("CCR005", pack.id, f"item {item.id!r} ({item.title.en}) has no children and no rule",
                           item.loc)


def _clauses(pack: model.Pack) -> Iterator[LintFinding]:
    clauses = {i.clause for i in pack.items}
    for rule in pack.rules:
        if rule.clause not in clauses:
            suggestion = errors.did_you_mean(rule.clause, clauses)
            yield _finding("CCR016", pack.id, f"rule {rule.id!r} cites clause {rule.clause!r}, which no item has",
                           _sub(rule.loc, ".clause"),
                           hint=f"did you mean {suggestion!r}?" if suggestion else None)


def _sub(loc: model.Loc | None, suffix: str) -> model.Loc | None:
    if loc is None:
        return None
    path = loc.path + suffix
    return model.Loc(loc.file, compiler._line_of(loc.file, path, loc.line), path)


def _interpretation(pack: model.Pack) -> Iterator[LintFinding]:
    by = Counter(r.provenance for r in pack.rules)
    ids = [r.id for r in pack.rules if r.provenance == "interpretation"]
    if not ids:
        return
    shown = ", ".join(ids[:6]) + (f", … ({len(ids) - 6} more)" if len(ids) > 6 else "")
    message = (f"{len(ids)} of {len(pack.rules)} rules are interpretation "
               f"(source {by.get('source', 0)}, secondary {by.get('secondary', 0)})" + (f": {shown}" if ids else ""))
    yield _finding("CCR017", pack.id, message, file=f"{pack.root}/rules", data=ids)


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


def _pack_loc(pack: model.Pack, path: tuple[str | int, ...]) -> model.Loc:
    file = f"{pack.root}/pack.yaml"
    try:
        line = compiler.loading.read_document(file).line_of(path)
    except (errors.CcRulesError, OSError):
        line = None
    return model.Loc(file, line, errors.json_path(path))


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


# Condition search -----------------------------------------------------------------------------------------------------

MISSING = object()


def _constants(cond: model.Condition | model.Operand, out: dict[str, set[Any]], loose: set[str],
               exists: set[str]) -> None:
    """Per fact, the constants it is compared with; `loose`: facts compared with computed values."""
    if isinstance(cond, (model.All, model.AnyOf)):
        for child in cond.items:
            _constants(child, out, loose, exists)
    elif isinstance(cond, model.Not):
        _constants(cond.item, out, loose, exists)
    elif isinstance(cond, model.Exists):
        out.setdefault(cond.fact, set())
        exists.add(cond.fact)
    elif isinstance(cond, model.In):
        out.setdefault(cond.fact, set()).update(cond.values)
    elif isinstance(cond, model.Contains):
        out.setdefault(cond.fact, set()).add(cond.value)
    elif isinstance(cond, model.Compare):
        values = out.setdefault(cond.fact, set())
        if isinstance(cond.operand, model.Const):
            values.add(cond.operand.value)
        else:
            loose.add(cond.fact)
            for name in compiler._facts_of(cond.operand):
                out.setdefault(name, set())
                loose.add(name)
            for const in _operand_consts(cond.operand):
                values.add(const)


def _operand_consts(operand: model.Operand) -> Iterator[Any]:
    if isinstance(operand, model.Const):
        yield operand.value
    elif isinstance(operand, model.Arith):
        yield from _operand_consts(operand.left)
        yield from _operand_consts(operand.right)


def _candidates(cp: compiler.CompiledPack, name: str, consts: set[Any], loose: bool, exists: bool) -> list[Any]:
    spec = cp.fact(name)
    kind = spec.type if spec else "string"
    out: list[Any] = []
    if kind == "bool":
        out = [True, False]
    elif kind in ("int", "number"):
        nums = {float(c) for c in consts if isinstance(c, (int, float)) and not isinstance(c, bool)}
        values: set[float] = set()
        for c in nums:
            values.update((c - 1, c, c + 1) if kind == "int" else (c - 1, c - 0.5, c, c + 0.5, c + 1))
        if loose or not nums:
            values.update((0, 1, 2, 5, 10, 40, 50, 100, 200, 500, 1000, 5000))
        if spec and spec.min is not None:
            values.add(spec.min)
        if spec and spec.max is not None:
            values.add(spec.max)
        if kind == "int":
            values = {float(int(v)) for v in values if float(v).is_integer()}
        lo = spec.min if spec and spec.min is not None else float("-inf")
        hi = spec.max if spec and spec.max is not None else float("inf")
        out = sorted(int(v) if kind == "int" else v for v in values if lo <= v <= hi)
    elif kind in ("enum", "string"):
        out = sorted({*((spec.values or ()) if spec else ()), *(c for c in consts if isinstance(c, str))}, key=str)
        if kind == "string" or not out:
            out.append("\x00other")
    elif kind == "list":
        pool = sorted({str(c) for c in consts}) or sorted(map(str, (spec.values or ()) if spec else ()))[:1]
        options: list[tuple[Any, ...]] = [(), tuple(pool)]
        options += [(c,) for c in pool]
        options += [tuple(x for x in pool if x != c) for c in pool]
        if spec and spec.values:
            options.append(tuple(spec.values))
        out = list(dict.fromkeys(options))
    if exists:
        out.append(MISSING)
    return out


def _space(cp: compiler.CompiledPack, conds: Sequence[model.Condition]) -> tuple[list[str], list[list[Any]]] | None:
    consts: dict[str, set[Any]] = {}
    loose: set[str] = set()
    exists: set[str] = set()
    for cond in conds:
        _constants(cond, consts, loose, exists)
    names = sorted(consts)
    domains = [_candidates(cp, n, consts[n], n in loose, n in exists) for n in names]
    size = 1
    for d in domains:
        size *= max(1, len(d))
    if size > SEARCH_LIMIT:
        return None
    return names, domains


def _assignments(names: list[str], domains: list[list[Any]]) -> Iterator[dict[str, Any]]:
    for combo in itertools.product(*domains):
        yield {n: v for n, v in zip(names, combo) if v is not MISSING}


def satisfiable(cp: compiler.CompiledPack, cond: model.Condition) -> bool | None:
    """True when some evidence makes `cond` hold, False when none can, None when the search is too large."""
    space = _space(cp, [cond])
    if space is None:
        return None
    return any(plain.condition(cond, facts) is True for facts in _assignments(*space))


def _canon(cond: model.Condition) -> Any:
    """The condition without its source paths, for structural comparison."""
    if isinstance(cond, (model.All, model.AnyOf)):
        return (type(cond).__name__, tuple(_canon(c) for c in cond.items))
    if isinstance(cond, model.Not):
        return ("Not", _canon(cond.item))
    return dataclasses.replace(cond, path="$")


# Semantic checks --------------------------------------------------------------------------------------------------------

_NEVER = {"requirement": "can never be met", "deduct": "always deducts: its condition can never hold",
          "add": "can never add its points", "derive": "always derives false", "warn": "always warns"}


def _contradictions(cp: compiler.CompiledPack) -> Iterator[LintFinding]:
    for rule in cp.rules:
        if satisfiable(cp, rule.when) is False:
            yield _finding("CCR006", cp.pack.id, f"rule {rule.rule.id!r} {_NEVER[rule.rule.then.kind]}: no evidence "
                           f"satisfies its condition", _sub(rule.rule.loc, ".when"))


def _overlaps(cp: compiler.CompiledPack) -> Iterator[LintFinding]:
    groups: dict[tuple[str, str], list[compiler.CompiledRule]] = defaultdict(list)
    for rule in cp.rules:
        if rule.rule.then.kind in ("deduct", "add"):
            groups[(rule.rule.item, rule.rule.then.kind)].append(rule)
    for (item, kind), rules in sorted(groups.items()):
        for a, b in itertools.combinations(rules, 2):
            relation = _relation(cp, a.when, b.when, kind)
            if relation is None:
                continue
            verb = "deduct" if kind == "deduct" else "add"
            yield _finding("CCR007", cp.pack.id, f"rules {a.rule.id!r} and {b.rule.id!r} on item {item!r} {relation}: "
                           f"whenever the {'second' if relation.endswith('first') else 'first'} {verb}s, the other "
                           f"{verb}s too", b.rule.loc)


def _relation(cp: compiler.CompiledPack, a: model.Condition, b: model.Condition, kind: str) -> str | None:
    if _canon(a) == _canon(b):
        return "have identical conditions"
    space = _space(cp, [a, b])
    if space is None:
        return None
    fires = (lambda v: v is True) if kind == "add" else (lambda v: v is not True)
    a_implies_b = b_implies_a = True
    both = False
    for facts in _assignments(*space):
        fa, fb = fires(plain.condition(a, facts)), fires(plain.condition(b, facts))
        both = both or (fa and fb)
        a_implies_b = a_implies_b and (not fa or fb)
        b_implies_a = b_implies_a and (not fb or fa)
        if not a_implies_b and not b_implies_a:
            return None
    if not both:
        return None
    if a_implies_b and b_implies_a:
        return "have equivalent conditions"
    return "overlap: the first implies the second" if a_implies_b else "overlap: the second implies the first"


def _levels(cp: compiler.CompiledPack) -> list[LintFinding]:
    return list(_levels_iter(cp))


def _levels_iter(cp: compiler.CompiledPack) -> Iterator[LintFinding]:
    reqs = [r for r in cp.rules if r.rule.then.kind == "requirement" and r.rule.level is not None]
    where = _pack_loc(cp.pack, ("levels",))
    blocked: tuple[int, str] | None = None
    for r in reqs:
        if satisfiable(cp, r.when) is False:
            candidate = (r.rule.level or 0, f"requirement {r.rule.id!r} can never be met")
            blocked = min(blocked, candidate) if blocked else candidate
    for a, b in itertools.combinations(reqs, 2):
        if not set(a.facts) & set(b.facts):
            continue
        joint = model.All((a.when, b.when))
        if satisfiable(cp, joint) is False and satisfiable(cp, a.when) and satisfiable(cp, b.when):
            level = max(a.rule.level or 0, b.rule.level or 0)
            why = f"requirements {a.rule.id!r} (level {a.rule.level}) and {b.rule.id!r} (level {b.rule.level}) exclude each other"
            candidate = (level, why)
            blocked = min(blocked, candidate) if blocked else candidate
    if blocked:
        level, why = blocked
        top = max((lv.level for lv in cp.pack.levels), default=level)
        above = f" (nor any level up to {top})" if top > level else ""
        yield _finding("CCR008", cp.pack.id, f"level {level} can never be awarded{above}: {why}", where)
    counts = Counter(r.rule.level for r in reqs)
    for lv in cp.pack.levels:
        if not counts.get(lv.level):
            yield _finding("CCR018", cp.pack.id, f"level {lv.level} ({lv.name.en}) has no requirement in force", where)


def _points_model(cp: compiler.CompiledPack) -> list[LintFinding]:
    return list(_points_iter(cp))


def _points_iter(cp: compiler.CompiledPack) -> Iterator[LintFinding]:
    pack = cp.pack
    base_param = cp.param("dimension_base")
    bases = dict(base_param.value) if base_param and isinstance(base_param.value, dict) else {}
    per_item: dict[str, float] = defaultdict(float)
    add_total = 0.0
    for rule in cp.rules:
        if rule.rule.then.kind == "deduct":
            per_item[rule.rule.item] += rule.points or 0.0
        elif rule.rule.then.kind == "add":
            add_total += rule.points or 0.0
    worst: dict[str, float] = defaultdict(float)
    for item_id, rules_total in sorted(per_item.items()):
        item = pack.item(item_id)
        if item is None or item.dimension is None:
            continue
        declared = item.points
        worst[item.dimension] += declared if declared is not None else rules_total
        if declared is not None and rules_total > declared + 1e-9:
            n = sum(1 for r in cp.rules if r.rule.item == item_id and r.rule.then.kind == "deduct")
            yield _finding("CCR011", pack.id, f"item {item_id!r} is worth {declared:g} points but its {n} rules can "
                           f"deduct {rules_total:g} together", item.loc)
    where = _pack_loc(pack, ("parameters", "dimension_base"))
    for dim, total in sorted(worst.items()):
        base = float(bases.get(dim, 0.0))
        if total > base + 1e-9:
            yield _finding("CCR010", pack.id, f"dimension {dim!r}: deduction items are worth {total:g} points, more "
                           f"than its base {base:g}", where)
    yield from _grade_bands(cp, sum(float(v) for v in bases.values()) + add_total)


def _grade_bands(cp: compiler.CompiledPack, maximum: float) -> Iterator[LintFinding]:
    param = cp.param("grade_bands")
    if param is None or not isinstance(param.value, list) or not param.value:
        return
    where = _pack_loc(cp.pack, ("parameters", "grade_bands"))
    bands = [(str(b["grade"]), float(b["min"]), bool(b.get("inclusive", True))) for b in param.value]
    for (g1, m1, i1), (g2, m2, i2) in itertools.pairwise(bands):
        if m2 > m1 or (m2 == m1 and (i1 or not i2)):
            yield _finding("CCR012", cp.pack.id, f"grade bands overlap: {g2!r} (min {m2:g}) is listed after {g1!r} "
                           f"(min {m1:g}), so the totals it covers already get {g1!r}", where)
    threshold_param = cp.param("pass_threshold")
    if threshold_param is not None:
        threshold = float(threshold_param.value)  # type: ignore[arg-type]
        grade, low, inclusive = min(bands, key=lambda b: (b[1], not b[2]))
        if low > threshold:
            yield _finding("CCR012", cp.pack.id, f"grade bands leave a gap: totals above the pass line {threshold:g} "
                           f"and below {low:g} pass without a grade", where)
        elif low < threshold or (low == threshold and inclusive):
            yield _finding("CCR012", cp.pack.id, f"grade bands overlap the failing range: {grade!r} starts at "
                           f"{'≥' if inclusive else '>'} {low:g} but a total passes only above {threshold:g} "
                           "", where)
    for grade, low, inclusive in bands:
        if low > maximum or (low == maximum and not inclusive):
            yield _finding("CCR012", cp.pack.id, f"grade {grade!r} (min {low:g}) is above the highest reachable total "
                           f"{maximum:g}", where)


# Features and corpus ----------------------------------------------------------------------------------------------------


def _exercised(pack: model.Pack) -> Iterator[LintFinding]:
    from cc_rules.tools import verify

    feature_dir = verify.default_features(pack.root)
    rules_file = f"{pack.root}/rules"
    if feature_dir is None:
        yield _finding("CCR015", pack.id, "no feature scenarios found for the pack (looked in <pack>/features/ and "
                       f"features/{pack.id}/): no rule is exercised", file=rules_file)
        return
    files = sorted(feature_dir.glob("*.feature"))
    text = "\n".join(f.read_text(encoding="utf-8", errors="replace") for f in files)
    exercised = {r.id for r in pack.rules if re.search(rf'"{re.escape(r.id)}"', text)}
    for file in files:
        try:
            result = verify.run_feature(file, {pack.id: pack.root}, "plain")
        except errors.CcRulesError as exc:
            yield _finding("CCR015", pack.id, f"features could not be run: {exc.render()}", file=str(file),
                           severity="warning")
            continue
        for scenario in result.scenarios:
            for res in scenario.results:
                if res.pack_id == pack.id:
                    exercised.update(f.rule for f in res.findings if f.met is not None)
                    exercised.update(d.rule for d in res.derived)
    for rule in pack.rules:
        if rule.id not in exercised:
            yield _finding("CCR015", pack.id, f"rule {rule.id!r} is neither named by a feature in "
                           f"{_display(str(feature_dir))} nor decided by any of its scenarios", rule.loc)


def corpus_files(path: str) -> list[Path]:
    root = Path(path)
    if root.is_file():
        return [root]
    return sorted(p for p in root.glob("*.y*ml") if p.suffix in (".yaml", ".yml"))


def default_corpus() -> str | None:
    root = resources.data_root() / "examples" / "corpus"
    return str(root) if root.is_dir() else None


def _corpus(pack: model.Pack, compiled: list[compiler.CompiledPack], corpus: str) -> Iterator[LintFinding]:
    files = corpus_files(corpus)
    if not files:
        return
    evaluator = engine.get("plain")
    fired: set[str] = set()
    decided: set[str] = set()
    used = 0
    for file in files:
        try:
            ev = evidence.load(file)
            if ev.packs is not None and pack.id not in ev.packs:
                continue
            cp = compiler.compile_pack(pack, ev.date)
            from cc_rules.assess import pipeline as assessment

            result = assessment.assess(ev, cp, evaluator)
        except errors.CcRulesError:
            continue
        used += 1
        for f in result.findings:
            if f.met is not None:
                decided.add(f.rule)
            if f.points or (f.kind in ("requirement", "warning") and f.met is False):
                fired.add(f.rule)
    if not used:
        return
    ids = [r.id for r in pack.rules]
    never = [i for i in ids if i not in fired]
    undecided = [i for i in ids if i not in decided]
    shown = ", ".join(never[:6]) + (f", … ({len(never) - 6} more)" if len(never) > 6 else "")
    yield _finding("CCR020", pack.id, f"{used} corpus centres ({_display(corpus)}): {len(ids) - len(undecided)} of "
                   f"{len(ids)} rules decided for at least one centre, {len(ids) - len(never)} fire (deduct, add, "
                   f"unmet or warn) for at least one" + (f"; never fire: {shown}" if never else ""),
                   file=f"{pack.root}/rules", data=never)


# Rendering --------------------------------------------------------------------------------------------------------------


def render_text(report: LintReport, min_severity: str = "info") -> str:
    keep = SEVERITIES[: SEVERITIES.index(min_severity) + 1]
    lines = []
    for pack in report.packs:
        counts = Counter(f.severity for f in pack.findings)
        lines.append(f"{pack.pack_id} ({_display(pack.root)}): {counts.get('error', 0)} error(s), "
                     f"{counts.get('warning', 0)} warning(s), {counts.get('info', 0)} info")
        for f in pack.findings:
            if f.severity not in keep:
                continue
            lines.append(f"  {f.location()}: {f.severity} {f.code} {f.message}")
            lines.append(f"      fix: {f.hint or CHECKS[f.code].hint}")
        lines.append("")
    c = report.counts()
    verdict = "clean" if not c["error"] else "errors found"
    lines.append(f"{len(report.packs)} pack(s): {c['error']} error(s), {c['warning']} warning(s), {c['info']} info "
                 f"— {verdict}")
    return "\n".join(lines) + "\n"
