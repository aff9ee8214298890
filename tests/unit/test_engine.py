"""Both evaluators: Kleene three-valued logic, unknowns, division by zero, derivations — and they agree."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path

import pytest

from cc_rules import engine, model
from cc_rules.assess import bind
from cc_rules.assess import pipeline as assessment
from cc_rules.compile import compiler
from cc_rules.engine import plain
from cc_rules.model import evidence, packs

ROOT = Path(__file__).resolve().parents[2]
CONSTRUCTS = ROOT / "tests" / "packs" / "constructs"
ENGINES = ["plain", "durable"]

T, F, U = True, False, None
TRUTH = {T: 1.0, U: 0.5, F: 0.0}
BACK = {v: k for k, v in TRUTH.items()}


def k_and(*xs: bool | None) -> bool | None:
    return BACK[min(TRUTH[x] for x in xs)]


def k_or(*xs: bool | None) -> bool | None:
    return BACK[max(TRUTH[x] for x in xs)]


def k_not(x: bool | None) -> bool | None:
    return BACK[1.0 - TRUTH[x]]


def facts_for(**truth: bool | None) -> dict[str, object]:
    """A fact per name with the given truth value; None leaves the fact out (unknown)."""
    return {f"t.{name}": value for name, value in truth.items() if value is not None}


def is_true(name: str) -> model.Compare:
    return model.Compare(f"t.{name}", "eq", model.Const(True))


# The plain walk, directly on condition trees --------------------------------------------------------------------------


@pytest.mark.parametrize("p, q", list(itertools.product([T, F, U], repeat=2)))
def test_plain_all_any_not_follow_kleene(p: bool | None, q: bool | None) -> None:
    values = facts_for(p=p, q=q)
    assert plain.condition(model.All((is_true("p"), is_true("q"))), values) is k_and(p, q)
    assert plain.condition(model.AnyOf((is_true("p"), is_true("q"))), values) is k_or(p, q)
    assert plain.condition(model.Not(is_true("p")), values) is k_not(p)
    assert plain.condition(model.Not(model.All((is_true("p"), model.Not(is_true("q"))))), values) \
        is k_not(k_and(p, k_not(q)))


def test_plain_named_cases() -> None:
    assert plain.condition(model.AnyOf((is_true("p"), is_true("q"))), facts_for(p=U, q=T)) is True  # any with unknown
    assert plain.condition(model.AnyOf((is_true("p"), is_true("q"))), facts_for(p=U, q=F)) is None
    assert plain.condition(model.All((is_true("p"), is_true("q"))), facts_for(p=U, q=F)) is False
    assert plain.condition(model.Not(is_true("p")), {}) is None  # not unknown is unknown
    assert plain.condition(model.Exists("t.p", True), {}) is False  # exists is never unknown
    assert plain.condition(model.Exists("t.p", False), {}) is True


@pytest.mark.parametrize("x, y, expected", [
    (5, 0, None),        # division by zero: unknown, not an error and not false
    (5, None, None),     # missing divisor
    (None, 2, None),     # missing left side
    (5, 2, True),        # 5 >= 1/2
    (0.1, 2, False),
    (0.5, 2, True),
])
def test_plain_division(x: float | None, y: float | None, expected: bool | None) -> None:
    cond = model.Compare("t.x", "gte", model.Arith("div", model.Const(1), model.FactRef("t.y")))
    values = {k: v for k, v in {"t.x": x, "t.y": y}.items() if v is not None}
    assert plain.condition(cond, values) is expected


# Both engines on a compiled pack -------------------------------------------------------------------------------------

KLEENE_PACK = {
    "pack.yaml": """\
id: kleene
title: {zh: 三值逻辑, en: Kleene}
model: conformity
editions: [{id: "1", effective_from: 2020-01-01, reference: test}]
parameters:
  one: {values: [{from: 2020-01-01, value: 1, reference: test}]}
""",
    "facts.yaml": """\
