"""The award-model protocol: everything that differs between maturity levels, weighted points and conformity.

One class per model, registered by the name a pack gives in `model:`. Nothing outside `awards/` asks which model a
pack uses: it asks the pack's model. What a model needs from a pack (levels, dimensions, a pass rule, grade bands,
reviewers) is declared in the pack (`award:` and `levels:` in pack.yaml), never written here.
"""

from __future__ import annotations

import abc
import dataclasses
import datetime as dt
import operator
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from typing import Any, ClassVar, NamedTuple

from cc_rules import model, results
from cc_rules.awards import kinds
from cc_rules.base import cache, errors
from cc_rules.compile import compiler
from cc_rules.engine import closures


@dataclasses.dataclass(frozen=True)
class Verdict:
    """What a model concludes from the findings of one assessment."""

    passed: bool
    level: int | None = None
    level_name: model.Text | None = None
    ladder: tuple[results.LevelStep, ...] = ()
    next_level: results.NextLevel | None = None
    score: results.Score | None = None
    grade: str | None = None
    retest: results.Retest | None = None
    nonconformities: tuple[results.Missing, ...] = ()


@dataclasses.dataclass(frozen=True)
class Issue:
    """A model-specific static finding about a pack, for `cc-rules lint` (code, catalogue key and its values)."""

    code: str
    key: str
    params: tuple[tuple[str, object], ...]
    loc: model.Loc | None = None  # what it is about: the award section, an item, …


