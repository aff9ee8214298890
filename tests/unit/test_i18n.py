"""The catalogue: every key in zh and en with the same placeholders, every key the source uses exists, zh output
reads as Chinese, and the default language follows the locale."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from click.testing import CliRunner

from cc_rules.base import i18n
from cc_rules.cli import main

ROOT = Path(__file__).resolve().parents[2]


def _fields(text: str) -> set[str]:
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(i18n.catalogue()))
def test_every_key_has_zh_and_en_with_the_same_placeholders(key: str) -> None:
    texts = i18n.catalogue()[key]
    assert set(texts) >= {"zh", "en"}, key
    assert str(texts["zh"]).strip() and str(texts["en"]).strip(), key
    assert _fields(str(texts["zh"])) == _fields(str(texts["en"])), key


# the negative lookahead skips key prefixes ('a.b_' + x)
_USE = re.compile(r"""(?:Problem\.of|message|_key|StepFailed|_problem)\(\s*f?["']([a-z][\w-]*\.[\w-]+)["'](?!\s*\+)""")
_LINT = re.compile(r"""\bsay\(\s*["']([\w-]+)["']""")


def test_every_key_used_in_the_source_exists() -> None:
    missing = []
    for file in sorted((ROOT / "cc_rules").rglob("*.py")):
        text = file.read_text(encoding="utf-8")
        where = file.relative_to(ROOT)
        missing.extend(f"{where}: {key}" for key in _USE.findall(text) if "{" not in key and not i18n.has(key))
        missing.extend(f"{where}: lint.{key}" for key in _LINT.findall(text)
                       if "." not in key and not i18n.has(f"lint.{key}"))
        missing.extend(f"{where}: {key}" for key in re.findall(r"""(?:expected_key|got_key)=["']([\w.-]+)["']""", text)
                       if not i18n.has(key))
    assert not missing


_LITERAL_PROBLEM = re.compile(r"""\bProblem\(\s*f?["']""")


def test_no_problem_is_made_from_a_message_outside_the_catalogue() -> None:
    """A problem made as `Problem("text")` renders in English whatever the user's language: every problem the source
    makes from a literal message goes through `Problem.of(key)`."""
    found = [f"{file.relative_to(ROOT)}:{text[:m.start()].count(chr(10)) + 1}"
             for file in sorted((ROOT / "cc_rules").rglob("*.py"))
             for text in [file.read_text(encoding="utf-8")] for m in _LITERAL_PROBLEM.finditer(text)]
    assert not found


def test_an_unknown_pack_is_said_in_the_users_language(tmp_path: Path) -> None:
    for lang, words in (("zh", "找不到规则包"), ("en", "neither a built-in pack id")):
        result = CliRunner().invoke(main, ["lint", str(tmp_path / "nowhere"), "--lang", lang])
        assert result.exit_code == 2 and words in result.output, result.output


def test_lint_check_titles_and_hints_are_in_the_catalogue() -> None:
    from cc_rules.results.lint import CHECKS

    for check in CHECKS.values():
        for lang in i18n.LANGS:
            assert check.title_in(lang) and check.hint_in(lang)


@pytest.mark.parametrize(("environ", "lang"), [
    ({"LANG": "zh_CN.UTF-8"}, "zh"),
    ({"LC_ALL": "en_US", "LANG": "zh_CN.UTF-8"}, "en"),
    ({"LC_MESSAGES": "zh_TW", "LANG": "en_GB"}, "zh"),
    ({}, "en"),
])
def test_default_lang_follows_the_locale(environ: dict[str, str], lang: str) -> None:
    assert i18n.default_lang(environ) == lang


def test_zh_bad_input_has_no_english_words(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("assessment:\n  date: 2024-05-01\n  date: 2024-05-02\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["assess", str(bad), "--lang", "zh"])
    assert result.exit_code == 2
    text = result.output.replace(str(bad), "").replace("$.assessment.date", "").replace("'date'", "")
    assert re.search(r"[\u4e00-\u9fff]", text), text
    assert not re.findall(r"[A-Za-z]{2,}", text), text


def test_zh_schema_message_is_chinese(tmp_path: Path) -> None:
    from cc_rules.base import errors
    from cc_rules.io import loading, validation

    doc = loading.parse_document(b"- id: r.x\n  colour: red\n", "rules.yaml")
    problems = list(validation.iter_problems(doc, "rules"))
    assert problems
    paragraph = errors.SchemaError(problems).render("zh")
    assert re.search(r"[\u4e00-\u9fff]", paragraph)
    assert "expected" not in paragraph and "Did you mean" not in paragraph


def test_lang_option_on_every_command() -> None:
    for name, command in main.commands.items():
        assert any(p.name == "lang" for p in command.params), name


def _assert_chinese(paragraph: str, *allowed: str) -> None:
    """Chinese text, and no English word except the identifiers and values named in `allowed`."""
    for word in sorted(allowed, key=len, reverse=True):
        paragraph = paragraph.replace(word, "")
    assert re.search(r"[\u4e00-\u9fff]", paragraph), paragraph
    assert not re.findall(r"[A-Za-z]{2,}", paragraph), paragraph


BAD = ROOT / "tests" / "bad_inputs"


@pytest.mark.parametrize(("evidence", "pack", "allowed"), [
    ("unknown_fact.yaml", None, ("a.flagg", "a.flag", "facts")),
    ("wrong_type_fact.yaml", None, ("a.int", "twelve", "facts")),
    ("certification_one_reviewer.yaml", "packs/certification_required", ("assessment", "reviewers", "constructs",
                                                                         "test: two registered")),  # pack's words
])
def test_zh_evidence_problems_have_no_english_words(evidence: str, pack: str | None, allowed: tuple[str, ...]) -> None:
    path = BAD / "evidence" / evidence
    pack_dir = BAD / pack if pack else ROOT / "tests" / "packs" / "constructs"
    result = CliRunner().invoke(main, ["assess", str(path), "--pack", str(pack_dir), "--lang", "zh"])
    assert result.exit_code == 2, result.output
    _assert_chinese(result.output.replace(str(path), "").replace(str(pack_dir), ""), *allowed)


@pytest.mark.parametrize(("pack", "allowed"), [
    ("unknown_fact", ("r.lt", "a.itn", "a.int", "requires", "fact")),
    ("type_mismatch", ("a.flag", "bool", "number", "requires", "all", "any", "eq")),
    ("derived_cycle", ("r.derive1", "r.derive2", "d.first", "d.second", "when", "any", "fact")),
])
def test_zh_pack_problems_have_no_english_words(pack: str, allowed: tuple[str, ...]) -> None:
    import datetime as dt

    from cc_rules.base import errors
    from cc_rules.compile import compiler
    from cc_rules.model import packs

    pack_dir = BAD / "packs" / pack
    with pytest.raises(errors.PackError) as caught:
        compiler.compile_pack(packs.load(str(pack_dir)), dt.date(2026, 1, 1))
    paragraph = caught.value.render("zh")
    _assert_chinese(paragraph.replace(str(pack_dir), "").replace("rules/all.yaml", ""), *allowed)
    assert "expected" not in paragraph


ASCII_NEXT_TO_CHINESE = re.compile(r"[\u4e00-\u9fff）][,;(?!]|[,;:()][\u4e00-\u9fff]|[\u4e00-\u9fff]:")


def test_chinese_messages_use_full_width_punctuation() -> None:
    """A zh message reads as Chinese: commas, semicolons, colons and brackets next to Chinese text are full-width
    (code in backticks, quoted values and {placeholders} keep what they quote)."""
    bad = []
    for key, texts in i18n.catalogue().items():
        prose = re.sub(r"`[^`]*`|'[^']*'|\{[^{}]*\}", "", texts["zh"])
        if ASCII_NEXT_TO_CHINESE.search(prose):
            bad.append(f"{key}: {texts['zh']}")
    assert bad == []


def test_no_catalogue_key_is_written_twice() -> None:
    """YAML keeps the last of two equal keys silently; a merge that writes a key twice must fail here instead."""
    import yaml

    folder = Path(i18n.__file__).parent / "messages"
    twice = []
    for path in sorted(folder.glob("*.yaml")):
        node = yaml.compose(path.read_text(encoding="utf-8"))
        keys = [k.value for k, _ in node.value] if node is not None else []
        twice += [f"{path.name}: {k}" for k in sorted({k for k in keys if keys.count(k) > 1})]
    assert twice == []
