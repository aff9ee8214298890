"""Pack → `CompiledPack` for one date: parameters resolved, rules in force selected, every check done up front.

Everything that can be known before a fact arrives is checked here and reported together: duplicate ids, unknown
facts, items, parameters and actions (with "did you mean"), type mismatches, derived facts that depend on themselves.
Compiling is pure and cached (`CACHE`, bounded) per pack content key and date-dependent signature.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import hashlib
import itertools
import json
import os
import re
from collections.abc import Generator, Iterator

from cc_rules import model
from cc_rules.base import cache, errors, i18n
from cc_rules.compile import limits
from cc_rules.io import loading
from cc_rules.model import conditions as algebra

NUMERIC = ("int", "number")


@dataclasses.dataclass(frozen=True)
class CompiledRule:
    index: int
    rule: model.Rule
    when: model.Condition  # parameters replaced by constants
    facts: tuple[str, ...]  # every fact the condition reads, sorted
    stratum: int  # 0 reads evidence only; k reads facts derived in strata < k
    points: float | None  # what a deduct/add rule moves


@dataclasses.dataclass(frozen=True)
class CompiledPack:
    pack: model.Pack
    edition: model.Edition
    as_of: dt.date
    params: tuple[tuple[str, model.ParamValue], ...]
    rules: tuple[CompiledRule, ...]
    facts: tuple[model.FactSpec, ...]  # declared plus implicit (review.*, organization.*)
    strata: int
    key: str  # identifies the compiled content; engines cache on it

    def __post_init__(self) -> None:
        object.__setattr__(self, "_facts", {f.name: f for f in self.facts})
        object.__setattr__(self, "_params", dict(self.params))
        object.__setattr__(self, "_rules", {r.rule.id: r for r in self.rules})

    _facts: dict[str, model.FactSpec] = dataclasses.field(init=False, repr=False, compare=False)
    _params: dict[str, model.ParamValue] = dataclasses.field(init=False, repr=False, compare=False)
    _rules: dict[str, CompiledRule] = dataclasses.field(init=False, repr=False, compare=False)

    def on(self, day: dt.date) -> CompiledPack:
        """This compiled content dated `day`, every field but `as_of` shared (the same tables, the same key): for a
        date in the same span of the pack's calendar (`boundaries`), where the edition, rules and parameters are
        the same. Reports and retest windows read `as_of`, so it stays each date's own."""
        twin = object.__new__(CompiledPack)
        twin.__dict__.update(self.__dict__)
        twin.__dict__["as_of"] = day  # a copy being made, not a frozen object changed
        return twin

    def fact(self, name: str) -> model.FactSpec | None:
        return self._facts.get(name)

    def param(self, name: str) -> model.ParamValue | None:
        return self._params.get(name)

    def rule(self, rule_id: str) -> CompiledRule | None:
        return self._rules.get(rule_id)

    def needed_facts(self) -> tuple[str, ...]:
        """Evidence facts the rules in force read (derived facts excluded), with those a `compute:` fact they read is
        computed from."""
        names = {f for r in self.rules for f in r.facts}
        for name in list(names):
            spec = self._facts.get(name)
            if spec is not None and spec.compute is not None:
                names.update(facts_of(spec.compute))
        return tuple(sorted(n for n in names if n in self._facts and not self._facts[n].derived))


def implicit_facts(pack: model.Pack) -> tuple[model.FactSpec, ...]:
    """Facts every pack has without declaring them: the organisation block and one review per subjective item."""
    out = []
    if pack.fact("organization.seats") is None:
        out.append(model.FactSpec("organization.seats", "int", model.Text("坐席数", "Seats"), min=0))
    if pack.fact("organization.industry") is None:
        out.append(model.FactSpec("organization.industry", "string", model.Text("行业", "Industry")))
    out.extend(model.FactSpec(f"review.{item.id}", "bool",
                              model.Text(f"评审员对 {item.id} 的评分", f"Reviewer's judgement of {item.id}"))
               for item in pack.items
               if item.kind == "subjective" and pack.fact(f"review.{item.id}") is None)
    return tuple(out)


