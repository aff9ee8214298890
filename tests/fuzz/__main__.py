"""Long fuzz runs by hand: `python -m tests.fuzz --minutes 30 [--out DIR]`.

The examples run in a worker process so that a signal (a crash inside durable-rules' C extension) or a hang inside C
is seen and counted instead of ending the run: the driver restarts the worker and keeps the input that was running
as a reproducer under `--out`. At the end the counts are printed as JSON (inputs, ok, failed, rejected, tracebacks,
hangs, disagreements, signals, worker_errors: the fuzzer itself failed); the exit code is 1 when any promise
was broken.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

STALL_SECONDS = 120  # wall time without a finished input before the worker is killed as hung
COUNTS = ("inputs", "ok", "failed", "rejected", "tracebacks", "hangs", "bad_exit", "disagreements", "signals",
          "worker_errors", "problems")


def _worker(seconds: float, out: Path, stats_file: Path) -> None:
    from hypothesis import HealthCheck, Phase, given, settings

    from tests.fuzz import target

    stats = target.Stats()
    end = time.monotonic() + seconds
    current = out / "current.bin"

    def record(kind: str, content: bytes, broken: list[str]) -> None:
        stats.problems += broken
        if broken:
            name = out / f"broken-{kind}-{stats.inputs}.bin"
            name.write_bytes(content)
            (out / f"broken-{kind}-{stats.inputs}.txt").write_text("\n".join(broken) + "\n", encoding="utf-8")
        stats_file.write_text(json.dumps(stats.as_dict()), encoding="utf-8")

    chunk = settings(max_examples=50, deadline=None, database=None, phases=[Phase.generate],
                     suppress_health_check=list(HealthCheck))

    @chunk
    @given(content=target.evidence_inputs())
    def evidence(content: bytes) -> None:
        if time.monotonic() < end:
            current.write_bytes(b"evidence\n" + content)
            record("evidence", content, target.check_evidence(content, stats))

    @chunk
    @given(change=target.pack_inputs())
    def pack(change: target.PackInput) -> None:
        if time.monotonic() < end:
            header = f"pack {change.pack} {change.file} {change.command}\n".encode()
            current.write_bytes(header + change.content)
            record("pack", header + change.content, target.check_pack(change, stats))

    while time.monotonic() < end:
        evidence()
        evidence()
        evidence()
        pack()
    current.unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--out", type=Path, default=Path("fuzz-out"), help="reproducers and counts (default fuzz-out)")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--seconds", type=float, default=0.0, help=argparse.SUPPRESS)
    parser.add_argument("--stats", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.worker:
        _worker(args.seconds, args.out, args.stats)
        return 0
    total = dict.fromkeys(COUNTS, 0)
    end = time.monotonic() + args.minutes * 60
    part = 0
    while time.monotonic() < end:
        part += 1
        stats_file = args.out / f"stats-{part}.json"
        current = args.out / "current.bin"
        proc = subprocess.Popen([sys.executable, "-m", "tests.fuzz", "--worker", "--seconds",
                                 str(end - time.monotonic()), "--stats", str(stats_file), "--out", str(args.out)])
        last, seen, killed = time.monotonic(), -1.0, False
        while proc.poll() is None:
            time.sleep(2)
            stamp = stats_file.stat().st_mtime if stats_file.exists() else -1.0
            if stamp != seen:
                seen, last = stamp, time.monotonic()
            elif time.monotonic() - last > STALL_SECONDS:
                proc.kill()
                proc.wait()
                killed = True
                total["hangs"] += 1
                _keep(current, args.out / f"hang-{part}.bin")
        if proc.returncode < 0 and not killed:  # died of a signal: keep what it was running
            total["signals"] += 1
            _keep(current, args.out / f"signal-{part}.bin")
        elif proc.returncode > 0 and not killed:  # an exception in the fuzzer itself (a generator): a bug to fix
            total["worker_errors"] += 1
            _keep(current, args.out / f"worker-error-{part}.bin")
        if stats_file.exists():
            for key, value in json.loads(stats_file.read_text(encoding="utf-8")).items():
                total[key] = total.get(key, 0) + value
    summary = {**total, "minutes": args.minutes, "workers": part}
    (args.out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(summary, indent=2))
    broken = sum(total[k] for k in ("tracebacks", "hangs", "bad_exit", "disagreements", "signals", "worker_errors"))
    return 1 if broken else 0


def _keep(current: Path, to: Path) -> None:
    if current.exists():
        current.replace(to)


if __name__ == "__main__":
    sys.exit(main())
