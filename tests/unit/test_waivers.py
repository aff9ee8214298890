"""`cc-rules check --waivers`: a waiver in force accepts a known finding (or a gate) until it expires."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from cc_rules.cli import main

EXAMPLE = "examples/gbt43045-level3-bank-card-centre.yaml"


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["check", EXAMPLE, "--min-level", "4", "--lang", "en", *args])
    return result.exit_code, result.stdout, result.stderr


def _blocking() -> list[str]:
    code, out, _ = _run("--format", "json")
    assert code == 1
    gate = json.loads(out)["assessments"][0]["results"][0]["gates"][0]
    assert gate["gate"] == "min-level" and not gate["met"]
    return [m["id"] for m in gate["blocking"]]


def _write(tmp_path: Path, entries: list[str]) -> str:
    path = tmp_path / "waivers.yaml"
    path.write_text("format: cc-rules/waivers@1\nwaivers:\n" + "".join(entries), encoding="utf-8")
    return str(path)


def _entry(rule: str, expires: str = "2099-12-31", evidence: str = "examples/*.yaml") -> str:
    return (f"  - rule: {rule}\n    evidence: \"{evidence}\"\n    justification: accepted for the pilot\n"
            f"    approved_by: QA lead\n    expires: {expires}\n")


def test_waivers_cover_every_blocking_rule(tmp_path: Path) -> None:
    blocking = _blocking()
    partial = _write(tmp_path, [_entry(r) for r in blocking[:-1]])
    code, out, _ = _run("--waivers", partial, "--format", "json")
    assert code == 1
    gate = json.loads(out)["assessments"][0]["results"][0]["gates"][0]
    assert [m["id"] for m in gate["blocking"]] == blocking[-1:]
    full = _write(tmp_path, [_entry(r) for r in blocking])
    code, out, err = _run("--waivers", full, "--format", "json")
    assert code == 0, err
    result = json.loads(out)["assessments"][0]["results"][0]
    assert result["gates"][0]["met"] and result["gates"][0]["blocking"] == []
    assert [w["rule"] for w in result["waived"]] == blocking
    assert result["waived"][0] == {"rule": blocking[0], "gate": None, "justification": "accepted for the pilot",
                                   "approved_by": "QA lead", "expires": "2099-12-31"}
    code, out, _ = _run("--waivers", full)
    assert code == 0
    assert f"waived: {blocking[0]} (until 2099-12-31): accepted for the pilot" in out
    code, out, _ = _run("--waivers", full, "--format", "junit")
    assert code == 0 and "<system-out>" in out and f"waived: {blocking[0]}" in out


def test_gate_waiver(tmp_path: Path) -> None:
    entry = "  - gate: min-level\n    justification: j\n    approved_by: a\n    expires: 2099-01-01\n"
    path = _write(tmp_path, [entry])
    code, out, err = _run("--waivers", path)
    assert code == 0, out + err
    assert "waived: gate min-level (until 2099-01-01): j" in out


def test_waiver_expires(tmp_path: Path) -> None:
    path = _write(tmp_path, [_entry(r, expires="2026-07-01") for r in _blocking()])
    assert _run("--waivers", path)[0] == 0
    code, _, err = _run("--waivers", path, "--as-of", "2026-07-02")
    assert code == 1
    assert "warning:" in err and "expired" in err and "waivers.yaml" in err


def test_unmatched_waiver_warns(tmp_path: Path) -> None:
    path = _write(tmp_path, [_entry("gbt.no.such_rule"), _entry(_blocking()[0], evidence="elsewhere/*.yaml")])
    code, _, err = _run("--waivers", path)
    assert code == 1
    assert err.count("matches no finding or gate") == 2
    assert "gbt.no.such_rule" in err


def test_sarif_suppressions(tmp_path: Path) -> None:
    blocking = _blocking()
    path = _write(tmp_path, [_entry(blocking[0])])
    code, out, _ = _run("--waivers", path, "--format", "sarif")
    assert code == 1
    found = json.loads(out)["runs"][0]["results"]
    waived = [r for r in found if r["ruleId"] == blocking[0]]
    assert waived and waived[0]["suppressions"] == [{"kind": "external", "justification": "accepted for the pilot"}]
    assert all("suppressions" not in r for r in found if r["ruleId"] != blocking[0])


def test_missing_justification(tmp_path: Path) -> None:
    path = _write(tmp_path, ["  - rule: r1\n    approved_by: a\n    expires: 2099-01-01\n"])
    code, out, err = _run("--waivers", path)
    assert code == 2 and out == ""
    assert f"{path}:3" in err and "$.waivers[0]" in err and "justification" in err


def test_impossible_date(tmp_path: Path) -> None:
    path = _write(tmp_path, [_entry("r1", expires="2025-02-30")])
    code, _, err = _run("--waivers", path)
    assert code == 2
    assert f"{path}:7" in err and "$.waivers[0].expires" in err
    assert "2025-02-30 is not a date that exists (YYYY-MM-DD; check the year, the month and the day)" in err