class AwardModel(abc.ABC):
    """How one kind of standard awards its result."""

    name: ClassVar[str]
    #: the explanation `cc-rules explain` gives by default: level | score | passed
    explain_subject: ClassVar[str] = "passed"
    #: whether deductions and bonuses mean anything under this model
    moves_points: ClassVar[bool] = False

    # -- before any fact arrives --------------------------------------------------------------------------------

    def check(self, compiled: compiler.CompiledPack) -> Iterator[errors.Problem]:
        """Static problems of what this model needs from the pack (raised together, before any assessment)."""
        yield from self._check_quantities(compiled)
        pattern = compiled.pack.award.registration_pattern
        if pattern is not None:
            try:
                re.compile(pattern)
            except re.error as exc:
                yield errors.Problem.of("awards.bad-registration-pattern", file=f"{compiled.pack.source}/pack.yaml",
                                        path="$.award.certification.registration.pattern", got=repr(pattern),
                                        code="pattern", reason=str(exc))
        if not self.moves_points:
            for rule in compiled.rules:
                kind = kinds.of_rule(rule.rule.then.kind)
                if kind is not None and kind.sign:
                    loc = rule.rule.loc
                    yield errors.Problem.of(
                        "awards.points-outside-points-model", file=loc.file if loc else None,
                        line=loc.line if loc else None, path=loc.path if loc else "$", code="then-kind",
                        rule=rule.rule.id, pack=compiled.pack.id, model=self.name)

    def lint(self, compiled: compiler.CompiledPack) -> Iterator[Issue]:
        """Advice about the pack under this model (warnings, not errors)."""
        return iter(())

    # -- per assessment -------------------------------------------------------------------------------------------

    def settle(self, compiled: compiler.CompiledPack,
               findings: tuple[results.Finding, ...]) -> tuple[results.Finding, ...]:
        """The findings as this model counts them, before `award` reads them (the points model caps what an item's
        rules move at the item's points); unchanged by default."""
        return findings

    @abc.abstractmethod
    def award(self, compiled: compiler.CompiledPack, findings: tuple[results.Finding, ...],
              first_date: dt.date) -> Verdict:
        """The level, score or conformity verdict of one assessment."""

    @abc.abstractmethod
    def order(self, compiled: compiler.CompiledPack,
              findings: Sequence[results.Finding]) -> tuple[results.Finding, ...]:
        """Findings in the order a reader should see them."""

    @abc.abstractmethod
    def roadmap(self, compiled: compiler.CompiledPack, findings: tuple[results.Finding, ...],
                verdict: Verdict) -> tuple[results.ActionRec, ...]:
        """Improvement actions for the shortfalls, each with what it gains, best first."""

    # -- CI gates -------------------------------------------------------------------------------------------------

    def gates(self, result: results.PackResult, spec: results.GateSpec) -> tuple[results.GateVerdict, ...]:
        """Every gate that applies to `result`, met or not: the model's own gate if asked for, else the pack's own
        verdict; then the warnings gate if asked for."""
        own = self.own_gate(result, spec)
        out = [own] if own is not None else [results.GateVerdict(
            "passed", True, result.passed, result.passed, () if result.passed else self.verdict_blockers(result))]
        if spec.fail_on_warn:
            warned = result.warnings()
            out.append(results.GateVerdict("warnings", 0, len(warned), not warned,
                                           tuple(results.Missing.of(f) for f in warned), severity="warning"))
        return tuple(out)

    def own_gate(self, result: results.PackResult, spec: results.GateSpec) -> results.GateVerdict | None:
        """The gate of this model's kind (`--min-level`, `--min-score`), when `check` was given one."""
        return None

    def verdict_blockers(self, result: results.PackResult) -> tuple[results.Missing, ...]:
        """What stands in the way of the pack's own verdict."""
        return tuple(results.Missing.of(f) for f in result.findings if f.problem)

    def severity(self, finding: results.Finding, blocking: frozenset[str]) -> str | None:
        """CI severity: a finding that blocks a gate is an error, another shortfall a warning if not met and a note
        if not evidenced; a finding that is no shortfall is not reported."""
        if not finding.problem:
            return None
        if finding.rule in blocking:
            return "error"
        return "warning" if finding.met is False else "note"

    # -- shared helpers ---------------------------------------------------------------------------------------------

    def _check_quantities(self, compiled: compiler.CompiledPack) -> Iterator[errors.Problem]:
        """Every `{param: …}` the award section names must have a value in force (of the right shape)."""
        spec = compiled.pack.award
        quantities: list[tuple[model.award.Quantity, bool]] = []
        for dim in spec.dimensions:
            quantities.append((dim.base, True))
            if dim.cap is not None:
                quantities.append((dim.cap, True))
        if spec.passing is not None:
            quantities.append((spec.passing.threshold, True))
        if spec.min_reviewers is not None:
            quantities.append((spec.min_reviewers, True))
        if spec.grades is not None:
            quantities.append((spec.grades, False))
        params = dict(compiled.params)
        for quantity, numeric in quantities:
            value = resolve(compiled, quantity)
            if quantity.param is not None and quantity.param not in params:
                yield errors.Problem.of(
                    "awards.unknown-param", file=f"{compiled.pack.source}/pack.yaml", path=quantity.path,
                    suggestion=errors.did_you_mean(quantity.param, params), code="unknown-param",
                    param=quantity.param, date=compiled.as_of.isoformat())
            elif numeric and (isinstance(value, bool) or not isinstance(value, (int, float))):
                yield errors.Problem.of("awards.not-a-number", file=f"{compiled.pack.source}/pack.yaml",
                                        path=quantity.path, got=repr(value), code="type", what=quantity.describe())


_VALUES: cache.LRU[str, dict[str, object]] = cache.LRU("award-parameter-values", 64)  # by compiled pack key


def credited(compiled: compiler.CompiledPack, findings: Sequence[results.Finding],
             rules: Collection[str]) -> tuple[results.Finding, ...]:
    """The findings as they would be with `rules` made to hold (a requirement met, a deduction's points back, a
    bonus earned): what a roadmap promises when the actions crediting them are done."""
    out = []
    for f in findings:
        if f.rule in rules and f.met is not True:
            rule = compiled.rule(f.rule)
            kind = kinds.of_rule(rule.rule.then.kind) if rule is not None else None
            moved = kind.points(True, rule.points) if kind is not None and rule is not None else f.points
            f = dataclasses.replace(f, met=True, points=moved)
        out.append(f)
    return tuple(out)


