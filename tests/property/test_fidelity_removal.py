"""Removing evidence never raises a result: for every example and ten corpus centres, each fact, each review and each
benchmark is removed in turn and the file re-assessed against its packs (gbt43045, ccso and gbt35780 where it names
them). No score, no level may rise and no fail may become a pass: what a centre does not show cannot earn it points.

The plain evaluator is used (both evaluators agree, tests/property/test_differential.py), the packs are compiled once
per file, and each removal goes through the pipeline's steps up to the award (bind, evaluate, findings, settle,
award) but not the roadmap, which decides nothing here and costs most of the time; the file itself is checked to get
the same score, level and verdict as the whole pipeline. Every removal is run, in file order, so the sweep is
deterministic. Evidence the schema or the binding then refuses (a required key removed) is skipped: refused is not
a rise.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cc_rules import awards, engine, results
from cc_rules.assess import bind, findings, pipeline, prepared
from cc_rules.base import errors
from cc_rules.compile import compiler
from cc_rules.io import loading
from cc_rules.model import evidence

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
CORPUS = sorted((ROOT / "examples" / "corpus").glob("centre-*.yaml"))[::6][:10]  # ten centres, spread over the list
ORGANIZATION = ("industry", "seats")  # organisation keys that are facts (organization.industry, organization.seats)

Outcome = tuple[float | None, int | None, bool]  # score, level, passed


def removals(data: dict[str, Any]) -> Iterator[tuple[str, tuple[str, ...]]]:
    """(what, path) for every fact leaf under `facts:`, each organisation fact, each review and each benchmark."""
    def leaves(node: Any, path: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
        if isinstance(node, dict) and node:
            for key, value in node.items():
                yield from leaves(value, (*path, str(key)))
        else:
            yield path

    yield from (("fact", path) for path in leaves(data.get("facts") or {}, ("facts",)) if len(path) > 1)
    yield from (("fact", ("organization", key)) for key in ORGANIZATION if key in data.get("organization", {}))
    yield from (("review", ("reviews", key)) for key in data.get("reviews") or {})
    yield from (("benchmark", ("benchmarks", key)) for key in data.get("benchmarks") or {})


def without(data: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
    out = copy.deepcopy(data)
    node = out
    for key in path[:-1]:
        node = node[key]
    del node[path[-1]]
    return out


def compiled_for(doc: loading.Document) -> list[compiler.CompiledPack]:
    ev = pipeline.load_evidence(doc)
    return [pipeline.compile_pack(pack, ev.date) for pack in pipeline.select_packs(ev, ())]


def outcomes(doc: loading.Document, compiled: list[compiler.CompiledPack]) -> dict[str, Outcome] | None:
    """Per pack: score, level and verdict, as the award model gives them; None when the evidence is refused."""
    plain = engine.get("plain")
    out = {}
    try:
        ev = evidence.from_document(doc, "sweep")
        for cp in compiled:
            prep = prepared.prepare(cp)
            facts = bind.bind(ev, cp)
            found, _ = findings.build(cp, facts, plain.evaluate(cp, facts.values()), prep)
            award = awards.get(cp.pack.model)
            verdict = award.award(cp, award.settle(cp, found), ev.first_date)
            out[cp.pack.id] = (verdict.score.total if verdict.score is not None else None, verdict.level,
                               verdict.passed)
    except errors.CcRulesError:
        return None
    return out


def _outcome(r: results.PackResult) -> Outcome:
    return (r.score.total if r.score is not None else None, r.level, r.passed)


def rises(before: Outcome, after: Outcome) -> list[str]:
    out = []
    if before[0] is not None and after[0] is not None and after[0] > before[0] + 1e-9:
        out.append(f"score {before[0]:g} → {after[0]:g}")
    if before[1] is not None and after[1] is not None and after[1] > before[1]:
        out.append(f"level {before[1]} → {after[1]}")
    if after[2] and not before[2]:
        out.append("fail → pass")
    return out


@pytest.mark.parametrize("path", [*EXAMPLES, *CORPUS], ids=lambda p: p.name)
def test_removing_a_fact_review_or_benchmark_never_raises_a_result(path: Path) -> None:
    doc = loading.read_document(path)
    compiled = compiled_for(doc)
    base = outcomes(doc, compiled)
    whole = pipeline.assess_evidence(pipeline.load_evidence(doc), (), None, engine.get("plain"))
    assert base == {r.pack_id: _outcome(r) for r in whole.results}, f"{path.name}: the sweep awards as the pipeline"
    swept = 0
    violations = []
    for what, removed in removals(doc.data):
        changed = loading.Document(doc.file, without(doc.data, removed), doc.lines, doc.text)
        after = outcomes(changed, compiled)
        if after is None:
            continue
        swept += 1
        violations.extend(f"{what} {'.'.join(removed)} ({pack}): {rise}"
                          for pack, outcome in after.items() for rise in rises(base[pack], outcome))
    assert swept >= 10, f"{path.name}: only {swept} removals assessed"
    assert violations == [], f"{path.name}: removing evidence raised a result:\n" + "\n".join(violations)


def test_the_sweep_sees_every_kind_of_removal_and_every_kind_of_rise() -> None:
    data = loading.read_document(ROOT / "examples" / "ccso-fail-small.yaml").data
    kinds = {what: [p for w, p in removals(data) if w == what] for what in ("fact", "review", "benchmark")}
    assert ("benchmarks", "retail") in kinds["benchmark"] and ("reviews", "ccso.4.1.1.4") in kinds["review"]
    assert ("organization", "industry") in kinds["fact"] and ("facts", "staffing", "team_leaders") in kinds["fact"]
    assert "staffing" in without(data, ("facts", "staffing", "team_leaders"))["facts"]  # only the leaf goes
    assert rises((34.0, None, False), (37.0, None, False)) == ["score 34 → 37"]
    assert rises((None, 2, False), (None, 3, True)) == ["level 2 → 3", "fail → pass"]
    assert rises((60.0, None, False), (60.0, None, False)) == []
