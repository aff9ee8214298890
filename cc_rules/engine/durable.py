"""Forward chaining on durable-rules' C engine, through a lean loop of our own.

Measured (benchmarks/, docs/benchmarks.md): durable's Python `Host` spends most of its time
re-encoding JSON per firing, so this module drives the extension module `durable_rules_engine` directly, with the
same calls `durable/engine.py` makes. Design points, each answering a measured sharp edge:

- A rule becomes two durable rules, `<i>p` (the condition holds) and `<i>n` (it fails; negation pushed to the
  leaves), so durable itself decides true / false / unknown (neither fires) in Kleene logic: its comparisons never
  match a missing field.
- Evaluation goes by strata. Derived facts are forward-chained: the outcomes of stratum k's firings are asserted in
  stratum k+1's facts, which the rules of stratum k+1 match.
- Within a stratum, rules are grouped (`GROUP` rules reading similar facts); each group matches its own narrow fact
  (`t = g<k>`) carrying only the fields its rules read. durable returns the whole matched fact as JSON in every
  firing, so narrow facts halve the cost of a firing; one `assert_facts` call sends a stratum's facts.
- Within a group, each rule first tests one of `FANOUT` discriminator fields, so no alpha node has more than ~12
  successors (durable's fixed 64-slot walk stack otherwise fails with error 303 on packs of CCSO size).
- durable cannot compare a field with another field of the same fact (the reference reads garbage) and its `$div`
  truncates and crashed on `$lt`: comparisons with a computed operand therefore compare a precomputed difference
  term (`fact - operand`, see `values.difference`) with 0. The logic stays in durable.
- Numbers are written without exponents (durable's JSON parser rejects `1e-05`).
- Actions are a fixed table of vetted callables; an exception inside one is recorded and fails the assessment after
  the run instead of being swallowed. Every session fires the `open` rule and its state is deleted in `finally`.
- Registered rulesets live in a bounded cache (`PROGRAMS`, `PROGRAM_CACHE_SIZE`); evicting one calls
  `delete_ruleset`, so a process that sees many distinct packs stays flat (measured in benchmarks/cache_memory.py).
"""

from __future__ import annotations

import contextlib
import dataclasses
import decimal
import itertools
import json
import re
import threading
from collections.abc import Callable, Mapping
from typing import Any

import durable_rules_engine as dre  # the C extension installed by durable-rules

from cc_rules import model
from cc_rules.base import cache, errors
from cc_rules.compile import compiler
from cc_rules.engine import Evaluation, Outcome, Value, values
from cc_rules.model import conditions as algebra

GROUP = 24  # rules per fact: 48 durable rules under one type test
FANOUT = 12  # each group's durable rules fan out under 12 discriminators: alpha nodes stay far below durable's
# 64-slot walk stack (error 303 when ~64 rules hang off one test)
MAX_FIELDS = 255  # durable's MAX_OBJECT_PROPERTIES
MAX_SLOTS = 31  # durable's MAX_SEQUENCE_EXPRESSIONS (32), reached on the 32nd
_DUR = {"ne": "$neq", "lt": "$lt", "lte": "$lte", "gt": "$gt", "gte": "$gte"}
_LOCK = threading.RLock()
_SIDS = itertools.count(1)
_NAMES = itertools.count(1)

Json = dict[str, Any]


@dataclasses.dataclass(frozen=True)
class Layout:
    """One fact of a stratum: it carries only what its group of rules reads. Frames stay narrow, and durable hands
    the whole matched fact back as JSON in every firing, so narrow facts are what makes firings cheap."""

    stratum: int
    head: tuple[tuple[str, object], ...]  # type and discriminator fields
    slots: tuple[tuple[str, str], ...]  # (fact name, field)
    lengths: tuple[tuple[str, str], ...]  # (list fact, length field)
    terms: tuple[tuple[str, model.Compare], ...]  # (field, comparison whose difference it holds)

    def width(self) -> int:
        return 2 + len(self.head) + len(self.slots) + len(self.lengths) + len(self.terms)


