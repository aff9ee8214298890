"""The roadmap's simulation works step by step from the state the last step left (`Simulation.advance`): after every
step of every example's roadmap, each finding's state must be the one a fresh re-simulation of all the rules done so
far gives (the values their closest ways need set on the evidence, every derive reading a changed fact derived
again in order, every held rule reading a changed fact evaluated again)."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Sequence
from pathlib import Path

import pytest

from cc_rules import awards, engine, results
from cc_rules.assess import pipeline
from cc_rules.awards import base, kinds
from cc_rules.compile import compiler
from cc_rules.engine import plain
from cc_rules.model import evidence
from tests import generated

ROOT = Path(__file__).resolve().parents[2] / "examples"
EXAMPLES = sorted(ROOT.glob("*.yaml")) + sorted(ROOT.glob("corpus/*.yaml"))[::6]


def _flat(gaps: Sequence[results.Gap]) -> list[results.Gap]:
    return [leaf for g in gaps for leaf in (_flat(g.because) if g.because else [g])]


def _fresh(compiled: compiler.CompiledPack, findings: Sequence[results.Finding],
           done: set[str]) -> list[tuple[bool | None, float | None]]:
    """Each finding's (outcome, points) with `done` made to hold, re-simulated from the evidence in one pass."""
    changes: dict[str, object] = {}
    for f in findings:
        if f.rule not in done or f.met is True or f.why_not is None:
            continue
        for gap in _flat(f.why_not.closest):
            if gap.relation in ("contains", "not_contains"):
                value = base.needed_value(gap, compiled.fact(gap.fact), changes.get(gap.fact, gap.found))
            else:
                value = base.needed_value(gap, compiled.fact(gap.fact))
            if value is not base._NONE:
                changes[gap.fact] = value
    known = dict(findings[0].values)
    known.update(changes)
    changed = set(changes)
    for derive in sorted((r for r in compiled.rules if r.rule.then.derive), key=lambda r: r.stratum):
        if changed.intersection(derive.facts):
            outcome = plain.condition(derive.when, known)
            if outcome is None:
                known.pop(str(derive.rule.then.derive), None)
            else:
                known[str(derive.rule.then.derive)] = outcome
            changed.add(str(derive.rule.then.derive))
    out: list[tuple[bool | None, float | None]] = []
    for f in findings:
        rule = compiled.rule(f.rule)
        assert rule is not None
        kind = kinds.of_rule(rule.rule.then.kind)
        assert kind is not None
        if f.rule in done:
            out.append((f.met, f.points) if f.met is True else (True, kind.points(True, rule.points)))
        elif f.met is True and changed.intersection(rule.facts) and changes:
            outcome = plain.condition(rule.when, known)
            out.append((f.met, f.points) if outcome is True else (outcome, kind.points(outcome, rule.points)))
        else:
            out.append((f.met, f.points))
    return out


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_each_step_leaves_the_state_a_fresh_simulation_gives(path: Path) -> None:
    ev = evidence.load(path)
    for pack in pipeline.select_packs(ev, ()):
        _check_steps(ev, pipeline.compile_pack(pack, ev.date))


def test_each_step_on_generated_centres_leaves_the_state_a_fresh_simulation_gives(tmp_path: Path) -> None:
    for ev, compiled in generated.centres(tmp_path, 6):
        _check_steps(ev, compiled)


def _check_steps(ev: evidence.Evidence, compiled: compiler.CompiledPack) -> None:
    result = pipeline.assess(ev, compiled, engine.get("plain"))
    found = awards.get(compiled.pack.model).settle(compiled, result.findings)
    sim = base.Simulation(compiled, found)
    sim.watch(r for a in result.actions for r in a.rules)
    done: set[str] = set()
    for action in result.actions:
        rules = set(action.rules) - done
        implied, _ = sim.advance(rules)
        done |= rules | implied
        assert [sim.state(i) for i in range(len(found))] == _fresh(compiled, found, done), (compiled.pack.id, action.id)
        broken = {f.rule for f, now in zip(found, _fresh(compiled, found, done), strict=True)
                  if f.met is True and now[0] is not True}
        assert sim.broken() == broken


