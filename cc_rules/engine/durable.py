"""Forward chaining on durable-rules' C engine, through a lean loop of our own.

Measured (benchmarks/, docs/benchmarks.md): durable's Python `Host` spends most of its time
re-encoding JSON per firing, so this module drives the extension module `durable_rules_engine` directly, with the
same calls `durable/engine.py` makes. Design points, each answering a measured sharp edge:

- Only what must fire is registered: one durable rule per rule, `<i>`, matching when its condition holds (negation
  pushed to the leaves). durable's comparisons never match a missing field, so a rule whose facts are all present
  and that did not fire is false. A rule touching an absent fact (or a computed operand that is unknown, such as a
  division by zero) is three-valued: its outcome is completed by the plain fold (`closures.py`) over the same
  facts. So durable decides every rule whose facts are all present, and no second rule set (`<i>n`) is needed.
- Evaluation goes by strata. Derived facts are forward-chained: the outcomes of stratum k are asserted in stratum
  k+1's frames, which the rules of stratum k+1 match.
- Within a stratum, rules are grouped (`GROUP` rules reading similar facts); each group matches its own narrow fact
  (`t = g<k>`) carrying only the fields its rules read. durable returns the whole matched fact as JSON in every
  firing, so narrow facts keep firings cheap. A group closes before the alternatives of its rules that can match
  at once would fill durable's fixed 64-slot walk stack (error 303 while asserting; `STACK_BUDGET`).
- Each group is a ruleset of its own (`Group`): durable finds the next firing by scanning every rule of a ruleset
  from the first, so one ruleset for a whole pack cost a scan of ~430 rules per firing (measured: the largest
  single cost in the C engine); a group's ruleset scans at most `GROUP`. Its rules are named by one character, so
  a firing's rule is read as `message[2]` without parsing the message.
- One long-lived session per group's ruleset (`sid` fixed, the program serialised by `_LOCK`): an assessment asserts
  each group's frame, runs its firings, and retracts the frames at the end by sid and id (durable retracts the
  fact it stored, so the frame is not sent again). Creating and deleting a session per assessment allocated
  durable's state nodes every time; retraction reuses them. A session is opened when its ruleset is registered, by
  one `open` fact whose rule fires once (`delete_state` on a session where no action ever ran aborts the process;
  a session that failed half-way is never reused: its program is evicted, `delete_ruleset` frees it).
- durable cannot compare a field with another field of the same fact (the reference reads garbage) and its `$div`
  truncates and crashed on `$lt`: comparisons with a computed operand therefore compare a precomputed difference
  term (`fact - operand`, see `values.difference`) with 0. The logic stays in durable.
- Numbers are written without exponents (durable's JSON parser rejects `1e-05`).
- Actions are a fixed table; an exception while recording a firing is recorded and fails the assessment after the
  run instead of being swallowed.
- Registered rulesets live in a bounded cache (`PROGRAMS`, `PROGRAM_CACHE_SIZE`); evicting one calls
  `delete_ruleset`, so a process that sees many distinct packs stays flat (measured by benchmarks/cache_memory.py).
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

GROUP = 48  # rules per fact and ruleset: fewer, wider frames cost less per assessment (measured: 48 beside 24, ~7 %
# less); `STACK_BUDGET` and `NODE_BUDGET` close a group earlier when its rules have many alternatives
MAX_FIELDS = 255  # durable's MAX_OBJECT_PROPERTIES
NODE_BUDGET = 500  # successors of a group's type test: durable hangs in create_ruleset at 512 (each rule's first
# test, plus each branch of its `$or`s); a group closes before its rules would pass this
STACK_BUDGET = limits.MAX_AT_ONCE  # durable walks a fact's matching network nodes on a fixed 64-slot stack
# (`handleAlpha`, error 303 beyond): a group closes before the alternatives its rules could match at once
# (`limits.at_once`) would pass this; the compiler refuses one rule that would alone
MAX_SLOTS = 31  # durable's MAX_SEQUENCE_EXPRESSIONS (32), reached on the 32nd
_DUR = {"ne": "$neq", "lt": "$lt", "lte": "$lte", "gt": "$gt", "gte": "$gte"}
_LOCK = threading.RLock()
_NAMES = itertools.count(1)
SID = "s"  # the one long-lived session of every group's ruleset
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
    facts: tuple[str, ...] = ()  # the facts of `slots`, in order
    fields: tuple[str, ...] = ()  # their fields
    differences: tuple[tuple[str, closures.Calc, tuple[int, ...]], ...] = ()  # terms as closures: `fact - operand`

    def width(self) -> int:
        return 3 + len(self.slots) + len(self.lengths) + len(self.terms)  # sid, id and t besides the data fields


@dataclasses.dataclass(frozen=True)
class Group:
    """A group of rules registered as a ruleset of its own, with its own long-lived session.

    durable looks for the next firing by scanning every rule of the ruleset from the first (`getNextResultInState`),
    so one ruleset of a whole pack paid a scan of ~430 rules per firing; a group's ruleset scans at most `GROUP`."""

    handle: int
    layout: Layout
    rules: dict[str, int]  # durable rule name (one character, so a firing's name is `message[2]`) → rule index
    retraction: str  # the frame's sid and id: all durable reads to retract it
    template: dict[str, object]  # every field of the frame, in order, and its head's values: a frame is a copy
    # with the values filled in and the fields it cannot carry deleted (a copy keeps the dict's size; building one
    # field by field resized it twice per frame)


