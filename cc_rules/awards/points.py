"""Weighted points: item deductions and bonuses roll up into the pack's dimensions and a total; the pack's pass rule
(`above` or `at_least` a threshold) decides; the grade is the first band the total reaches, awarded directly (no
step-by-step promotion); a failed first assessment may be retested within its calendar year if the pack says so.

Dimensions, bases, caps, the pass rule, grade bands and the retest rule are all declared in the pack (`award:`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Collection, Iterator, Sequence
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
        left: dict[tuple[str, int], float] = {}
        out = []
        for f in findings:
            item = compiled.pack.item(f.item)
            if not f.points or item is None or item.points is None:
                out.append(f)
                continue
            sign = 1 if f.points > 0 else -1
            room = left.setdefault((item.id, sign), float(item.points))
            moved = min(abs(f.points), room)
            left[(item.id, sign)] = room - moved
            out.append(f if moved == abs(f.points) else dataclasses.replace(f, points=sign * moved))
        return tuple(out)

    def award(self, compiled: compiler.CompiledPack, findings: tuple[results.Finding, ...],
              first_date: dt.date) -> base.Verdict:
        static = _STATIC.get_or_make(compiled.key, lambda: self._static(compiled))
        dims = dict(static.bases)
        for f in findings:
            if f.points and f.dimension in dims:
                dims[f.dimension] += f.points
        for dim, upper in static.caps:
            dims[dim] = max(0.0, min(dims[dim], upper))
        total = round(sum(dims.values()), 4)  # the same arithmetic as `_total`, keeping the dimensions
        passed = bool(_RELATIONS[static.relation](total, static.threshold))
        retest = None
        if compiled.pack.award.retest is not None:
            until = dt.date(first_date.year, 12, 31)
            retest = results.Retest(open=not passed and compiled.as_of <= until, until=until.isoformat())
        score = results.Score(
            total, tuple((dim, round(dims[dim], 4)) for dim, _ in static.bases), static.threshold, static.maximum,
            dimension_maxima=static.maxima, titles=static.titles, pass_rule=static.relation)
        return base.Verdict(passed=passed, score=score, grade=self.grade(compiled, total), retest=retest)

    def _static(self, compiled: compiler.CompiledPack) -> _Static:
        spec = compiled.pack.award
        return _Static(
            bases=tuple((d.id, base.number(compiled, d.base)) for d in spec.dimensions),
            caps=tuple((d.id, base.number(compiled, d.cap, float("inf")) if d.cap is not None else float("inf"))
                       for d in spec.dimensions),
            relation=spec.passing.relation if spec.passing else "above",
            threshold=base.number(compiled, spec.passing.threshold if spec.passing else None),
            maximum=self._maximum(compiled), maxima=self.dimension_maxima(compiled),
            titles=tuple((d.id, d.title) for d in spec.dimensions))

    def grade(self, compiled: compiler.CompiledPack, total: float) -> str | None:
        for band in self.bands(compiled):
            low = float(band["min"])
            if total > low or (band.get("inclusive", True) and total == low):
                return str(band["grade"])
        return None

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
        """Points lost first (most first), then warnings raised, then the rest by rule id."""
        return tuple(sorted(findings, key=lambda f: (f.points or 0, not (f.fired and f.points is None), f.rule)))

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
        wanted: dict[str, set[str]] = defaultdict(set)
        worth: dict[str, float] = {}
        for f in findings:
            if not f.recommend or f.met is True:
                continue
            rule = compiled.rule(f.rule)
            won = abs(f.points or 0) if f.problem else abs(rule.points or 0) if rule and not f.fired else 0.0
            if not (f.problem or won):
                continue
            worth[f.rule] = won
            for action_id in f.recommend:
                if compiled.pack.action(action_id) is not None:
                    wanted[action_id].add(f.rule)
        static = _STATIC.get_or_make(compiled.key, lambda: self._static(compiled))
        sim = base.Simulation(compiled, findings)
        # what an action's own changes break elsewhere: with an action that restores it, that action's effort is
        # counted with it (it comes next); without one, the points it breaks are counted against it
        cost: dict[str, tuple[float, float]] = {}
        for aid, rules in wanted.items():
            lost = sim.breaks(rules)
            restorers = [self._effort(compiled, b) for r in lost for b in self._restorers(compiled, r, {aid})]
            cost[aid] = ((0.0, min(restorers)) if restorers and len(restorers) >= len(lost)
                         else (sum(self._worth(compiled, r) for r in lost), 0.0))
        total = verdict.score.total if verdict.score is not None else 0.0
        passed = verdict.passed
        done: set[str] = set()
        broken: frozenset[str] = frozenset()
        taken: set[str] = set()
        follow: set[str] = set()  # the rules the last step broke: the next step restores them if it can
        recs = []
        while True:
            options = [(aid, rules - done) for aid, rules in wanted.items() if rules - done]
            if follow:
                options = [o for o in options if o[1] & follow] or options
            if not options:
                break
            action_id, rules = min(options, key=lambda o: (
                -(sum(worth[r] for r in o[1]) - cost.get(o[0], (0.0, 0.0))[0])
                / (self._effort(compiled, o[0]) + cost.get(o[0], (0.0, 0.0))[1]),
                self._effort(compiled, o[0]), o[0]))
            rules |= sim.implied(done | rules, worth.keys())
            done |= rules
            del wanted[action_id]
            taken.add(action_id)
            found, broken_now = sim.run(done)
            for rule_id in broken_now - broken:  # wanted again, from an action not yet taken that restores it
                worth[rule_id] = self._worth(compiled, rule_id)
                for aid in self._restorers(compiled, rule_id, taken):
                    wanted[aid].add(rule_id)
            follow, broken = set(broken_now - broken), broken_now
            after = self._total(static, self.settle(compiled, self._raw(compiled, found)))
            now = bool(_RELATIONS[static.relation](after, static.threshold))
            action = compiled.pack.action(action_id)
            assert action is not None
            recs.append(results.ActionRec(action.id, action.title, round(after - total, 4), "points", action.effort,
                                          tuple(sorted(rules)), cumulative=after,
                                          reaches="pass" if now and not passed else None))
            total, passed = after, passed or now
        return tuple(recs)

    @staticmethod
    def _restorers(compiled: compiler.CompiledPack, rule_id: str, taken: Collection[str]) -> list[str]:
        """The actions a rule recommends that are not `taken`: what restores it once a step has broken it."""
        rule = compiled.rule(rule_id)
        return [aid for aid in (rule.rule.then.recommend if rule is not None else ())
                if aid not in taken and compiled.pack.action(aid) is not None]

    @staticmethod
    def _worth(compiled: compiler.CompiledPack, rule_id: str) -> float:
        rule = compiled.rule(rule_id)
        return abs(rule.points or 0.0) if rule is not None else 0.0

    @staticmethod
    def _raw(compiled: compiler.CompiledPack, findings: Sequence[results.Finding]) -> tuple[results.Finding, ...]:
        """The findings with the points their outcome moves before the item caps, for `settle` to cap again."""
        out = []
        for f in findings:
            if f.points is not None and f.fired:  # what moved, possibly capped to less (to 0 when used up)
                rule = compiled.rule(f.rule)
                kind = kinds.of_rule(rule.rule.then.kind) if rule is not None else None
                raw = kind.points(f.met, rule.points) if rule is not None and kind is not None else f.points
                if raw != f.points:
                    f = dataclasses.replace(f, points=raw)
            out.append(f)
        return tuple(out)

    @staticmethod
    def _effort(compiled: compiler.CompiledPack, action_id: str) -> float:
        action = compiled.pack.action(action_id)
        return action.effort if action is not None else 1.0

    @staticmethod
    def _total(static: _Static, findings: Sequence[results.Finding]) -> float:
        dims = dict(static.bases)
        for f in findings:
            if f.points and f.dimension in dims:
                dims[f.dimension] += f.points
        for dim, upper in static.caps:
            dims[dim] = max(0.0, min(dims[dim], upper))
        return round(sum(dims.values()), 4)

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