def test_a_step_breaking_what_held_is_debited_and_the_breaks_are_asked_alone() -> None:
    """`breaks` answers for one action's rules alone, from the evidence, whatever the steps so far."""
    ev = evidence.load(ROOT / "ccso-fail-small.yaml")
    pack = pipeline.select_packs(ev, ())[0]
    compiled = pipeline.compile_pack(pack, ev.date)
    result = pipeline.assess(ev, compiled, engine.get("plain"))
    sim = base.Simulation(compiled, result.findings)
    asked = {a.id: sim.breaks(set(a.rules)) for a in result.actions}
    for action in result.actions[:3]:
        sim.advance(set(action.rules))
    assert {a.id: sim.breaks(set(a.rules)) for a in result.actions} == asked
    for action in result.actions:
        fresh = _fresh(compiled, result.findings, set(action.rules))
        assert asked[action.id] == {f.rule for f, now in zip(result.findings, fresh, strict=True)
                                    if f.met is True and now[0] is not True}


@pytest.mark.parametrize(("name", "pack", "alone", "later"), [
    ("ccso-fail-small.yaml", "ccso", "ccso.platform.integration", "ccso.platform.data_interchange"),
    ("gbt43045-level1-water-hotline.yaml", "gbt43045", "gbt.8.4.l2.kpi_targets", "gbt.8.4.l4.weekly_steering"),
])
def test_a_way_not_read_is_read_as_from_the_start_once_a_later_watched_rule_shares_its_facts(
        name: str, pack: str, alone: str, later: str) -> None:
    """A watched rule whose facts nothing else reads has no way worked out (its why-not is skipped); watching later
    a rule that reads one of its facts reads it as if it had been watched with it from the start, whether or not
    it is done by then."""
    ev = evidence.load(ROOT / name)
    compiled = next(pipeline.compile_pack(p, ev.date) for p in pipeline.select_packs(ev, ())
                    if p.id == pack)
    findings = pipeline.assess(ev, compiled, engine.get("plain")).findings
    for first_done in (False, True):
        late, both = base.Simulation(compiled, findings), base.Simulation(compiled, findings)
        late.watch([alone])
        assert late._index[alone] in late._unread and late._way(late._index[alone]) == ()
        both.watch([alone, later])
        if first_done:
            assert late.advance({alone}) == both.advance({alone})
        late.watch([later])
        assert not late._unread
        assert (late._asked, late._matching, late._full) == (both._asked, both._matching, both._full)
        steps = [(late.advance({later}), both.advance({later})), (late.advance({alone}), both.advance({alone}))]
        for got, want in steps:
            assert got == want
        assert [late.state(i) for i in range(len(findings))] == [both.state(i) for i in range(len(findings))]
        assert (late._asked, late._matching, late._full) == (both._asked, both._matching, both._full)


def test_a_way_is_the_same_from_the_lean_path_from_a_why_not_made_already_and_from_a_why_not(
        tmp_path: Path) -> None:
    """The simulation reads each candidate's closest way from the assessment's lean path (`whynot.Why.closest`),
    from the why-not when a report made it first, and from the why-not when the finding's `why` has no lean path:
    the same ways, and the same roadmap."""
    centres = [*generated.centres(tmp_path, 3)]
    centres += [(ev, pipeline.compile_pack(p, ev.date)) for path in EXAMPLES[:4]
                for ev in [evidence.load(path)] for p in pipeline.select_packs(ev, ())]
    for ev, compiled in centres:
        lean, made, other = (_settled(ev, compiled) for _ in range(3))
        for f in made:
            f.why_not  # noqa: B018 - made first, as a report would
        why = lean[0].why
        assert why is not None
        plain_why = functools.partial(lambda w, f: w(f), why)  # the full why-not only: no `closest`
        full = tuple(dataclasses.replace(f, why=plain_why) for f in other)
        ways, watched = [], []
        for found in (lean, made, full):
            sim = base.Simulation(compiled, found)
            ways.append([sim._way(i) for i in range(len(found))])
            sim = base.Simulation(compiled, found)
            sim.watch(f.rule for f in found)  # the candidates' ways read together where they can be
            watched.append([sim._way(i) for i in range(len(found))])
        assert ways[0] == ways[1] == ways[2], compiled.pack.id
        assert watched[0] == watched[1] == watched[2], compiled.pack.id
        assert any(ways[0]), compiled.pack.id
        assert all(type(g) is base.Want for way in ways[0] for g in way)
        model = awards.get(compiled.pack.model)
        maps = [model.roadmap(compiled, found, model.award(compiled, found, ev.date)) for found in (lean, made, full)]
        assert maps[0] == maps[1] == maps[2], compiled.pack.id


def _settled(ev: evidence.Evidence, compiled: compiler.CompiledPack) -> tuple[results.Finding, ...]:
    result = pipeline.assess(ev, compiled, engine.get("plain"))
    return awards.get(compiled.pack.model).settle(compiled, result.findings)
