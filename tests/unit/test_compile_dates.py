"""Compiling a pack for many dates: one compile per span of the pack's calendar (between two dates on which an
edition starts, a rule comes into or goes out of force, or a parameter takes a new value), each date keeping its
own `as_of`; whatever the date, the same edition, rules and parameters as a compile of that date alone."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cc_rules import model
from cc_rules.assess import pipeline as assessment
from cc_rules.assess import prepared
from cc_rules.base import errors
from cc_rules.compile import compiler
from cc_rules.model import packs

ROOT = Path(__file__).resolve().parents[2]
CONSTRUCTS = ROOT / "tests" / "packs" / "constructs"

V1, V2 = dt.date(2020, 1, 1), dt.date(2024, 1, 1)  # the constructs pack's editions; r.v2_only starts with v2
WINDOW = (dt.date(2022, 3, 15), dt.date(2023, 6, 1))  # r.lt in force from the first, no longer on the second
RATIO_7 = dt.date(2021, 9, 10)  # ratio: 10 from V1, 7 from here, 5 from V2
DAY = dt.timedelta(days=1)


def _calendar_pack() -> model.Pack:
    """The constructs pack with a boundary of each kind on a date of its own."""
    pack = packs.load(CONSTRUCTS)
    rules = tuple(dataclasses.replace(r, effective_from=WINDOW[0], effective_until=WINDOW[1]) if r.id == "r.lt"
                  else r for r in pack.rules)
    ratio = next(p for p in pack.parameters if p.name == "ratio")
    values = tuple(sorted((*ratio.values, dataclasses.replace(ratio.values[0], start=RATIO_7, value=7)),
                          key=lambda v: v.start))
    params = tuple(dataclasses.replace(p, values=values) if p is ratio else p for p in pack.parameters)
    return dataclasses.replace(pack, rules=rules, parameters=params)


PACK = _calendar_pack()


def _fresh(pack: model.Pack, day: dt.date) -> compiler.CompiledPack:
    """What the compiler makes of `day` alone, with no cache."""
    return compiler._compile_on(pack, day)


def _same_content(a: compiler.CompiledPack, b: compiler.CompiledPack) -> None:
    assert a.edition == b.edition
    assert [r.rule.id for r in a.rules] == [r.rule.id for r in b.rules]
    assert [r.when for r in a.rules] == [r.when for r in b.rules]  # parameters resolved to the same constants
    assert [(r.index, r.stratum, r.points) for r in a.rules] == [(r.index, r.stratum, r.points) for r in b.rules]
    assert a.params == b.params and a.facts == b.facts and a.strata == b.strata and a.key == b.key


def test_the_calendar_is_every_date_something_changes() -> None:
    assert compiler.boundaries(PACK) == (V1, RATIO_7, WINDOW[0], WINDOW[1], V2)
    assert compiler.boundaries(packs.load(CONSTRUCTS)) == (V1, V2)


@pytest.mark.parametrize("boundary", [V1, RATIO_7, WINDOW[0], WINDOW[1], V2])
def test_each_boundary_starts_a_new_span_and_the_day_before_ends_the_last(boundary: dt.date) -> None:
    on, after = compiler.compile_pack(PACK, boundary), compiler.compile_pack(PACK, boundary + DAY)
    assert after.key == on.key and after.rules is on.rules and after.params is on.params  # shared, not recompiled
    assert (on.as_of, after.as_of) == (boundary, boundary + DAY)
    for compiled in (on, after):
        _same_content(compiled, _fresh(PACK, compiled.as_of))
    if boundary == V1:  # nothing is in force before the first edition
        return
    before = compiler.compile_pack(PACK, boundary - DAY)
    assert before.as_of == boundary - DAY and before.key != on.key
    _same_content(before, _fresh(PACK, before.as_of))


def test_what_each_boundary_changes() -> None:
    def ids(day: dt.date) -> set[str]:
        return {r.rule.id for r in compiler.compile_pack(PACK, day).rules}

    def ratio(day: dt.date) -> object:
        found = compiler.compile_pack(PACK, day).param("ratio")
        return found.value if found else None

    assert [ratio(d) for d in (RATIO_7 - DAY, RATIO_7, V2 - DAY, V2)] == [10, 7, 7, 5]
    assert "r.lt" not in ids(WINDOW[0] - DAY) and "r.lt" in ids(WINDOW[0])
    assert "r.lt" in ids(WINDOW[1] - DAY) and "r.lt" not in ids(WINDOW[1])  # `until` is the first day out of force
    assert "r.v2_only" not in ids(V2 - DAY) and "r.v2_only" in ids(V2)
    assert [compiler.compile_pack(PACK, d).edition.id for d in (V2 - DAY, V2)] == ["v1", "v2"]


def test_one_compile_per_span_however_many_dates(monkeypatch: pytest.MonkeyPatch) -> None:
    pack = dataclasses.replace(PACK, source="/spans/counted")  # a calendar of its own
    calls: list[dt.date] = []
    original = compiler._compile_on

    def counted(p: model.Pack, day: dt.date) -> compiler.CompiledPack:
        calls.append(day)
        return original(p, day)

    monkeypatch.setattr(compiler, "_compile_on", counted)
    days = [RATIO_7 + DAY * i for i in range(0, 200, 3)]  # two spans: RATIO_7…WINDOW[0]…(before WINDOW[1])
    made = [assessment.compile_pack(pack, d) for d in days]
    assert len(calls) == 2 == len({c.key for c in made})
    assert [c.as_of for c in made] == days  # each date its own, for reports and retest windows
    assert compiler.compile_pack(pack, days[5]) is made[5]  # the same date, the same object
    assert len({id(prepared.prepare(c)) for c in made}) == 2  # the per-pack tables follow the key


def test_before_the_first_edition_every_date_is_refused_with_its_own_date() -> None:
    for day in (V1 - DAY, V1 - DAY * 400):
        with pytest.raises(errors.PackError) as info:
            compiler.compile_pack(PACK, day)
        assert day.isoformat() in info.value.problems[0].render()


@settings(max_examples=60, deadline=None)
@given(st.dates(min_value=V1, max_value=dt.date(2030, 12, 31)))
def test_any_date_compiles_as_a_fresh_compile_of_it(day: dt.date) -> None:
    compiled = compiler.compile_pack(PACK, day)
    assert compiled.as_of == day
    _same_content(compiled, _fresh(PACK, day))
    assert compiled.edition == PACK.edition_at(day)  # and as the model itself says, rule by rule
    assert [r.rule for r in compiled.rules] == [r for r in PACK.rules if r.in_force(day)]
    assert compiled.params == tuple((p.name, v) for p in PACK.parameters if (v := p.at(day)) is not None)
    assert compiled.pack is PACK and compiled.rule("r.eq_const") is not None and compiled.fact("organization.seats")