- {name: t.p, type: bool, description: {zh: p, en: p}}
- {name: t.q, type: bool, description: {zh: q, en: q}}
- {name: t.x, type: number, description: {zh: x, en: x}}
- {name: t.y, type: number, description: {zh: y, en: y}}
- {name: t.l, type: list, values: [a, b], description: {zh: l, en: l}}
- {name: t.k, type: enum, values: [a, b], description: {zh: k, en: k}}
- {name: t.d, type: bool, derived: true, description: {zh: d, en: d}}
""",
    "items.yaml": "- {id: root, title: {zh: 根, en: root}, clause: '1', provenance: source}\n",
    "rules/r.yaml": (
        "- {id: and, item: root, clause: '1', provenance: source, "
        "requires: {all: [{fact: t.p, eq: true}, {fact: t.q, eq: true}]}, then: {requirement: true}}\n"
        "- {id: or, item: root, clause: '1', provenance: source, "
        "requires: {any: [{fact: t.p, eq: true}, {fact: t.q, eq: true}]}, then: {requirement: true}}\n"
        "- {id: not, item: root, clause: '1', provenance: source, "
        "requires: {not: {fact: t.p, eq: true}}, then: {requirement: true}}\n"
        "- {id: nand, item: root, clause: '1', provenance: source, "
        "requires: {not: {all: [{fact: t.p, eq: true}, {not: {fact: t.q, eq: true}}]}}, then: {requirement: true}}\n"
        "- {id: div, item: root, clause: '1', provenance: source, "
        "requires: {fact: t.x, gte: {div: [{param: one}, {fact: t.y}]}}, then: {requirement: true}}\n"
        "- {id: exists, item: root, clause: '1', provenance: source, "
        "requires: {fact: t.x, exists: true}, then: {requirement: true}}\n"
        "- {id: contains, item: root, clause: '1', provenance: source, "
        "requires: {fact: t.l, contains: a}, then: {requirement: true}}\n"
        "- {id: in, item: root, clause: '1', provenance: source, "
        "requires: {fact: t.k, in: [a]}, then: {requirement: true}}\n"
        "- {id: derive, item: root, clause: '1', provenance: source, "
        "when: {any: [{fact: t.p, eq: true}, {fact: t.q, eq: true}]}, then: {derive: t.d}}\n"
        "- {id: uses, item: root, clause: '1', provenance: source, "
        "requires: {not: {fact: t.d, eq: false}}, then: {requirement: true}}\n"
    ),
}


@pytest.fixture(scope="module")
def kleene(tmp_path_factory: pytest.TempPathFactory) -> compiler.CompiledPack:
    root = tmp_path_factory.mktemp("kleene")
    for name, text in KLEENE_PACK.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return compiler.compile_pack(packs.load(root), dt.date(2025, 1, 1))


def outcomes(compiled: compiler.CompiledPack, engine_name: str, values: dict[str, object]) -> dict[str, object]:
    result = engine.get(engine_name).evaluate(compiled, values)
    assert result.engine == engine_name
    out: dict[str, object] = {r.rule.id: result.outcomes[r.index] for r in compiled.rules}
    out["derived"] = dict(result.derived)
    return out


@pytest.mark.parametrize("engine_name", ENGINES)
@pytest.mark.parametrize("p, q", list(itertools.product([T, F, U], repeat=2)))
def test_engines_follow_kleene(kleene: compiler.CompiledPack, engine_name: str, p: bool | None,
                               q: bool | None) -> None:
    got = outcomes(kleene, engine_name, facts_for(p=p, q=q))
    derived = k_or(p, q)
    assert got["and"] is k_and(p, q)
    assert got["or"] is k_or(p, q)
    assert got["not"] is k_not(p)
    assert got["nand"] is k_not(k_and(p, k_not(q)))
    assert got["derive"] is derived
    assert got["derived"] == ({} if derived is None else {"t.d": derived})
    assert got["uses"] is k_not(k_not(derived))  # not (d = false): unknown while d is


@pytest.mark.parametrize("engine_name", ENGINES)
@pytest.mark.parametrize("values, expected", [
    ({"t.x": 5, "t.y": 0}, {"div": None, "exists": True}),
    ({"t.x": 5}, {"div": None, "exists": True}),
    ({"t.y": 2}, {"div": None, "exists": False}),
    ({"t.x": 5, "t.y": 2}, {"div": True}),
    ({"t.x": 0.1, "t.y": 2}, {"div": False}),
    ({"t.x": 0.5, "t.y": 2}, {"div": True}),
    ({"t.x": -1, "t.y": -0.5}, {"div": True}),
    ({"t.l": ("a", "b"), "t.k": "a"}, {"contains": True, "in": True}),
    ({"t.l": ("b",), "t.k": "b"}, {"contains": False, "in": False}),
    ({"t.l": ()}, {"contains": False, "in": None}),
])
def test_engines_on_arithmetic_and_membership(kleene: compiler.CompiledPack, engine_name: str,
                                              values: dict[str, object], expected: dict[str, object]) -> None:
    got = outcomes(kleene, engine_name, values)
    assert {k: got[k] for k in expected} == expected


# Durable and plain agree on the constructs pack ---------------------------------------------------------------------

HEAD = """\
format: cc-rules/evidence@1
organization: {name: Test Org, industry: banking, seats: 100}
assessment: {date: 2025-06-30, mode: self}
"""

EVIDENCE = {
    "full": HEAD + """\
