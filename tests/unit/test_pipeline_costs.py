"""What a file costs around its assessment: the run's packs read once, the usual file checked in one pass, a
one-line JSON file's key lines without splitting it. Each shortcut gives what the long way gives."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from cc_rules import engine
from cc_rules.assess import bind, pipeline
from cc_rules.base import errors
from cc_rules.io import loading
from cc_rules.model import packs

EVIDENCE = Path("examples/ccso-pass-bank.yaml")


def test_a_run_loads_each_pack_once(monkeypatch: pytest.MonkeyPatch) -> None:
    loaded: list[str] = []
    real = packs.load

    def counting(ref: str | Path) -> object:
        loaded.append(str(ref))
        return real(ref)

    monkeypatch.setattr(packs, "load", counting)
    pipeline.run([EVIDENCE, EVIDENCE, EVIDENCE], engine_name="plain")
    assert sorted(loaded) == sorted(packs.builtin_ids())  # three files, each built-in pack read once
    loaded.clear()
    ev = pipeline.load_evidence(EVIDENCE)
    pipeline.assess_evidence(ev, (), None, engine.get("plain"))  # without a shelf: read for this file
    assert sorted(loaded) == sorted(packs.builtin_ids())


def test_the_packs_not_in_use_are_the_built_in_ones_beside_the_selection() -> None:
    shelf = pipeline.RunPacks()
    ccso = shelf.load("ccso")
    assert [p.id for p in shelf.others([ccso])] == [i for i in packs.builtin_ids() if i != "ccso"]
    assert shelf.others([ccso]) == pipeline.other_packs([ccso])


def _evidence(facts: dict[str, object]) -> pipeline.evidence.Evidence:
    doc = loading.parse_document(json.dumps({
        "format": "cc-rules/evidence@1", "organization": {"name": "x", "seats": 100},
        "assessment": {"date": "2026-01-05"}, "facts": facts}).encode(), "e.json")
    return pipeline.evidence.from_document(doc, "-")


@pytest.mark.parametrize("facts", [
    {},
    {"staffing": {"agents": 80}},
    {"staffing": {"agents": -1}},  # below its range
    {"staffing": {"agents": "many"}},  # not a number
    {"staffing": {"agentz": 80}},  # not declared: did you mean
])
def test_check_in_one_pass_says_what_the_full_check_says(facts: dict[str, object]) -> None:
    shelf = pipeline.RunPacks()
    compiled = [pipeline.compile_pack(shelf.load("ccso"), dt.date(2026, 1, 5))]
    others = shelf.others(c.pack for c in compiled)
    ev = _evidence(facts)
    expected = bind.fact_problems(ev, compiled, others)
    if expected:
        with pytest.raises(errors.EvidenceError) as caught:
            bind.check(ev, compiled, others)
        assert caught.value.problems == tuple(expected) or list(caught.value.problems) == expected
    else:
        assert bind.check(ev, compiled, others) == tuple(sorted(bind.elsewhere(
            ev, {f.name for c in compiled for f in c.facts}, others)))
        checked, full = bind.bind(ev, compiled[0], checked=True), bind.bind(ev, compiled[0])
        assert checked == full


@pytest.mark.parametrize("text", [
    '{"format": "x", "a": {"b": 1, "c": [1, {"d": 2}]}, "e": "f"}',
    '  {"a": {"b": {"c": true}}}  ',
    '{"a": 1,\n "b": {"c": 2,\n\n "d": 3}}\n',
])
def test_key_lines_of_json_are_the_full_loaders(text: str) -> None:
    fast = loading.parse_document(text.encode(), "t.json")
    assert not fast.exact
    full = loading._parse_yaml(text, "t.json").lines
    keys = {path: line for path, line in full.items() if not path or isinstance(path[-1], str)}  # no list items
    assert dict(fast.lines.items()) == keys