def compile_pack(pack: model.Pack, as_of: dt.date) -> CompiledPack:
    """Compile the edition of `pack` in force on `as_of`; raises `PackError` with every problem found.

    Kept by (pack content, where it was read from, date): a run over many files dated alike compiles once, and
    every file gets the same `CompiledPack`, whose key the per-pack tables downstream are cached by. Dates in one
    span of the pack's calendar (`boundaries`) share everything but `as_of`, so a run over many dates compiles
    once per span, not once per date: filtering the rules in force and hashing their signature cost about 0.4 ms
    a date on a CCSO-sized pack."""
    key = (pack.content_key, str(pack.source), as_of)
    found = BY_DAY.get(key)
    if found is None:
        found = BY_DAY.put(key, _in_span(pack, as_of))
    return found


def boundaries(pack: model.Pack) -> tuple[dt.date, ...]:
    """The dates on which what `pack` compiles to may change, sorted: an edition's start, a rule's
    `effective_from` and `effective_until` (the first day it is no longer in force), a parameter value's start.
    Between two of them (the first included) the edition, the rules in force and every parameter's value stay the
    same, so every date there compiles alike but for `as_of`."""
    days = {e.effective_from for e in pack.editions}
    days.update(d for r in pack.rules for d in (r.effective_from, r.effective_until) if d is not None)
    days.update(v.start for p in pack.parameters for v in p.values)
    return tuple(sorted(days))


@dataclasses.dataclass(frozen=True)
class _Calendar:
    """One pack's boundaries and the `CompiledPack` made for each span so far (span k: from `bounds[k-1]`, included,
    to `bounds[k]`; span 0 is before the first boundary, when no edition is in force)."""

    bounds: tuple[dt.date, ...]
    spans: dict[int, CompiledPack] = dataclasses.field(default_factory=dict)

    def span(self, day: dt.date) -> int:
        return bisect.bisect_right(self.bounds, day)


def _in_span(pack: model.Pack, as_of: dt.date) -> CompiledPack:
    """The pack compiled for the span `as_of` falls in, dated `as_of` (a problem is raised for each date, never
    kept)."""
    calendar = CALENDARS.get_or_make((pack.content_key, str(pack.source)), lambda: _Calendar(boundaries(pack)))
    span = calendar.span(as_of)
    found = calendar.spans.get(span)
    if found is None:
        found = calendar.spans.setdefault(span, _compile_on(pack, as_of))
    return found if found.as_of == as_of else found.on(as_of)


def _compile_on(pack: model.Pack, as_of: dt.date) -> CompiledPack:
    edition = pack.edition_at(as_of)
    if edition is None:
        first = pack.editions[0]
        raise errors.PackError([errors.Problem.of(
            "compile.no-edition", file=f"{pack.source}/pack.yaml", path="$.editions",
            expected_key="compile.on-or-after", got=as_of.isoformat(), code="no-edition", pack=pack.id,
            day=as_of.isoformat(), start=first.effective_from.isoformat())])
    rules = tuple(r for r in pack.rules if r.in_force(as_of))
    params = tuple((p.name, v) for p in pack.parameters if (v := p.at(as_of)) is not None)
    signature = json.dumps([edition.id, [r.id for r in rules], [(n, v.value) for n, v in params]],
                           sort_keys=True, default=str, ensure_ascii=False)
    digest = hashlib.sha256(signature.encode()).hexdigest()[:16]
    compiled, facts, n_strata = _compile_cached(pack, rules, params, digest)
    return CompiledPack(pack=pack, edition=edition, as_of=as_of, params=params, rules=compiled, facts=facts,
                        strata=n_strata, key=f"{pack.id}_{pack.content_key[:16]}_{digest}")


