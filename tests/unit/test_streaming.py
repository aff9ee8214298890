"""`assess` and `check` with `--format text|junit|sarif` write each file's part as it is assessed: the same bytes as
the whole report (which the commands still render when a `--report` target needs every file, such as JSON), the gate
verdicts computed once per result, and memory flat in the number of files."""

from __future__ import annotations

import dataclasses
import gc
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cc_rules import results
from cc_rules.assess import pipeline
from cc_rules.cli import common, main
from cc_rules.reports import registry

ROOT = Path(__file__).resolve().parents[2]
FILES = [*sorted(str(p) for p in (ROOT / "examples").glob("*.yaml"))[:3],
         str(ROOT / "tests" / "bad_inputs" / "evidence" / "bad_mode.yaml"),
         *sorted(str(p) for p in (ROOT / "examples" / "corpus").glob("*.yaml"))[:3]]
THREE = ROOT / "tests" / "packs" / "three_dims"


def _run(*args: str) -> Any:
    return CliRunner().invoke(main, [*args, "--engine", "plain"])


@pytest.mark.parametrize("command", [("assess",), ("check", "--min-level", "4", "--min-score", "90")])
@pytest.mark.parametrize("fmt", ["text", "junit", "sarif"])
def test_streamed_reports_are_the_whole_reports_bytes(tmp_path: Path, command: tuple[str, ...], fmt: str) -> None:
    """Streamed (`-o`, and stdout) and whole (a JSON `--report` beside it keeps every file) give the same bytes, with
    a bad file among good ones: its error on stderr once, exit 2 either way."""
    streamed, whole = tmp_path / "streamed", tmp_path / "whole"
    first = _run(*command, *FILES, "--format", fmt, "-o", str(streamed))
    second = _run(*command, *FILES, "--format", fmt, "-o", str(whole), "--report", f"json={tmp_path / 'r.json'}")
    assert first.exit_code == second.exit_code == 2
    assert first.stderr.count("error:") == second.stderr.count("error:") == 1
    assert streamed.read_text(encoding="utf-8") == whole.read_text(encoding="utf-8")
    on_stdout = _run(*command, *FILES, "--format", fmt)
    assert on_stdout.stdout == streamed.read_text(encoding="utf-8")


def test_check_streamed_keeps_exit_codes_and_gate_lines_as_they_come(tmp_path: Path) -> None:
    good = str(THREE / "evidence" / "exactly-70.yaml")
    passed = _run("check", good, "--pack", str(THREE), "--min-score", "80")
    missed = _run("check", good, "--pack", str(THREE), "--min-score", "80.5")
    assert (passed.exit_code, missed.exit_code) == (0, 1)
    assert "1 checks, 0 passed, 1 failed, 0 errors" in missed.stdout
    assert _run("check", good, "--pack", str(THREE), "--min-score", "80.5", "--no-fail").exit_code == 0


def test_every_file_bad_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out.xml"
    done = _run("check", FILES[3], "--format", "junit", "-o", str(out))
    assert done.exit_code == 2 and not out.exists() and done.stdout == ""


@pytest.mark.parametrize("bad", ["missing/x", "/dev/full"])
@pytest.mark.parametrize("fmt", ["text", "junit"])
def test_a_report_that_cannot_be_written_does_not_stop_the_others(tmp_path: Path, bad: str, fmt: str) -> None:
    out = tmp_path / "out.sarif"
    done = _run("check", *FILES[:2], "--format", "sarif", "-o", str(out), "--report", f"{fmt}={tmp_path / bad}")
    assert done.exit_code == 2 and done.stderr.count("error:") == 1 and "cannot write" in done.stderr
    assert out.read_text(encoding="utf-8").startswith("{")


def _peak(count: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    """Peak traced memory of `check` streaming `count` assessed files (one small pack's assessment under as many
    names) to text, JUnit and SARIF files."""
    one = pipeline.run([THREE / "evidence" / "exactly-70.yaml"], [str(THREE)], engine_name="plain").assessments[0]

    def assessed(paths: Any, *args: Any, **kwargs: Any) -> Iterator[results.AssessmentResult]:
        for index in range(count):
            if index % 100 == 0:  # what the collector frees when it runs is no part of what streaming keeps
                gc.collect()
            yield dataclasses.replace(one, file=f"centres/c{index:05d}.yaml")

    monkeypatch.setattr(common, "iter_assessments", assessed)
    monkeypatch.setattr(common, "SPOOL_IN_MEMORY", 4096)  # what is set aside goes to disk early
    targets = [(name, str(tmp_path / f"{count}.{name}")) for name in ("text", "junit", "sarif")]
    gc.collect()
    tracemalloc.start()
    try:
        done = common.stream_reports(
            (), (), None, "plain", "en", targets, lambda name, path: registry.Options(gates_only=True),
            gate=common.gater(results.GateSpec(min_score=99)), gate_all=True)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert done.assessed == count and done.missed
    assert (tmp_path / f"{count}.junit").read_text(encoding="utf-8").count("<testsuite ") == count
    return peak


def test_memory_stays_flat_in_the_number_of_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _peak(20, tmp_path, monkeypatch)  # caches filled (the catalogue, the labels)
    small, large = _peak(200, tmp_path, monkeypatch), _peak(2000, tmp_path, monkeypatch)
    assert large < small * 1.2 + 32 * 1024, (small, large)  # ten times the files, not ten times the memory


def test_a_directory_of_json_files_is_sorted_as_the_full_parser_does(tmp_path: Path) -> None:
    """`assess DIR` reads the format of each JSON file with orjson: the same files taken and skipped as by the full
    parser (evidence, another format, broken JSON, a duplicated key, YAML beside them)."""
    from cc_rules.base import errors
    from cc_rules.io import inputs, loading

    class FullParser(inputs.LocalFileSystem):
        def format_of(self, path: str) -> object:
            try:
                data = loading.read_document(path).data
            except errors.CcRulesError:
                return inputs.UNREADABLE
            return data.get("format") if isinstance(data, dict) else None

    evidence = '{"format": "cc-rules/evidence@1", "organization": {"name": "x"}}'
    files = {"a.json": evidence, "b.json": '{"format": "cc-rules/waivers@1", "waivers": []}',
             "c.json": '{"format": "cc-rules/evidence@1", ', "d.json": '[1, 2]',
             "e.json": '{"format": "cc-rules/waivers@1", "format": "cc-rules/evidence@1"}',
             "f.json": '{"format": "cc-rules/evidence@1", "format": "cc-rules/waivers@1"}',
             "g.yaml": "format: cc-rules/waivers@1\n", "h.json": evidence.replace("{", "{\n", 1)}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    sniffed = inputs.expand([str(tmp_path)], common._FILES)
    assert sniffed == inputs.expand([str(tmp_path)], FullParser())
    assert [Path(p).name for p in sniffed.paths][:2] == ["a.json", "c.json"]
    assert "b.json" in {Path(p).name for p, _ in sniffed.skipped}