@dataclasses.dataclass
class Program:
    """A compiled pack registered with durable: its handle and how to build frames and read firings."""

    handle: int
    layouts: tuple[Layout, ...]  # one per group of rules (each group belongs to one stratum)
    actions: dict[str, tuple[int, bool]]  # durable rule name → (rule index, outcome)
    derives: dict[int, str]  # rule index → the fact it derives
    definition: Json


class _Builder(algebra.SignedVisitor[Json]):
    def __init__(self, compiled: compiler.CompiledPack) -> None:
        self.compiled = compiled
        self.slots: dict[str, str] = {}
        self.lengths: dict[str, str] = {}
        self.terms: dict[model.Compare, str] = {}
        self.group = 0
        self.used: dict[int, dict[str, None]] = {}  # group → fields its rules read
        self.groups: list[tuple[int, int]] = []  # group → (stratum, number of durable rules)

    def _use(self, field: str) -> str:
        self.used.setdefault(self.group, {})[field] = None
        return field

    def slot(self, fact: str) -> str:
        if fact not in self.slots:
            self.slots[fact] = f"f{len(self.slots)}"
        return self._use(self.slots[fact])

    def length(self, fact: str) -> str:
        if fact not in self.lengths:
            self.lengths[fact] = f"n{len(self.lengths)}"
        return self._use(self.lengths[fact])

    def term(self, cond: model.Compare) -> str:
        if cond not in self.terms:
            self.terms[cond] = f"d{len(self.terms)}"
        return self._use(self.terms[cond])

    def layouts(self) -> tuple[Layout, ...]:
        out = []
        for group, (stratum, count) in enumerate(self.groups):
            used = self.used.get(group, {})
            head = (("t", f"g{group}"), *((f"_b{i}", 1) for i in range(min(count, FANOUT))))
            out.append(Layout(
                stratum=stratum,
                head=head,
                slots=tuple((f, s) for f, s in self.slots.items() if s in used),
                lengths=tuple((f, s) for f, s in self.lengths.items() if s in used),
                terms=tuple((s, c) for c, s in self.terms.items() if s in used),
            ))
        return tuple(out)

    def expr(self, cond: model.Condition, holds: bool) -> Json:
        """The durable expression that matches when `cond` evaluates to `holds` (never when unknown).

        durable's comparisons, `$iany` and `$iall` never match a missing field, so no existence guards are needed.
        """
        return self.walk(cond, negated=not holds)

    def conj(self, parts: list[Json]) -> Json:
        return _join("$and", parts)

    def disj(self, parts: list[Json]) -> Json:
        return _join("$or", parts)

    def exists(self, cond: model.Exists, negated: bool) -> Json:
        return {"$nex" if (cond.present == negated) else "$ex": {self.slot(cond.fact): 1}}

    def in_(self, cond: model.In, negated: bool) -> Json:
        field = self.slot(cond.fact)
        if not negated:
            return _join("$or", [{field: v} for v in cond.values])
        return _join("$and", [{"$neq": {field: v}} for v in cond.values])

    def contains(self, cond: model.Contains, negated: bool) -> Json:
        field = self.slot(cond.fact)
        if not negated:
            return {"$iany": {field: {"$i": cond.value}}}
        # `$iall` is false on an empty list, hence the length field.
        return _join("$or", [{self.length(cond.fact): 0}, {"$iall": {field: {"$neq": {"$i": cond.value}}}}])

    def compare(self, cond: model.Compare, negated: bool) -> Json:
        field = self.slot(cond.fact)
        op = algebra.NEGATE[cond.op] if negated else cond.op
        if isinstance(cond.operand, model.Const):
            return _compare(op, field, cond.operand.value)
        return _compare(op, self.term(cond), 0)


def _compare(op: str, field: str, value: object) -> Json:
    return {field: value} if op == "eq" else {_DUR[op]: {field: value}}


