"""The system's reason for refusing a file reads in the user's language: the usual ones (no such directory, a full
disk, no permission) from the catalogue, in zh and en, and the reason survives a trip to a worker process."""

from __future__ import annotations

import errno
import pickle
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from cc_rules.base import errors
from cc_rules.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = str(ROOT / "examples" / "ccso-pass-bank.yaml")


@pytest.mark.parametrize(("args", "zh", "en"), [
    (["-o", "/no/such/dir/r.json"], "无法写入文件：没有这个文件或目录",
     "cannot write the file: No such file or directory"),
    (["-o", "/dev/full"], "无法写入文件：磁盘空间已满", "cannot write the file: No space left on device"),
])
def test_an_output_that_cannot_be_written_is_named_in_both_languages(args: list[str], zh: str, en: str) -> None:
    if not Path("/dev/full").exists() and "/dev/full" in args:
        pytest.skip("no /dev/full here")
    for lang, want in (("zh", zh), ("en", en)):
        result = CliRunner().invoke(main, ["assess", EXAMPLE, "--format", "json", *args, "--lang", lang])
        assert result.exit_code == 2 and "Traceback" not in result.output
        assert want in result.stderr, result.stderr
        if lang == "zh":
            prose = re.sub(r"/\S+", "", result.stderr)  # the path itself
            assert not re.findall(r"[A-Za-z]{2,}", prose), result.stderr


def test_a_missing_evidence_file_is_named_in_chinese(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["assess", str(tmp_path / "none.yaml"), "--lang", "zh"])
    assert result.exit_code == 2 and "无法读取文件：没有这个文件或目录" in result.stderr, result.stderr


def test_a_reason_is_the_systems_text_and_survives_pickling() -> None:
    reason = errors.OsReason(OSError(errno.ENOSPC, "No space left on device"))
    assert reason == "No space left on device" and f"{reason:zh}" == "磁盘空间已满"
    back = pickle.loads(pickle.dumps(reason))  # noqa: S301 - our own bytes, as --jobs workers send them
    assert back == reason and back.errno == errno.ENOSPC and f"{back:zh}" == "磁盘空间已满"
    other = errors.OsReason(OSError(errno.EBUSY, "Device or resource busy"))
    assert f"{other:zh}" == "Device or resource busy"  # not in the catalogue: the system's words
