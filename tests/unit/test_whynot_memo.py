"""`whynot.for_rule` keeps recent why-nots by what they read (`_MEMO`): a why-not taken from it must be the one worked
out afresh, on centres that differ from the one that filled it in a single thing the why-not reads — a fact's value,
its type, whether it is there at all, whether it comes on a line or from pack data, or a fact read only by a derive
behind a derived fact the rule reads."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from cc_rules import engine, results
from cc_rules.assess import bind, pipeline, whynot
from cc_rules.compile import compiler
from cc_rules.model import evidence
from tests import generated


def _exact(a: object, b: object) -> bool:
    """Equal down to every field (the labels too, which `Gap` equality leaves out), every value's type and sign."""
    if type(a) is not type(b):
        return False
    if dataclasses.is_dataclass(a) and not isinstance(a, type):
        return all(_exact(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a))
    if isinstance(a, (tuple, list)):
        return len(a) == len(b) and all(_exact(x, y) for x, y in zip(a, b, strict=True))  # type: ignore[arg-type]
    return a == b and repr(a) == repr(b)  # 0.0 and -0.0 print differently


def _fresh(compiled: compiler.CompiledPack, rule: compiler.CompiledRule, known: Mapping[str, object],
           facts: evidence.FactSet) -> results.WhyNot:
    whynot._MEMO.clear()
    return whynot.for_rule(compiled, rule, known, facts)


def _variants(value: object) -> list[object]:
    """`value`, then values of its kind that a key confusing one with the one before would mix up."""
    out: list[object] = [value]
    if isinstance(value, bool):
        out += [int(value), not value]
    elif isinstance(value, (int, float)):
        out += [float(value), int(value), value + 1, 0.0, -0.0, 0]
    elif isinstance(value, tuple):
        out += [list(value), (*value, "x")]
    elif isinstance(value, str):
        out += [value + "x"]
    return [*out, None, whynot._ABSENT]


def _same_after(compiled: compiler.CompiledPack, rule: compiler.CompiledRule, known: dict[str, object],
                facts: evidence.FactSet) -> None:
    """With the memo holding the why-not of one variant of a fact the rule reads, the why-not of the next is the
    fresh one."""

    def given(name: str, value: object) -> dict[str, object]:
        out = dict(known)
        if value is whynot._ABSENT:
            out.pop(name, None)
        else:
            out[name] = value
        return out

    for name in whynot._data(compiled).reads(rule):
        variants = _variants(known.get(name))
        for before, value in itertools.pairwise(variants):
            expected = _fresh(compiled, rule, given(name, value), facts)
            whynot._MEMO.clear()
            whynot.for_rule(compiled, rule, given(name, before), facts)
            got = whynot.for_rule(compiled, rule, given(name, value), facts)
            assert _exact(got, expected), (rule.rule.id, name, before, value)


def _cases(tmp: Path) -> Iterator[tuple[compiler.CompiledPack, compiler.CompiledRule, dict[str, object],
                                        evidence.FactSet]]:
    for ev, compiled in generated.centres(tmp, 2):
        result = pipeline.assess(ev, compiled, engine.get("plain"))
        facts = bind.bind(ev, compiled)
        for f in result.findings:
            rule = compiled.rule(f.rule)
            if f.met is not True and rule is not None:
                yield compiled, rule, dict(f.values), facts


def test_a_why_not_read_back_is_the_one_worked_out_afresh(tmp_path: Path) -> None:
    deep = 0
    checked = 0
    for compiled, rule, known, facts in _cases(tmp_path):
        reads = whynot._data(compiled).reads(rule)
        if len(reads) > len(rule.facts):  # a derived fact's inputs: the memo must key on them too
            deep += 1
        elif checked > 40:
            continue
        _same_after(compiled, rule, known, facts)
        checked += 1
    assert deep > 0 and checked > 40


def test_how_a_fact_is_given_is_part_of_the_key(tmp_path: Path) -> None:
    """The same values, a fact given on no line (or as pack data): the gap's distance and `fixed` differ."""
    moved = 0
    for compiled, rule, known, facts in _cases(tmp_path):
        for name in whynot._data(compiled).reads(rule):
            bound = facts.get(name)
            if bound is None:
                continue
            for change in ({"line": None}, {"file": "elsewhere.yaml"}, {"path": "$.benchmarks.x"}):
                other = evidence.FactSet(facts.evidence, tuple(
                    dataclasses.replace(f, **change) if f.name == name else f for f in facts.facts),
                    facts.unknown_why)
                expected = _fresh(compiled, rule, known, other)
                whynot._MEMO.clear()
                first = whynot.for_rule(compiled, rule, known, facts)
                got = whynot.for_rule(compiled, rule, known, other)
                assert _exact(got, expected), (rule.rule.id, name, change)
                moved += not _exact(first, expected)
        if moved > 5:
            return
    pytest.fail("no case where how a fact is given changes its why-not")


def test_alike_centres_share_a_why_not(tmp_path: Path) -> None:
    compiled, rule, known, facts = next(_cases(tmp_path))
    whynot._MEMO.clear()
    first = whynot.for_rule(compiled, rule, known, facts)
    assert whynot.for_rule(compiled, rule, dict(known), facts) is first
    unrelated = {**known, "no.such.fact": 1}
    assert whynot.for_rule(compiled, rule, unrelated, facts) is first