_Compiled = tuple[tuple[CompiledRule, ...], tuple[model.FactSpec, ...], int]
COMPILED_CACHE_SIZE = 64
CACHE: cache.LRU[tuple[str, str], _Compiled] = cache.LRU("compiled", COMPILED_CACHE_SIZE)
BY_DAY_CACHE_SIZE = 256  # distinct dates in one run; each entry shares its compiled rules with `CACHE`
BY_DAY: cache.LRU[tuple[str, str, dt.date], CompiledPack] = cache.LRU("compiled-by-day", BY_DAY_CACHE_SIZE)
CALENDARS_CACHE_SIZE = 64  # by (pack content, source): its boundaries and a `CompiledPack` per span compiled
CALENDARS: cache.LRU[tuple[str, str], _Calendar] = cache.LRU("compiled-by-span", CALENDARS_CACHE_SIZE)


def _compile_cached(pack: model.Pack, rules: tuple[model.Rule, ...],
                    params: tuple[tuple[str, model.ParamValue], ...], signature: str) -> _Compiled:
    """Keyed by the pack's content (not its path) and the date-dependent signature (edition, rules in force,
    parameter values)."""
    key = (pack.content_key, signature)
    found = CACHE.get(key)
    if found is not None:
        return found
    facts = pack.facts + implicit_facts(pack)
    strata = _strata(rules)
    problems = list(check(pack, rules, facts, dict(params), strata=strata))
    if problems:
        raise errors.PackError(problems)
    values = {name: value.value for name, value in params}
    compiled = tuple(
        CompiledRule(
            index=i, rule=r, when=algebra.resolve(r.when, values), facts=algebra.facts_of(r.when),
            stratum=strata[r.id], points=_points(r),
        )
        for i, r in enumerate(rules)
    )
    return CACHE.put(key, (compiled, facts, (max(strata.values()) + 1 if strata else 1)))


def _points(rule: model.Rule) -> float | None:
    if rule.then.kind not in ("deduct", "add"):
        return None
    if rule.points is not None:
        return rule.points
    return rule.then.points


# Checks ---------------------------------------------------------------------------------------------------------------


def check(pack: model.Pack, rules: tuple[model.Rule, ...], facts: tuple[model.FactSpec, ...],
          params: dict[str, model.ParamValue], *, strata: dict[str, int] | None = None) -> Iterator[errors.Problem]:
    """Every static problem of a pack, as a stream (the linter reuses it). `strata`: `_strata(rules)` when the
    caller has it already (the compiler needs it too; it is a walk of every rule)."""
    fact_map = {f.name: f for f in facts}
    yield from _duplicates("fact", [(f.name, f.loc) for f in pack.facts], ".name")
    yield from _duplicates("item", [(i.id, i.loc) for i in pack.items], ".id")
    yield from _duplicates("rule", [(r.id, r.loc) for r in pack.rules], ".id")
    yield from _duplicates("action", [(a.id, a.loc) for a in pack.actions], ".id")
    item_ids = [i.id for i in pack.items]
    for item in pack.items:
        if item.parent is not None and pack.item(item.parent) is None:
            yield _problem(item.loc, "compile.unknown-parent", "unknown-item",
                           suggestion=errors.did_you_mean(item.parent, item_ids), path_suffix=".parent",
                           item=item.id, parent=item.parent)
    for spec in pack.facts:
        if spec.type in ("enum",) and not spec.values:
            yield _problem(spec.loc, "compile.enum-without-values", "type", name=spec.name)
    derived_by: dict[str, str] = {}
    for rule in rules:
        yield from _check_rule(pack, rule, fact_map, params)
        if rule.then.kind == "derive" and rule.then.derive is not None:
            target = rule.then.derive
            if target in derived_by:
                yield _problem(rule.loc, "compile.derived-twice", "duplicate-derivation", name=target,
                               first=derived_by[target], second=rule.id)
            derived_by[target] = rule.id
    for spec in facts:
        computed = spec.compute is not None  # `compute:` facts are computed when the evidence is bound
        if spec.derived and not computed and spec.name not in derived_by and any(spec.name in _facts_of(r.when)
                                                                                  for r in rules):
            yield _problem(spec.loc, "compile.underived", "underived", name=spec.name)
    cycle = _cycle(rules)
    if cycle:
        by_id = {r.id: r for r in rules}
        chain = [by_id[rule_id] for rule_id in cycle]
        looped, reads = chain[0].then.derive, chain[1].then.derive or ""
        steps = [(r.id, r.then.derive, n.then.derive) for r, n in itertools.pairwise(chain)]
        where = model.Loc(chain[0].loc.file, chain[0].loc.line, _fact_path(chain[0].when, reads)) \
            if chain[0].loc else None
        yield _problem(where, "compile.cycle", "cycle", name=looped, steps=_Phrases(
            tuple(("compile.cycle-step", {"rule": r, "target": t, "source": n}) for r, t, n in steps),
            "compile.cycle-separator"))
    yield from limits.check(pack, rules, params, None if cycle else strata if strata is not None else _strata(rules),
                            _line_of)


