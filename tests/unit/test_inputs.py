"""EVIDENCE as CI gives it (files, directories, globs, `-`), a bad file that does not hide the others, several
reports from one run (`--report FORMAT=PATH`), unwritable outputs, `--no-fail`, the check summary line, the job
summary, and the gate verdict beside the pack's."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path

import pytest
from click.testing import CliRunner

from cc_rules.base import errors
from cc_rules.cli import main
from cc_rules.io import inputs

ROOT = Path(__file__).resolve().parents[2]
EX = ROOT / "examples"
PASS = EX / "ccso-pass-bank.yaml"
FAIL = EX / "ccso-fail-small.yaml"
EXACTLY_60 = EX / "ccso-exactly-60.yaml"


@pytest.fixture(autouse=True)
def _no_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


def invoke(*args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=stdin)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A directory with two good evidence files (one in a subdirectory), one bad one and one YAML that is not
    evidence."""
    root = tmp_path / "evidence"
    (root / "sub").mkdir(parents=True)
    shutil.copy(PASS, root / "a-pass.yaml")
    shutil.copy(FAIL, root / "sub" / "c-fail.yml")
    text = PASS.read_text(encoding="utf-8")
    assert "seats: 200" in text
    (root / "b-bad.yaml").write_text(text.replace("seats: 200", "seats: lots"), encoding="utf-8")
    (root / "other.yaml").write_text("format: cc-rules/something@1\nx: 1\n", encoding="utf-8")
    (root / "notes.txt").write_text("not yaml at all: [", encoding="utf-8")
    return root


def test_a_directory_assesses_every_good_file_and_reports_the_bad_one(tree: Path) -> None:
    code, out, err = invoke("assess", str(tree), "--format", "json", "--lang", "en")
    assert code == 2
    files = [a["evidence"]["file"] for a in json.loads(out)["assessments"]]
    assert files == [str(tree / "a-pass.yaml"), str(tree / "sub" / "c-fail.yml")]
    lines = err.splitlines()
    notes = [line for line in lines if line.startswith("note:")]
    assert notes == [f"note: skipped {tree / 'other.yaml'}: not an evidence file (format: cc-rules/something@1)"]
    errs = [line for line in lines if line.startswith("error:")]
    assert len(errs) == 1 and errs[0].startswith(f"error: {tree / 'b-bad.yaml'}:") and "seats" in errs[0]
    assert "Traceback" not in err and "notes.txt" not in err


def test_the_error_paragraph_is_in_the_commands_language(tree: Path) -> None:
    code, _, err = invoke("assess", str(tree), "--format", "json", "--lang", "zh")
    assert code == 2 and "错误：" in err and "注意：跳过" in err


def test_stdin_is_read_once_and_named(tmp_path: Path) -> None:
    code, out, err = invoke("assess", "-", "--format", "json", stdin=PASS.read_bytes())
    assert code == 0 and err == ""
    assert [a["evidence"]["file"] for a in json.loads(out)["assessments"]] == ["<stdin>"]
    code, _, err = invoke("assess", "-", "--lang", "en", stdin=b"format: cc-rules/evidence@1\n")
    assert code == 2 and err.startswith("error: <stdin>")


def test_a_quoted_glob_is_expanded_sorted(tree: Path) -> None:
    code, out, _ = invoke("check", str(tree / "**" / "*-*.y*ml"), "--format", "json", "--no-fail")
    assert code == 2  # the glob names b-bad.yaml itself: taken, and reported
    files = [a["evidence"]["file"] for a in json.loads(out)["assessments"]]
    assert files == [str(tree / "a-pass.yaml"), str(tree / "sub" / "c-fail.yml")]
    code, out, err = invoke("check", str(tree / "*.nothing"), "--lang", "en")
    assert code == 2 and out == "" and "no file matches this pattern" in err


def test_several_reports_from_one_run_even_with_a_bad_file(tree: Path, tmp_path: Path) -> None:
    junit, sarif = tmp_path / "r.junit.xml", tmp_path / "r.sarif"
    code, out, err = invoke("check", str(tree), "--min-score", "50", "--report", f"junit={junit}",
                            "--report", f"sarif={sarif}", "--lang", "en")
    assert code == 2 and "error:" in err
    cases = [c.get("name") for c in ET.parse(junit).getroot().iter("testcase")]
    assert cases == ["ccso min-score", "ccso min-score", "input"]  # the bad file is an erroring case
    sarif_doc = json.loads(sarif.read_text(encoding="utf-8"))
    assert sarif_doc["version"] == "2.1.0" and sarif_doc["runs"][0]["invocations"][0]["executionSuccessful"] is False
    assert out.splitlines()[-1] == "2 checks, 1 passed, 1 failed, 1 errors"


@pytest.mark.parametrize("value", ["nope=x.xml", "junit", "junit="])
def test_a_bad_report_option_is_one_paragraph(value: str) -> None:
    code, out, err = invoke("check", str(PASS), "--report", value, "--lang", "en")
    assert code == 2 and out == "" and len(err.splitlines()) == 1 and "FORMAT=PATH" in err


