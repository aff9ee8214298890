"""Pack → `CompiledPack` for one date: parameters resolved, rules in force selected, every check done up front.

Everything that can be known before a fact arrives is checked here and reported together: duplicate ids, unknown
facts, items, parameters and actions (with "did you mean"), type mismatches, derived facts that depend on themselves.
Compiling is pure and cached per pack content and date-dependent signature.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import itertools
import json
import re
from collections.abc import Generator, Iterator

from cc_rules import model
from cc_rules.base import errors
from cc_rules.io import loading

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

    def fact(self, name: str) -> model.FactSpec | None:
        return self._facts.get(name)

    def param(self, name: str) -> model.ParamValue | None:
        return self._params.get(name)

    def rule(self, rule_id: str) -> CompiledRule | None:
        return self._rules.get(rule_id)

    def needed_facts(self) -> tuple[str, ...]:
        """Evidence facts the rules in force read (derived facts excluded)."""
        names = {f for r in self.rules for f in r.facts}
        return tuple(sorted(n for n in names if not self._facts[n].derived))


def implicit_facts(pack: model.Pack) -> tuple[model.FactSpec, ...]:
    """Facts every pack has without declaring them: the organisation block and one review per subjective item."""
    out = []
    if pack.fact("organization.seats") is None:
        out.append(model.FactSpec("organization.seats", "int", model.Text("坐席数", "Seats"), min=0))
    if pack.fact("organization.industry") is None:
        out.append(model.FactSpec("organization.industry", "string", model.Text("行业", "Industry")))
    for item in pack.items:
        if item.kind == "subjective" and pack.fact(f"review.{item.id}") is None:
            out.append(model.FactSpec(f"review.{item.id}", "bool",
                                      model.Text(f"评审员对 {item.id} 的评分", f"Reviewer's judgement of {item.id}")))
    return tuple(out)


def compile_pack(pack: model.Pack, as_of: dt.date) -> CompiledPack:
    """Compile the edition of `pack` in force on `as_of`; raises `PackError` with every problem found."""
    edition = pack.edition_at(as_of)
    if edition is None:
        first = pack.editions[0]
        raise errors.PackError([errors.Problem(
            f"no edition of pack {pack.id!r} is in force on {as_of.isoformat()}", file=f"{pack.source}/pack.yaml",
            path="$.editions", expected=f"a date on or after {first.effective_from.isoformat()}", got=as_of.isoformat(),
            code="no-edition")])
    rules = tuple(r for r in pack.rules if r.in_force(as_of))
    params = tuple((p.name, v) for p in pack.parameters if (v := p.at(as_of)) is not None)
    signature = json.dumps([edition.id, [r.id for r in rules], [(n, v.value) for n, v in params]],
                           sort_keys=True, default=str, ensure_ascii=False)
    digest = hashlib.sha256(signature.encode()).hexdigest()[:16]
    compiled, facts, n_strata = _compile_cached(pack, rules, params, digest)
    return CompiledPack(pack=pack, edition=edition, as_of=as_of, params=params, rules=compiled, facts=facts,
                        strata=n_strata, key=f"{pack.id}_{pack.sha256[:12]}_{digest}")


_Compiled = tuple[tuple[CompiledRule, ...], tuple[model.FactSpec, ...], int]
_CACHE: dict[tuple[str, str, str], _Compiled] = {}


def _compile_cached(pack: model.Pack, rules: tuple[model.Rule, ...],
                    params: tuple[tuple[str, model.ParamValue], ...], signature: str) -> _Compiled:
    key = (pack.root, pack.sha256, signature)
    if key in _CACHE:
        return _CACHE[key]
    facts = pack.facts + implicit_facts(pack)
    problems = list(check(pack, rules, facts, dict(params)))
    if problems:
        raise errors.PackError(problems)
    param_map = dict(params)
    strata = _strata(rules)
    compiled = tuple(
        CompiledRule(
            index=i, rule=r, when=_resolve(r.when, param_map), facts=tuple(sorted(set(_facts_of(r.when)))),
            stratum=strata[r.id], points=_points(r),
        )
        for i, r in enumerate(rules)
    )
    result = compiled, facts, (max(strata.values()) + 1 if strata else 1)
    if len(_CACHE) > 256:
        _CACHE.clear()
    _CACHE[key] = result
    return result


def _points(rule: model.Rule) -> float | None:
    if rule.then.kind not in ("deduct", "add"):
        return None
    if rule.points is not None:
        return rule.points
    return rule.then.points


# Checks ---------------------------------------------------------------------------------------------------------------


def check(pack: model.Pack, rules: tuple[model.Rule, ...], facts: tuple[model.FactSpec, ...],
          params: dict[str, model.ParamValue]) -> Iterator[errors.Problem]:
    """Every static problem of a pack, as a stream (the linter reuses it)."""
    fact_map = {f.name: f for f in facts}
    yield from _duplicates("fact", [(f.name, f.loc) for f in pack.facts], ".name")
    yield from _duplicates("item", [(i.id, i.loc) for i in pack.items], ".id")
    yield from _duplicates("rule", [(r.id, r.loc) for r in pack.rules], ".id")
    yield from _duplicates("action", [(a.id, a.loc) for a in pack.actions], ".id")
    item_ids = [i.id for i in pack.items]
    for item in pack.items:
        if item.parent is not None and pack.item(item.parent) is None:
            yield _problem(item.loc, f"item {item.id!r} has unknown parent {item.parent!r}", "unknown-item",
                           suggestion=errors.did_you_mean(item.parent, item_ids), path_suffix=".parent")
    for spec in pack.facts:
        if spec.type in ("enum",) and not spec.values:
            yield _problem(spec.loc, f"enum fact {spec.name!r} lists no values", "type")
    levels = {lv.level for lv in pack.levels}
    if pack.model == "maturity" and levels != set(range(1, len(levels) + 1)):
        yield errors.Problem("maturity levels must be numbered 1, 2, … without gaps", file=f"{pack.source}/pack.yaml",
                             path="$.levels", got=str(sorted(levels)), code="levels")
    derived_by: dict[str, str] = {}
    for rule in rules:
        yield from _check_rule(pack, rule, fact_map, params, levels)
        if rule.then.kind == "derive" and rule.then.derive is not None:
            target = rule.then.derive
            if target in derived_by:
                yield _problem(rule.loc, f"fact {target!r} is derived by both {derived_by[target]!r} and {rule.id!r}",
                               "duplicate-derivation")
            derived_by[target] = rule.id
    for spec in facts:
        if spec.derived and spec.name not in derived_by and any(spec.name in _facts_of(r.when) for r in rules):
            yield _problem(spec.loc, f"derived fact {spec.name!r} is used but no rule in force derives it",
                           "underived")
    cycle = _cycle(rules)
    if cycle:
        by_id = {r.id: r for r in rules}
        chain = [by_id[rule_id] for rule_id in cycle]
        looped, reads = chain[0].then.derive, chain[1].then.derive or ""
        steps = ", ".join(f"{r.id!r} derives {r.then.derive!r} from {n.then.derive!r}"
                          for r, n in itertools.pairwise(chain))
        where = model.Loc(chain[0].loc.file, chain[0].loc.line, _fact_path(chain[0].when, reads)) \
            if chain[0].loc else None
        yield _problem(where, f"derived fact {looped!r} depends on itself: {steps}", "cycle")


def _duplicates(what: str, entries: list[tuple[str, model.Loc | None]], suffix: str) -> Iterator[errors.Problem]:
    seen: dict[str, model.Loc | None] = {}
    for key, loc in entries:
        if key in seen:
            first = seen[key]
            where = f" (first defined at {first.file}:{first.line})" if first else ""
            yield _problem(loc, f"duplicate {what} id {key!r}{where}", "duplicate-id", path_suffix=suffix)
        else:
            seen[key] = loc


def _problem(loc: model.Loc | None, message: str, code: str, *, suggestion: str | None = None,
             expected: str | None = None, got: str | None = None, path_suffix: str = "") -> errors.Problem:
    path = (loc.path if loc else "$") + path_suffix
    line = _line_of(loc.file, path, loc.line) if loc else None
    return errors.Problem(message, file=loc.file if loc else None, line=line, path=path, suggestion=suggestion,
                          expected=expected, got=got, code=code)


_PATH_PART = re.compile(r"\.([^.\[]+)|\[(\d+)\]")


def _line_of(file: str, path: str, fallback: int | None) -> int | None:
    """The line of `path` in `file` (model locations only know the line of a whole rule or entry).

    Only used when a problem is reported, so the file is read again rather than every line kept in the model.
    """
    if not path.startswith("$"):
        return fallback
    parts: list[str | int] = []
    for match in _PATH_PART.finditer(path, 1):
        parts.append(match.group(1) if match.group(1) is not None else int(match.group(2)))
    try:
        doc = loading.read_document(file)
    except (errors.CcRulesError, OSError):
        return fallback
    line = doc.line_of(tuple(parts))
    return line if line is not None else fallback


def _check_rule(pack: model.Pack, rule: model.Rule, facts: dict[str, model.FactSpec],
                params: dict[str, model.ParamValue], levels: set[int]) -> Iterator[errors.Problem]:
    item = pack.item(rule.item)
    if item is None:
        yield _problem(rule.loc, f"rule {rule.id!r} refers to unknown item {rule.item!r}", "unknown-item",
                       suggestion=errors.did_you_mean(rule.item, [i.id for i in pack.items]), path_suffix=".item")
    for position, action_id in enumerate(rule.then.recommend):
        if pack.action(action_id) is None:
            yield _problem(rule.loc, f"rule {rule.id!r} recommends unknown action {action_id!r}", "unknown-action",
                           suggestion=errors.did_you_mean(action_id, [a.id for a in pack.actions]),
                           path_suffix=f".then.recommend[{position}]")
    kind = rule.then.kind
    if pack.model == "maturity" and kind == "requirement":
        if rule.level is None:
            yield _problem(rule.loc, f"requirement {rule.id!r} of a maturity pack needs a level", "level")
        elif rule.level not in levels:
            yield _problem(rule.loc, f"rule {rule.id!r} names level {rule.level}, which the pack does not define",
                           "level", expected=f"one of {sorted(levels)}", got=str(rule.level))
    if kind in ("deduct", "add") and pack.model != "points":
        yield _problem(rule.loc, f"rule {rule.id!r} moves points but pack {pack.id!r} is a {pack.model} pack",
                       "then-kind")
    if kind in ("deduct", "add") and item is not None and item.dimension is None:
        yield _problem(rule.loc, f"rule {rule.id!r} moves points on item {item.id!r}, which has no dimension",
                       "dimension")
    if kind == "derive":
        target = facts.get(rule.then.derive or "")
        if target is None:
            yield _problem(rule.loc, f"rule {rule.id!r} derives undeclared fact {rule.then.derive!r}", "unknown-fact",
                           suggestion=errors.did_you_mean(rule.then.derive or "", facts), path_suffix=".then.derive")
        elif not target.derived or target.type != "bool":
            yield _problem(rule.loc, f"fact {target.name!r} is derived by {rule.id!r} but is not declared "
                           "`derived: true` with type bool", "type", path_suffix=".then.derive")
    yield from _check_condition(rule, rule.when, facts, params)


def _check_condition(rule: model.Rule, cond: model.Condition, facts: dict[str, model.FactSpec],
                     params: dict[str, model.ParamValue]) -> Iterator[errors.Problem]:
    loc = rule.loc
    if isinstance(cond, (model.All, model.AnyOf)):
        for child in cond.items:
            yield from _check_condition(rule, child, facts, params)
        return
    if isinstance(cond, model.Not):
        yield from _check_condition(rule, cond.item, facts, params)
        return
    spec = facts.get(cond.fact)
    where = model.Loc(loc.file, loc.line, cond.path) if loc else None
    if spec is None:
        yield _problem(where, f"rule {rule.id!r} reads unknown fact {cond.fact!r}", "unknown-fact",
                       suggestion=errors.did_you_mean(cond.fact, facts), path_suffix=".fact")
        return
    if isinstance(cond, model.Exists):
        return
    if isinstance(cond, model.Contains):
        if spec.type != "list":
            yield _problem(where, f"`contains` needs a list fact, {cond.fact!r} is {spec.type}", "type",
                           expected="list", got=spec.type)
        elif spec.values and cond.value not in spec.values:
            yield _problem(where, f"{cond.value!r} is not an allowed item of {cond.fact!r}", "type",
                           expected=f"one of {list(spec.values)}", got=repr(cond.value),
                           suggestion=errors.did_you_mean(str(cond.value), [str(v) for v in spec.values]))
        return
    if isinstance(cond, model.In):
        if spec.type == "list":
            yield _problem(where, f"`in` needs a single-valued fact, {cond.fact!r} is a list (use contains)", "type")
        for position, value in enumerate(cond.values):
            yield from _check_const(where, spec, value, f".in[{position}]")
        return
    # Compare
    operand_type = yield from _operand_type(where, rule, cond.operand, facts, params, f".{cond.op}")
    if operand_type is None:
        return
    if cond.op in ("lt", "lte", "gt", "gte"):
        if spec.type not in NUMERIC:
            yield _problem(where, f"`{cond.op}` needs a number, {cond.fact!r} is {spec.type}", "type",
                           expected="int or number", got=spec.type)
        elif operand_type not in NUMERIC:
            yield _problem(where, f"`{cond.op}` compares {cond.fact!r} with a {operand_type}", "type",
                           expected="a number", got=operand_type)
        return
    if spec.type == "list":
        yield _problem(where, f"`{cond.op}` on list fact {cond.fact!r} (use contains)", "type")
    elif isinstance(cond.operand, model.Const):
        yield from _check_const(where, spec, cond.operand.value, f".{cond.op}")
    elif _family(spec.type) != _family(operand_type):
        yield _problem(where, f"`{cond.op}` compares {spec.type} fact {cond.fact!r} with a {operand_type}", "type",
                       expected=spec.type, got=operand_type)


def _family(type_name: str) -> str:
    return {"int": "number", "number": "number", "enum": "string", "string": "string"}.get(type_name, type_name)


def _check_const(where: model.Loc | None, spec: model.FactSpec, value: model.Scalar,
                 suffix: str = "") -> Iterator[errors.Problem]:
    value_type = "bool" if isinstance(value, bool) else "number" if isinstance(value, (int, float)) else "string"
    if _family(spec.type) != value_type:
        yield _problem(where, f"type mismatch: fact {spec.name!r} is {spec.type}, compared with {value!r}", "type",
                       expected=spec.type, got=value_type, path_suffix=suffix)
    elif spec.type == "enum" and spec.values and value not in spec.values:
        yield _problem(where, f"{value!r} is not a value of {spec.name!r}", "type",
                       expected=f"one of {list(spec.values)}", got=repr(value),
                       suggestion=errors.did_you_mean(str(value), [str(v) for v in spec.values]), path_suffix=suffix)


def _operand_type(where: model.Loc | None, rule: model.Rule, operand: model.Operand, facts: dict[str, model.FactSpec],
                  params: dict[str, model.ParamValue],
                  suffix: str = "") -> Generator[errors.Problem, None, str | None]:
    """Yield problems; return the operand's type name, or None if it is broken. `suffix`: the operand's path."""
    if isinstance(operand, model.Const):
        value = operand.value
        return "bool" if isinstance(value, bool) else "number" if isinstance(value, (int, float)) else "string"
    if isinstance(operand, model.FactRef):
        spec = facts.get(operand.name)
        if spec is None:
            yield _problem(where, f"rule {rule.id!r} reads unknown fact {operand.name!r}", "unknown-fact",
                           suggestion=errors.did_you_mean(operand.name, facts), path_suffix=suffix + ".fact")
            return None
        return spec.type
    if isinstance(operand, model.ParamRef):
        param = params.get(operand.name)
        if param is None:
            yield _problem(where, f"rule {rule.id!r} uses parameter {operand.name!r}, which has no value in force",
                           "unknown-param", suggestion=errors.did_you_mean(operand.name, params),
                           path_suffix=suffix + ".param")
            return None
        if isinstance(param.value, bool) or not isinstance(param.value, (int, float)):
            yield _problem(where, f"parameter {operand.name!r} is used as a number", "type",
                           expected="a number", got=repr(param.value), path_suffix=suffix + ".param")
            return None
        return "number"
    left = yield from _operand_type(where, rule, operand.left, facts, params, f"{suffix}.{operand.op}[0]")
    right = yield from _operand_type(where, rule, operand.right, facts, params, f"{suffix}.{operand.op}[1]")
    if left is None or right is None:
        return None
    for position, side in enumerate((left, right)):
        if side not in NUMERIC:
            yield _problem(where, f"`{operand.op}` needs numbers", "type", expected="int or number", got=side,
                           path_suffix=f"{suffix}.{operand.op}[{position}]")
            return None
    return "number"


# Derivation order -----------------------------------------------------------------------------------------------------


def _facts_of(cond: model.Condition | model.Operand) -> Iterator[str]:
    if isinstance(cond, (model.All, model.AnyOf)):
        for child in cond.items:
            yield from _facts_of(child)
    elif isinstance(cond, model.Not):
        yield from _facts_of(cond.item)
    elif isinstance(cond, model.Compare):
        yield cond.fact
        yield from _facts_of(cond.operand)
    elif isinstance(cond, (model.In, model.Contains, model.Exists)):
        yield cond.fact
    elif isinstance(cond, model.FactRef):
        yield cond.name
    elif isinstance(cond, model.Arith):
        yield from _facts_of(cond.left)
        yield from _facts_of(cond.right)


def _fact_path(cond: model.Condition, name: str) -> str:
    """The path of the first place in `cond` that reads fact `name` (the condition's own path if none)."""
    if isinstance(cond, (model.All, model.AnyOf)):
        for child in cond.items:
            if name in set(_facts_of(child)):
                return _fact_path(child, name)
    elif isinstance(cond, model.Not):
        return _fact_path(cond.item, name)
    elif isinstance(cond, (model.Compare, model.In, model.Contains, model.Exists)) and cond.fact == name:
        return cond.path + ".fact"
    return cond.path


def facts_of(cond: model.Condition) -> tuple[str, ...]:
    return tuple(sorted(set(_facts_of(cond))))


def _deriver(rules: tuple[model.Rule, ...]) -> dict[str, model.Rule]:
    return {r.then.derive: r for r in rules if r.then.kind == "derive" and r.then.derive}


def _cycle(rules: tuple[model.Rule, ...]) -> list[str] | None:
    derivers = _deriver(rules)
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(rule: model.Rule) -> list[str] | None:
        state[rule.id] = 1
        path.append(rule.id)
        for fact in _facts_of(rule.when):
            dep = derivers.get(fact)
            if dep is None:
                continue
            if state.get(dep.id) == 1:
                return path[path.index(dep.id):] + [dep.id]
            if state.get(dep.id) is None and (found := visit(dep)):
                return found
        path.pop()
        state[rule.id] = 2
        return None

    for rule in rules:
        if rule.id not in state and (found := visit(rule)):
            return found
    return None


def _strata(rules: tuple[model.Rule, ...]) -> dict[str, int]:
    derivers = _deriver(rules)
    memo: dict[str, int] = {}

    def level(rule: model.Rule, depth: int = 0) -> int:
        if rule.id in memo:
            return memo[rule.id]
        deps = [derivers[f] for f in set(_facts_of(rule.when)) if f in derivers]
        value = 0 if not deps or depth > len(rules) else 1 + max(level(d, depth + 1) for d in deps)
        memo[rule.id] = value
        return value

    return {r.id: level(r) for r in rules}


def _resolve(cond: model.Condition, params: dict[str, model.ParamValue]) -> model.Condition:
    """Replace parameter references by the constants in force."""
    if isinstance(cond, model.All):
        return model.All(tuple(_resolve(c, params) for c in cond.items), cond.path)
    if isinstance(cond, model.AnyOf):
        return model.AnyOf(tuple(_resolve(c, params) for c in cond.items), cond.path)
    if isinstance(cond, model.Not):
        return model.Not(_resolve(cond.item, params), cond.path)
    if isinstance(cond, model.Compare):
        return model.Compare(cond.fact, cond.op, _resolve_operand(cond.operand, params), cond.path)
    return cond


def _resolve_operand(operand: model.Operand, params: dict[str, model.ParamValue]) -> model.Operand:
    if isinstance(operand, model.ParamRef):
        return model.Const(params[operand.name].value)  # type: ignore[arg-type]
    if isinstance(operand, model.Arith):
        return model.Arith(operand.op, _resolve_operand(operand.left, params), _resolve_operand(operand.right, params))
    return operand