class PackTables:
    """What the award passes and the roadmap read from a compiled pack, the same for every assessment: each rule's
    kind, points, item cap and existing actions, the derive rules in the order they are re-derived, which rules read
    which fact. Made once per compiled pack (`tables`), so no step of a roadmap looks anything up by id."""

    def __init__(self, compiled: compiler.CompiledPack) -> None:
        pack = compiled.pack
        self.compiled = compiled
        self.kinds: dict[str, kinds.Kind | None] = {}
        self.points: dict[str, float | None] = {}  # what a rule's kind moves (CompiledRule.points)
        # each rule's condition as the plain evaluator's closure (the same Kleene logic as `plain.condition`)
        checks = closures.program(compiled).checks
        self.when: dict[str, Callable[[Mapping[str, object]], bool | None]] = {}
        self.recommend: dict[str, tuple[str, ...]] = {}  # the actions it recommends that the pack declares
        self.caps: dict[str, tuple[str, float]] = {}  # rule → (its item, the item's points) where the item has points
        self.facts: dict[str, tuple[str, ...]] = {}  # every fact the rule's condition reads
        readers: dict[str, list[str]] = {}
        for r, check in zip(compiled.rules, checks, strict=True):
            rid = r.rule.id
            kind = kinds.of_rule(r.rule.then.kind)
            self.kinds[rid] = kind
            self.points[rid] = r.points
            self.when[rid] = check
            self.recommend[rid] = tuple(a for a in r.rule.then.recommend if pack.action(a) is not None)
            item = pack.item(r.rule.item)
            if item is not None and item.points is not None:
                self.caps[rid] = (item.id, float(item.points))
            if kind is not None:
                for name in r.facts:
                    readers.setdefault(name, []).append(rid)
            self.facts[rid] = r.facts
        self.readers = {name: tuple(rids) for name, rids in readers.items()}  # fact → the finding rules reading it
        self.actions: dict[str, model.Action] = {a.id: a for a in pack.actions}
        derives = sorted((r for r in compiled.rules if r.rule.then.derive), key=lambda r: r.stratum)
        self.derives: tuple[tuple[str, Callable[[Mapping[str, object]], bool | None], frozenset[str]], ...] = tuple(
            (str(r.rule.then.derive), self.when[r.rule.id], frozenset(r.facts)) for r in derives)
        self.targets = frozenset(t for t, _, _ in self.derives)
        self.derivation = self.targets.union(*(facts for _, _, facts in self.derives))  # derived or read by a derive
        # each derive reads only facts no derive at or after it makes: re-deriving in order, a derive whose inputs
        # did not move gives what it gave before (else every step re-derives everything, as a fresh pass would)
        self.ordered = all(not facts & {t for t, _, _ in self.derives[p:]}
                           for p, (_, _, facts) in enumerate(self.derives))


_TABLES: cache.LRU[str, PackTables] = cache.LRU("award-pack-tables", 64)  # by compiled pack key


def tables(compiled: compiler.CompiledPack) -> PackTables:
    """The compiled pack's tables, made once."""
    return _TABLES.get_or_make(compiled.key, lambda: PackTables(compiled))


