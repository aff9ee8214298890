"""cc_rules.io.validation: every schema violation, each with file, line and the JSON path of the offending key."""

from __future__ import annotations

from pathlib import Path

import pytest

from cc_rules.base import errors
from cc_rules.io import loading, validation

ROOT = Path(__file__).resolve().parents[2]
CONSTRUCTS = ROOT / "tests" / "packs" / "constructs"

GOOD = """\
format: cc-rules/evidence@1
organization: {name: Org, industry: banking, seats: 10}
assessment:
  date: 2026-06-30
  mode: self
facts:
  a:
    int: 3
    flag: {value: true, source: "minutes p. 4", date: 2026-01-01}
"""


def problems(text: str, schema: str = "evidence") -> list[errors.Problem]:
    doc = loading.parse_document(text.encode("utf-8"), "e.yaml")
    return list(validation.iter_problems(doc, schema))


def one(text: str, schema: str = "evidence") -> errors.Problem:
    found = problems(text, schema)
    assert len(found) == 1, [p.render() for p in found]
    return found[0]


def test_valid_evidence_has_no_problems() -> None:
    assert problems(GOOD) == []


@pytest.mark.parametrize("name", ["pack", "facts", "items", "actions"])
def test_the_constructs_pack_is_schema_valid(name: str) -> None:
    doc = loading.read_document(CONSTRUCTS / f"{name}.yaml")
    assert list(validation.iter_problems(doc, name)) == []


def test_missing_key_is_located_at_the_key_and_the_line_of_its_mapping() -> None:
    problem = one(GOOD.replace("organization: {name: Org, ", "organization: {"))
    assert (problem.path, problem.line, problem.code) == ("$.organization.name", 2, "schema")
    assert problem.message == "required key 'name' is missing"


def test_each_missing_key_is_its_own_problem() -> None:
    found = problems("format: cc-rules/evidence@1\n")
    assert [(p.path, p.line, p.message) for p in found] == [
        ("$.organization", 1, "required key 'organization' is missing"),
        ("$.facts", 1, "required key 'facts' is missing"),
    ]


def test_the_assessment_block_and_its_date_are_optional() -> None:
    """The date then comes from --as-of or today (chosen by the CLI), the mode defaults to self."""
    assert problems(GOOD.replace("  date: 2026-06-30\n", "")) == []
    assert problems(GOOD.replace("assessment:\n  date: 2026-06-30\n  mode: self\n", "")) == []


def test_unknown_key_is_located_at_that_key_with_did_you_mean() -> None:
    problem = one(GOOD.replace("  mode: self\n", "  mode: self\n  reviwers: []\n"))
    assert (problem.path, problem.line) == ("$.assessment.reviwers", 6)
    assert problem.message == "unknown key 'reviwers' (did you mean 'reviewers'?)"


def test_unknown_key_without_a_close_match_lists_the_allowed_ones() -> None:
    problem = one(GOOD.replace("  mode: self\n", "  mode: self\n  zzz: 1\n"))
    assert problem.message == "unknown key 'zzz' (allowed: date, first_date, mode, reviewers)"


def test_wrong_type_names_expected_and_got() -> None:
    problem = one(GOOD.replace("seats: 10", "seats: ten"))
    assert (problem.path, problem.line) == ("$.organization.seats", 2)
    assert problem.message == 'wrong type: expected an integer, got text "ten"'


def test_enum_and_const() -> None:
    assert one(GOOD.replace("mode: self", "mode: audit")).message == \
        "\"audit\" is not one of ['self', 'certification']"
    assert one(GOOD.replace("evidence@1", "evidence@9")).path == "$.format"


def test_nested_alternatives_report_the_deepest_problem() -> None:
    """A sourced fact with a misspelt key: not 'value is missing' one level up, but the misspelt key itself."""
    problem = one(GOOD.replace('source: "minutes p. 4"', 'sauce: "minutes p. 4"'))
    assert (problem.path, problem.line) == ("$.facts.a.flag.sauce", 9)
    assert problem.message == "unknown key 'sauce' (did you mean 'source'?)"


def test_fact_value_of_the_wrong_shape() -> None:
    problem = one(GOOD.replace("int: 3", "int: [1, [2]]"))
    assert problem.path == "$.facts.a.int[1]" and problem.line == 8
    assert problem.message.startswith("wrong type: expected text or a number or true or false, got a list")


def test_all_problems_are_reported() -> None:
    text = GOOD.replace("seats: 10", "seats: -1").replace("mode: self", "mode: audit") + "extra: 1\n"
    found = problems(text)
    assert {p.path for p in found} == {"$.organization.seats", "$.assessment.mode", "$.extra"}
    assert all(p.file == "e.yaml" and p.line is not None for p in found)


def test_check_raises_schema_error_with_every_problem() -> None:
    doc = loading.parse_document(GOOD.replace("seats: 10", "seats: -1").replace("mode: self", "mode: x").encode(),
                                 "e.yaml")
    with pytest.raises(errors.SchemaError) as info:
        validation.check(doc, "evidence")
    assert len(info.value.problems) == 2
    assert "(1 more problem: " in info.value.render()
    assert info.value.exit_code == 2


def test_rules_schema_locates_the_broken_condition() -> None:
    rules = """\
- id: r.one
  item: i
  clause: "1"
  provenance: source
  requires:
    all:
      - {fact: a.flag, eq: true}
      - {fact: a.int, gte: 1, lte: 9}
  then: {requirement: true}
"""
    problem = one(rules, "rules")
    assert problem.path.startswith("$[0].requires.all[1]") and problem.line == 8


def test_rules_schema_missing_then_kind() -> None:
    rules = '- {id: r, item: i, clause: "1", provenance: source, requires: {fact: a, eq: 1}, then: {recommend: [x]}}\n'
    problem = one(rules, "rules")
    assert problem.path.startswith("$[0].then") and problem.line == 1