facts:
  a: {int: 12, num: 1.5, other: 3, flag: true, flag2: false, text: hello, kind: y, list: [voice, video]}
""",
    "sparse": "format: cc-rules/evidence@1\norganization: {name: Sparse}\nassessment: {date: 2025-06-30}\nfacts: {}\n",
    "zero_divisor": HEAD + """\
facts:
  a: {int: 0, num: 1, other: 3, list: [email], text: same, text2: same, kind: z}
reviews:
  i.ce: {met: true, reviewer: 李四}
""",
    "all_false": HEAD + """\
facts:
  a: {int: 500, num: -5, other: 1, flag: false, flag2: true, text: x, text2: y, kind: z, list: [sms]}
""",
}

EXPECTED = {
    "full": {"r.eq_const": True, "r.lt": False, "r.gte_ratio": False, "r.derive1": True, "r.derive2": True,
             "r.uses_derived": True, "r.eq_fact_text": None, "r.not_exists": True, "r.v2_only": False,
             "r.baseline": True, "r.review": None},
    "sparse": {"r.eq_const": None, "r.exists": False, "r.not_exists": True, "r.derive1": None, "r.derive2": None,
               "r.uses_derived": None, "r.baseline": None, "r.in_text": None, "r.gte_ratio": None},
    "zero_divisor": {"r.divzero": None, "r.derive1": True, "r.derive2": True, "r.uses_derived": True,
                     "r.eq_fact_text": True, "r.gte_ratio": False, "r.review": True, "r.all_any_not": None},
    "all_false": {"r.derive1": False, "r.derive2": False, "r.uses_derived": False, "r.all_any_not": False,
                  "r.ne_fact_flag": True, "r.eq_fact_text": False, "r.gt_fact": False, "r.contains": False},
}


@pytest.mark.parametrize("name", sorted(EVIDENCE))
def test_durable_and_plain_agree_on_constructs(name: str, tmp_path: Path) -> None:
    path = tmp_path / f"{name}.yaml"
    path.write_text(EVIDENCE[name], encoding="utf-8")
    ev = evidence.load(path)
    compiled = compiler.compile_pack(packs.load(CONSTRUCTS), ev.date)
    values = bind.bind(ev, compiled).values()
    by_engine = {e: outcomes(compiled, e, values) for e in ENGINES}
    assert by_engine["durable"] == by_engine["plain"]
    got = by_engine["plain"]
    assert {rule: got[rule] for rule in EXPECTED[name]} == EXPECTED[name]

    reports = {}
    for engine_name in ENGINES:
        report = json.loads(_json(assessment.run([path], [str(CONSTRUCTS)], engine_name=engine_name)))
        for result in report["assessments"][0]["results"]:
            assert result.pop("engine") == engine_name
        reports[engine_name] = report
    assert reports["durable"] == reports["plain"]


def _json(report: object) -> str:
    from cc_rules.reports import json as json_report

    return json_report.render(report, "en")  # type: ignore[arg-type]
