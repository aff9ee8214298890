"""Determinism, order independence, and "arbitrary input raises only our errors"."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cc_rules import engine
from cc_rules.assess import pipeline as assessment
from cc_rules.base import errors
from cc_rules.io import loading
from cc_rules.model import evidence

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def _without_lines(report: str) -> Any:
    """The report with evidence line numbers removed: reordering a file moves its lines, nothing else."""
    def strip(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: strip(v) for k, v in node.items() if k != "line"}
        if isinstance(node, list):
            return [strip(v) for v in node]
        return node

    return strip(json.loads(report))


def _report_json(raw: bytes, name: str, engine_name: str = "durable") -> str:
    doc = loading.parse_document(raw, name)
    ev = evidence.from_document(doc, "fixed")
    result = assessment.assess_evidence(ev, [], None, engine.get(engine_name))
    from cc_rules import results

    return results.Report((result,)).to_json()


def test_same_input_gives_byte_identical_json() -> None:
    for path in EXAMPLES:
        first = assessment.run([path]).to_json()
        second = assessment.run([path]).to_json()
        assert first == second, path
        assert '"format": "cc-rules/report@1"' in first


def _shuffled(data: Any, rng: random.Random) -> Any:
    if isinstance(data, dict):
        items = list(data.items())
        rng.shuffle(items)
        return {k: _shuffled(v, rng) for k, v in items}
    return data


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), index=st.integers(0, len(EXAMPLES) - 1))
def test_fact_order_does_not_matter(seed: int, index: int) -> None:
    path = EXAMPLES[index]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    original = _report_json(yaml.safe_dump(data, allow_unicode=True).encode(), path.name)
    shuffled = _shuffled(data, random.Random(seed))
    again = _report_json(yaml.safe_dump(shuffled, allow_unicode=True, sort_keys=False).encode(), path.name)
    assert _without_lines(original) == _without_lines(again)


scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False, width=32),
                    st.text(max_size=8))
json_like = st.recursive(scalars, lambda children: st.one_of(
    st.lists(children, max_size=4), st.dictionaries(st.text(max_size=8), children, max_size=4)), max_leaves=12)
fact_names = st.sampled_from(["staffing.team_leaders", "channels.offered", "satisfaction.definition",
                              "platform.system_integration", "organization.seats", "nonsense.fact", "a", "security"])


@st.composite
def evidence_docs(draw: st.DrawFn) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "format": draw(st.sampled_from(["cc-rules/evidence@1", "cc-rules/evidence@2", 1])),
        "organization": draw(st.one_of(st.fixed_dictionaries(
            {"name": st.text(min_size=1, max_size=5)},
            optional={"industry": st.sampled_from(["banking", "telecom", "Bad Industry"]),
                      "seats": st.one_of(st.integers(-5, 5000), st.text(max_size=3))}), json_like)),
        "assessment": draw(st.one_of(st.fixed_dictionaries(
            {"date": st.sampled_from(["2026-06-30", "2020-01-01", "1999-01-01", "not a date"])},
            optional={"mode": st.sampled_from(["self", "certification", "other"]),
                      "reviewers": st.lists(st.fixed_dictionaries({"name": st.text(min_size=1, max_size=3)},
                                                                  optional={"registration": st.text(max_size=4)}),
                                            max_size=3)}), json_like)),
        "facts": draw(st.dictionaries(fact_names, json_like, max_size=5)),
    }
    if draw(st.booleans()):
        doc["packs"] = draw(st.lists(st.sampled_from(["gbt43045", "ccso", "nope"]), min_size=1, max_size=2))
    return doc


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=evidence_docs(), engine_name=st.sampled_from(["durable", "plain"]))
def test_arbitrary_evidence_raises_only_our_errors(doc: dict[str, Any], engine_name: str) -> None:
    raw = yaml.safe_dump(doc, allow_unicode=True).encode()
    try:
        _report_json(raw, "arbitrary.yaml", engine_name)
    except errors.CcRulesError as exc:
        message = exc.render()
        assert message.startswith("arbitrary.yaml") or "rules/" in message, message


@settings(max_examples=200, deadline=None)
@given(raw=st.binary(max_size=300) | st.text(max_size=300).map(lambda t: t.encode("utf-8")))
def test_arbitrary_bytes_raise_only_load_errors(raw: bytes) -> None:
    try:
        loading.parse_document(raw, "bytes.yaml")
    except errors.LoadError as exc:
        assert exc.render().startswith("bytes.yaml")
