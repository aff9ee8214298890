"""Forward chaining on durable-rules' C engine, through a lean loop of our own.

Measured (benchmarks/, docs/benchmarks.md): durable's Python `Host` spends most of its time
re-encoding JSON per firing, so this module drives the extension module `durable_rules_engine` directly, with the
same calls `durable/engine.py` makes. Design points, each answering a measured sharp edge:

- Only what must fire is registered: one durable rule per rule, `<i>`, matching when its condition holds (negation
  pushed to the leaves). durable's comparisons never match a missing field, so a rule whose facts are all present
  and that did not fire is false. A rule touching an absent fact (or a computed operand that is unknown, such as a
  division by zero) is three-valued: its outcome is completed by the plain fold (`closures.py`) over the same
  facts. So durable decides every rule whose facts are all present, and no second rule set (`<i>n`) is needed.
- One long-lived session per program (`sid` fixed, the program serialised by `_LOCK`): an assessment asserts its
  frames, runs the firings and retracts the same frames (the JSON it asserted, sent again). Creating and deleting a
  session per assessment allocated durable's state nodes every time; retraction reuses them. A session is opened by
  one `open` fact whose rule fires once (`delete_state` on a session where no action ever ran aborts the process;
  a session that failed half-way is never reused: its program is evicted, `delete_ruleset` frees it).
- Evaluation goes by strata. Derived facts are forward-chained: the outcomes of stratum k are asserted in stratum
  k+1's frames, which the rules of stratum k+1 match.
- Within a stratum, rules are grouped (`GROUP` rules reading similar facts); each group matches its own narrow fact
  (`t = g<k>`) carrying only the fields its rules read. durable returns the whole matched fact as JSON in every
  firing, so narrow facts keep firings cheap; one `assert_facts` call sends a stratum's frames. A group stays far
  below the ~64 rules per alpha node at which durable's fixed walk stack fails (error 303).
- durable cannot compare a field with another field of the same fact (the reference reads garbage) and its `$div`
  truncates and crashed on `$lt`: comparisons with a computed operand therefore compare a precomputed difference
  term (`fact - operand`, see `values.difference`) with 0. The logic stays in durable.
- Numbers are written without exponents (durable's JSON parser rejects `1e-05`).
- Actions are a fixed table; an exception while recording a firing is recorded and fails the assessment after the
  run instead of being swallowed.
- Registered rulesets live in a bounded cache (`PROGRAMS`, `PROGRAM_CACHE_SIZE`); evicting one calls
  `delete_ruleset`, so a process that sees many distinct packs stays flat (measured in benchmarks/soak_packs.py).
"""

from __future__ import annotations

import dataclasses
import decimal
import itertools
import json
import re
import threading
from collections.abc import Mapping
from typing import Any

import durable_rules_engine as dre  # the C extension installed by durable-rules
import orjson

from cc_rules import model
from cc_rules.base import cache, errors
from cc_rules.compile import compiler, limits
from cc_rules.engine import Evaluation, Outcome, Value, closures
from cc_rules.model import conditions as algebra

GROUP = 24  # rules per fact: 24 durable rules under one type test, far below durable's 64-slot walk stack
MAX_FIELDS = 255  # durable's MAX_OBJECT_PROPERTIES
NODE_BUDGET = 500  # successors of a group's type test: durable hangs in create_ruleset at 512 (each rule's first
# test, plus each branch of its `$or`s); a group closes before its rules would pass this
MAX_SLOTS = 31  # durable's MAX_SEQUENCE_EXPRESSIONS (32), reached on the 32nd
_DUR = {"ne": "$neq", "lt": "$lt", "lte": "$lte", "gt": "$gt", "gte": "$gte"}
_LOCK = threading.RLock()
_NAMES = itertools.count(1)
SID = "s"  # the one long-lived session of every program
OPEN = "o"  # the rule that fires once when a session is opened

Json = dict[str, Any]


