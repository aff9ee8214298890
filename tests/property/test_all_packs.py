"""Both evaluators agree on the whole corpus, against all three bundled packs: every centre of examples/corpus/
(no `packs:` key, facts of gbt43045, ccso and gbt35780) gives the same results with durable-rules and with the plain
evaluator, field for field except the evaluator's name."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from cc_rules import results
from cc_rules.assess import pipeline

ROOT = Path(__file__).resolve().parents[2]
CORPUS = sorted((ROOT / "examples" / "corpus").glob("centre-*.yaml"))
PACKS = {"gbt43045", "ccso", "gbt35780"}


@pytest.fixture(scope="module")
def reports() -> dict[str, results.Report]:
    return {name: pipeline.run(CORPUS, engine_name=name) for name in ("durable", "plain")}


def _without_engine(result: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in result.items() if k != "engine"}


def test_corpus_is_assessed_by_every_pack(reports: dict[str, results.Report]) -> None:
    assert len(CORPUS) >= 50
    for name, report in reports.items():
        assert [Path(a.file).name for a in report.assessments] == [p.name for p in CORPUS]
        for assessment in report.assessments:
            ids = [r.pack_id for r in assessment.results]
            assert sorted(ids) == sorted(PACKS), (name, assessment.file, ids)
            assert all(r.engine == name for r in assessment.results), (name, assessment.file)


def test_evaluators_agree_on_the_corpus(reports: dict[str, results.Report]) -> None:
    durable, plain = reports["durable"], reports["plain"]
    for d_assessment, p_assessment in zip(durable.assessments, plain.assessments, strict=True):
        assert d_assessment.file == p_assessment.file
        for d, p in zip(d_assessment.results, p_assessment.results, strict=True):
            where = (d_assessment.file, d.pack_id)
            assert d.pack_id == p.pack_id, where
            assert d == dataclasses.replace(p, engine=d.engine), where
    # the serialised form too (what every report format reads), minus the evaluator's name
    for d_assessment, p_assessment in zip(durable.to_dict()["assessments"], plain.to_dict()["assessments"],
                                          strict=True):
        assert [_without_engine(r) for r in d_assessment["results"]] == \
            [_without_engine(r) for r in p_assessment["results"]], d_assessment["file"]
        assert {k: v for k, v in d_assessment.items() if k != "results"} == \
            {k: v for k, v in p_assessment.items() if k != "results"}
