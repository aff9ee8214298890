"""The click app's basic paths: assess (text/json, -o, engines), facts, options, and bad input → exit 2."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from cc_rules.cli import main

ROOT = Path(__file__).resolve().parents[2]
CONSTRUCTS = str(ROOT / "tests" / "packs" / "constructs")

EVIDENCE = """\
format: cc-rules/evidence@1
organization: {name: Test Org, industry: banking, seats: 100}
assessment: {date: 2025-06-30, mode: self}
facts:
  a: {int: 12, num: 1.5, other: 3, flag: true, flag2: false, text: hello, kind: y, list: [voice, video]}
"""


def write(tmp_path: Path, text: str = EVIDENCE, name: str = "e.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_assess_text(tmp_path: Path) -> None:
    code, out, err = invoke("assess", write(tmp_path), "--pack", CONSTRUCTS)
    assert code == 0 and err == ""
    assert "Test Org" in out and "constructs" in out and "edition v2" in out
    assert "Not evidenced: a.text2, review.i.ce" in out


def test_assess_json_is_the_contract_shape_and_deterministic(tmp_path: Path) -> None:
    path = write(tmp_path)
    code, out, _ = invoke("assess", path, "--pack", CONSTRUCTS, "--format", "json")
    assert code == 0
    report = json.loads(out)
    assert report["format"] == "cc-rules/report@1"
    (one,) = report["assessments"]
    assert one["evidence"]["file"] == path and len(one["evidence"]["sha256"]) == 64
    assert one["organization"] == {"name": "Test Org", "industry": "banking", "seats": 100}
    (result,) = one["results"]
    assert result["pack"]["id"] == "constructs" and result["pack"]["edition"] == "v2"
    assert result["model"] == "points" and result["level"] is None
    assert result["unknown"] == ["a.text2", "review.i.ce"]
    by_rule = {f["rule"]: f for f in result["findings"]}
    assert by_rule["r.gte_ratio"]["met"] is False and by_rule["r.gte_ratio"]["points"] == -2
    # each rule is credited to one step only: act.two wins every rule act.one would, so act.one promises nothing
    assert {a["id"] for a in result["actions"]} == {"act.two"}
    assert invoke("assess", path, "--pack", CONSTRUCTS, "--format", "json")[1] == out  # byte-identical


def test_as_of_picks_the_edition(tmp_path: Path) -> None:
    code, out, _ = invoke("assess", write(tmp_path), "--pack", CONSTRUCTS, "--format", "json", "--as-of", "2023-06-30")
    assert code == 0
    result = json.loads(out)["assessments"][0]["results"][0]
    assert result["pack"]["edition"] == "v1" and "r.v2_only" not in {f["rule"] for f in result["findings"]}


def test_engines_give_the_same_report(tmp_path: Path) -> None:
    path = write(tmp_path)
    reports = []
    for name in ("durable", "plain"):
        code, out, _ = invoke("assess", path, "--pack", CONSTRUCTS, "--format", "json", "--engine", name)
        assert code == 0
        report = json.loads(out)
        assert report["assessments"][0]["results"][0].pop("engine") == name
        reports.append(report)
    assert reports[0] == reports[1]


def test_output_file(tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.json"
    target.parent.mkdir()
    code, out, _ = invoke("assess", write(tmp_path), "--pack", CONSTRUCTS, "--format", "json", "-o", str(target))
    assert code == 0 and out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["format"] == "cc-rules/report@1"


def test_several_evidence_files(tmp_path: Path) -> None:
    first = write(tmp_path, name="one.yaml")
    second = write(tmp_path, EVIDENCE.replace("Test Org", "Other Org"), "two.yaml")
    code, out, _ = invoke("assess", first, second, "--pack", CONSTRUCTS, "--format", "json")
    assert code == 0
    assert [a["organization"]["name"] for a in json.loads(out)["assessments"]] == ["Test Org", "Other Org"]


def test_one_bad_file_among_good_ones_does_not_hide_them(tmp_path: Path) -> None:
    good = write(tmp_path, name="good.yaml")
    bad = write(tmp_path, EVIDENCE.replace("int: 12", "int: twelve"), "bad.yaml")
    code, out, err = invoke("assess", good, bad, "--pack", CONSTRUCTS)
    assert code == 2 and "Test Org" in out and bad not in out
    assert err.startswith(f"error: {bad}:5: at $.facts.a.int: ") and len(err.splitlines()) == 1


def test_one_bad_file_alone_gives_one_paragraph_and_no_report(tmp_path: Path) -> None:
    bad = write(tmp_path, EVIDENCE.replace("int: 12", "int: twelve"), "bad.yaml")
    code, out, err = invoke("assess", bad, "--pack", CONSTRUCTS)
    assert code == 2 and out == ""
    assert err.startswith(f"error: {bad}:5: at $.facts.a.int: ") and len(err.splitlines()) == 1


def test_facts_lists_the_vocabulary() -> None:
    code, out, _ = invoke("facts", CONSTRUCTS)
    assert code == 0
    lines = {line.split()[0]: line for line in out.splitlines()}
    assert "int [-1000..1000]" in lines["a.int"] and "enum x|y|z" in lines["a.kind"]
    assert "derived" in lines["d.first"] and "review.i.ce" in lines


def test_unknown_pack_is_bad_input(tmp_path: Path) -> None:
    code, out, err = invoke("assess", write(tmp_path), "--pack", str(tmp_path / "no_such_pack"))
    assert code == 2 and out == "" and "neither a built-in pack id nor a directory with a pack.yaml" in err


def test_bad_date_option_is_a_usage_error(tmp_path: Path) -> None:
    code, out, err = invoke("assess", write(tmp_path), "--pack", CONSTRUCTS, "--as-of", "30/06/2025")
    assert code == 2 and out == "" and "30/06/2025 is not a date that exists (YYYY-MM-DD" in err


def test_missing_evidence_file_is_bad_input(tmp_path: Path) -> None:
    code, out, err = invoke("assess", str(tmp_path / "missing.yaml"), "--pack", CONSTRUCTS)
    assert code == 2 and out == "" and "cannot read the file" in err and "Traceback" not in err


def test_help() -> None:
    code, out, _ = invoke("--help")
    assert code == 0 and "assess" in out and "facts" in out
    code, out, _ = invoke("assess", "--help")
    assert code == 0 and "--pack" in out and "--as-of" in out