@dataclasses.dataclass(frozen=True)
class Layout:
    """One fact of a stratum: it carries only what its group of rules reads. Frames stay narrow, and durable hands
    the whole matched fact back as JSON in every firing, so narrow facts are what makes firings cheap.

    Each field lists the rules reading it: when the field is missing from a frame, those rules are three-valued
    and the plain fold completes them."""

    stratum: int
    group: int
    slots: tuple[tuple[str, str, tuple[int, ...]], ...]  # (fact name, field, rules reading it)
    lengths: tuple[tuple[str, str], ...]  # (list fact, length field); present exactly when the list's slot is
    terms: tuple[tuple[str, model.Compare, tuple[int, ...]], ...]  # (field, comparison, rules reading it)
    name: str = ""  # the frame's id and type, `g<group>`
    head: tuple[tuple[str, str], ...] = ()  # sid, id and t
    pairs: tuple[tuple[str, str], ...] = ()  # (fact name, field) of `slots`
    differences: tuple[tuple[str, closures.Calc, tuple[int, ...]], ...] = ()  # terms as closures: `fact - operand`

    def width(self) -> int:
        return 3 + len(self.slots) + len(self.lengths) + len(self.terms)  # sid, id and t besides the data fields


@dataclasses.dataclass
class Program:
    """A compiled pack registered with durable: its handle, how to build frames and read firings, its session."""

    handle: int
    layouts: tuple[Layout, ...]  # one per group of rules (each group belongs to one stratum)
    strata: tuple[tuple[tuple[Layout, ...], tuple[tuple[int, str], ...]], ...]
    # per stratum: (its layouts, (rule index, derived fact) of its deriving rules)
    actions: dict[str, int]  # durable rule name → rule index
    fold: closures.Program  # the plain closures that complete three-valued outcomes
    definition: Json
    opened: bool = False
    broken: bool = False


