"""The fuzz target, bounded for CI: mutated evidence files and mutated bundled packs through the CLI.

Each example must keep every promise `target.py` checks (exit 0/1/2, no traceback, an explained rejection, an answer
within 10 s of CPU, durable = plain). The examples are split 3:1 between evidence files and packs; the total is
`CC_RULES_FUZZ_EXAMPLES`: 100 in an ordinary `pytest` run, 2,000 in the CI's own fuzz step (.ci/run)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from tests.fuzz import target

ROOT = Path(__file__).resolve().parents[2]
TOTAL = int(os.environ.get("CC_RULES_FUZZ_EXAMPLES", "100"))
SETTINGS = settings(deadline=None, database=None, suppress_health_check=list(HealthCheck))


@settings(SETTINGS, max_examples=TOTAL * 3 // 4)
@given(content=target.evidence_inputs())
def test_evidence_files_keep_every_promise(content: bytes) -> None:
    broken = target.check_evidence(content)
    assert not broken, (broken, content[:2000])


@settings(SETTINGS, max_examples=TOTAL - TOTAL * 3 // 4)
@given(change=target.pack_inputs())
def test_changed_packs_keep_every_promise(change: target.PackInput) -> None:
    broken = target.check_pack(change)
    assert not broken, (broken, change.pack, change.file, change.content[:2000])


def test_the_fuzzer_reaches_every_outcome() -> None:
    """The mutations are not all rejected at the door: a run sees accepted, failing and rejected inputs."""
    stats = target.Stats()
    seeds = target.evidence_seeds()
    for _, seed in seeds[:3]:
        target.check_evidence(target._render(seed, []).encode("utf-8"), stats)
    target.check_evidence(b"format: cc-rules/evidence@1\norganization: {name: x}\nfacts: {a: .nan}\n", stats)
    assert stats.ok + stats.failed >= 3 and stats.rejected == 1 and not stats.problems
    assert stats.tracebacks == stats.hangs == stats.disagreements == 0


def test_the_long_run_driver_counts_and_exits_clean(tmp_path: Path) -> None:
    """`python -m tests.fuzz --minutes N` (shown in the README), for a few seconds: a summary with every count."""
    proc = subprocess.run([sys.executable, "-m", "tests.fuzz", "--minutes", "0.1", "--out", str(tmp_path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert json.loads(proc.stdout) == summary
    assert {"inputs", "ok", "failed", "rejected", "tracebacks", "hangs", "signals", "disagreements"} <= set(summary)
    assert summary["tracebacks"] == summary["signals"] == summary["hangs"] == 0
