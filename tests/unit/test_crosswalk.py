"""`cc-rules crosswalk`: facts shared by the packs with each pack's clauses, what an evidence file already evidences,
which missing facts advance the most clauses, deterministic JSON, zh text, bad input.

Assertions are on the two packs known here (gbt43045, ccso), filtered, so another pack under rules/ changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from cc_rules.cli import main
from cc_rules.model import packs
from cc_rules.reports import crosswalk_text
from cc_rules.tools import crosswalk as crosswalking

ROOT = Path(__file__).resolve().parents[2]
WATER = ROOT / "examples" / "gbt43045-level1-water-hotline.yaml"
KNOWN = ("ccso", "gbt43045")
DAY = dt.date(2026, 6, 30)


@pytest.fixture(scope="module")
def plain() -> crosswalking.Crosswalk:
    return crosswalking.crosswalk(KNOWN, DAY)


@pytest.fixture(scope="module")
def with_evidence() -> crosswalking.Crosswalk:
    return crosswalking.crosswalk([*KNOWN, str(WATER)])


def test_a_fact_read_by_both_packs_lists_both_packs_clauses(plain: crosswalking.Crosswalk) -> None:
    use = next(f for f in plain.facts if f.fact == "staffing.team_leaders")
    assert set(KNOWN) <= set(use.packs)
    by_pack = {p: [r for r in use.rules if r.pack == p] for p in KNOWN}
    assert all(by_pack.values())
    ccso = by_pack["ccso"][0]
    assert ccso.clause == "3.1.1.1" and ccso.kind == "deduction" and ccso.title.en
    assert all(r.clause and r.kind == "requirement" and r.level for r in by_pack["gbt43045"])
    # shared facts first: most packs, then most rules
    keys = [(-len(f.packs), -len(f.rules)) for f in plain.facts]
    assert keys == sorted(keys)
    assert plain.facts[0].packs == tuple(sorted(KNOWN))


def test_derived_facts_count_through_the_facts_their_rules_read(plain: crosswalking.Crosswalk) -> None:
    names = {f.fact for f in plain.facts}
    assert not any(n.startswith("channels.trend_offered.") for n in names)  # derived: never asked of the evidence
    offered = next(f for f in plain.facts if f.fact == "channels.offered")
    bonus = [r for r in offered.rules if r.rule == "ccso.channels.trend_bonus"]
    assert bonus and all(v.startswith("channels.trend_offered.") for v in bonus[0].via)


def test_default_is_every_builtin_pack() -> None:
    result = crosswalking.crosswalk((), DAY)
    used = {p.id for p in result.packs_used}
    assert set(KNOWN) <= used <= set(packs.builtin_ids())  # built-in packs in force on the day
    assert [p.id for p in result.packs_used] == sorted(used)


def test_evidence_top_suggestion_is_missing_and_advances_most(with_evidence: crosswalking.Crosswalk) -> None:
    given = {f.fact for f in with_evidence.facts if f.given}
    suggestions = [s for s in with_evidence.suggestions if {c.pack for c in s.clauses} & set(KNOWN)]
    assert len(suggestions) >= 2
    top, second = suggestions[0], suggestions[1]
    assert top.fact not in given
    assert top.fact not in {f.name for f in crosswalking.evidence.load(WATER).facts}
    known_clauses = [len([c for c in s.clauses if c.pack in KNOWN]) for s in (top, second)]
    assert len(top.clauses) >= len(second.clauses)
    assert known_clauses[0] >= 1
    # the example leaves forecasting.validated_months out on purpose; both packs read it
    validated = next(s for s in with_evidence.suggestions if s.fact == "forecasting.validated_months")
    assert set(KNOWN) <= set(validated.packs)


def test_evidence_evidenced_rules_have_every_fact_given(with_evidence: crosswalking.Crosswalk) -> None:
    given = {f.fact for f in with_evidence.facts if f.given}
    coverage = {p.pack: p for p in with_evidence.packs if p.pack in KNOWN}
    assert set(coverage) == set(KNOWN)
    gbt = coverage["gbt43045"]
    assert gbt.evidenced and gbt.gaps  # two facts deliberately not evidenced
    assert {m for g in gbt.gaps for m in g.missing} <= {s.fact for s in with_evidence.suggestions}
    assert all(m not in given for g in gbt.gaps for m in g.missing)
    evidenced = {r.rule for r in gbt.evidenced}
    for use in with_evidence.facts:
        if not use.given:
            assert not evidenced & {r.rule for r in use.rules}, use.fact


def test_json_is_deterministic() -> None:
    args = ["crosswalk", *KNOWN, str(WATER), "--format", "json"]
    first = CliRunner().invoke(main, args)
    second = CliRunner().invoke(main, args)
    assert first.exit_code == 0, first.output
    assert first.output == second.output
    data = json.loads(first.output)
    assert data["format"] == "cc-rules/crosswalk@1"
    assert json.dumps(data, sort_keys=True, ensure_ascii=False, indent=2) + "\n" == first.output


def _identifiers(result: crosswalking.Crosswalk) -> set[str]:
    words: set[str] = set(KNOWN)
    for use in result.facts:
        words.add(use.fact)
        for rule in use.rules:
            words.update({rule.rule, rule.item, *rule.via})
    for pack in KNOWN:  # the packs' own zh texts may name products and standards (AI, CRM, ISO …)
        loaded = packs.load(pack)
        for text in [*(f.description for f in loaded.facts), *(i.title for i in loaded.items)]:
            words.update(re.findall(r"[A-Za-z][A-Za-z0-9_./-]*", text.zh))
    return words


def test_zh_output_has_no_english_words_except_identifiers(with_evidence: crosswalking.Crosswalk) -> None:
    for text in (crosswalk_text.render_text(with_evidence, "zh"), crosswalk_text.render_markdown(with_evidence, "zh")):
        text = text.replace(with_evidence.evidence or "", "").replace("<br>", "")  # markdown's line break
        for word in sorted(_identifiers(with_evidence), key=len, reverse=True):
            text = text.replace(word, "")
        assert re.search(r"[\u4e00-\u9fff]", text)
        assert not re.findall(r"[A-Za-z]{2,}", text), re.findall(r".{20}[A-Za-z]{2,}.{20}", text)[:5]


def test_text_and_markdown_cli() -> None:
    for fmt in ("text", "markdown"):
        result = CliRunner().invoke(main, ["crosswalk", *KNOWN, str(WATER), "--format", fmt, "--lang", "en"])
        assert result.exit_code == 0, result.output
        assert "forecasting.validated_months" in result.output
        assert "gbt43045 8.2 (level 2)" in result.output


@pytest.mark.parametrize("args", [["missing-evidence.yaml"], ["gbt43045", "no/such/file.json"], ["no-such-pack"]])
def test_bad_input_exits_2_without_traceback(args: list[str]) -> None:
    result = CliRunner().invoke(main, ["crosswalk", *args, "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert args[-1] in result.output


def test_two_evidence_files_exit_2() -> None:
    result = CliRunner().invoke(main, ["crosswalk", str(WATER), str(WATER), "--lang", "zh"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_no_builtin_pack_in_force_exits_2() -> None:
    result = CliRunner().invoke(main, ["crosswalk", "--as-of", "1990-01-01", "--lang", "en"])
    assert result.exit_code == 2
    assert "1990-01-01" in result.output and "Traceback" not in result.output


def test_html_has_the_markdown_tables_and_escapes_text() -> None:
    from cc_rules.reports import crosswalk_text
    from cc_rules.tools import crosswalk as crosswalking

    result = crosswalking.crosswalk(("ccso", "gbt43045", str(ROOT / "examples" / "gbt43045-level1-water-hotline.yaml")),
                                    None)
    page = crosswalk_text.render_html(result, "zh")
    assert page.startswith("<!DOCTYPE html>") and page.count("<table>") == 3
    assert "<code>staffing.team_leaders</code>" in page and "<script" not in page
    assert page.count("<tr>") == len(result.facts) + 1 + len(result.packs) + 1 + min(len(result.suggestions), 15) + 1