@dataclasses.dataclass(frozen=True)
class Stratum:
    groups: tuple[Group, ...]
    reads: frozenset[str]  # the facts its frames carry
    absent: dict[str, tuple[tuple[tuple[int, str], ...], tuple[int, ...], tuple[int, ...]]]
    # fact → ((position of a group in `groups`, a field the fact fills in its frame), ...), the rules the fold
    # completes when it is absent, and the rules that are then unknown outright (see `_unknown_without`)
    derives: tuple[tuple[int, str], ...]  # (rule index, derived fact) of its deriving rules


@dataclasses.dataclass
class Program:
    """A compiled pack registered with durable: one ruleset and session per group, how to build frames, the fold."""

    groups: tuple[Group, ...]  # in evaluation order (stratum by stratum)
    strata: tuple[Stratum, ...]
    fold: closures.Program  # the plain closures that complete three-valued outcomes
    definition: Json  # every durable rule, named by rule index (each group's ruleset takes its own, renamed)
    opened: int = 0  # groups whose session has been opened (their `open` rule fired), from the first
    broken: bool = False

    @property
    def layouts(self) -> tuple[Layout, ...]:
        return tuple(group.layout for group in self.groups)

    @property
    def handles(self) -> tuple[int, ...]:
        return tuple(group.handle for group in self.groups)

    @property
    def handle(self) -> int:
        """The first group's ruleset (0 for a pack without rules)."""
        return self.groups[0].handle if self.groups else 0


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
        self.members: list[list[int]] = []  # group → its rules' indexes

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
                facts=tuple(f for f, s in self.slots.items() if s in used),
                fields=tuple(s for s in self.slots.values() if s in used),
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
            builder.members.append([rule.index for rule in chunk])
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
    one rule's alternatives far below it, `limits.MAX_ALTERNATIVES`) and whose simultaneously matching alternatives
    stay within `STACK_BUDGET`."""
    out: list[list[compiler.CompiledRule]] = []
    used = NODE_BUDGET
    stacked = STACK_BUDGET
    for rule in rules:
        cost = 1 + limits.shape(rule.when, True)[0]
        stack = limits.at_once(rule.when)
        if len(out) == 0 or len(out[-1]) >= GROUP or used + cost > NODE_BUDGET or stacked + stack > STACK_BUDGET:
            out.append([])
            used = stacked = 0
        out[-1].append(rule)
        used += cost
        stacked += stack
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


PROGRAM_CACHE_SIZE = 16  # packs kept registered in the C engine (~1.5 MB each for a CCSO-sized pack)
RELEASED = 0  # programs deleted from the C engine so far (tests and benchmarks read it)
_RULE_NAMES = "abcdefghijklmnpqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"  # one character each, never OPEN
assert len(_RULE_NAMES) >= GROUP and OPEN not in _RULE_NAMES
_OPEN_FACT = dumps({"sid": SID, "id": "open", "t": "open"})


def _release(_key: str, prog: Program) -> None:
    """Eviction: free the sessions and the rulesets in the C engine; evaluations hold `_LOCK`, so none is using them.

    `delete_ruleset` alone leaves a session's state allocated (~1 MB a CCSO-sized pack, measured by
    benchmarks/cache_memory.py); each session is deleted first, which is safe once its `open` rule has fired."""
    global RELEASED
    for k, group in enumerate(prog.groups):
        try:
            if k < prog.opened:
                dre.delete_state(group.handle, SID)
            dre.delete_ruleset(group.handle)
        except dre.error:
            continue
    RELEASED += 1


PROGRAMS: cache.LRU[str, Program] = cache.LRU("durable-programs", PROGRAM_CACHE_SIZE, on_evict=_release)


def program(compiled: compiler.CompiledPack) -> Program:
    """The compiled pack registered with durable, once per content key while it stays in `PROGRAMS` (bounded: the
    least recently used pack's rulesets are deleted from the C engine when a new one would exceed the bound)."""
    with _LOCK:
        found = PROGRAMS.get(compiled.key)
        if found is not None and not found.broken:
            return found
        if found is not None:  # a session failed half-way: free it and register the pack afresh
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
    prog = Program((), (), closures.program(compiled), definition)
    serial = next(_NAMES)
    groups: list[Group] = []
    try:
        for layout, members in zip(layouts, builder.members, strict=True):
            names = dict(zip(_RULE_NAMES, members, strict=False))  # GROUP names at most
            rules: Json = {OPEN: definition[OPEN]}
            rules.update((name, definition[str(index)]) for name, index in names.items())
            handle = dre.create_ruleset(f"{compiled.key}_{serial}_{layout.group}", dumps(rules))
            template: dict[str, object] = dict.fromkeys(
                (*layout.fields, *(field for _, field in layout.lengths), *(field for field, *_ in layout.terms)))
            template.update(layout.head)
            groups.append(Group(handle, layout, names, dumps({"sid": SID, "id": layout.name}), template))
            prog.groups = tuple(groups)
            _open(handle)
            prog.opened += 1
    except dre.error as exc:
        _release(compiled.key, prog)
        raise errors.EngineError([errors.Problem.of("engine.rejected", file=compiled.pack.source, code="engine",
                                                    reason=str(exc))]) from None
    strata = []
    unknown = _unknown_without(compiled)
    for stratum in range(compiled.strata):
        mine = tuple(group for group in groups if group.layout.stratum == stratum)
        where: dict[str, list[tuple[int, str]]] = {}
        readers: dict[str, dict[int, None]] = {}
        for position, group in enumerate(mine):
            for fact, field, reading in group.layout.slots:
                where.setdefault(fact, []).append((position, field))
                readers.setdefault(fact, {}).update(dict.fromkeys(reading))
            for fact, field in group.layout.lengths:
                where[fact].append((position, field))
        absent = {}
        for fact in where:
            outright = tuple(i for i in readers[fact] if fact in unknown[i])
            absent[fact] = (tuple(where[fact]), tuple(i for i in readers[fact] if fact not in unknown[i]), outright)
        strata.append(Stratum(
            mine, frozenset(where), absent,
            tuple((r.index, r.rule.then.derive) for r in compiled.rules
                  if r.stratum == stratum and r.rule.then.derive is not None)))
    prog.strata = tuple(strata)
    return prog


def _unknown_without(compiled: compiler.CompiledPack) -> list[frozenset[str]]:
    """Per rule, the facts without which it is unknown outright: those every leaf reads, unless a leaf is `exists`.

    A comparison, `in` or `contains` reading an absent fact is unknown, and Kleene's `all`, `any` and `not` of
    unknowns only are unknown; so such a rule needs no fold (most rules read one fact)."""
    out = []
    for rule in compiled.rules:
        shared: set[str] | None = None
        for leaf in algebra.leaves(rule.when):
            if isinstance(leaf, model.Exists):
                shared = set()
                break
            reads = set(algebra.read_facts(leaf))
            shared = reads if shared is None else shared & reads
        out.append(frozenset(shared or ()))
    return out


def _open(handle: int) -> None:
    """Open a group's session: one fact whose rule fires once, so the session always has had an action (deleting a
    session in which none ran aborts the process)."""
    state = dre.assert_fact(handle, _OPEN_FACT)[1]
    if not dre.start_action_for_state(handle, state):
        raise dre.error("the open rule did not fire")
    while dre.complete_and_start_action(handle, state):
        pass


class DurableEvaluator:
    name = "durable"

    def evaluate(self, compiled: compiler.CompiledPack, facts: Mapping[str, Value]) -> Evaluation:
        """Every rule's outcome over `facts` (a fact's value is never None: a fact without a value is absent)."""
        known = dict(facts)
        outcomes: list[Outcome] = [False] * len(compiled.rules)  # durable decides every rule whose fields are all
        # present: one that does not fire is false; the others are completed by the fold below
        derived: dict[str, bool] = {}
        failures: list[errors.Problem] = []
        with _LOCK:  # held from lookup to retraction: the program cannot be evicted while in use
            prog = program(compiled)
            checks = prog.fold.checks
            asserted = 0  # groups whose frame is in their session, from the first
            try:
                for stratum in prog.strata:
                    groups = stratum.groups
                    undecided: set[int] = set()
                    unknown: list[int] = []
                    frames = _frame(stratum, known, undecided, unknown)
                    for group, frame in zip(groups, frames, strict=True):
                        handle = group.handle
                        state = dre.assert_fact(handle, dumps(frame))[1]
                        asserted += 1
                        started = dre.start_action_for_state(handle, state)
                        if started:
                            _fire(group, started[1], state, outcomes, failures)
                    for index in unknown:
                        outcomes[index] = None
                    for index in undecided:  # three-valued: completed by the plain fold
                        outcomes[index] = checks[index](known)
                    if stratum.derives:
                        for index, target in stratum.derives:
                            outcome = outcomes[index]
                            if outcome is not None:
                                derived[target] = outcome
                        known.update(derived)
            except dre.error as exc:
                prog.broken = True
                failures.append(errors.Problem.of("engine.failed", file=compiled.pack.source, code="engine",
                                                  reason=str(exc)))
            finally:
                _retract(prog, asserted)
        if failures:
            raise errors.EngineError(failures)
        return Evaluation(tuple(outcomes), tuple(sorted(derived.items())), self.name)


def _frame(stratum: Stratum, known: Mapping[str, Value], undecided: set[int], unknown: list[int]) -> list[Json]:
    """The frames of a stratum's groups: each a copy of its group's template with the values filled in and the
    fields it cannot carry deleted. The rules reading those are added to `undecided` (the fold completes them) or,
    when unknown outright, to `unknown`."""
    get = known.get
    groups = stratum.groups
    frames = [group.template.copy() for group in groups]
    for group, frame in zip(groups, frames, strict=True):
        frame.update(zip(group.layout.fields, map(get, group.layout.facts), strict=True))
    missing = stratum.reads.difference(known)
    if missing:  # an absent fact leaves its fields out of every frame, and its readers three-valued
        absent = stratum.absent
        for fact in missing:
            places, readers, outright = absent[fact]
            for position, field in places:
                del frames[position][field]
            undecided.update(readers)
            unknown += outright
    for group, frame in zip(groups, frames, strict=True):
        layout = group.layout
        for fact, field in layout.lengths:
            value = get(fact)
            if value is not None:
                frame[field] = len(value)  # type: ignore[arg-type]
        for field, difference, readers in layout.differences:
            diff = difference(known)
            if diff is None:
                del frame[field]
                undecided.update(readers)
            else:
                frame[field] = diff
    return frames


def _fire(group: Group, message: str, state: int, outcomes: list[Outcome], failures: list[errors.Problem]) -> None:
    """Run the firings queued by a frame: each marks its rule as holding. A message starts `{"<name>":`."""
    rules = group.rules
    handle = group.handle
    while message:
        try:
            outcomes[rules[message[2]]] = True
        except Exception as exc:  # a firing that cannot be recorded fails the assessment, never silently
            failures.append(errors.Problem.of("engine.action-failed", code="engine",
                                              name=f"{group.layout.name}/{message[2]}", reason=repr(exc)))
        message = dre.complete_and_start_action(handle, state)


def _retract(prog: Program, asserted: int) -> None:
    """Take this assessment's frames back out of their sessions (by sid and id: durable retracts the fact it
    stored); a session that cannot be cleaned is never reused (`program` registers the pack afresh)."""
    try:
        for group in prog.groups[:asserted]:
            dre.retract_fact(group.handle, group.retraction)
    except dre.error:
        prog.broken = True