def _duplicates(what: str, entries: list[tuple[str, model.Loc | None]], suffix: str) -> Iterator[errors.Problem]:
    seen: dict[str, model.Loc | None] = {}
    for key, loc in entries:
        if key in seen:
            first = seen[key]
            where = _Phrases((("compile.first-defined", {"where": f"{first.file}:{first.line}"}),) if first else ())
            yield _problem(loc, f"compile.duplicate-{what}", "duplicate-id", path_suffix=suffix, key=key, first=where)
        else:
            seen[key] = loc


def _problem(loc: model.Loc | None, key: str, code: str, /, *, suggestion: str | None = None,
             expected: str | None = None, got: str | None = None, expected_key: str | None = None,
             path_suffix: str = "", **params: object) -> errors.Problem:
    """A pack problem at `loc`, its message the catalogue entry `key` filled with `params`."""
    path = (loc.path if loc else "$") + path_suffix
    line = _line_of(loc.file, path, loc.line) if loc else None
    return errors.Problem.of(key, file=loc.file if loc else None, line=line, path=path, suggestion=suggestion,
                             expected=expected, got=got, expected_key=expected_key, code=code, values=params)


class _Phrases:
    """Catalogue phrases (key, params) joined by a catalogue separator, formatted in the message's language.

    Filled into a message as `{steps:en}` / `{steps:zh}`, so one parameter reads well in both languages."""

    def __init__(self, phrases: tuple[tuple[str, dict[str, object]], ...], joiner: str | None = None) -> None:
        self.phrases, self.joiner = phrases, joiner

    def __format__(self, lang: str) -> str:
        lang = lang or "en"
        texts = [i18n.message(key, lang, **params) for key, params in self.phrases]
        return (i18n.message(self.joiner, lang) if self.joiner else "").join(texts)

    def __repr__(self) -> str:
        return format(self, "en")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Phrases) and (self.phrases, self.joiner) == (other.phrases, other.joiner)

    def __hash__(self) -> int:
        return hash(repr(self))


_PATH_PART = re.compile(r"\.([^.\[]+)|\[(\d+)\]")


def _line_of(file: str, path: str, fallback: int | None) -> int | None:
    """The line of `path` in `file` (model locations only know the line of a whole rule or entry).

    Only used when a problem is reported, so the file is read again rather than every line kept in the model; a
    report of many problems in one file reads it once (`_DOCUMENTS`).
    """
    if not path.startswith("$"):
        return fallback
    parts: list[str | int] = [match.group(1) if match.group(1) is not None else int(match.group(2))
                              for match in _PATH_PART.finditer(path, 1)]
    doc = _document(file)
    if doc is None:
        return fallback
    line = doc.line_of(tuple(parts))
    return line if line is not None else fallback


_DOCUMENTS: cache.LRU[tuple[str, int, int], loading.Document] = cache.LRU("reported-documents", 4)


def _document(file: str) -> loading.Document | None:
    """`file` parsed, once per content seen (keyed by its size and modification time, so an edited file is read
    again)."""
    try:
        stat = os.stat(file)
    except OSError:
        return None
    key = (file, stat.st_mtime_ns, stat.st_size)
    found = _DOCUMENTS.get(key)
    if found is not None:
        return found
    try:
        doc = loading.read_document(file)
    except (errors.CcRulesError, OSError):
        return None
    return _DOCUMENTS.put(key, doc)


