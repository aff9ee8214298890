"""cc_rules.compile.compiler: the edition in force, parameters resolved, strata, and every static check with its
location."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from cc_rules import model
from cc_rules.assess import pipeline as assessment
from cc_rules.base import errors
from cc_rules.compile import compiler
from cc_rules.model import packs

ROOT = Path(__file__).resolve().parents[2]
CONSTRUCTS = ROOT / "tests" / "packs" / "constructs"
DAY = dt.date(2025, 6, 30)


def pack_with(tmp_path: Path, edits: dict[str, list[tuple[str, str]]]) -> model.Pack:
    """A copy of the constructs pack with text replacements applied (each must match exactly once)."""
    root = tmp_path / "pack"
    shutil.copytree(CONSTRUCTS, root)
    for name, replacements in edits.items():
        path = root / name
        text = path.read_text(encoding="utf-8")
        for old, new in replacements:
            assert text.count(old) == 1, (name, old)
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    return packs.load(root)


def compile_problems(tmp_path: Path, edits: dict[str, list[tuple[str, str]]]) -> list[errors.Problem]:
    pack = pack_with(tmp_path, edits)
    with pytest.raises(errors.PackError) as info:
        assessment.compile_pack(pack, DAY)  # the compiler's checks, then the award model's
    return list(info.value.problems)


def only(found: list[errors.Problem]) -> errors.Problem:
    assert len(found) == 1, [p.render() for p in found]
    return found[0]


RULES = "rules/all.yaml"


# The pack as it is ---------------------------------------------------------------------------------------------------


def test_constructs_compiles_with_the_edition_and_parameters_in_force() -> None:
    pack = packs.load(CONSTRUCTS)
    v1 = compiler.compile_pack(pack, dt.date(2023, 12, 31))
    v2 = compiler.compile_pack(pack, dt.date(2024, 1, 1))
    assert (v1.edition.id, v2.edition.id) == ("v1", "v2")
    assert v1.param("ratio").value == 10 and v2.param("ratio").value == 5  # type: ignore[union-attr]
    assert v1.rule("r.v2_only") is None and v2.rule("r.v2_only") is not None
    assert v1.key != v2.key
    ratio_rule = v2.rule("r.gte_ratio")
    assert ratio_rule is not None
    assert ratio_rule.when == model.Compare(
        "a.int", "gte", model.Arith("div", model.FactRef("organization.seats"), model.Const(5)), "$[5].requires")


def test_strata_follow_derivations() -> None:
    compiled = compiler.compile_pack(packs.load(CONSTRUCTS), DAY)
    strata = {r.rule.id: r.stratum for r in compiled.rules}
    assert (strata["r.derive1"], strata["r.derive2"], strata["r.uses_derived"], strata["r.lt"]) == (0, 1, 2, 0)
    assert compiled.strata == 3


def test_needed_facts_exclude_derived_ones_and_include_implicit_reviews() -> None:
    compiled = compiler.compile_pack(packs.load(CONSTRUCTS), DAY)
    needed = compiled.needed_facts()
    assert "d.first" not in needed and "review.i.ce" in needed and "organization.seats" in needed
    review = compiled.fact("review.i.ce")
    assert review is not None and review.type == "bool"


def test_compiling_is_cached_and_deterministic() -> None:
    pack = packs.load(CONSTRUCTS)
    a, b = compiler.compile_pack(pack, DAY), compiler.compile_pack(pack, DAY)
    assert a.rules is b.rules and a.key == b.key


def test_no_edition_in_force() -> None:
    with pytest.raises(errors.PackError) as info:
        compiler.compile_pack(packs.load(CONSTRUCTS), dt.date(2019, 12, 31))
    problem = info.value.problems[0]
    assert problem.code == "no-edition" and problem.path == "$.editions"
    assert problem.expected == "a date on or after 2020-01-01" and problem.got == "2019-12-31"


# Static checks, each located -----------------------------------------------------------------------------------------


def test_unknown_fact_in_a_condition(tmp_path: Path) -> None:
    problem = only(compile_problems(tmp_path, {RULES: [("{fact: a.int, lt: 5}", "{fact: a.itn, lt: 5}")]}))
    assert (problem.code, problem.line, problem.path, problem.suggestion) == ("unknown-fact", 9, "$[2].requires.fact",
                                                                               "a.int")
    assert problem.file == str(tmp_path / "pack" / RULES)


def test_unknown_fact_as_an_operand(tmp_path: Path) -> None:
    problem = only(compile_problems(tmp_path, {RULES: [("gt: {fact: a.other}", "gt: {fact: a.othr}")]}))
    assert (problem.code, problem.path, problem.suggestion) == ("unknown-fact", "$[4].requires.gt.fact", "a.other")


def test_unknown_fact_in_a_multi_line_rule_names_the_condition_line(tmp_path: Path) -> None:
    problem = only(compile_problems(tmp_path, {RULES: [("not: {fact: a.list, contains: sms}",
                                                         "not: {fact: a.lisst, contains: sms}")]}))
    assert (problem.line, problem.path, problem.suggestion) == (29, "$[15].requires.all[1].not.fact", "a.list")


@pytest.mark.parametrize("old, new, path, words", [
    ("{fact: a.flag, eq: true}, {fact: a.int, gt: 100}", "{fact: a.flag, eq: 3}, {fact: a.int, gt: 100}",
     "$[15].requires.all[0].any[0].eq", "fact 'a.flag' is bool, compared with 3"),
    ("{fact: a.int, lt: 5}", "{fact: a.text, lt: 5}", "$[2].requires", "`lt` needs a number, 'a.text' is string"),
    ("{fact: a.num, lte: 2.5}", "{fact: a.num, lte: {fact: a.flag}}", "$[3].requires",
     "`lte` compares 'a.num' with a bool"),
    ("{fact: a.kind, in: [x, y]}", "{fact: a.kind, in: [x, w]}", "$[10].requires.in[1]",
     "'w' is not a value of 'a.kind'"),
    ("{fact: a.list, contains: video}, then: {add: 3", "{fact: a.kind, contains: video}, then: {add: 3",
     "$[12].requires", "`contains` needs a list fact"),
    ("{fact: a.list, contains: video}, then: {add: 3", "{fact: a.list, contains: vidoe}, then: {add: 3",
     "$[12].requires", "'vidoe' is not an allowed item of 'a.list'"),
    ("{fact: a.text, eq: {fact: a.text2}}", "{fact: a.text, eq: {fact: a.int}}", "$[8].requires",
     "`eq` compares string fact 'a.text' with a int"),
    ("{mul: [2, {fact: a.other}]}", "{mul: [2, {fact: a.flag}]}", "$[6].requires.lte.add[0].mul[1]",
     "`mul` needs numbers"),
])
def test_type_mismatches(tmp_path: Path, old: str, new: str, path: str, words: str) -> None:
    problem = only(compile_problems(tmp_path, {RULES: [(old, new)]}))
    assert problem.code == "type" and problem.path == path and words in problem.message
    assert problem.line is not None


def test_duplicate_rule_id(tmp_path: Path) -> None:
    problem = only(compile_problems(tmp_path, {RULES: [("id: r.lte,", "id: r.lt,")]}))
    assert (problem.code, problem.line, problem.path) == ("duplicate-id", 10, "$[3].id")
    assert problem.message.startswith("duplicate rule id 'r.lt' (first defined at ")
    assert problem.message.endswith("all.yaml:9)")


def test_duplicate_fact_and_action(tmp_path: Path) -> None:
    found = compile_problems(tmp_path, {"facts.yaml": [("name: a.flag2,", "name: a.flag,")],
                                        "actions.yaml": [("id: act.two", "id: act.one")]})
    by_path = {(Path(p.file or "").name, p.path): p for p in found if p.code == "duplicate-id"}
    assert by_path[("facts.yaml", "$[6].name")].line == 7
    assert by_path[("actions.yaml", "$[1].id")].line == 2


def test_derived_fact_depending_on_itself(tmp_path: Path) -> None:
    problem = only(compile_problems(tmp_path, {RULES: [(
        "{any: [{fact: a.flag, eq: true}, {fact: a.list, contains: email}]}",
        "{any: [{fact: d.first, eq: true}, {fact: a.list, contains: email}]}")]}))
    assert (problem.code, problem.line, problem.path) == ("cycle", 32, "$[16].when.any[0].fact")
    assert problem.message == "derived fact 'd.first' depends on itself: 'r.derive1' derives 'd.first' from 'd.first'"


def test_derived_facts_depending_on_each_other(tmp_path: Path) -> None:
    problem = only(compile_problems(tmp_path, {RULES: [(
        "{any: [{fact: a.flag, eq: true}, {fact: a.list, contains: email}]}",
        "{any: [{fact: a.flag, eq: true}, {fact: d.second, eq: true}]}")]}))
    assert problem.code == "cycle" and problem.path == "$[16].when.any[1].fact"
    assert "'r.derive1' derives 'd.first' from 'd.second', 'r.derive2' derives 'd.second' from 'd.first'" \
        in problem.message


def test_deriving_an_undeclared_or_non_derived_fact(tmp_path: Path) -> None:
    found = compile_problems(tmp_path, {RULES: [("then: {derive: d.second}", "then: {derive: d.secnd}")]})
    assert {(p.code, p.path, p.suggestion) for p in found} >= {("unknown-fact", "$[17].then.derive", "d.second")}
    found = compile_problems(tmp_path / "2", {RULES: [("then: {derive: d.second}", "then: {derive: a.flag2}")]})
    assert any(p.code == "type" and "derived: true" in p.message for p in found)


def test_unknown_action(tmp_path: Path) -> None:
    edit = ("recommend: [act.one, act.two]", "recommend: [act.one, act.tow]")
    problem = only(compile_problems(tmp_path, {RULES: [edit]}))
    assert (problem.code, problem.line, problem.path, problem.suggestion) == (
        "unknown-action", 12, "$[5].then.recommend[1]", "act.two")


def test_unknown_item(tmp_path: Path) -> None:
    problem = only(compile_problems(tmp_path, {RULES: [("r.eq_const\n  item: i.sv\n", "r.eq_const\n  item: i.sb\n")]}))
    assert (problem.code, problem.line, problem.path, problem.suggestion) == ("unknown-item", 2, "$[0].item", "i.sv")


def test_unknown_parent_item(tmp_path: Path) -> None:
    problem = only(compile_problems(tmp_path, {"items.yaml": [("id: i.sv, parent: root", "id: i.sv, parent: roots")]}))
    assert (problem.code, problem.path, problem.suggestion) == ("unknown-item", "$[1].parent", "root")


def test_unknown_parameter(tmp_path: Path) -> None:
    problem = only(compile_problems(tmp_path, {RULES: [("{param: ratio}", "{param: ratoi}")]}))
    assert (problem.code, problem.line, problem.path, problem.suggestion) == (
        "unknown-param", 12, "$[5].requires.gte.div[1].param", "ratio")


def test_parameter_that_is_not_a_number(tmp_path: Path) -> None:
    found = compile_problems(tmp_path, {RULES: [("{param: ratio}", "{param: grade_bands}")]})
    assert [(p.code, p.path) for p in found] == [("type", "$[5].requires.gte.div[1].param")]


def test_every_problem_is_reported_together(tmp_path: Path) -> None:
    found = compile_problems(tmp_path, {RULES: [("{param: ratio}", "{param: ratoi}"), ("id: r.lte,", "id: r.lt,"),
                                                ("{fact: a.int, lt: 5}", "{fact: a.itn, lt: 5}")]})
    assert {p.code for p in found} == {"unknown-param", "duplicate-id", "unknown-fact"}
    rendered = errors.PackError(found).render()
    assert "(2 more problems: " in rendered


def test_points_rule_in_a_conformity_pack(tmp_path: Path) -> None:
    found = compile_problems(tmp_path, {"pack.yaml": [("model: points", "model: conformity")]})
    assert {p.code for p in found} == {"then-kind"}
    assert all(p.path == f"$[{i}]" for p, i in zip(found, [0, 1, 5, 12, 18, 19, 20, 21], strict=False))
