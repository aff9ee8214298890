"""`--format jsonl`: one record per evidence file × pack, written as each file is assessed, the same records as the
JSON report (and as `--report jsonl=PATH`); a bad file is one error record and exit 2."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from cc_rules.cli import main

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted(str(p) for p in (ROOT / "examples" / "corpus").glob("*.yaml"))[:4]
BAD = str(ROOT / "tests" / "bad_inputs" / "evidence" / "bad_mode.yaml")


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout


def test_one_record_per_file_and_pack_matching_the_json_report(tmp_path: Path) -> None:
    code, streamed = _run("assess", *FILES, "--format", "jsonl", "--engine", "plain")
    assert code == 0
    records = [json.loads(line) for line in streamed.splitlines()]
    code, text = _run("assess", *FILES, "--format", "json", "--engine", "plain")
    report = json.loads(text)
    expected = [(a["evidence"]["file"], r) for a in report["assessments"] for r in a["results"]]
    assert [(r["evidence"]["file"], r["result"]) for r in records] == expected
    assert {r["format"] for r in records} == {"cc-rules/report-line@1"}
    kept = tmp_path / "kept.jsonl"
    code, _ = _run("assess", *FILES, "--format", "text", "--engine", "plain", "--report", f"jsonl={kept}")
    assert code == 0 and kept.read_text(encoding="utf-8") == streamed


def test_a_bad_file_is_an_error_record_and_exit_2(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["assess", FILES[0], BAD, "--format", "jsonl", "-o", str(out),
                                       "--engine", "plain"])
    assert result.exit_code == 2
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert "error" in records[-1] and records[-1]["error"]["file"].endswith("bad_mode.yaml")
    assert all("result" in r for r in records[:-1]) and len(records) > 1


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