def _check_rule(pack: model.Pack, rule: model.Rule, facts: dict[str, model.FactSpec],
                params: dict[str, model.ParamValue]) -> Iterator[errors.Problem]:
    """Checks every pack shares; what an award model needs (levels, dimensions) is checked by that model."""
    item = pack.item(rule.item)
    if item is None:
        yield _problem(rule.loc, "compile.unknown-item", "unknown-item",
                       suggestion=errors.did_you_mean(rule.item, [i.id for i in pack.items]), path_suffix=".item",
                       rule=rule.id, item=rule.item)
    for position, action_id in enumerate(rule.then.recommend):
        if pack.action(action_id) is None:
            yield _problem(rule.loc, "compile.unknown-action", "unknown-action",
                           suggestion=errors.did_you_mean(action_id, [a.id for a in pack.actions]),
                           path_suffix=f".then.recommend[{position}]", rule=rule.id, action=action_id)
    kind = rule.then.kind
    if kind == "derive":
        target = facts.get(rule.then.derive or "")
        if target is None:
            yield _problem(rule.loc, "compile.derives-undeclared", "unknown-fact",
                           suggestion=errors.did_you_mean(rule.then.derive or "", facts), path_suffix=".then.derive",
                           rule=rule.id, name=rule.then.derive)
        elif not target.derived or target.type != "bool":
            yield _problem(rule.loc, "compile.derived-not-bool", "type", path_suffix=".then.derive",
                           name=target.name, rule=rule.id)
    yield from _check_condition(rule, rule.when, facts, params)


def _check_condition(rule: model.Rule, cond: model.Condition, facts: dict[str, model.FactSpec],
                     params: dict[str, model.ParamValue]) -> Iterator[errors.Problem]:
    return cond.accept(_Checker(rule, facts, params))


class _Checker(algebra.Visitor[Iterator[errors.Problem]]):
    """The type checks of one rule's condition: each leaf against the declared fact it reads."""

    def __init__(self, rule: model.Rule, facts: dict[str, model.FactSpec],
                 params: dict[str, model.ParamValue]) -> None:
        self.rule, self.facts, self.params = rule, facts, params

    def _group(self, cond: model.All | model.AnyOf) -> Iterator[errors.Problem]:
        for child in cond.items:
            yield from child.accept(self)

    all = any = _group

    def not_(self, cond: model.Not) -> Iterator[errors.Problem]:
        yield from cond.item.accept(self)

    def _where(self, cond: model.Leaf) -> model.Loc | None:
        loc = self.rule.loc
        return model.Loc(loc.file, loc.line, cond.path) if loc else None

    def _spec(self, cond: model.Leaf,
              where: model.Loc | None) -> Generator[errors.Problem, None, model.FactSpec | None]:
        spec = self.facts.get(cond.fact)
        if spec is None:
            yield _problem(where, "compile.unknown-fact", "unknown-fact",
                           suggestion=errors.did_you_mean(cond.fact, self.facts), path_suffix=".fact",
                           rule=self.rule.id, name=cond.fact)
        return spec

    def exists(self, cond: model.Exists) -> Iterator[errors.Problem]:
        yield from self._spec(cond, self._where(cond))

    def contains(self, cond: model.Contains) -> Iterator[errors.Problem]:
        where = self._where(cond)
        spec = yield from self._spec(cond, where)
        if spec is None:
            return
        if spec.type != "list":
            yield _problem(where, "compile.contains-needs-list", "type", expected="list", got=spec.type,
                           name=cond.fact, type=spec.type)
        elif spec.values and cond.value not in spec.values:
            yield _problem(where, "compile.bad-item", "type", expected_key="compile.one-of", got=repr(cond.value),
                           suggestion=errors.did_you_mean(str(cond.value), [str(v) for v in spec.values]),
                           value=cond.value, name=cond.fact, allowed=list(spec.values))

    def in_(self, cond: model.In) -> Iterator[errors.Problem]:
        where = self._where(cond)
        spec = yield from self._spec(cond, where)
        if spec is None:
            return
        if spec.type == "list":
            yield _problem(where, "compile.in-needs-single", "type", name=cond.fact)
        for position, value in enumerate(cond.values):
            yield from _check_const(where, spec, value, f".in[{position}]")

    def compare(self, cond: model.Compare) -> Iterator[errors.Problem]:
        where = self._where(cond)
        spec = yield from self._spec(cond, where)
        if spec is None:
            return
        operand_type = yield from cond.operand.accept(_OperandType(where, self.rule, self.facts, self.params,
                                                                   f".{cond.op}"))
        if operand_type is None:
            return
        if cond.op in algebra.ORDER_OPS:
            if spec.type not in NUMERIC:
                yield _problem(where, "compile.order-needs-number", "type", expected_key="compile.int-or-number",
                               got=spec.type, op=cond.op, name=cond.fact, type=spec.type)
            elif operand_type not in NUMERIC:
                yield _problem(where, "compile.compares-with", "type", expected_key="compile.a-number",
                               got=operand_type, op=cond.op, name=cond.fact, other=operand_type)
            return
        if spec.type == "list":
            yield _problem(where, "compile.on-list", "type", op=cond.op, name=cond.fact)
        elif isinstance(cond.operand, model.Const):
            yield from _check_const(where, spec, cond.operand.value, f".{cond.op}")
        elif _family(spec.type) != _family(operand_type):
            yield _problem(where, "compile.compares-typed", "type", expected=spec.type, got=operand_type, op=cond.op,
                           type=spec.type, name=cond.fact, other=operand_type)