class Layout:
    """Each finding's rule by position, and each rule's position: an assessment's findings come in the same order,
    with the same rule info, for every assessment of a compiled pack (`findings.build`)."""

    def __init__(self, findings: Sequence[results.Finding], infos: list[results.RuleInfo]) -> None:
        self.infos = infos  # each position's rule info, to recognise the layout
        self.rules = tuple(f.rule for f in findings)
        self.index = {rule: i for i, rule in enumerate(self.rules)}
        self._arranged: dict[str, Callable[[Sequence[results.Finding]], tuple[results.Finding, ...]]] = {}

    def arranged(self, name: str, findings: Sequence[results.Finding],
                 key: Callable[[results.Finding], Any]) -> tuple[results.Finding, ...]:
        """`findings` (laid out so) sorted by `key`, which reads only a finding's rule info: the order of positions
        is sorted once per layout and named `name`, then read with one C call per assessment."""
        pick = self._arranged.get(name)
        if pick is None:
            order = sorted(range(len(findings)), key=lambda n: key(findings[n]))
            pick = self._arranged[name] = (operator.itemgetter(*order) if len(order) > 1
                                           else lambda found: tuple(found[n] for n in order))
        return pick(findings)


_LAYOUTS: cache.LRU[str, Layout] = cache.LRU("award-finding-layouts", 64)  # by compiled pack key


def layout(compiled: compiler.CompiledPack, findings: Sequence[results.Finding]) -> Layout:
    """The findings' layout, made once per compiled pack (again when findings come in another order)."""
    infos = [f.info for f in findings]  # quicker than a C `map`: the attribute read is specialised
    got = _LAYOUTS.get(compiled.key)
    if got is not None and got.infos == infos:  # the same rule info objects (the identity is compared first)
        return got
    return _LAYOUTS.put(compiled.key, Layout(findings, infos))


class Want(NamedTuple):
    """One gap of a finding's closest way as the simulation reads it: the fact, the relation its value must be in to
    the needed value, the value found (a derived fact's gap is replaced by the gaps behind it). The rest of a
    `results.Gap` — units, labels, parameters, formulas — is for reports."""

    fact: str
    relation: str
    needed: object
    found: object


_MISSING = object()


def _same(a: object, b: object) -> bool:
    """The same fact value for every condition: equal and of the same type (1, 1.0 and True are not the same)."""
    if a is b:
        return True
    if type(a) is not type(b) or a != b:
        return False
    if isinstance(a, tuple) and isinstance(b, tuple):
        return all(_same(x, y) for x, y in zip(a, b, strict=True))
    return True


