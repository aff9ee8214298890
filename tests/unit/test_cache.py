"""Caches keyed by content (base/cache.py): a pack changed in memory is recompiled, every cache stays within its
bound, and evicting a durable program deletes its ruleset from the C engine."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import durable_rules_engine as dre
import pytest

from cc_rules import engine, model
from cc_rules.assess import prepared
from cc_rules.base import cache
from cc_rules.compile import compiler
from cc_rules.engine import durable
from cc_rules.model import packs

ROOT = Path(__file__).resolve().parents[2]
DAY = dt.date(2026, 6, 30)
ENGINES = ["plain", "durable"]


def _constructs() -> model.Pack:
    return packs.load(ROOT / "tests" / "packs" / "constructs")


def test_lru_is_bounded_and_calls_back_on_eviction() -> None:
    evicted: list[tuple[str, int]] = []
    lru: cache.LRU[str, int] = cache.LRU("test-lru", 3, on_evict=lambda k, v: evicted.append((k, v)))
    for i in range(5):
        lru.put(f"k{i}", i)
    assert len(lru) == 3 and evicted == [("k0", 0), ("k1", 1)]
    assert lru.get("k2") == 2  # now most recently used
    lru.put("k5", 5)
    assert evicted[-1] == ("k3", 3) and "k2" in lru
    assert lru.get_or_make("k6", lambda: 6) == 6 and len(lru) == 3
    lru.clear()
    assert len(lru) == 0 and len(evicted) == 7
    assert cache.REGISTRY["test-lru"] is lru
    with pytest.raises(ValueError):
        cache.LRU("empty", 0)


def test_content_key_follows_content_not_path() -> None:
    pack = _constructs()
    assert pack.content_key == _constructs().content_key
    assert dataclasses.replace(pack, root="/elsewhere", sha256="x").content_key == pack.content_key
    changed = dataclasses.replace(pack, rules=(dataclasses.replace(pack.rules[0], points=2.0), *pack.rules[1:]))
    assert changed.content_key != pack.content_key
    assert cache.digest(1) != cache.digest(1.0) != cache.digest(True)


def test_canonical_form_of_each_kind_of_value() -> None:
    """The form content keys hash: a dataclass by its type name and compared fields (an excluded name skipped at
    any depth, its field list looked up once per class), sequences as lists, mappings and sets sorted, and numbers,
    texts and enums told apart by type."""
    import enum

    class Colour(enum.StrEnum):
        RED = "red"

    @dataclasses.dataclass(frozen=True)
    class Inner:
        name: str
        skip: int = 0
        hidden: int = dataclasses.field(default=0, compare=False)

    @dataclasses.dataclass(frozen=True)
    class Outer:
        inner: tuple[Inner, ...]
        values: dict[str, object]

    value = Outer((Inner("a", 1, 9), Inner("b")), {"z": [1, 1.0, True, None], "a": {"k"}, "d": DAY, "c": Colour.RED})
    assert cache.canonical(value, frozenset({"skip"})) == [
        "Outer", ["inner", [["Inner", ["name", "a"]], ["Inner", ["name", "b"]]]],
        ["values", ["{}", ["a", ["set", "k"]], ["c", "red"], ["d", ["date", DAY.isoformat()]],
                    ["z", [1, ["float", "1.0"], ["bool", True], None]]]]]
    assert cache.canonical(Inner("a", 1)) == ["Inner", ["name", "a"], ["skip", 1]]  # nothing excluded here


@pytest.mark.parametrize("name", ENGINES)
def test_rule_changed_in_memory_gives_the_new_result(name: str) -> None:
    pack = _constructs()
    evaluator = engine.get(name)
    facts = {"a.flag": True}
    before = compiler.compile_pack(pack, DAY)
    assert evaluator.evaluate(before, facts).outcomes[0] is True
    rule = pack.rules[0]  # a.flag eq true
    flipped = dataclasses.replace(rule, when=dataclasses.replace(rule.when, operand=model.Const(False)))
    changed = dataclasses.replace(pack, rules=(flipped, *pack.rules[1:]))  # same ids, same root, same sha256
    after = compiler.compile_pack(changed, DAY)
    assert after.key != before.key
    assert after.rules[0].when == flipped.when
    assert evaluator.evaluate(after, facts).outcomes[0] is False
    assert evaluator.evaluate(compiler.compile_pack(pack, DAY), facts).outcomes[0] is True  # the old one still holds


def _variant(pack: model.Pack, i: int) -> model.Pack:
    ratio = next(p for p in pack.parameters if p.name == "ratio")
    values = tuple(dataclasses.replace(v, value=1000 + i) for v in ratio.values)
    params = tuple(dataclasses.replace(p, values=values) if p is ratio else p for p in pack.parameters)
    return dataclasses.replace(pack, parameters=params)


def test_caches_stay_bounded_and_eviction_releases_durable_rulesets() -> None:
    pack = _constructs()
    evaluator = engine.get("durable")
    released, evictions = durable.RELEASED, durable.PROGRAMS.evictions
    handles = []
    n = durable.PROGRAM_CACHE_SIZE + 5
    for i in range(n):
        compiled = compiler.compile_pack(_variant(pack, i), DAY)
        evaluator.evaluate(compiled, {"a.flag": True, "organization.seats": 10})
        prepared.prepare(compiled)
        handles.append(durable.program(compiled).handle)
    assert len(set(handles)) == n
    assert len(durable.PROGRAMS) <= durable.PROGRAM_CACHE_SIZE
    assert len(compiler.CACHE) <= compiler.COMPILED_CACHE_SIZE
    assert len(compiler.CALENDARS) <= compiler.CALENDARS_CACHE_SIZE
    assert len(prepared.CACHE) <= prepared.PREPARED_CACHE_SIZE
    assert durable.PROGRAMS.evictions - evictions >= 5
    assert durable.RELEASED - released == durable.PROGRAMS.evictions - evictions
    with pytest.raises(dre.error):  # the first ruleset is gone from the C engine
        dre.assert_fact(handles[0], '{"sid": "x", "id": "g0", "t": "g0"}')
    # an evicted program is registered again on demand
    again = compiler.compile_pack(_variant(pack, 0), DAY)
    assert evaluator.evaluate(again, {"a.flag": True}).outcomes[0] is True


def test_a_pack_compiled_on_a_day_is_compiled_once_and_follows_its_content() -> None:
    pack = _constructs()
    first = compiler.compile_pack(pack, DAY)
    assert compiler.compile_pack(pack, DAY) is first  # the same object: per-pack tables downstream are shared
    later = compiler.compile_pack(pack, DAY + dt.timedelta(days=1))
    assert later is not first and later.as_of == DAY + dt.timedelta(days=1) and later.key == first.key
    changed = compiler.compile_pack(_variant(pack, 1), DAY)
    assert changed is not first and changed.key != first.key
    moved = dataclasses.replace(pack, source="/elsewhere/pack")
    assert compiler.compile_pack(moved, DAY).pack.source == "/elsewhere/pack"  # messages name the pack read
    assert len(compiler.BY_DAY) <= compiler.BY_DAY_CACHE_SIZE