class _Builder(algebra.SignedVisitor[Json]):
    def __init__(self, compiled: compiler.CompiledPack) -> None:
        self.compiled = compiled
        self.slots: dict[str, str] = {}
        self.lengths: dict[str, str] = {}
        self.terms: dict[model.Compare, str] = {}
        self.group = 0
        self.rule = 0
        self.used: dict[int, dict[str, dict[int, None]]] = {}  # group → field → rules reading it
        self.groups: list[int] = []  # group → stratum

    def _use(self, field: str) -> str:
        self.used.setdefault(self.group, {}).setdefault(field, {})[self.rule] = None
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
        for group, stratum in enumerate(self.groups):
            used = self.used.get(group, {})
            terms = tuple((s, c, tuple(used[s])) for c, s in self.terms.items() if s in used)
            out.append(Layout(
                stratum=stratum,
                group=group,
                slots=tuple((f, s, tuple(used[s])) for f, s in self.slots.items() if s in used),
                lengths=tuple((f, s) for f, s in self.lengths.items() if s in used),
                terms=terms,
                name=f"g{group}",
                head=(("sid", SID), ("id", f"g{group}"), ("t", f"g{group}")),
                pairs=tuple((f, s) for f, s in self.slots.items() if s in used),
                differences=tuple((s, closures.difference(c), readers) for s, c, readers in terms),
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
    """The ruleset definition, as data (never generated source): one durable rule per rule, matching when it holds.

    Each stratum's rules are split into groups of `GROUP` rules that read similar facts; each group matches its own
    fact (`t = g<k>`), so a fact is walked only by its group's rules and carries only their fields.
    """
    builder = _Builder(compiled)
    definition: Json = {OPEN: {"all": [{"m": {"t": "open"}}]}}
    for stratum in range(compiled.strata):
        rules = sorted((r for r in compiled.rules if r.stratum == stratum), key=lambda r: (r.facts, r.index))
        for chunk in _chunks(rules):
            builder.group = len(builder.groups)
            builder.groups.append(stratum)
            for rule in chunk:
                builder.rule = rule.index
                body = _join("$and", [{"t": f"g{builder.group}"}, builder.expr(rule.when, True)])
                if expression_slots(body) >= MAX_SLOTS:
                    raise errors.PackError([errors.Problem.of(
                        "engine.too-deep", file=rule.rule.loc.file if rule.rule.loc else compiled.pack.source,
                        line=rule.rule.loc.line if rule.rule.loc else None, path=(rule.rule.loc.path if rule.rule.loc
                        else "$") + ".when", code="engine-limit", rule=rule.rule.id,
                        groups=expression_slots(body) // 2, limit=MAX_SLOTS // 2 - 1)])
                definition[str(rule.index)] = {"all": [{"m": body}]}
    return definition, builder


def _chunks(rules: list[compiler.CompiledRule]) -> list[list[compiler.CompiledRule]]:
    """Consecutive groups of at most `GROUP` rules whose alternatives stay within `NODE_BUDGET` (the compiler keeps
    one rule's alternatives far below it, `limits.MAX_ALTERNATIVES`)."""
    out: list[list[compiler.CompiledRule]] = []
    used = NODE_BUDGET
    for rule in rules:
        cost = 1 + limits.shape(rule.when, True)[0]
        if len(out) == 0 or len(out[-1]) >= GROUP or used + cost > NODE_BUDGET:
            out.append([])
            used = 0
        out[-1].append(rule)
        used += cost
    return out


_NUMBER_OR_STRING = re.compile(r'"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?[eE][-+]?\d+')


def dumps(data: object) -> str:
    """JSON that durable's parser accepts: numbers never in exponent notation.

    `json` writes a float with an exponent as `1e-05` or `1e+16`, so a text without `e-` and `e+` has none (a
    string containing them only costs the slower exact pass); a substring test is far cheaper than a regex."""
    try:  # orjson writes the same numbers (shortest round-trip) several times faster; the standard library for what
        # it refuses (integers past 64 bits). Non-finite numbers never get here (bind refuses them first).
        text = orjson.dumps(data).decode("utf-8")
    except TypeError:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    if "e-" not in text and "e+" not in text:
        return text
    return _NUMBER_OR_STRING.sub(_positional, text)


def _positional(match: re.Match[str]) -> str:
    token = match.group(0)
    return token if token.startswith('"') else format(decimal.Decimal(token), "f")


PROGRAM_CACHE_SIZE = 16  # rulesets kept registered in the C engine (~1.5 MB each for a CCSO-sized pack)
RELEASED = 0  # rulesets deleted from the C engine so far (tests and benchmarks read it)


def _release(_key: str, prog: Program) -> None:
    """Eviction: free the session and the ruleset in the C engine; evaluations hold `_LOCK`, so none is using it.

    `delete_ruleset` alone leaves the session's state allocated (~1 MB a CCSO-sized pack, measured by
    benchmarks/cache_memory.py); the session is deleted first, which is safe once its `open` rule has fired."""
    global RELEASED
    try:
        if prog.opened:
            dre.delete_state(prog.handle, SID)
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
        if found is not None and not found.broken:
            return found
        if found is not None:  # its session failed half-way: free it and register the pack afresh
            _release(compiled.key, found)
        return PROGRAMS.put(compiled.key, _register(compiled))


def _register(compiled: compiler.CompiledPack) -> Program:
    definition, builder = build(compiled)
    layouts = builder.layouts()
    width = max((layout.width() for layout in layouts), default=0)
    if width > MAX_FIELDS:
        raise errors.PackError([errors.Problem.of(
            "engine.too-many-fields", file=compiled.pack.source, expected_key="engine.at-most-fields", got=str(width),
            code="engine-limit", pack=compiled.pack.id, limit=MAX_FIELDS)])
    try:
        handle = dre.create_ruleset(f"{compiled.key}_{next(_NAMES)}", dumps(definition))
    except dre.error as exc:
        raise errors.EngineError([errors.Problem.of("engine.rejected", file=compiled.pack.source, code="engine",
                                                    reason=str(exc))]) from None
    strata = tuple(
        (tuple(layout for layout in layouts if layout.stratum == stratum),
         tuple((r.index, r.rule.then.derive) for r in compiled.rules
               if r.stratum == stratum and r.rule.then.derive is not None))
        for stratum in range(compiled.strata))
    actions = {str(r.index): r.index for r in compiled.rules}
    return Program(handle, layouts, strata, actions, closures.program(compiled), definition)


def _frame(layout: Layout, known: Mapping[str, Value], undecided: set[int]) -> Json:
    """The stratum fact of one group; the rules reading a field it cannot carry are added to `undecided`."""
    get = known.get
    frame: Json = {field: value for fact, field in layout.pairs if (value := get(fact)) is not None}
    # a tuple (list fact) is written as a JSON array
    if len(frame) != len(layout.pairs):  # some fact is absent: its readers are three-valued
        for fact, _field, readers in layout.slots:
            if get(fact) is None:
                undecided.update(readers)
    for fact, field in layout.lengths:
        value = get(fact)
        if value is not None:
            frame[field] = len(value)  # type: ignore[arg-type]
    for field, difference, readers in layout.differences:
        diff = difference(known)
        if diff is None:
            undecided.update(readers)
        else:
            frame[field] = diff
    frame.update(layout.head)
    return frame


def _fire(prog: Program, result: tuple[int, int], outcomes: list[Outcome], failures: list[errors.Problem]) -> None:
    """Run the firings queued by an assert: each marks its rule as holding."""
    state_handle = result[1]
    started = dre.start_action_for_state(prog.handle, state_handle)
    message = started[1] if started else None
    actions = prog.actions
    while message:
        name = message[2:message.index('"', 2)]
        if name != OPEN:
            try:
                outcomes[actions[name]] = True
            except Exception as exc:  # a firing that cannot be recorded fails the assessment, never silently
                failures.append(errors.Problem.of("engine.action-failed", code="engine", name=name,
                                                  reason=repr(exc)))
        message = dre.complete_and_start_action(prog.handle, state_handle)


def _open(prog: Program, failures: list[errors.Problem]) -> None:
    """Open the program's session: one fact whose rule fires once, so the session always has had an action."""
    _fire(prog, dre.assert_fact(prog.handle, dumps({"sid": SID, "id": "open", "t": "open"})), [], failures)
    prog.opened = True


class DurableEvaluator:
    name = "durable"

    def evaluate(self, compiled: compiler.CompiledPack, facts: Mapping[str, Value]) -> Evaluation:
        known = dict(facts)
        outcomes: list[Outcome] = [False] * len(compiled.rules)  # durable decides every rule whose fields are all
        # present: one that does not fire is false; the others are completed by the fold below
        derived: dict[str, bool] = {}
        failures: list[errors.Problem] = []
        with _LOCK:  # held from lookup to retraction: the program cannot be evicted while in use
            prog = program(compiled)
            checks = prog.fold.checks
            asserted: list[str] = []
            try:
                if not prog.opened:
                    _open(prog, failures)
                for layouts, derives in prog.strata:
                    undecided: set[int] = set()
                    frames = [_frame(layout, known, undecided) for layout in layouts]
                    if frames:
                        text = dumps(frames)
                        asserted.append(text)
                        _fire(prog, dre.assert_facts(prog.handle, text), outcomes, failures)
                    for index in undecided:  # three-valued: completed by the plain fold
                        outcomes[index] = checks[index](known)
                    if derives:
                        for index, target in derives:
                            outcome = outcomes[index]
                            if outcome is not None:
                                derived[target] = outcome
                        known.update(derived)
            except dre.error as exc:
                prog.broken = True
                failures.append(errors.Problem.of("engine.failed", file=compiled.pack.source, code="engine",
                                                  reason=str(exc)))
            finally:
                self._retract(prog, asserted)
        if failures:
            raise errors.EngineError(failures)
        return Evaluation(tuple(outcomes), tuple(sorted(derived.items())), self.name)

    @staticmethod
    def _retract(prog: Program, asserted: list[str]) -> None:
        """Take this assessment's frames back out of the session; a session that cannot be cleaned is never reused
        (`program` registers the pack afresh)."""
        try:
            for text in asserted:
                dre.retract_facts(prog.handle, text)
        except dre.error:
            prog.broken = True
