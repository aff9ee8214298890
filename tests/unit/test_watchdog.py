"""The watchdog: a command that runs past `CC_RULES_TIMEOUT` stops with one paragraph and exit 2, in the user's
language; per-file error handling does not swallow it; a bad value of the variable is bad input."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from cc_rules.assess import pipeline
from cc_rules.cli import main, watchdog

ROOT = Path(__file__).resolve().parents[2]
CORPUS = str(ROOT / "examples" / "corpus")


def _slow(real: object) -> object:
    def assess_evidence(*args: object, **kwargs: object) -> object:
        time.sleep(0.2)  # a slow assessment: the bound below is passed after a few files
        return real(*args, **kwargs)  # type: ignore[operator]
    return assess_evidence


@pytest.mark.parametrize(("lang", "words"), [
    ("zh", ["命令 assess 运行超过 0.5 秒的上限，已停止", "CC_RULES_TIMEOUT"]),
    ("en", ["the command assess ran past its bound of 0.5 seconds", "CC_RULES_TIMEOUT"]),
])
def test_a_command_past_its_bound_stops_with_one_paragraph(monkeypatch: pytest.MonkeyPatch, lang: str,
                                                          words: list[str]) -> None:
    monkeypatch.setattr(pipeline, "assess_evidence", _slow(pipeline.assess_evidence))
    result = CliRunner().invoke(main, ["assess", CORPUS, "--lang", lang, "--format", "json"],
                                env={watchdog.VARIABLE: "0.5"})
    assert result.exit_code == 2, result.output
    assert result.stdout == ""  # no partial report
    assert "Traceback" not in result.output
    message = result.stderr.strip().splitlines()[-1]  # after the progress bar's line, one paragraph
    assert message.startswith(("错误：", "error: ")) and all(w in message for w in words), result.stderr


def test_no_bound_with_zero_and_the_default_otherwise() -> None:
    assert watchdog.seconds({watchdog.VARIABLE: "0"}) == 0
    assert watchdog.seconds({}) == watchdog.DEFAULT_SECONDS
    assert watchdog.seconds({watchdog.VARIABLE: " 2.5 "}) == 2.5


@pytest.mark.parametrize("value", ["abc", "-1", "nan", "inf"])
def test_a_bad_bound_is_bad_input(value: str) -> None:
    result = CliRunner().invoke(main, ["assess", str(ROOT / "examples" / "ccso-pass-bank.yaml"), "--lang", "zh"],
                                env={watchdog.VARIABLE: value})
    assert result.exit_code == 2 and "不是秒数" in result.stderr and "Traceback" not in result.output
