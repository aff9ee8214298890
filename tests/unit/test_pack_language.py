"""The pack language reads the way it acts: `requires:` (the condition that is met) on requirement, deduction, bonus
and warning rules, `when:` only on derive rules; `clause:` defaults to the item's; points only in `then:`.

A pack still in the old format fails to load with one precise problem per old key (file, line, JSON path, a
catalogue message in zh and en), not with a schema dump.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cc_rules.base import errors, i18n
from cc_rules.compile import compiler
from cc_rules.io import loading, validation
from cc_rules.model import packs

ROOT = Path(__file__).resolve().parents[2]
CONSTRUCTS = ROOT / "tests" / "packs" / "constructs"
OLD_KEY_FIXTURE = ROOT / "tests" / "lint_fixtures" / "ccr001_old_key"

WHEN_EN = ("`when:` is now `requires:` for requirement, deduction, bonus and warning rules "
           "(derive rules keep `when:`): rename the key")
WHEN_ZH = "除推导规则外，`when:` 已改名为 `requires:`（推导规则仍用 `when:`）：请改用 `requires:`"

# Lines of tests/packs/constructs/rules/all.yaml (1-based) and what is on them.
LT_LINE = 9        # $[2] r.lt, a requirement
CONTAINS_LINE = 19  # $[12] r.contains, a bonus on item i.ce
DERIVE1_LINE = 32  # $[16] r.derive1, a derive rule


def _pack(tmp_path: Path, *edits: tuple[int, str, str]) -> Path:
    """A copy of the constructs pack with `old` replaced by `new` on the given lines of rules/all.yaml."""
    root = tmp_path / "pack"
    shutil.copytree(CONSTRUCTS, root)
    rules = root / "rules" / "all.yaml"
    lines = rules.read_text(encoding="utf-8").split("\n")
    for number, old, new in edits:
        assert old in lines[number - 1], (number, lines[number - 1])
        lines[number - 1] = lines[number - 1].replace(old, new, 1)
    rules.write_text("\n".join(lines), encoding="utf-8")
    return root


def _problems(root: Path) -> tuple[errors.Problem, ...]:
    with pytest.raises(errors.SchemaError) as info:
        packs.load(root)
    return info.value.problems


def test_when_on_a_requirement_is_rejected_with_file_line_path_in_both_languages(tmp_path: Path) -> None:
    root = _pack(tmp_path, (LT_LINE, "requires:", "when:"), (CONTAINS_LINE, "requires:", "when:"))
    problems = _problems(root)
    assert [(p.code, p.line, p.path) for p in problems] == [("old-key", LT_LINE, "$[2].when"),
                                                            ("old-key", CONTAINS_LINE, "$[12].when")]
    first = problems[0]
    assert first.file is not None and first.file.endswith("rules/all.yaml")
    assert first.key == "packlang.when-renamed"
    assert first.text("en") == WHEN_EN and first.message == WHEN_EN
    assert first.text("zh") == WHEN_ZH
    assert f"all.yaml:{LT_LINE}: at $[2].when: {WHEN_EN}" in errors.SchemaError(problems).render()


def test_requires_on_a_derive_rule_is_rejected(tmp_path: Path) -> None:
    root = _pack(tmp_path, (DERIVE1_LINE, "when:", "requires:"))
    (problem,) = _problems(root)
    assert (problem.code, problem.line, problem.path, problem.key) == (
        "old-key", DERIVE1_LINE, "$[16].requires", "packlang.derive-keeps-when")
    assert "derive rules" in problem.text("en") and "`when:`" in problem.text("en")
    assert "推导规则" in problem.text("zh")


def test_rule_level_points_is_rejected_and_names_the_then_to_write(tmp_path: Path) -> None:
    root = _pack(tmp_path, (CONTAINS_LINE, "provenance: interpretation,", "provenance: interpretation, points: 3,"))
    (problem,) = _problems(root)
    assert (problem.code, problem.line, problem.path, problem.key) == (
        "old-key", CONTAINS_LINE, "$[12].points", "packlang.points-moved")
    assert "then: {add: 3}" in problem.text("en") and "then: {add: 3}" in problem.text("zh")


def test_other_rules_keep_their_schema_problems(tmp_path: Path) -> None:
    root = _pack(tmp_path, (LT_LINE, "requires:", "when:"), (CONTAINS_LINE, "provenance: interpretation",
                                                               "provenance: guesswork"))
    problems = _problems(root)
    assert problems[0].code == "old-key" and problems[0].path == "$[2].when"
    assert any(p.code == "schema" and p.path.startswith("$[12].provenance") for p in problems[1:])


def test_clause_defaults_to_the_items_clause(tmp_path: Path) -> None:
    root = _pack(tmp_path, (CONTAINS_LINE, ' clause: "1.2",', ""), (LT_LINE, 'clause: "1.1"', 'clause: "9.9"'))
    pack = packs.load(root)
    rules = {r.id: r for r in pack.rules}
    item = pack.item("i.ce")
    assert item is not None and rules["r.contains"].clause == item.clause == "1.2"
    assert rules["r.lt"].clause == "9.9"  # written where it differs from the item's


def test_rule_level_points_are_gone_from_the_model(tmp_path: Path) -> None:
    pack = packs.load(CONSTRUCTS)
    assert all(r.points is None for r in pack.rules)
    contains = next(r for r in pack.rules if r.id == "r.contains")
    assert (contains.then.kind, contains.then.points) == ("add", 3.0)


def test_unknown_item_leaves_the_clause_empty_and_the_compiler_reports_the_item(tmp_path: Path) -> None:
    root = _pack(tmp_path, (CONTAINS_LINE, ' clause: "1.2",', ""), (CONTAINS_LINE, "item: i.ce", "item: i.cx"))
    pack = packs.load(root)
    rule = next(r for r in pack.rules if r.id == "r.contains")
    assert rule.clause == ""
    found = [p for p in compiler.check(pack, pack.rules, pack.facts, {}) if p.code == "unknown-item"]
    assert found and found[0].path == "$[12].item" and found[0].line == CONTAINS_LINE


def test_condition_locations_name_the_key_in_the_file() -> None:
    pack = packs.load(CONSTRUCTS)
    rules = {r.id: r for r in pack.rules}
    assert rules["r.lt"].when.path == "$[2].requires"
    assert rules["r.derive1"].when.path == "$[16].when"


@pytest.mark.parametrize(("rule", "complaint"), [
    ("{id: r, item: i, provenance: source, when: {fact: a, eq: 1}, then: {deduct: 1}}", "$[0]"),
    ("{id: r, item: i, provenance: source, requires: {fact: a, eq: 1}, when: {fact: a, eq: 1}, then: {warn: true}}",
     "$[0]"),
    ("{id: r, item: i, provenance: source, then: {requirement: true}}", "$[0].requires"),
    ("{id: r, item: i, provenance: source, requires: {fact: a, eq: 1}, then: {derive: d.x}}", "$[0]"),
    ("{id: r, item: i, provenance: source, then: {derive: d.x}}", "$[0].when"),
    ("{id: r, item: i, provenance: source, points: 2, requires: {fact: a, eq: 1}, then: {deduct: 1}}", "$[0].points"),
])
def test_schema_enforces_the_key_by_kind(rule: str, complaint: str) -> None:
    doc = loading.parse_document(f"- {rule}\n".encode(), "rules.yaml")
    problems = list(validation.iter_problems(doc, "rules"))
    assert complaint in {p.path for p in problems}, [(p.path, p.message) for p in problems]


@pytest.mark.parametrize("rule", [
    "{id: r, item: i, provenance: source, requires: {fact: a, eq: 1}, then: {deduct: 1}}",
    "{id: r, item: i, clause: '1', provenance: source, requires: {fact: a, eq: 1}, then: {add: 1}}",
    "{id: r, item: i, provenance: source, when: {fact: a, eq: 1}, then: {derive: d.x}}",
])
def test_schema_accepts_the_new_format(rule: str) -> None:
    doc = loading.parse_document(f"- {rule}\n".encode(), "rules.yaml")
    assert list(validation.iter_problems(doc, "rules")) == []


def test_lint_shows_the_old_key_message() -> None:
    from cc_rules.tools import lint

    report = lint.lint([str(OLD_KEY_FIXTURE)], features=False)
    found = [f for f in report.findings() if f.code == "CCR001"]
    assert any(f.message == WHEN_EN and f.line == 5 and f.file and f.file.endswith("rules/all.yaml") for f in found)
    assert any("then: {add: 1}" in f.message and f.line == 21 for f in found)


def test_catalogue_has_both_languages_with_the_same_placeholders() -> None:
    keys = [k for k in i18n.catalogue() if k.startswith("packlang.")]
    assert sorted(keys) == ["packlang.derive-keeps-when", "packlang.points-moved", "packlang.when-renamed"]
    assert i18n.message("packlang.points-moved", "zh", then="then: {deduct: 2}").count("then: {deduct: 2}") == 1
    assert i18n.message("packlang.points-moved", "en", then="then: {deduct: 2}").count("then: {deduct: 2}") == 1