@pytest.mark.parametrize("target", ["/no/such/dir/r.json", "/dev/full"])
def test_an_unwritable_output_is_bad_input_not_a_traceback(target: str, tmp_path: Path) -> None:
    if target == "/dev/full" and not Path(target).exists():
        pytest.skip(f"{target} is not on this system")
    for command in ("assess", "check"):
        code, _, err = invoke(command, str(PASS), "-o", target, "--format", "json", "--lang", "en")
        assert code == 2 and "Traceback" not in err
        assert err == f"error: {target}: at $: cannot write the file: " + err.split("cannot write the file: ")[1]
    report = tmp_path / "ok.json"
    code, _, err = invoke("assess", str(PASS), "--report", f"json={target}", "--report", f"json={report}")
    assert code == 2 and "cannot write the file" in err and report.exists()  # the other one is still written


def test_no_fail_reports_without_failing(tree: Path) -> None:
    code, out, _ = invoke("check", str(FAIL), "--no-fail", "--lang", "en")
    assert code == 0 and out.startswith("FAIL ")
    assert invoke("check", str(FAIL), "--lang", "en")[0] == 1
    assert invoke("check", str(tree), "--no-fail")[0] == 2  # bad input still is


def test_the_summary_line_counts_checks_and_errors() -> None:
    code, out, _ = invoke("check", str(PASS), str(FAIL), "--lang", "en")
    assert code == 1 and out.splitlines()[-1] == "2 checks, 1 passed, 1 failed, 0 errors"
    code, out, _ = invoke("check", str(PASS), "--lang", "zh")
    assert code == 0 and out.splitlines()[-1] == "共 1 项检查，通过 1，未通过 0，错误 0"


def test_a_score_at_the_pass_line_shows_both_verdicts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, out, _ = invoke("check", "examples/ccso-exactly-60.yaml", "--min-score", "60", "--lang", "en")
    assert code == 0
    assert out.splitlines() == [
        "PASS examples/ccso-exactly-60.yaml ccso min-score: score 60 >= required 60  [pack: not passed]",
        "1 checks, 1 passed, 0 failed, 0 errors",
    ]
    code, _, _ = invoke("check", str(EXACTLY_60), "--min-score", "60.5")
    assert code == 1


def test_min_score_help_says_at_least() -> None:
    code, out, _ = invoke("check", "--help")
    assert code == 0 and "total ≥ X" in out and "--no-fail" in out and "--report FORMAT=PATH" in out


def test_the_job_summary_gets_the_markdown_report(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    invoke("check", str(PASS), "--format", "json")
    assert summary.read_text(encoding="utf-8") == "earlier step\n"  # only on GitHub Actions
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    code, out, _ = invoke("check", str(PASS), "--format", "json")
    assert code == 0 and json.loads(out)["assessments"]
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n") and len(text) > len("earlier step\n") and "ccso" in text


class FakeFS:
    """A filesystem view for `inputs.expand`: paths → format (None: not a mapping), directories implied."""

    def __init__(self, files: dict[str, object]) -> None:
        self.files = files

    def kind(self, path: str) -> inputs.Kind | None:
        if path in self.files:
            return "file"
        return "dir" if any(f.startswith(path.rstrip("/") + "/") for f in self.files) else None

    def files_under(self, path: str) -> Iterable[str]:
        return [f for f in self.files if f.startswith(path.rstrip("/") + "/")]

    def glob(self, pattern: str) -> Iterable[str]:
        import fnmatch
        return [f for f in self.files if fnmatch.fnmatch(f, pattern)]

    def format_of(self, path: str) -> object:
        return self.files[path]


def test_expand_is_deterministic_over_a_filesystem_view() -> None:
    ev = inputs.EVIDENCE_FORMAT
    fs = FakeFS({"d/z.yaml": ev, "d/a.json": ev, "d/x/b.yml": ev, "d/pack.yaml": "cc-rules/pack@1",
                 "d/broken.yaml": inputs.UNREADABLE, "d/readme.md": None, "e/one.yaml": ev, "e/two.yaml": ev})
    got = inputs.expand(["e/two.yaml", "d", "e/*.yaml", "-", "-"], fs)
    assert got.paths == ("e/two.yaml", "d/a.json", "d/broken.yaml", "d/x/b.yml", "d/z.yaml", "e/one.yaml", "-")
    assert got.skipped == (("d/pack.yaml", "cc-rules/pack@1"),)
    with pytest.raises(errors.InputError) as exc:
        inputs.expand(["missing.yaml"], fs)
    assert exc.value.render("en") == "missing.yaml: at $: cannot read the file: no such file or directory"


def test_a_directory_without_evidence_is_bad_input(tmp_path: Path) -> None:
    (tmp_path / "pack.yaml").write_text("format: cc-rules/pack@1\n", encoding="utf-8")
    code, out, err = invoke("check", str(tmp_path), "--lang", "en")
    assert code == 2 and out == "" and err == f"error: {tmp_path}: at $: no evidence file found\n"
