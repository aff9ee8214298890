"""`--format jsonl`: one compact record per evidence file × pack (`cc-rules/record@1`), written as each file is
assessed: every verdict key with the JSON report's value, the shortfall findings projected, the roadmap; the same
records through `--report jsonl=PATH` and with `--jobs`; a bad file is one error record and exit 2."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from cc_rules import results
from cc_rules.assess import pipeline as assessment
from cc_rules.cli import main
from cc_rules.io import validation
from cc_rules.reports import jsonl
from cc_rules.reports.base import Options

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted(str(p) for p in (ROOT / "examples" / "corpus").glob("*.yaml"))[:4]
BAD = str(ROOT / "tests" / "bad_inputs" / "evidence" / "bad_mode.yaml")
ADDED = {"format", "shortfalls", "tally"}  # keys a record adds to the JSON report's
LEFT_OUT = {"findings", "items"}  # keys of the JSON report's result a record leaves to `--format json`
SHORTFALL_KEYS = ("rule", "clause", "item", "kind", "met", "points", "level", "dimension")


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout


def _is_shortfall(finding: dict[str, Any]) -> bool:
    """What the record promises to keep: a requirement or deduction not met or not evidenced, a warning raised."""
    if finding["kind"] in ("requirement", "deduction"):
        return finding["met"] is not True
    return finding["kind"] == "warning" and finding["met"] is False


def _projected(finding: dict[str, Any]) -> dict[str, Any]:
    return {**{key: finding[key] for key in SHORTFALL_KEYS},
            "facts": {b["fact"]: b["value"] for b in finding["because"]}}


def _assert_records_match(records: list[dict[str, Any]], report: dict[str, Any]) -> None:
    """Each record is its (file, pack) of the JSON report: the same value for every key it shares, the problem
    findings projected, the findings tallied; nothing else."""
    pairs = [(a, r) for a in report["assessments"] for r in a["results"]]
    assert len(records) == len(pairs)
    for record, (entry, result) in zip(records, pairs, strict=True):
        shared = ({k for k in entry if k != "results"} | set(result)) - LEFT_OUT
        assert set(record) == shared | ADDED
        for key in shared:
            assert record[key] == (entry[key] if key in entry else result[key]), key
        assert record["format"] == "cc-rules/record@1"
        assert record["shortfalls"] == [_projected(f) for f in result["findings"] if _is_shortfall(f)]
        found = result["findings"]
        assert record["tally"] == {
            "findings": len(found), "met": sum(f["met"] is True for f in found),
            "not_met": sum(f["met"] is False for f in found), "not_evidenced": sum(f["met"] is None for f in found),
            "shortfalls": len(record["shortfalls"])}
        assert list(validation.validator("record").iter_errors(record)) == []


def test_one_record_per_file_and_pack_with_the_json_reports_values(tmp_path: Path) -> None:
    code, streamed = _run("assess", *FILES, "--format", "jsonl", "--engine", "plain")
    assert code == 0
    records = [json.loads(line) for line in streamed.splitlines()]
    code, text = _run("assess", *FILES, "--format", "json", "--engine", "plain")
    report = json.loads(text)
    _assert_records_match(records, report)
    assert {r["model"] for r in records} == {"points", "maturity", "conformity"}
    assert any(r["shortfalls"] for r in records) and any(r["actions"] for r in records)
    assert all(len(line) < len(text) / len(records) / 3 for line in streamed.splitlines())  # compact
    kept = tmp_path / "kept.jsonl"
    code, _ = _run("assess", *FILES, "--format", "text", "--engine", "plain", "--report", f"jsonl={kept}")
    assert code == 0 and kept.read_text(encoding="utf-8") == streamed


def test_gate_verdicts_and_their_blocking_findings_are_the_json_reports() -> None:
    gated = assessment.gate(assessment.run(FILES), results.GateSpec(min_level=5, min_score=99, fail_on_warn=True))
    records = [json.loads(line) for line in jsonl.render(gated, Options()).splitlines()]
    report = json.loads(gated.to_json())
    _assert_records_match(records, report)
    assert all(r["gates"] for r in records) and any(g["blocking"] for r in records for g in r["gates"])


def test_the_schema_refuses_a_record_missing_a_verdict_key() -> None:
    record = json.loads(jsonl.render(assessment.run(FILES[:1]), Options()).splitlines()[0])
    del record["passed"]
    assert any("passed" in e.message for e in validation.validator("record").iter_errors(record))


def test_a_bad_file_is_an_error_record_and_exit_2(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["assess", FILES[0], BAD, "--format", "jsonl", "-o", str(out),
                                       "--engine", "plain"])
    assert result.exit_code == 2
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert "error" in records[-1] and records[-1]["error"]["file"].endswith("bad_mode.yaml")
    assert all("passed" in r for r in records[:-1]) and len(records) > 1
    assert list(validation.validator("record").iter_errors(records[-1])) == []


def test_jobs_write_the_same_records_in_the_order_of_the_files(tmp_path: Path) -> None:
    """Worker processes assess the files; the records come out in file order, byte for byte those of one process,
    a bad file's error record in its place and its error once on stderr with exit 2."""
    from cc_rules.cli import common

    files = sorted(str(p) for p in (ROOT / "examples" / "corpus").glob("*.yaml"))[:common.PARALLEL_FROM]
    files.insert(5, BAD)
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"jobs{jobs}.jsonl"
        result = CliRunner().invoke(main, ["assess", *files, "--format", "jsonl", "-o", str(out), "--engine",
                                           "plain", "--jobs", jobs])
        assert result.exit_code == 2 and result.stderr.count("error:") == 1
        outputs.append(out.read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1]
    records = [json.loads(line) for line in outputs[1].splitlines()]
    files_in_order = [r["error"]["file"] if "error" in r else r["evidence"]["file"] for r in records]
    assert list(dict.fromkeys(files_in_order)) == files
    assert sum("error" in r for r in records) == 1
