"""The points model's award passes read per-pack arrays (`points._Layout`): `settle`, `award` and `order` must give
what the plain definitions give over every finding — item caps in rule order, dimension sums in finding order, the
order (points or 0, not a warning raised, rule id) — on the examples (two CCSO items whose rules can move more
than the item is worth), the corpus and generated centres."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import pytest

from cc_rules import awards, engine, results
from cc_rules.assess import bind, findings, pipeline, prepared
from cc_rules.awards import conformity, points
from cc_rules.compile import compiler
from cc_rules.model import evidence
from tests import generated

ROOT = Path(__file__).resolve().parents[2] / "examples"


def _settle(compiled: compiler.CompiledPack, found: Sequence[results.Finding]) -> list[results.Finding]:
    left: dict[tuple[str, int], float] = {}
    out = []
    for f in found:
        item = compiled.pack.item(f.item)
        if not f.points or item is None or item.points is None:
            out.append(f)
            continue
        sign = 1 if f.points > 0 else -1
        room = left.setdefault((item.id, sign), float(item.points))
        moved = min(abs(f.points), room)
        left[(item.id, sign)] = room - moved
        out.append(f if moved == abs(f.points) else dataclasses.replace(f, points=sign * moved))
    return out


def _order(found: Sequence[results.Finding]) -> list[str]:
    return [f.rule for f in sorted(found, key=lambda f: (f.points or 0, not (f.fired and f.points is None), f.rule))]


def _raw(ev: evidence.Evidence, compiled: compiler.CompiledPack) -> tuple[results.Finding, ...]:
    """The findings before the award passes."""
    facts = bind.bind(ev, compiled)
    evaluation = engine.get("plain").evaluate(compiled, facts.values())
    return findings.build(compiled, facts, evaluation, prepared.prepare(compiled))[0]


def _check(ev: evidence.Evidence, compiled: compiler.CompiledPack) -> None:
    model = awards.get(compiled.pack.model)
    raw = _raw(ev, compiled)
    settled = model.settle(compiled, raw)
    assert [f.points for f in settled] == [f.points for f in _settle(compiled, raw)]
    assert [f.rule for f in model.order(compiled, settled)] == _order(settled)
    verdict = model.award(compiled, settled, ev.first_date)
    again = model.award(compiled, tuple(_settle(compiled, raw)), ev.first_date)  # not the tuple laid out last
    assert verdict == again


@pytest.mark.parametrize("path", sorted(ROOT.glob("ccso-*.yaml")) + sorted(ROOT.glob("corpus/*.yaml"))[1::4],
                         ids=lambda p: p.stem)
def test_the_points_passes_give_the_plain_definitions(path: Path) -> None:
    ev = evidence.load(path, dt.date(2026, 1, 1))
    for pack in pipeline.select_packs(ev, ()):
        if pack.model == "points":
            _check(ev, pipeline.compile_pack(pack, ev.date))


def test_the_points_passes_on_generated_centres(tmp_path: Path) -> None:
    for ev, compiled in generated.centres(tmp_path, 4):
        _check(ev, compiled)
        raw = _raw(ev, compiled)
        assert points._layout(compiled, raw)[0].ranks is not None  # the order is read from its table
        # unless a point value is one no outcome moves (as a cap leaves it): then it is sorted the general way
        n = next(k for k, f in enumerate(raw) if f.points)
        odd = (*raw[:n], raw[n].with_points(raw[n].points / 3), *raw[n + 1:])  # type: ignore[operator]
        assert [f.rule for f in awards.get("points").order(compiled, odd)] == _order(odd)


def test_a_capped_item_takes_its_points_in_rule_order() -> None:
    """centre-002 loses more in an item than it is worth: settle caps it (the passes above are then tested on a
    cap that bites)."""
    ev = evidence.load(ROOT / "corpus" / "centre-002-ecommerce.yaml", dt.date(2026, 1, 1))
    pack = pipeline.select_packs(ev, ())[0]
    compiled = pipeline.compile_pack(pack, ev.date)
    raw = _raw(ev, compiled)
    settled = awards.get("points").settle(compiled, raw)
    assert [f.points for f in settled] != [f.points for f in raw]
    # a capped point value is in no outcome's table: the order is sorted the general way
    assert [f.rule for f in awards.get("points").order(compiled, settled)] == _order(settled)


def test_a_warning_raised_comes_after_the_points_lost() -> None:
    """No example raises the CCSO pack's warning (`ccso.staffing.seats_given`): raised by hand, `order` puts it
    between the points lost and the rest, as the plain definition does."""
    ev = evidence.load(ROOT / "ccso-fail-small.yaml", dt.date(2026, 1, 1))
    compiled = pipeline.compile_pack(pipeline.select_packs(ev, ())[0], ev.date)
    raw = _raw(ev, compiled)
    n = next(k for k, f in enumerate(raw) if f.info.kind == "warning")
    assert raw[n].points is None and not raw[n].fired
    raised = (*raw[:n], dataclasses.replace(raw[n], met=raw[n].info.fired_on[0]), *raw[n + 1:])
    ordered = [f.rule for f in awards.get("points").order(compiled, raised)]
    assert ordered == _order(raised)
    assert ordered.index(raw[n].rule) == sum(1 for f in raw if f.points and f.points < 0)


@pytest.mark.parametrize("path", sorted(ROOT.glob("corpus/*.yaml"))[::6], ids=lambda p: p.stem)
def test_the_maturity_and_conformity_orders_give_the_plain_definitions(path: Path) -> None:
    """Sorted once per pack by rule info (`base.Layout.arranged`), then read per assessment: level then rule id;
    nonconformities first, major before minor, then rule id."""
    ev = evidence.load(path, dt.date(2026, 1, 1))
    for pack in pipeline.select_packs(ev, ()):
        compiled = pipeline.compile_pack(pack, ev.date)
        raw = _raw(ev, compiled)
        if pack.model == "maturity":
            plain = sorted(raw, key=lambda f: (f.level or 0, f.rule))
        elif pack.model == "conformity":
            severity = {f.rule: conformity.severity_of(compiled, f.rule) for f in raw}
            plain = sorted(raw, key=lambda f: (not f.problem, severity[f.rule] != conformity.MAJOR, f.rule))
        else:
            continue
        for _ in range(2):  # sorted, then read from the table
            assert [f.rule for f in awards.get(pack.model).order(compiled, raw)] == [f.rule for f in plain]