class Simulation:
    """The findings as they would be once some rules are made to hold, re-simulated: the values their why-nots need
    are set, derived facts reading them are derived again, and every other rule that held and reads a changed fact
    is evaluated again. A rule that no longer holds is debited (declaring the satisfaction formula leaves the check
    of the reported figure against it undecided while the survey counts are missing). What a roadmap promises.

    A roadmap makes more rules hold step by step (`advance`): each step works from the state the last one left —
    only the facts the step's rules change are set, only the derives and rules reading a fact that moved are
    evaluated again — and gives the same findings as re-simulating every rule done so far from the evidence."""

    def __init__(self, compiled: compiler.CompiledPack, findings: Sequence[results.Finding]) -> None:
        self.compiled = compiled
        self.tables = t = tables(compiled)
        self.findings = tuple(findings)
        self.layout = layout(compiled, self.findings)
        self._index = self.layout.index  # rule → its finding's position
        self._rules = self.layout.rules
        self._ways: dict[int, tuple[Want, ...]] = {}  # each finding's closest way, flat, read once
        self._needed: dict[int, tuple[tuple[Want, object], ...]] = {}  # and the values it needs
        self._readers: dict[str, tuple[int, ...]] = {}  # fact → the findings that hold and read it, when first asked
        self._base = dict(self.findings[0].values) if self.findings else {}
        # the state `advance` keeps: the rules done, the values their ways set, what is derived and evaluated again
        self.done: set[int] = set()
        self._known = dict(self._base)
        self._given: dict[str, list[tuple[int, int, Want, object]]] = {}  # fact → done ways setting it
        self._changes: dict[str, object] = {}  # fact → the value the done ways set it to
        self._changed: set[str] = set()  # the facts changed or derived again so far
        self._triggered = [False] * len(t.derives)
        self._broken: dict[int, bool | None] = {}  # finding → its outcome, for the findings held that no longer hold
        self._broken_rules: frozenset[str] | None = frozenset()  # their rules (`broken`), None once they change
        # for `implied`: fact → the (relation, needed) the latest done way asks of it; each candidate's gaps and how
        # many of them that already matches
        self._asked: dict[str, tuple[int, int, tuple[str, object]]] = {}
        self._askers: dict[str, list[tuple[int, tuple[str, object]]]] = {}
        self._matching: dict[int, int] = {}
        self._full: set[int] = set()  # the watched findings not done whose whole way matches
        # fact → the watched findings reading it; the watched findings whose ways are not read (`_alone`)
        self._watchers: dict[str, list[int]] = {}
        self._unread: set[int] = set()

    # -- the state after the steps so far -------------------------------------------------------------------------

    def state(self, i: int) -> tuple[bool | None, float | None]:
        """The finding at `i` once the rules done so far hold: its outcome and the points it moves (before caps)."""
        f = self.findings[i]
        if i in self.done:
            if f.met is True:
                return f.met, f.points
            kind = self.tables.kinds.get(f.rule)
            return True, kind.points(True, self.tables.points[f.rule]) if kind is not None else f.points
        if i in self._broken:
            outcome = self._broken[i]
            kind = self.tables.kinds[f.rule]
            assert kind is not None
            return outcome, kind.points(outcome, self.tables.points[f.rule])
        return f.met, f.points

    def broken(self) -> frozenset[str]:
        """The rules that held and that the steps so far break."""
        got = self._broken_rules
        if got is None:
            rules = self._rules
            got = self._broken_rules = frozenset(rules[i] for i in self._broken)
        return got

    def advance(self, rules: Collection[str]) -> tuple[set[str], set[int]]:
        """Make `rules` hold too, with the candidates (`watch`) their needed values make hold as well: those
        candidates, and the findings whose state this step changes."""
        new = [i for r in rules if (i := self._index.get(r)) is not None and i not in self.done]
        self._ask(new)
        implied = {r for i in self._full if (r := self._rules[i]) not in rules}
        more = [self._index[r] for r in implied]
        self._ask(more)
        return implied, self._commit([*new, *more])

    def watch(self, candidates: Iterable[str]) -> None:
        """Rules a step may make hold without being asked for: each is implied by the first step after which
        every condition of its closest way is one a done rule already sets (a prerequisite shared with the item
        it unlocks)."""
        index, facts, rules = self._index, self.tables.facts, self._rules
        new = [i for i in dict.fromkeys(index.get(rule) for rule in candidates)
               if i is not None and i not in self._matching]
        for i in new:
            for name in facts[rules[i]]:
                self._watchers.setdefault(name, []).append(i)
        alone = {i for i in new if self._alone(i)}  # the watchers are all known: nothing below changes that
        self._read([i for i in new if i not in alone])
        for i in new:
            for name in facts[rules[i]]:  # a way no longer alone: read now, as if read from the start
                for j in self._watchers[name]:
                    if j in self._unread:
                        self._unread.discard(j)
                        self._register(j)
                        if j in self.done:
                            self._ask([j])
            if i in alone:
                self._unread.add(i)
                self._matching[i] = 0
            else:
                self._register(i)

    def _register(self, i: int) -> None:
        way = self._way(i)
        matching = 0
        for g in way:
            pair = (g.relation, g.needed)
            self._askers.setdefault(g.fact, []).append((i, pair))
            asked = self._asked.get(g.fact)
            matching += asked is not None and asked[2] == pair
        self._matching[i] = matching
        if way and matching == len(way) and i not in self.done:
            self._full.add(i)

    def _alone(self, i: int) -> bool:
        """Whether the facts the finding's way sets are read by nothing else that counts: no rule that holds, no
        derive, no other watched rule. Its why-not is then never worked out: the values it would set move no
        outcome but its own (made to hold when done), and no other way can match it, so it is never implied."""
        if self.findings[i].met is True:
            return False  # no way to read
        derivation, watchers = self.tables.derivation, self._watchers
        return all(name not in derivation and len(watchers[name]) == 1 and not self._held_readers(name)
                   for name in self.tables.facts[self._rules[i]])

    # -- what a step implies ----------------------------------------------------------------------------------------

    def _ask(self, indices: Sequence[int]) -> None:
        """Add what the ways of `indices` ask of each fact (the latest way in finding order wins, as when read
        in order) and count again the watched gaps it matches."""
        for i in sorted(indices):
            for pos, g in enumerate(self._way(i)):
                pair = (g.relation, g.needed)
                old = self._asked.get(g.fact)
                if old is not None and (old[0], old[1]) > (i, pos):
                    continue
                self._asked[g.fact] = (i, pos, pair)
                before = old[2] if old is not None else _MISSING
                for c, wants in self._askers.get(g.fact, ()):
                    if (wants == pair) != (wants == before):
                        matching = self._matching[c] = self._matching[c] + (wants == pair) - (wants == before)
                        if matching == len(self._ways[c]):
                            if c not in self.done:
                                self._full.add(c)
                        else:
                            self._full.discard(c)
            self.done.add(i)
            self._full.discard(i)

    # -- what a step changes -----------------------------------------------------------------------------------------

    def _commit(self, new: Sequence[int]) -> set[int]:
        """Set the values the ways of the `new` done findings need, derive again what reads a value that moved,
        evaluate again the held rules reading it; the findings whose state may have changed."""
        touched: set[str] = set()
        for i in sorted(new):
            for pos, (gap, value) in enumerate(self._values(i)):
                given = self._given.setdefault(gap.fact, [])
                given.append((i, pos, gap, value))
                if len(given) > 1 and given[-2][:2] > (i, pos):
                    given.sort(key=lambda g: g[:2])
                touched.add(gap.fact)
        moved: set[str] = set()
        forced: set[str] = set()  # derived facts set by a way: derived again over what the way set
        known = self._known
        for name in touched:
            value = _MISSING
            spec = self.compiled.fact(name)
            for _, _, gap, need in self._given[name]:
                if need is _LIST:  # adds to or takes from a list an earlier change may have set
                    need = needed_value(gap, spec, gap.found if value is _MISSING else value)
                if need is not _NONE:
                    value = need
            if value is _MISSING:
                continue
            self._changed.add(name)
            old = self._changes.get(name, _MISSING)
            if old is not _MISSING and _same(old, value):
                continue
            self._changes[name] = value
            if not _same(known.get(name, _MISSING), value):
                moved.add(name)
            known[name] = value
            if name in self.tables.targets:
                forced.add(name)
        if not self.tables.ordered:
            moved |= self._derive_all()
        else:
            self._derive(moved, forced)
        # a held rule none of whose facts moved gives what it gave (it held on the evidence's values)
        again = {i for name in moved for i in self._held_readers(name)}
        again -= self.done
        when, names, broken = self.tables.when, self._rules, self._broken
        out = set(new)
        size = len(broken)
        moves = False
        for i in again:
            outcome = when[names[i]](known)
            before = broken.get(i, True)
            if outcome is before:
                continue
            out.add(i)
            moves = True
            if outcome is True:
                del broken[i]
            else:
                broken[i] = outcome
        for i in new:
            broken.pop(i, None)
        if moves or len(broken) != size:
            self._broken_rules = None
        return out

    def _derive(self, moved: set[str], forced: set[str]) -> None:
        """Derive again, in order, each derive newly reading a changed fact or reading a value that moved."""
        known, changed = self._known, self._changed
        for p, (target, when, facts) in enumerate(self.tables.derives):
            if not self._triggered[p]:
                if changed.isdisjoint(facts):
                    continue
                self._triggered[p] = True
                changed.add(target)
            elif target not in forced and moved.isdisjoint(facts):
                continue
            forced.add(target)  # a later derive of the same fact gives it again
            outcome = when(known)
            old = known.get(target, _MISSING)
            if outcome is None:
                known.pop(target, None)
                if old is not _MISSING:
                    moved.add(target)
            else:
                known[target] = outcome
                if not _same(old, outcome):
                    moved.add(target)

    def _derive_all(self) -> set[str]:
        """A fresh pass over every derive (derives reading what a later one makes): every fact it derives moves."""
        known = self._known = dict(self._base)
        known.update(self._changes)
        changed = set(self._changes)  # as a fresh pass sees them: a derive reads what those before it derived
        out = set(self._changes)
        for p, (target, when, facts) in enumerate(self.tables.derives):
            if changed.isdisjoint(facts):
                continue
            self._triggered[p] = True
            changed.add(target)
            outcome = when(known)
            if outcome is None:
                known.pop(target, None)
            else:
                known[target] = outcome
            out.add(target)
        self._changed |= changed
        return out

    def _held_readers(self, name: str) -> tuple[int, ...]:
        got = self._readers.get(name)
        if got is None:
            index, findings = self._index, self.findings
            got = self._readers[name] = tuple(
                i for r in self.tables.readers.get(name, ()) if (i := index.get(r)) is not None
                and findings[i].met is True)
        return got

    # -- one-off questions, from the evidence ---------------------------------------------------------------------

    def breaks(self, done: Collection[str]) -> frozenset[str]:
        """The rules that held and that making `done` (alone) hold breaks."""
        index = self._index
        indices = sorted(i for r in done if (i := index.get(r)) is not None)
        changes = self.changes(indices)
        if not changes or not self.findings:
            return frozenset()
        t, held = self.tables, self._held_readers
        derived = not t.derivation.isdisjoint(changes)  # else no derive reads or makes a value that changes
        if not derived and not any(map(held, changes)):
            return frozenset()  # no derive and no held rule reads a value that changes
        known = self._base
        get = known.get
        saved = {name: get(name, _MISSING) for name in changes}
        moved = {name for name, value in changes.items() if (old := saved[name]) is not value and not _same(old, value)}
        known.update(changes)
        try:
            if derived:
                changed = set(changes)
                for target, when, facts in t.derives:
                    if changed.isdisjoint(facts):
                        continue
                    changed.add(target)
                    if target not in changes and moved.isdisjoint(facts):
                        continue  # derived from the evidence's values: it gives what it gave
                    before = saved.setdefault(target, get(target, _MISSING))
                    outcome = when(known)
                    if outcome is None:
                        known.pop(target, None)
                    else:
                        known[target] = outcome
                    if not _same(before, get(target, _MISSING)):
                        moved.add(target)
            when_of, names = t.when, self._rules
            # a held rule none of whose facts moved gives what it gave (it held on the evidence's values)
            return frozenset(rule for i in {i for name in moved for i in held(name)}
                             if (rule := names[i]) not in done and when_of[rule](known) is not True)
        finally:
            for name, value in saved.items():
                if value is _MISSING:
                    known.pop(name, None)
                else:
                    known[name] = value

    def changes(self, indices: Sequence[int]) -> dict[str, object]:
        """The fact values that make the findings at `indices` hold by their closest ways, where their why-nots
        say (a threshold computed from facts not evidenced says none)."""
        out: dict[str, object] = {}
        for i in indices:
            for gap, value in self._values(i):
                if value is _LIST:  # adds to or takes from a list an earlier change may have set
                    value = needed_value(gap, self.compiled.fact(gap.fact), out.get(gap.fact, gap.found))
                if value is not _NONE:
                    out[gap.fact] = value
        return out

    def _read(self, indices: Sequence[int]) -> None:
        """Read the closest ways of the findings at `indices` together, where they share their assessment's lean
        path (`closests`): what `_way` reads one by one, without a call through the finding for each."""
        findings, ways = self.findings, self._ways
        todo = [(i, f) for i in indices if i not in ways and (f := findings[i]).met is not True
                and "why_not" not in f.__dict__]
        if len(todo) < 2:
            return
        why = todo[0][1].why
        together = getattr(why, "closests", None)
        if together is None:
            return
        todo = [(i, f) for i, f in todo if f.why is why]
        for (i, _), way in zip(todo, together(f for _, f in todo), strict=True):
            ways[i] = way

    def _way(self, i: int) -> tuple[Want, ...]:
        """The finding's closest way, flat (derived facts replaced by what they come from), read once: from its
        why-not where a report made it already, else from the assessment's `closest` (the same way without the
        rest of the why-not), else from its why-not."""
        gaps = self._ways.get(i)
        if gaps is None:
            if i in self._unread:
                return ()
            f = self.findings[i]
            if f.met is True:
                gaps = ()
            else:
                why = f.__dict__.get("why_not", _MISSING)
                lean = getattr(f.why, "closest", None) if why is _MISSING else None
                if lean is not None:
                    gaps = lean(f)
                else:
                    if why is _MISSING:
                        why = f.why_not
                    gaps = () if why is None else tuple(
                        Want(g.fact, g.relation, g.needed, g.found) for g in _flat(why.closest))
            self._ways[i] = gaps
        return gaps

    def _values(self, i: int) -> tuple[tuple[Want, object], ...]:
        values = self._needed.get(i)
        if values is None:
            fact = self.compiled.fact
            values = self._needed[i] = tuple(
                (g, _LIST if g.relation in ("contains", "not_contains") else needed_value(g, fact(g.fact)))
                for g in self._way(i))
        return values