def _join(op: str, parts: list[Json]) -> Json:
    """`$and`/`$or` with nested operators of the same kind flattened into it: every nesting costs durable two of
    the 31 expression slots an alias has (`MAX_SEQUENCE_EXPRESSIONS`)."""
    flat: list[Json] = []
    for part in parts:
        if set(part) == {op}:
            flat.extend(part[op])
        else:
            flat.append(part)
    return flat[0] if len(flat) == 1 else {op: flat}


def expression_slots(expr: Json) -> int:
    """Slots of durable's per-alias expression sequence that `expr` uses (two per `$and`/`$or`)."""
    for op in ("$and", "$or"):
        if op in expr:
            return 2 + sum(expression_slots(e) for e in expr[op])
    return 0


def build(compiled: compiler.CompiledPack) -> tuple[Json, _Builder]:
    """The ruleset definition, as data (never generated source).

    Each stratum's rules are split into groups of `GROUP` rules that read similar facts; each group matches its own
    fact (`t = g<k>`), so a fact is walked only by its group's rules and carries only their fields.
    """
    builder = _Builder(compiled)
    definition: Json = {"o": {"all": [{"m": {"t": "g0"}}]}}
    for stratum in range(compiled.strata):
        rules = sorted((r for r in compiled.rules if r.stratum == stratum), key=lambda r: (r.facts, r.index))
        for start in range(0, max(len(rules), 1), GROUP):
            chunk = rules[start:start + GROUP]
            builder.group = len(builder.groups)
            builder.groups.append((stratum, 2 * len(chunk)))
            for j, (rule, holds) in enumerate((r, h) for r in chunk for h in (True, False)):
                head: list[Json] = [{"t": f"g{builder.group}"}, {f"_b{j % FANOUT}": 1}]
                body = _join("$and", [*head, builder.expr(rule.when, holds)])
                if expression_slots(body) >= MAX_SLOTS:
                    raise errors.PackError([errors.Problem.of(
                        "engine.too-deep", file=rule.rule.loc.file if rule.rule.loc else compiled.pack.source,
                        line=rule.rule.loc.line if rule.rule.loc else None, path=(rule.rule.loc.path if rule.rule.loc
                        else "$") + ".when", code="engine-limit", rule=rule.rule.id,
                        groups=expression_slots(body) // 2, limit=MAX_SLOTS // 2 - 1)])
                definition[f"{rule.index}{'p' if holds else 'n'}"] = {"all": [{"m": body}]}
    return definition, builder


_NUMBER_OR_STRING = re.compile(r'"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?[eE][-+]?\d+')


_MAYBE_EXPONENT = re.compile(r"\d[eE][-+\d]")


def dumps(data: object) -> str:
    """JSON that durable's parser accepts: numbers never in exponent notation."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    if _MAYBE_EXPONENT.search(text) is None:  # cheap test first: most frames have no exponent anywhere
        return text
    return _NUMBER_OR_STRING.sub(_positional, text)


def _positional(match: re.Match[str]) -> str:
    token = match.group(0)
    return token if token.startswith('"') else format(decimal.Decimal(token), "f")


PROGRAM_CACHE_SIZE = 16  # rulesets kept registered in the C engine (~2.7 MB each for a CCSO-sized pack)
RELEASED = 0  # rulesets deleted from the C engine so far (tests and benchmarks read it)


def _release(_key: str, prog: Program) -> None:
    """Eviction: free the ruleset in the C engine (`delete_ruleset`); evaluations hold `_LOCK`, so none is using it."""
    global RELEASED
    try:
        dre.delete_ruleset(prog.handle)
    except dre.error:
        return
    RELEASED += 1


PROGRAMS: cache.LRU[str, Program] = cache.LRU("durable-programs", PROGRAM_CACHE_SIZE, on_evict=_release)


def program(compiled: compiler.CompiledPack) -> Program:
    """The compiled pack registered with durable, once per content key while it stays in `PROGRAMS` (bounded: the
    least recently used ruleset is deleted from the C engine when a new one would exceed the bound)."""
    with _LOCK:
        found = PROGRAMS.get(compiled.key)
        return found if found is not None else PROGRAMS.put(compiled.key, _register(compiled))


def _register(compiled: compiler.CompiledPack) -> Program:
    definition, builder = build(compiled)
    layouts = builder.layouts()
    width = max(layout.width() for layout in layouts)
    if width > MAX_FIELDS:
        raise errors.PackError([errors.Problem.of(
            "engine.too-many-fields", file=compiled.pack.source, expected_key="engine.at-most-fields", got=str(width),
            code="engine-limit", pack=compiled.pack.id, limit=MAX_FIELDS)])
    try:
        handle = dre.create_ruleset(f"{compiled.key}_{next(_NAMES)}", dumps(definition))
    except dre.error as exc:
        raise errors.EngineError([errors.Problem.of("engine.rejected", file=compiled.pack.source, code="engine",
                                                    reason=str(exc))]) from None
    actions = {f"{r.index}{'p' if h else 'n'}": (r.index, h) for r in compiled.rules for h in (True, False)}
    derives = {r.index: r.rule.then.derive for r in compiled.rules if r.rule.then.derive}
    return Program(handle, layouts, actions, derives, definition)


class DurableEvaluator:
    name = "durable"

    def evaluate(self, compiled: compiler.CompiledPack, facts: Mapping[str, Value]) -> Evaluation:
        known = dict(facts)
        outcomes: list[Outcome] = [None] * len(compiled.rules)
        derived: dict[str, bool] = {}
        failures: list[errors.Problem] = []
        derives: dict[int, str] = {}

        def record(index: int, holds: bool) -> None:
            outcomes[index] = holds
            target = derives.get(index)
            if target is not None:
                derived[target] = holds

        table: dict[str, Callable[[], None]] = {"o": lambda: None}
        with _LOCK:  # held from lookup to `delete_state`: the program cannot be evicted while in use
            prog = program(compiled)
            derives = prog.derives
            sid = str(next(_SIDS))
            try:
                for stratum in range(compiled.strata):
                    known.update(derived)
                    frames = [self._frame(layout, known, sid, group) for group, layout in enumerate(prog.layouts)
                              if layout.stratum == stratum]
                    result = dre.assert_facts(prog.handle, dumps(frames))
                    state_handle = result[1]
                    started = dre.start_action_for_state(prog.handle, state_handle)
                    message = started[1] if started else None
                    while message:
                        name = message[2:message.index('"', 2)]
                        try:
                            action = table.get(name)
                            if action is not None:
                                action()
                            else:
                                record(*prog.actions[name])
                        except Exception as exc:
                            failures.append(errors.Problem.of("engine.action-failed", code="engine", name=name,
                                                                      reason=repr(exc)))
                        message = dre.complete_and_start_action(prog.handle, state_handle)
            except dre.error as exc:
                failures.append(errors.Problem.of("engine.failed", file=compiled.pack.source, code="engine",
                                                  reason=str(exc)))
            finally:
                with contextlib.suppress(dre.error):
                    dre.delete_state(prog.handle, sid)
        if failures:
            raise errors.EngineError(failures)
        return Evaluation(tuple(outcomes), tuple(sorted(derived.items())), self.name)

    @staticmethod
    def _frame(layout: Layout, known: Mapping[str, Value], sid: str, group: int) -> Json:
        frame: Json = {"sid": sid, "id": f"g{group}"}
        frame.update(layout.head)
        for fact, field in layout.slots:
            value = known.get(fact)
            if value is not None:
                frame[field] = list(value) if isinstance(value, tuple) else value
        for fact, field in layout.lengths:
            value = known.get(fact)
            if value is not None:
                frame[field] = len(value)  # type: ignore[arg-type]
        for field, cond in layout.terms:
            diff = values.difference(cond, known)
            if diff is not None:
                frame[field] = diff
        return frame
