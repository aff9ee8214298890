"""Weighted points: item deductions and bonuses roll up into the pack's dimensions and a total; the pack's pass rule
(`above` or `at_least` a threshold) decides; the grade is the first band the total reaches, awarded directly (no
step-by-step promotion); a failed first assessment may be retested within its calendar year if the pack says so.

Dimensions, bases, caps, the pass rule, grade bands and the retest rule are all declared in the pack (`award:`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import heapq
import itertools
import math
import operator
from collections import defaultdict
from collections.abc import Callable, Collection, Iterator, Sequence
from typing import Any

from cc_rules import model, results
from cc_rules.awards import base, kinds
from cc_rules.base import cache, errors
from cc_rules.compile import compiler


@dataclasses.dataclass(frozen=True)
class _Static:
    """What the award needs from the pack on one date, resolved once per compiled pack."""

    bases: tuple[tuple[str, float], ...]
    caps: tuple[tuple[str, float], ...]
    relation: str
    threshold: float
    maximum: float
    maxima: tuple[tuple[str, float], ...]
    titles: tuple[tuple[str, model.Text], ...]
    retest: bool  # the pack declares a retest rule
    bands: tuple[tuple[float, bool, str], ...]  # `Points._bands`


def _grade(bands: tuple[tuple[float, bool, str], ...], total: float) -> str | None:
    """The first band the total reaches."""
    for low, inclusive, grade in bands:
        if total > low or (inclusive and total == low):
            return grade
    return None


_STATIC: cache.LRU[str, _Static] = cache.LRU("points-award", 64)  # by compiled pack key
_RELATIONS = {"above": lambda total, line: total > line, "at_least": lambda total, line: total >= line}


class Points(base.AwardModel):
    name = "points"
    explain_subject = "score"
    moves_points = True

    def check(self, compiled: compiler.CompiledPack) -> Iterator[errors.Problem]:
        yield from super().check(compiled)
        pack = compiled.pack
        declared = [d.id for d in pack.award.dimensions]
        for item in pack.items:
            if item.dimension is not None and item.dimension not in declared:
                loc = item.loc
                yield errors.Problem.of(
                    "awards.unknown-dimension", file=loc.file if loc else None, line=loc.line if loc else None,
                    path=(loc.path if loc else "$") + ".dimension", suggestion=errors.did_you_mean(item.dimension,
                                                                                                   declared),
                    expected=f"one of {declared}", got=repr(item.dimension), code="dimension", item=item.id,
                    dimension=item.dimension)
        for rule in compiled.rules:
            kind = kinds.of_rule(rule.rule.then.kind)
            if kind is None or not kind.sign:
                continue
            owner = pack.item(rule.rule.item)
            if owner is not None and owner.dimension is None:
                loc = rule.rule.loc
                yield errors.Problem.of("awards.no-dimension", file=loc.file if loc else None,
                                        line=loc.line if loc else None, path=loc.path if loc else "$",
                                        code="dimension", rule=rule.rule.id, item=owner.id)

    def settle(self, compiled: compiler.CompiledPack,
               findings: tuple[results.Finding, ...]) -> tuple[results.Finding, ...]:
        """An item's points are a cap: its rules together take off at most what the item is worth, and add at most
        that much. The rules keep their points in rule order until the item's worth is used up; a later rule of the
        same item moves what is left (0 when nothing is left), so the findings add up to the score."""
        lay, points = _layout(compiled, findings)
        left: dict[tuple[str, int], float] = {}
        out: list[results.Finding] | None = None
        for n in itertools.compress(lay.capped, map(points.__getitem__, lay.capped)):
            moves = points[n]
            assert moves is not None
            item, worth = lay.caps[n]  # type: ignore[misc]
            sign = 1 if moves > 0 else -1
            room = left.get((item, sign), worth)
            moved = min(abs(moves), room)
            left[(item, sign)] = room - moved
            if moved != abs(moves):
                if out is None:
                    out = list(findings)
                out[n] = findings[n].with_points(sign * moved)  # its `because` left unmade (`with_points`)
        if out is None:
            return findings
        settled = tuple(out)
        _remember(settled, compiled.key, lay)
        return settled

    def award(self, compiled: compiler.CompiledPack, findings: tuple[results.Finding, ...],
              first_date: dt.date) -> base.Verdict:
        static = _STATIC.get_or_make(compiled.key, lambda: self._static(compiled))
        lay, points = _layout(compiled, findings)
        # each dimension's base plus the points its findings move, added one by one in finding order
        dims = {dim: functools.reduce(operator.add, filter(None, pick(points)), start)
                for dim, start, pick in lay.sums}
        for dim, upper in static.caps:
            dims[dim] = max(0.0, min(dims[dim], upper))
        total = round(sum(dims.values()), 4)  # the same arithmetic as the roadmap's `_Score`, keeping the dimensions
        passed = bool(_RELATIONS[static.relation](total, static.threshold))
        retest = None
        if static.retest:
            until = dt.date(first_date.year, 12, 31)
            retest = results.Retest(open=not passed and compiled.as_of <= until, until=until.isoformat())
        score = results.Score(
            total, tuple([(dim, round(dims[dim], 4)) for dim, _ in static.bases]), static.threshold, static.maximum,
            dimension_maxima=static.maxima, titles=static.titles, pass_rule=static.relation)
        return base.Verdict(passed=passed, score=score, grade=_grade(static.bands, total), retest=retest)

    def _static(self, compiled: compiler.CompiledPack) -> _Static:
        spec = compiled.pack.award
        return _Static(
            bases=tuple((d.id, base.number(compiled, d.base)) for d in spec.dimensions),
            caps=tuple((d.id, base.number(compiled, d.cap, float("inf")) if d.cap is not None else float("inf"))
                       for d in spec.dimensions),
            relation=spec.passing.relation if spec.passing else "above",
            threshold=base.number(compiled, spec.passing.threshold if spec.passing else None),
            maximum=self._maximum(compiled), maxima=self.dimension_maxima(compiled),
            titles=tuple((d.id, d.title) for d in spec.dimensions), retest=spec.retest is not None,
            bands=self._bands(compiled))

    def grade(self, compiled: compiler.CompiledPack, total: float) -> str | None:
        return _grade(self._bands(compiled), total)

    @classmethod
    def _bands(cls, compiled: compiler.CompiledPack) -> tuple[tuple[float, bool, str], ...]:
        """Each grade band's lower bound, whether it is inclusive, and the grade, in the pack's order."""
        return tuple((float(b["min"]), bool(b.get("inclusive", True)), str(b["grade"])) for b in cls.bands(compiled))

    @staticmethod
    def bands(compiled: compiler.CompiledPack) -> list[dict[str, Any]]:
        spec = compiled.pack.award.grades
        value = base.resolve(compiled, spec) if spec is not None else None
        return [b for b in value if isinstance(b, dict)] if isinstance(value, list) else []

    @staticmethod
    def _maximum(compiled: compiler.CompiledPack) -> float:
        bases = sum(base.number(compiled, d.base) for d in compiled.pack.award.dimensions)
        return bases + sum(Points._bonuses(compiled).values())

    @staticmethod
    def _bonuses(compiled: compiler.CompiledPack) -> dict[str, float]:
        """Most each item's bonus rules can add together: their points, capped at the item's."""
        out: dict[str, float] = defaultdict(float)
        for rule in compiled.rules:
            if kinds.of_rule(rule.rule.then.kind) is kinds.BONUS:
                out[rule.rule.item] += rule.points or 0.0
        for item_id in out:
            item = compiled.pack.item(item_id)
            if item is not None and item.points is not None:
                out[item_id] = min(out[item_id], float(item.points))
        return out

    @staticmethod
    def dimension_maxima(compiled: compiler.CompiledPack) -> tuple[tuple[str, float], ...]:
        """Most each dimension can reach: its base plus every bonus on it, capped; scales the radar chart."""
        spec = compiled.pack.award
        tops = {d.id: base.number(compiled, d.base) for d in spec.dimensions}
        for item_id, bonus in Points._bonuses(compiled).items():
            item = compiled.pack.item(item_id)
            if item is not None and item.dimension in tops:
                tops[item.dimension] += bonus
        out = []
        for d in spec.dimensions:
            cap = base.number(compiled, d.cap, float("inf")) if d.cap is not None else float("inf")
            out.append((d.id, min(cap, tops[d.id])))
        return tuple(out)

    def order(self, compiled: compiler.CompiledPack,
              findings: Sequence[results.Finding]) -> tuple[results.Finding, ...]:
        """Points lost first (most first), then warnings raised, then the rest by rule id, then points won (least
        first): the order of (points or 0, not a warning raised, rule id), sorted group by group."""
        lay, points = _layout(compiled, findings)
        if lay.ranks is not None:
            try:
                ranks = list(map(dict.__getitem__, lay.ranks, points))
            except KeyError:  # a point value no outcome moves (an item's cap took some): sorted below
                pass
            else:
                for n, rank in lay.raising:  # a warning raised comes after the points lost, in rule id order
                    if points[n] is None and findings[n].met in lay.fired_on[n]:
                        ranks[n] = rank
                ranks.sort()
                return operator.itemgetter(*operator.itemgetter(*ranks)(lay.placed))(findings)  # type: ignore[no-any-return]
        by_rule = lay.by_rule
        rest = list(map(operator.not_, points))  # moving no points, and not a warning raised (below)
        raised = []
        for n in lay.warnings:
            if points[n] is None and findings[n].met in lay.fired_on[n]:
                rest[n] = False
                raised.append(findings[n])
        moving = list(itertools.compress(by_rule, map(points.__getitem__, by_rule)))
        moving.sort(key=points.__getitem__)  # type: ignore[arg-type]  # stable: rule id order among equal points
        won = next((k for k, n in enumerate(moving) if points[n] > 0), len(moving))  # type: ignore[operator]
        return (*map(findings.__getitem__, moving[:won]), *raised,
                *itertools.compress(map(findings.__getitem__, by_rule), map(rest.__getitem__, by_rule)),
                *map(findings.__getitem__, moving[won:]))

    def own_gate(self, result: results.PackResult, spec: results.GateSpec) -> results.GateVerdict | None:
        if spec.min_score is None or result.score is None:
            return None
        met = result.score.total >= spec.min_score
        return results.GateVerdict("min-score", spec.min_score, result.score.total, met,
                                   () if met else self.verdict_blockers(result))

    def verdict_blockers(self, result: results.PackResult) -> tuple[results.Missing, ...]:
        return tuple(results.Missing.of(f) for f in result.findings if f.points is not None and f.points < 0)

    def roadmap(self, compiled: compiler.CompiledPack, findings: tuple[results.Finding, ...],
                verdict: base.Verdict) -> tuple[results.ActionRec, ...]:
        """Points won per unit of effort, highest first, re-credited after each step: a rule's points count once
        (for the first action that wins them), each step shows the score it leads to and the step that crosses the
        pass line is marked. A deduction's points back, a bonus's points earned; item and dimension caps apply.
        Each step is re-simulated (`base.Simulation`): a rule it breaks loses its points there and is wanted again
        from the actions that restore it, so the score a step promises is the score that follows."""
        t = base.tables(compiled)
        actions = t.actions
        wanted: dict[str, set[str]] = defaultdict(set)
        worth: dict[str, float] = {}
        for f in findings:
            if f.met is True or not f.recommend:
                continue
            won = (abs(f.points or 0) if f.problem else abs(t.points[f.rule] or 0)
                   if f.rule in t.points and not f.fired else 0.0)
            if not (f.problem or won):
                continue
            worth[f.rule] = won
            for action_id in f.recommend:
                if action_id in actions:
                    wanted[action_id].add(f.rule)
        static = _STATIC.get_or_make(compiled.key, lambda: self._static(compiled))
        sim = base.Simulation(compiled, findings)
        sim.watch(worth)
        # what an action's own changes break elsewhere: with an action that restores it, that action's effort is
        # counted with it (it comes next); without one, the points it breaks are counted against it
        cost: dict[str, tuple[float, float]] = {}
        for aid, rules in wanted.items():
            lost = sim.breaks(rules)
            restorers = [actions[b].effort for r in lost for b in t.recommend.get(r, ()) if b != aid]
            cost[aid] = ((0.0, min(restorers)) if restorers and len(restorers) >= len(lost)
                         else (math.fsum(self._worth(t, r) for r in lost), 0.0))
        score = _Score(compiled, static, sim)
        total = verdict.score.total if verdict.score is not None else 0.0
        passed = verdict.passed
        done: set[str] = set()
        broken: frozenset[str] = frozenset()
        taken: set[str] = set()
        follow: set[str] = set()  # the rules the last step broke: the next step restores them if it can
        # each action's rules not yet done and its rank, worked out again only when those rules or their worth change
        left: dict[str, set[str]] = {}
        ranks: dict[str, tuple[float, float, str]] = {}
        heap: list[tuple[float, float, str]] = []  # every rank given, the outdated ones left until they come up
        holders: dict[str, set[str]] = defaultdict(set)  # rule → the wanted actions it is among
        for aid, rules in wanted.items():
            for r in rules:
                holders[r].add(aid)
        stale = set(wanted)
        recs = []
        while True:
            for aid in stale - taken:
                rules = wanted[aid] - done
                if rules:
                    effort = actions[aid].effort
                    against, extra = cost.get(aid, (0.0, 0.0))
                    left[aid] = rules
                    gain = math.fsum(map(worth.__getitem__, rules)) - against
                    rank = ranks[aid] = (-gain / (effort + extra), effort, aid)
                    heapq.heappush(heap, rank)
                else:
                    left.pop(aid, None)
                    ranks.pop(aid, None)
            stale = set()
            if not left:
                break
            # the actions holding a rule the last step broke (a rule not done is in the rules left of each)
            options = {aid for r in follow for aid in holders[r] if aid in left} if follow else ()
            if options:
                action_id = min(options, key=ranks.__getitem__)
            else:  # the best rank of all: the heap's least entry still in force (the ranks differ, by id at last)
                while ranks.get(heap[0][2]) != heap[0]:
                    heapq.heappop(heap)
                action_id = heap[0][2]
            rules = left.pop(action_id)
            del ranks[action_id]
            implied, changed = sim.advance(rules)
            rules |= implied
            done |= rules
            for r in rules:
                stale |= holders[r]
            del wanted[action_id]
            taken.add(action_id)
            stale.discard(action_id)
            broken_now = sim.broken()
            for rule_id in broken_now - broken:  # wanted again, from an action not yet taken that restores it
                worth[rule_id] = self._worth(t, rule_id)
                sim.watch((rule_id,))
                stale |= holders[rule_id]
                for aid in t.recommend.get(rule_id, ()):
                    if aid not in taken:
                        wanted[aid].add(rule_id)
                        holders[rule_id].add(aid)
                        stale.add(aid)
            follow, broken = set(broken_now - broken), broken_now
            after = score.after(changed)
            now = bool(_RELATIONS[static.relation](after, static.threshold))
            action = actions[action_id]
            recs.append(results.ActionRec(action.id, action.title, round(after - total, 4), "points", action.effort,
                                          tuple(sorted(rules)), cumulative=after,
                                          reaches="pass" if now and not passed else None))
            total, passed = after, passed or now
        return tuple(recs)

    @staticmethod
    def _worth(t: base.PackTables, rule_id: str) -> float:
        return abs(t.points.get(rule_id) or 0.0)

    def lint(self, compiled: compiler.CompiledPack) -> Iterator[base.Issue]:
        """Items whose rules deduct or add more than the item is worth (CCR011: the score caps them, see `settle`),
        dimensions whose deductions exceed their
        base (CCR010), grade bands that overlap, leave gaps or cannot be reached (CCR012)."""
        pack = compiled.pack
        per_item: dict[str, float] = defaultdict(float)
        counts: dict[str, int] = defaultdict(int)
        added: dict[str, float] = defaultdict(float)
        adders: dict[str, int] = defaultdict(int)
        for rule in compiled.rules:
            if kinds.of_rule(rule.rule.then.kind) is kinds.DEDUCTION:
                per_item[rule.rule.item] += rule.points or 0.0
                counts[rule.rule.item] += 1
            elif kinds.of_rule(rule.rule.then.kind) is kinds.BONUS:
                added[rule.rule.item] += rule.points or 0.0
                adders[rule.rule.item] += 1
        for item_id, bonus_total in sorted(added.items()):
            item = pack.item(item_id)
            if item is not None and item.points is not None and bonus_total > item.points + 1e-9:
                yield base.Issue("CCR011", "awards.lint-item-overawarded", (
                    ("added", f"{bonus_total:g}"), ("item", item_id), ("n", adders[item_id]),
                    ("worth", f"{item.points:g}")), item.loc)
        worst: dict[str, float] = defaultdict(float)
        for item_id, rules_total in sorted(per_item.items()):
            item = pack.item(item_id)
            if item is None or item.dimension is None:
                continue
            declared = item.points
            worst[item.dimension] += declared if declared is not None else rules_total
            if declared is not None and rules_total > declared + 1e-9:
                yield base.Issue("CCR011", "awards.lint-item-overdeducted", (
                    ("deducted", f"{rules_total:g}"), ("item", item_id), ("n", counts[item_id]),
                    ("worth", f"{declared:g}")), item.loc)
        bases = {d.id: base.number(compiled, d.base) for d in pack.award.dimensions}
        for dim, total in sorted(worst.items()):
            if total > bases.get(dim, 0.0) + 1e-9:
                yield base.Issue("CCR010", "awards.lint-deductions-exceed-base", (
                    ("base", f"{bases.get(dim, 0.0):g}"), ("dimension", dim), ("total", f"{total:g}")),
                    pack.award.loc)
        yield from self._lint_bands(compiled, self._maximum(compiled))

    def _lint_bands(self, compiled: compiler.CompiledPack, maximum: float) -> Iterator[base.Issue]:
        spec = compiled.pack.award
        bands = [(str(b["grade"]), float(b["min"]), bool(b.get("inclusive", True))) for b in self.bands(compiled)]
        if not bands:
            return
        for (g1, m1, i1), (g2, m2, i2) in itertools.pairwise(bands):
            if m2 > m1 or (m2 == m1 and (i1 or not i2)):
                yield base.Issue("CCR012", "awards.lint-bands-overlap", (
                    ("after", g1), ("after_min", f"{m1:g}"), ("grade", g2), ("min", f"{m2:g}")),
                    compiled.pack.award.loc)
        if spec.passing is not None:
            threshold = base.number(compiled, spec.passing.threshold)
            grade, low, inclusive = min(bands, key=lambda b: (b[1], not b[2]))
            fails_at_line = spec.passing.relation == "above"
            if low > threshold:
                yield base.Issue("CCR012", "awards.lint-bands-gap",
                                 (("low", f"{low:g}"), ("threshold", f"{threshold:g}")), compiled.pack.award.loc)
            elif low < threshold or (low == threshold and inclusive and fails_at_line):
                yield base.Issue("CCR012", "awards.lint-bands-failing-range", (
                    ("grade", grade), ("low", f"{low:g}"), ("rel", "≥" if inclusive else ">"),
                    ("threshold", f"{threshold:g}")), compiled.pack.award.loc)
        for grade, low, inclusive in bands:
            if low > maximum or (low == maximum and not inclusive):
                yield base.Issue("CCR012", "awards.lint-band-unreachable", (
                    ("grade", grade), ("low", f"{low:g}"), ("maximum", f"{maximum:g}")), compiled.pack.award.loc)


class _Score:
    """The score as a roadmap's steps change the findings, kept up to date step by step: each finding's points
    before the item caps (what its outcome moves), the caps applied again only on the items a step touches, and
    each dimension's running sums in finding order (`award`'s left fold, kept at every position) folded again only
    from the first position a step changes — the same arithmetic as `settle` and `award` over every finding."""

    def __init__(self, compiled: compiler.CompiledPack, static: _Static, sim: base.Simulation) -> None:
        t = base.tables(compiled)
        self.static, self.sim = static, sim
        self.caps = t.caps
        self.kinds, self.points = t.kinds, t.points
        findings = sim.findings
        lay, points = _layout(compiled, findings)
        self.rules, self.over = lay.common.rules, lay.over
        self.capped = lay.capped_item  # position → its item, where the item's cap can bite
        # an item that cannot move more than it is worth leaves each finding's points as its outcome moves them
        self.raw: list[float | None] = list(points)
        self.items: dict[str, list[int]] = defaultdict(list)  # such an item → its findings moving points, in order
        for i in lay.capped:
            self.raw[i] = raw = self._raw(i, findings[i].met, points[i])
            if raw is not None:
                self.items[self.caps[self.rules[i]][0]].append(i)
        self.slot: dict[int, tuple[str, int]] = {}  # none yet: settling first only fills `settled`
        self.settled: list[float | None] = list(self.raw)
        for item in self.items:
            self._settle(item)
        self.slot = lay.slots  # position → (its dimension, its place among the dimension's members)
        # each declared dimension's members' settled points, in order, and the running sums from its base: sums[k]
        # is the base plus the first k points (the dimension's score is the last)
        self.values: dict[str, list[float]] = {}
        self.sums: dict[str, list[float]] = {}
        for dim, start in static.bases:
            values = self.values[dim] = [self.settled[i] for i in lay.members.get(dim, ())]  # type: ignore[misc]
            self.sums[dim] = list(itertools.accumulate(values, initial=start))
        self.dirty: dict[str, int] = {}  # dimension → the first place whose points changed since last summed
        uppers = dict(static.caps)
        self.bounds = tuple((dim, uppers.get(dim, math.inf)) for dim, _ in static.bases)  # each dimension's cap

    def _raw(self, i: int, met: bool | None, points: float | None) -> float | None:
        """What the finding's outcome moves before its item's cap (what `settle` caps)."""
        kind = self.kinds.get(self.rules[i])
        if points is not None and kind is not None and met in kind.fired_on:
            moved = kind.points(met, self.points[self.rules[i]])
            return moved if moved is not None else points
        return points

    def _put(self, i: int, value: float | None) -> None:
        """Settle the finding at `i` at `value`, marking its dimension to be summed again from its place."""
        self.settled[i] = value
        slot = self.slot.get(i)
        if slot is not None:
            dim, k = slot
            values = self.values[dim]
            if values[k] == value and type(values[k]) is type(value):
                return
            values[k] = value  # type: ignore[assignment]
            if k < self.dirty.get(dim, k + 1):
                self.dirty[dim] = k

    def _settle(self, item: str) -> None:
        members = self.items[item]
        room = {1: self.caps[self.rules[members[0]]][1], -1: self.caps[self.rules[members[0]]][1]}
        put = self._put
        for i in members:
            p = self.raw[i]
            if not p:
                put(i, p)
                continue
            sign = 1 if p > 0 else -1
            moved = min(abs(p), room[sign])
            room[sign] -= moved
            put(i, p if moved == abs(p) else sign * moved)

    def after(self, changed: Collection[int]) -> float:
        """The score once the findings at `changed` take their state in the simulation."""
        items = set()
        state, raws, capped = self.sim.state, self.raw, self.capped
        for i in changed:
            met, points = state(i)
            raw = self._raw(i, met, points)
            if raw == raws[i] and type(raw) is type(raws[i]):
                continue
            raws[i] = raw
            item = capped.get(i)
            if item is not None:
                items.add(item)
            else:
                self._put(i, raw)
        for item in items:
            self._settle(item)
        sums, values = self.sums, self.values
        for dim, k in self.dirty.items():
            running = sums[dim]
            running[k:] = itertools.accumulate(itertools.islice(values[dim], k, None), initial=running[k])
        self.dirty.clear()
        return round(sum([max(0.0, min(sums[dim][-1], upper)) for dim, upper in self.bounds]), 4)


@dataclasses.dataclass(frozen=True)
class _Layout:
    """What `settle`, `award` and `order` read of each finding's rule, by position: an assessment's findings come
    in the same order, with the same rule info, for every assessment of a compiled pack (`findings.build`)."""

    common: base.Layout  # each position's rule
    caps: tuple[tuple[str, float] | None, ...]  # (item, its points) where the rule's item has points
    # the positions whose item's rules can together move more than the item is worth, in order: a finding moves at
    # most its rule's points (`kinds.Kind.points`), so the cap leaves every other finding as it is
    capped: tuple[int, ...]
    over: set[str]  # those items
    dims: tuple[str | None, ...]
    fired_on: tuple[tuple[bool | None, ...], ...]
    by_rule: tuple[int, ...]  # the positions in rule id order
    members: dict[str, tuple[int, ...]]  # dimension → the positions whose rule moves points, in order
    warnings: tuple[int, ...]  # the positions whose rule moves no points but can be raised, in rule id order
    capped_item: dict[int, str]  # each capped position → its item
    slots: dict[int, tuple[str, int]]  # position → (its declared dimension, its place among the members)
    # `order` as a table, where there are two findings or more: each position's place in the order for each points
    # value an outcome can move there (`RuleInfo.moved`), as ranks that sort into the order; each warning's rank
    # when raised (its place hangs on its outcome, not its points); the position holding each rank
    ranks: tuple[dict[float | None, int], ...] | None
    raising: tuple[tuple[int, int], ...]
    placed: tuple[int, ...]
    # each declared dimension with its base (`_Static.bases`, in order) and what reads its members' points at once
    sums: tuple[tuple[str, float, Callable[[Sequence[float | None]], Sequence[float | None]]], ...]


_LAYOUTS: cache.LRU[str, _Layout] = cache.LRU("points-layout", 64)  # by compiled pack key


# The findings last laid out, with their compiled pack's key, layout and points: one tuple, replaced whole (a thread
# reading it sees one assessment's or another's, and uses it only when its findings are the very tuple it has).
_LAST: tuple[object, str, _Layout | None, list[float | None]] = ((), "", None, [])


def _remember(findings: Sequence[results.Finding], key: str, lay: _Layout) -> list[float | None]:
    global _LAST
    points = [f.points for f in findings]  # quicker than a C `map`: the attribute read is specialised
    _LAST = (findings, key, lay, points)
    return points


def _layout(compiled: compiler.CompiledPack,
            findings: Sequence[results.Finding]) -> tuple[_Layout, list[float | None]]:
    """The findings' layout, made once per compiled pack (again when findings come in another order), and each
    finding's points; `settle`, `award` and `order` read the same findings one after the other, so the last ones
    are recognised at once."""
    last, key, lay, points = _LAST
    if last is findings and key == compiled.key and lay is not None:
        return lay, points
    common = base.layout(compiled, findings)
    got = _LAYOUTS.get(compiled.key)
    if got is None or got.common is not common:
        got = _make_layout(compiled, findings, common)
    return got, _remember(findings, compiled.key, got)


def _make_layout(compiled: compiler.CompiledPack, findings: Sequence[results.Finding],
                 common: base.Layout) -> _Layout:
    t = base.tables(compiled)
    caps = t.caps
    rules = common.rules
    most: dict[str, float] = defaultdict(float)  # item → what its rules can move together
    for r in compiled.rules:
        most[r.rule.item] += abs(r.points or 0.0)
    over = {item for item, worth in caps.values() if most[item] > worth}
    dims = tuple(f.dimension for f in findings)
    members: dict[str, list[int]] = defaultdict(list)
    for n, (rule, dim) in enumerate(zip(rules, dims, strict=True)):
        kind = t.kinds.get(rule)
        if dim is not None and kind is not None and kind.sign:
            members[dim].append(n)
    fired_on = tuple(f.info.fired_on for f in findings)
    by_rule = tuple(sorted(range(len(rules)), key=rules.__getitem__))
    raisable = tuple(n for n in by_rule if fired_on[n] and not getattr(t.kinds.get(rules[n]), "sign", 0))
    capped = tuple(n for n, r in enumerate(rules) if r in caps and caps[r][0] in over)
    declared = {d.id for d in compiled.pack.award.dimensions}
    ranks, raising, placed = _ranks(findings, rules, raisable) if len(rules) > 1 else (None, (), ())
    made = _Layout(
        common, tuple(caps.get(r) for r in rules), capped, over,
        dims, fired_on, by_rule, {d: tuple(m) for d, m in members.items()}, raisable,
        {n: caps[rules[n]][0] for n in capped},
        {n: (d, k) for d, m in members.items() if d in declared for k, n in enumerate(m)}, ranks, raising, placed,
        tuple((d.id, base.number(compiled, d.base), _picker(tuple(members.get(d.id, ()))))
              for d in compiled.pack.award.dimensions))
    _LAYOUTS.put(compiled.key, made)
    return made


def _picker(indexes: tuple[int, ...]) -> Callable[[Sequence[float | None]], Sequence[float | None]]:
    """The values at `indexes`, in order, in one C call."""
    if not indexes:
        return lambda values: ()
    if len(indexes) == 1:
        return lambda values: (values[indexes[0]],)
    return operator.itemgetter(*indexes)


def _ranks(findings: Sequence[results.Finding], rules: tuple[str, ...], raisable: tuple[int, ...]
           ) -> tuple[tuple[dict[float | None, int], ...], tuple[tuple[int, int], ...], tuple[int, ...]]:
    """`order`'s sort key (points lost, then warnings raised, then the rest, then points won; by points, then rule
    id, then position) for every points value each position's outcomes can move, and for each warning raised,
    numbered in key order: per assessment, each finding's rank is looked up, the ranks sorted, and the positions
    holding them read, in C."""
    keys: dict[tuple[int, float | str | None], tuple[int, float, str, int]] = {}
    for n, f in enumerate(findings):
        for _, v in f.info.moved:
            keys[(n, v)] = (0 if v and v < 0 else 3 if v and v > 0 else 2, v or 0.0, rules[n], n)
    for n in raisable:
        keys[(n, "raised")] = (1, 0.0, rules[n], n)
    number = {key: k for k, key in enumerate(sorted(set(keys.values())))}
    tables: list[dict[float | None, int]] = [{} for _ in findings]
    raising = []
    placed = [0] * len(number)
    for (n, value), key in keys.items():
        if isinstance(value, str):  # raised
            raising.append((n, number[key]))
        else:
            tables[n][value] = number[key]
        placed[number[key]] = n
    return tuple(tables), tuple(raising), tuple(placed)