_NONE = object()  # the why-not does not say
_LIST = object()  # worked out against the list as changed so far


def needed_value(gap: Want | results.Gap, spec: model.FactSpec | None, found: object = None) -> object:
    """A value of `gap.fact` that makes its condition hold (the needed value itself where it is one); `_NONE` when
    the why-not does not say (a threshold computed from facts not evidenced)."""
    rel, need = gap.relation, gap.needed
    allowed = spec.values if spec is not None else None
    if rel == "exists":
        if allowed:
            return allowed[0]
        return {"int": 1, "number": 1.0, "string": "given", "list": ()}.get(spec.type if spec else "", True)
    if need is None:
        return _NONE
    if rel in ("eq", "gte", "lte"):
        return need
    if rel in ("gt", "lt") and isinstance(need, (int, float)) and not isinstance(need, bool):
        step = 0.01 if isinstance(need, float) else 1
        return need + step if rel == "gt" else need - step
    if rel == "in":
        return need[0] if isinstance(need, tuple) and need else need
    if rel == "ne" and isinstance(need, bool):
        return not need
    if rel in ("not_in", "ne") and allowed:
        banned = need if isinstance(need, tuple) else (need,)
        return next((v for v in allowed if v not in banned), _NONE)
    have = tuple(found) if isinstance(found, (tuple, list)) else ()
    if rel == "contains":
        return have if need in have else (*have, need)
    if rel == "not_contains":
        return tuple(v for v in have if v != need)
    return _NONE


def _flat(gaps: Sequence[results.Gap]) -> Iterator[results.Gap]:
    for g in gaps:
        if g.because:
            yield from _flat(g.because)
        else:
            yield g


def resolve(compiled: compiler.CompiledPack, quantity: model.award.Quantity) -> object:
    """A quantity's value on the compiled pack's date."""
    values = _VALUES.get_or_make(compiled.key, lambda: {name: value.value for name, value in compiled.params})
    return quantity.resolve(values)


def number(compiled: compiler.CompiledPack, quantity: model.award.Quantity | None, default: float = 0.0) -> float:
    if quantity is None:
        return default
    value = resolve(compiled, quantity)
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else default
