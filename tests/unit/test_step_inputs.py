"""Steps read only where features live, and read every value as evidence is read.

A feature may come from a pull request: `the evidence file "PATH"` must not read (and so print, in a failure
message) a file outside the project or the packs given to `verify`; a step value with a YAML tag, an unclosed `[`,
a 5,000-digit number, a one-column table or an impossible date fails its scenario with a message and the other
scenarios still run. A scenario without a date is assessed as of the pack's current edition, never the clock.
"""

from __future__ import annotations

import datetime as dt
import shutil
import types
from pathlib import Path

import pytest

from cc_rules.tools import steps, verify

ROOT = Path(__file__).resolve().parents[2]
SECRET = "TOKEN-s3cr3t-abc123"

PROBES = f"""Feature: hostile steps
  Scenario: parent escape
    Given the evidence file "../../../../../../../../etc/passwd"
    When it is assessed against "ccso"
  Scenario: absolute path
    Given the evidence file "{ROOT / 'examples' / 'ccso-pass-bank.yaml'}"
  Scenario: symlink out
    Given the evidence file "examples/link.yaml"
  Scenario: not a mapping
    Given the evidence file "examples/list.yaml"
  Scenario: yaml tag
    Given evidence "staffing.team_leaders" is !!python/object/apply:os.system ["echo hi"]
  Scenario: unclosed bracket
    Given evidence "staffing.team_leaders" is [1, 2
  Scenario: one-column table
    Given the evidence:
      | staffing.team_leaders |
  Scenario: seat count of 5000 digits
    Given an organization "A" in industry "banking" with {"9" * 5000} seats
  Scenario: impossible date
    Given an organization "A" in industry "banking" with 200 seats
    When it is assessed against "ccso" as of 2026-02-30
  Scenario: expected level of 5000 digits
    Given the evidence file "examples/ccso-pass-bank.yaml"
    When it is assessed against "ccso"
    Then the level is {"9" * 5000}
  Scenario: still runs
    Given the evidence file "examples/ccso-pass-bank.yaml"
    When it is assessed against "ccso"
    Then the total score is 96
"""

EXPECTED = {
    "parent escape": "outside the project and pack directories",
    "absolute path": "must be a path relative to the feature file",
    "symlink out": "outside the project and pack directories",
    "not a mapping": "its top level must be a mapping",
    "yaml tag": "YAML tag !!python/object/apply:os.system is not allowed",
    "unclosed bracket": "malformed YAML",
    "one-column table": "has 1 column(s), expected two",
    "seat count of 5000 digits": "beyond the numbers cc-rules reads",
    "impossible date": "2026-02-30 is not a date that exists",
    "expected level of 5000 digits": "beyond the numbers cc-rules reads",
}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project (the cwd) with its features and examples; a secret file lives beside it, outside."""
    secret = tmp_path / "secret.yaml"
    secret.write_text(f"token: {SECRET}\n", encoding="utf-8")
    work = tmp_path / "project"
    (work / "features").mkdir(parents=True)
    (work / "examples").mkdir()
    shutil.copy(ROOT / "examples" / "ccso-pass-bank.yaml", work / "examples")
    (work / "examples" / "link.yaml").symlink_to(secret)
    (work / "examples" / "list.yaml").write_text(f"- {SECRET}\n", encoding="utf-8")
    (work / "features" / "probes.feature").write_text(PROBES, encoding="utf-8")
    monkeypatch.chdir(work)
    return work


def test_hostile_steps_fail_their_scenario_with_a_message_and_the_others_run(project: Path) -> None:
    result = verify.run_feature(project / "features" / "probes.feature", {"ccso": str(ROOT / "rules" / "ccso")})
    by_name = {s.name: s for s in result.scenarios}
    assert by_name["still runs"].status == "passed"
    for name, words in EXPECTED.items():
        scenario = by_name[name]
        assert scenario.status == "failed", name
        [failed] = [o for o in scenario.steps if o.status == "failed"]
        assert words in (failed.message or ""), (name, failed.message)
        assert SECRET not in (failed.message or "") and "root:" not in (failed.message or "")


def test_the_cli_never_prints_a_file_outside_the_project(project: Path) -> None:
    from click.testing import CliRunner

    from cc_rules.cli import main

    out = CliRunner().invoke(main, ["verify", "features/probes.feature", str(ROOT / "rules" / "ccso")])
    assert out.exit_code == 1, out.output
    assert "Traceback" not in out.output and SECRET not in out.output and "root:x:" not in out.output
    assert "11 scenarios: 1 passed, 10 failed" in out.output


def _clock(day: dt.date) -> types.SimpleNamespace:
    """The `datetime` module as the step library sees it, with a clock stopped on `day`."""
    class Stopped(dt.date):
        @classmethod
        def today(cls) -> Stopped:
            return cls(day.year, day.month, day.day)

    return types.SimpleNamespace(**{**vars(dt), "date": Stopped})


def test_a_scenario_without_a_date_does_not_depend_on_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Assessed as of the pack's current edition: the same result on any day the clock shows."""
    seen = []
    for day in (dt.date(2015, 1, 1), dt.date(2099, 12, 31)):
        monkeypatch.setattr(steps, "dt", _clock(day))
        world = steps.World(base_dirs=(ROOT,))
        steps.run(world, 'an organization "A" in industry "banking" with 200 seats')
        steps.run(world, 'evidence "staffing.team_leaders" is 20')
        steps.run(world, 'it is assessed against "ccso"')
        result = world.need_result()
        seen.append((result.as_of, result.score, [(f.rule, f.met, f.points) for f in result.findings]))
    assert seen[0] == seen[1]
    from cc_rules.model import packs

    assert seen[0][0] == packs.load("ccso").editions[-1].effective_from.isoformat()