def _family(type_name: str) -> str:
    return {"int": "number", "number": "number", "enum": "string", "string": "string"}.get(type_name, type_name)


def _check_const(where: model.Loc | None, spec: model.FactSpec, value: model.Scalar,
                 suffix: str = "") -> Iterator[errors.Problem]:
    value_type = "bool" if isinstance(value, bool) else "number" if isinstance(value, (int, float)) else "string"
    if _family(spec.type) != value_type:
        yield _problem(where, "compile.type-mismatch", "type", expected=spec.type, got=value_type, path_suffix=suffix,
                       name=spec.name, type=spec.type, value=value)
    elif spec.type == "enum" and spec.values and value not in spec.values:
        yield _problem(where, "compile.bad-value", "type", expected_key="compile.one-of", got=repr(value),
                       suggestion=errors.did_you_mean(str(value), [str(v) for v in spec.values]), path_suffix=suffix,
                       value=value, name=spec.name, allowed=list(spec.values))


_TypeCheck = Generator[errors.Problem, None, str | None]


def _value_type(value: model.Scalar) -> str:
    return "bool" if isinstance(value, bool) else "number" if isinstance(value, (int, float)) else "string"


class _OperandType(algebra.OperandVisitor[_TypeCheck]):
    """Yield problems; return the operand's type name, or None if it is broken. `suffix`: the operand's path."""

    def __init__(self, where: model.Loc | None, rule: model.Rule, facts: dict[str, model.FactSpec],
                 params: dict[str, model.ParamValue], suffix: str = "") -> None:
        self.where, self.rule, self.facts, self.params, self.suffix = where, rule, facts, params, suffix

    def const(self, operand: model.Const) -> _TypeCheck:
        return _value_type(operand.value)
        yield  # a generator

    def fact(self, operand: model.FactRef) -> _TypeCheck:
        spec = self.facts.get(operand.name)
        if spec is None:
            yield _problem(self.where, "compile.unknown-fact", "unknown-fact",
                           suggestion=errors.did_you_mean(operand.name, self.facts),
                           path_suffix=self.suffix + ".fact", rule=self.rule.id, name=operand.name)
            return None
        return spec.type

    def param(self, operand: model.ParamRef) -> _TypeCheck:
        param = self.params.get(operand.name)
        if param is None:
            yield _problem(self.where, "compile.unknown-param", "unknown-param",
                           suggestion=errors.did_you_mean(operand.name, self.params),
                           path_suffix=self.suffix + ".param", rule=self.rule.id, name=operand.name)
            return None
        if isinstance(param.value, bool) or not isinstance(param.value, (int, float)):
            yield _problem(self.where, "compile.param-not-number", "type", expected_key="compile.a-number",
                           got=repr(param.value), path_suffix=self.suffix + ".param", name=operand.name)
            return None
        return "number"

    def arith(self, operand: model.Arith) -> _TypeCheck:
        sides = []
        for position, side in enumerate((operand.left, operand.right)):
            sub = _OperandType(self.where, self.rule, self.facts, self.params,
                               f"{self.suffix}.{operand.op}[{position}]")
            sides.append((yield from side.accept(sub)))
        if sides[0] is None or sides[1] is None:
            return None
        for position, side_type in enumerate(sides):
            if side_type not in NUMERIC:
                yield _problem(self.where, "compile.needs-numbers", "type", expected_key="compile.int-or-number",
                               got=side_type, path_suffix=f"{self.suffix}.{operand.op}[{position}]", op=operand.op)
                return None
        return "number"


# Derivation order -----------------------------------------------------------------------------------------------------


_facts_of = algebra.read_facts  # facts read in order, duplicates kept (the linter imports it under this name)
facts_of = algebra.facts_of


class _FactPath(algebra.Visitor[str]):
    """The path of the first place in a condition that reads fact `name` (the condition's own path if none)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def _group(self, cond: model.All | model.AnyOf) -> str:
        for child in cond.items:
            if self.name in set(algebra.read_facts(child)):
                return child.accept(self)
        return cond.path

    all = any = _group

    def not_(self, cond: model.Not) -> str:
        return cond.item.accept(self)

    def leaf(self, cond: model.Leaf) -> str:
        return cond.path + ".fact" if cond.fact == self.name else cond.path


def _fact_path(cond: model.Condition, name: str) -> str:
    return cond.accept(_FactPath(name))


def _deriver(rules: tuple[model.Rule, ...]) -> dict[str, model.Rule]:
    return {r.then.derive: r for r in rules if r.then.kind == "derive" and r.then.derive}


def _cycle(rules: tuple[model.Rule, ...]) -> list[str] | None:
    """A chain of rules deriving facts from each other back to the first, or None; iterative (derivation chains
    may be as long as the pack)."""
    derivers = _deriver(rules)
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in rules:
        if start.id in state:
            continue
        path: list[str] = [start.id]
        state[start.id] = 1
        stack: list[Iterator[str]] = [iter(_facts_of(start.when))]
        while stack:
            dep = next((derivers[f] for f in stack[-1] if f in derivers), None)
            if dep is None:
                stack.pop()
                state[path.pop()] = 2
            elif state.get(dep.id) == 1:
                return [*path[path.index(dep.id):], dep.id]
            elif dep.id not in state:
                state[dep.id] = 1
                path.append(dep.id)
                stack.append(iter(_facts_of(dep.when)))
    return None


def _strata(rules: tuple[model.Rule, ...]) -> dict[str, int]:
    """Each rule's evaluation round: 0 if it reads no derived fact, else one more than the rules it reads from.
    Iterative (a chain of 1,000 derived facts is a long chain, not a crash); a cycle (reported by `check`) counts
    as 0 where it closes."""
    derivers = _deriver(rules)
    memo: dict[str, int] = {}
    for start in rules:
        if start.id in memo:
            continue
        stack: list[model.Rule] = [start]
        active: set[str] = {start.id}
        while stack:
            rule = stack[-1]
            deps = [derivers[f] for f in dict.fromkeys(_facts_of(rule.when)) if f in derivers]
            pending = [d for d in deps if d.id not in memo and d.id not in active]
            if pending:
                stack.append(pending[0])
                active.add(pending[0].id)
                continue
            memo[rule.id] = 1 + max((memo.get(d.id, 0) for d in deps), default=-1)
            stack.pop()
            active.discard(rule.id)
    return memo
