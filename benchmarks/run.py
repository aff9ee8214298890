"""The whole speed story of cc-rules in one run, with every figure beside the straight-line floor.

Not a test: run by hand (figures in docs/benchmarks.md). The exit status is 1 when a target is missed.

    python benchmarks/run.py [--n 200] [--rounds 5] [--assessments 500] [--seed 1] [--out DIR] [--regen]
                             [--soak 1000] [--profile K] [--code DIR] [--stream N] [--stream-out DIR] [--jobs J]

In one process, on the generated CCSO-sized pack (benchmarks/generate.py) and its evidence, pre-bound:
1. **Engines**, interleaved over `--rounds` rounds (CPU medians, wall beside): the straight-line floor (the pack
   as one generated Python function, benchmarks/engines.py), cc-rules plain (closures), cc-rules durable, and CLIPS
   through clipspy when installed (`pip install clipspy`, the `bench` extra). Ratios to the floor; every engine's
   outcomes must equal plain's (durable's full `Evaluation`).
2. **Pipeline**: `assess()` per assessment (plain and durable; median, p95; CPU and wall), memory flat after
   warm-up, and identical full results for both evaluators.
3. **CLI** (subprocesses, CPU from `getrusage(RUSAGE_CHILDREN)`, medians of 3, interleaved): the 60-file corpus
   `cc-rules assess examples/corpus/*.yaml --format json`, `cc-rules --version`, `cc-rules packs`; with a warm parse
   cache of the run's own (the targets), and the corpus and `packs` again with it emptied before each run (cold).
4. **Streaming**: `cc-rules assess DIR --pack PACK --format jsonl --jobs J -o /dev/null` over `--stream N` generated
   centres (default 100,000; JSON evidence files written once under `--stream-out` and reused while the seed, the
   generator and N are the same), plain and durable: wall and CPU seconds (the process and its workers), peak RSS
   of the process tree (sampled), the size of a record; projected to 100,000 centres when N is smaller (the target
   is checked on the projection, and says so). A run that does not exit 0 misses the target.
5. `--soak N`: benchmarks/cache_memory.py over N distinct pack variants (RSS curve; growth after the first 100).
`--profile K` adds phase timers and cProfile over K assessments per evaluator.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import gc
import hashlib
import json
import os
import pstats
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if "--code" in sys.argv:  # A/B a patched copy: the directory holding the `cc_rules` package to measure
    ROOT = Path(sys.argv[sys.argv.index("--code") + 1]).resolve()
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate

from cc_rules.assess import bind, prepared
from cc_rules.assess import pipeline as assessment
from cc_rules.compile import compiler
from cc_rules.engine import durable, plain
from cc_rules.model import evidence, packs

TARGET_MS = {"durable": 2.0, "plain": 0.2}  # evaluate() per evaluation, CPU median
TARGET_ASSESS_MS = 1.0  # assess() with plain, CPU median
TARGET_CLI_S = {"corpus": 1.0, "version": 0.15, "packs": 0.3}  # CPU seconds
TARGET_STREAM = (100_000, 60.0, 500.0)  # centres, wall seconds with the plain path, peak RSS MB of the process tree
FLAT_MB = 2.0  # RSS growth between assessment 100 and the last that still counts as flat
WARMUP = 100  # assessments per evaluator before anything is measured


def rss_mb() -> float:
    """Current resident set size (Linux /proc; falls back to the peak elsewhere)."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return maxrss_mb()


def maxrss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def ensure_corpus(out: Path, seed: int, n: int, regen: bool) -> tuple[Path, bool]:
    manifest = out / "manifest.json"
    if not regen and manifest.is_file():
        meta = json.loads(manifest.read_text())
        if meta.get("version") == generate.VERSION and meta.get("seed") == seed and meta.get("n", 0) >= n:
            return out, False
    generate.generate(out, seed, n)
    return out, True


def signature(result: Any) -> bytes:
    """A digest of the whole result except which engine produced it."""
    return hashlib.blake2b(repr(dataclasses.replace(result, engine="")).encode()).digest()


def compact(result: Any) -> tuple[Any, ...]:
    return (result.score.total, result.grade, tuple(f.met for f in result.findings),
            tuple((d.fact, d.value) for d in result.derived), tuple(a.id for a in result.actions))


def compact_digest(result: Any) -> bytes:
    """Digest of outcomes, score and actions only (kept small so the measurement does not grow the heap)."""
    return hashlib.blake2b(repr(compact(result)).encode()).digest()


@dataclasses.dataclass
class Run:
    name: str
    times_ms: list[float]
    cpu_ms: list[float]
    eval_ms: list[float]
    total_s: float
    rss_start: float
    rss_100: float
    rss_end: float
    maxrss: float
    signatures: list[bytes]
    compacts: list[bytes]
    rss_500: float = 0.0
    roadmap_ms: list[float] = dataclasses.field(default_factory=list)
    trace_peak_kb: float = 0.0
    trace_growth_kb: float = 0.0


def measure(name: str, evaluator: Any, corpus: list[tuple[Any, Any]], count: int) -> Run:
    assess = assessment.assess
    perf, cpu = time.perf_counter, time.process_time
    for ev, comp in corpus[:WARMUP]:  # warm-up: caches, first-call paths, durable's session pools
        assess(ev, comp, evaluator)
    gc.collect()
    rss_start = rss_mb()
    times: list[float] = []
    cpus: list[float] = []
    sigs: list[bytes] = []
    comps: list[bytes] = []
    rss_100 = rss_500 = rss_start
    for i in range(count):
        ev, comp = corpus[i % len(corpus)]
        c0, t0 = cpu(), perf()
        result = assess(ev, comp, evaluator)
        times.append((perf() - t0) * 1000)
        cpus.append((cpu() - c0) * 1000)
        del result
        if i == 99:
            rss_100 = rss_mb()
        if i == 499:
            rss_500 = rss_mb()
    rss_end = rss_mb()
    # outcomes for the comparison: a separate pass, so digesting results does not disturb the memory figures
    for ev, comp in corpus[:count]:
        result = assess(ev, comp, evaluator)
        sigs.append(signature(result))
        comps.append(compact_digest(result))
    # the evaluator's own share: evaluate() on pre-bound facts
    eval_times = []
    for ev, comp in corpus[: min(len(corpus), count)]:
        values = bind.bind(ev, comp).values()
        c0 = cpu()
        evaluator.evaluate(comp, values)
        eval_times.append((cpu() - c0) * 1000)
    run = Run(name, times, cpus, eval_times, sum(times) / 1000, rss_start, rss_100, rss_end, maxrss_mb(), sigs, comps)
    run.rss_500 = rss_500
    for ev, comp in corpus[: min(len(corpus), count, 100)]:  # what a report pays: the roadmap read (it is lazy)
        c0 = cpu()
        assess(ev, comp, evaluator).actions  # noqa: B018 - read for its cost
        run.roadmap_ms.append((cpu() - c0) * 1000)
    return run


def trace(run: Run, evaluator: Any, corpus: list[tuple[Any, Any]], count: int = 200) -> None:
    gc.collect()
    tracemalloc.start()
    for ev, comp in corpus[:20]:
        assessment.assess(ev, comp, evaluator)
    gc.collect()
    before = tracemalloc.get_traced_memory()[0]
    tracemalloc.reset_peak()
    for i in range(count):
        ev, comp = corpus[i % len(corpus)]
        assessment.assess(ev, comp, evaluator)
    gc.collect()
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    run.trace_peak_kb = (peak - before) / 1024
    run.trace_growth_kb = (current - before) / 1024


# Profiling -------------------------------------------------------------------------------------------------------

PHASES = (  # (label, module attribute) — wrapped with a timer while measuring phases; absent ones are skipped
    ("evidence.bind", "cc_rules.assess.bind", "bind"),
    ("  of which bind.computed_problems", "cc_rules.assess.bind", "computed_problems"),
    ("findings.build", "cc_rules.assess.findings", "build"),
    ("points.settle", "cc_rules.awards.points", "Points.settle"),
    ("points.award", "cc_rules.awards.points", "Points.award"),
    ("points.order", "cc_rules.awards.points", "Points.order"),
    ("points.roadmap (when read)", "cc_rules.awards.points", "Points.roadmap"),
    ("prepared.prepare (cached per compiled pack)", "cc_rules.assess.prepared", "prepare"),
    ("CompiledPack.needed_facts", "cc_rules.compile.compiler", "CompiledPack.needed_facts"),
)
DRE_CALLS = ("assert_fact", "retract_fact", "start_action_for_state", "complete_and_start_action", "delete_state")
DURABLE_PARTS = (
    ("durable.dumps (frame → JSON)", "dumps"),
    ("durable._frame (frame building)", "_frame"),
)


class _Timed:
    """Replace attribute `name` of `owner` by a wrapper that adds its wall time to `acc[label]`."""

    def __init__(self) -> None:
        self.acc: dict[str, float] = defaultdict(float)
        self.undo: list[tuple[Any, str, Any]] = []

    def wrap(self, label: str, owner: Any, name: str) -> None:
        *path, attr = name.split(".")
        for part in path:
            owner = getattr(owner, part, None)
        if owner is None or not hasattr(owner, attr):
            return
        original = owner.__dict__[attr] if isinstance(owner, type) else getattr(owner, attr)
        func = original.__func__ if isinstance(original, staticmethod) else original
        acc, perf = self.acc, time.perf_counter

        def timed(*args: Any, **kwargs: Any) -> Any:
            t0 = perf()
            try:
                return func(*args, **kwargs)
            finally:
                acc[label] += perf() - t0

        setattr(owner, attr, staticmethod(timed) if isinstance(original, staticmethod) else timed)
        self.undo.append((owner, attr, original))

    def restore(self) -> None:
        for owner, attr, original in reversed(self.undo):
            setattr(owner, attr, original)
        self.undo.clear()


class _TimedModule:
    """Stands in for the `durable_rules_engine` module inside cc_rules.engine.durable, timing each C call."""

    def __init__(self, module: Any, acc: dict[str, float]) -> None:
        self._module, self.error = module, module.error
        for name in DRE_CALLS:
            setattr(self, name, self._timer(getattr(module, name), f"durable C: dre.{name}", acc))

    @staticmethod
    def _timer(func: Any, label: str, acc: dict[str, float]) -> Any:
        perf = time.perf_counter

        def timed(*args: Any) -> Any:
            t0 = perf()
            try:
                return func(*args)
            finally:
                acc[label] += perf() - t0
        return timed

    def __getattr__(self, name: str) -> Any:
        return getattr(self._module, name)


def phases(name: str, evaluator: Any, corpus: list[tuple[Any, Any]], count: int) -> None:
    """Wall time per phase of assess(), measured with plain timers (no profiler distortion)."""
    import importlib

    timers = _Timed()
    for label, module, attr in PHASES:
        timers.wrap(label, importlib.import_module(module), attr)
    timers.wrap("evaluate (engine)", type(evaluator), "evaluate")
    namespace = vars(durable)  # the engine module's globals: its C extension is swapped for a timed one
    real_dre = namespace["dre"]
    if name == "durable":
        for label, attr in DURABLE_PARTS:
            timers.wrap(label, durable, attr)
        namespace["dre"] = _TimedModule(real_dre, timers.acc)
    try:
        for ev, comp in corpus[:20]:
            assessment.assess(ev, comp, evaluator)
        timers.acc.clear()
        total = 0.0
        for i in range(count):
            ev, comp = corpus[i % len(corpus)]
            t0 = time.perf_counter()
            assessment.assess(ev, comp, evaluator)
            total += time.perf_counter() - t0
    finally:
        timers.restore()
        namespace["dre"] = real_dre
    print(f"\n--- where the time goes, {name}: {count} assessments, {total / count * 1000:.2f} ms each "
          "(wall-clock timers around each phase) ---")
    accounted = 0.0
    labels = [p[0] for p in PHASES] + ["evaluate (engine)"]
    if name == "durable":
        labels += [p[0] for p in DURABLE_PARTS] + [f"durable C: dre.{c}" for c in DRE_CALLS]
    for label in labels:
        if label not in timers.acc:
            continue
        value = timers.acc[label]
        indent = label.startswith(("  ", "durable"))
        if not indent:
            accounted += value
        shown = ("    " + label) if label.startswith("durable") else label
        print(f"  {shown:52s} {value / count * 1000:7.3f} ms  {100 * value / total:5.1f} %")
    rest = total - accounted
    print(f"  {'rest of assess (sorting, results objects, glue)':52s} {rest / count * 1000:7.3f} ms  "
          f"{100 * rest / total:5.1f} %")


def profile(name: str, evaluator: Any, corpus: list[tuple[Any, Any]], count: int) -> None:
    """cProfile: the functions with the most own time (the profiler inflates Python-heavy code)."""
    for ev, comp in corpus[:20]:
        assessment.assess(ev, comp, evaluator)
    prof = cProfile.Profile()
    prof.enable()
    for i in range(count):
        ev, comp = corpus[i % len(corpus)]
        assessment.assess(ev, comp, evaluator)
    prof.disable()
    stats = pstats.Stats(prof).sort_stats("tottime")
    total = sum(tt for (_cc, _nc, tt, _ct, _callers) in stats.stats.values())  # type: ignore[attr-defined]
    print(f"  cProfile, top functions by own time ({total / count * 1000:.2f} ms per assessment under the profiler):")
    for fn in stats.fcn_list[:12]:  # type: ignore[attr-defined]
        _cc, nc, tt, _ct, _ = stats.stats[fn]  # type: ignore[attr-defined]
        file, line, func = fn
        where = f"{file.replace(str(ROOT) + '/', '')}:{line}({func})" if file != "~" else func
        print(f"    {tt / count * 1000:7.3f} ms {100 * tt / total:5.1f} % {nc / count:8.1f} calls  {where[:80]}")


# Main ------------------------------------------------------------------------------------------------------------


def engines_section(corpus: list[tuple[Any, Any]], compiled: list[Any], rounds: int) -> tuple[dict[str, float], bool]:
    """Every engine on the same pre-bound facts, interleaved; returns CPU medians (ms per evaluation) and whether
    every engine's outcomes equal plain's."""
    import engines

    plain_ev, durable_ev = plain.PlainEvaluator(), durable.DurableEvaluator()
    floor = engines.Floor()
    runners: dict[str, Any] = {"floor": floor.evaluate, "plain": plain_ev.evaluate, "durable": durable_ev.evaluate}
    clips = None
    if engines.clips_available():
        clips = engines.Clips()
        runners["clips"] = clips.evaluate
    for comp in compiled:
        floor.prepare(comp)
        if clips is not None:
            clips.prepare(comp)
    bound = [(comp, bind.bind(ev, comp).values()) for ev, comp in corpus]
    same = True
    for name, run in runners.items():  # correctness first (also warms every path)
        bad = 0
        for comp, values in bound:
            got, want = run(comp, values), plain_ev.evaluate(comp, values)
            if name == "durable":
                bad += got != dataclasses.replace(want, engine="durable")
            elif name != "plain":
                bad += tuple(got) != want.outcomes
        print(f"  {name:8s} outcomes equal to plain's: {len(bound) - bad}/{len(bound)}")
        same &= bad == 0
    cpu: dict[str, list[float]] = defaultdict(list)
    wall: dict[str, list[float]] = defaultdict(list)
    for _ in range(rounds):
        for name, run in runners.items():
            gc.collect()
            c0, t0 = time.process_time(), time.perf_counter()
            for comp, values in bound:
                run(comp, values)
            cpu[name].append((time.process_time() - c0) * 1000 / len(bound))
            wall[name].append((time.perf_counter() - t0) * 1000 / len(bound))
    medians = {name: statistics.median(v) for name, v in cpu.items()}
    base = medians["floor"]
    print(f"\n  {'engine':34s}{'ms/evaluation CPU':>18s}{'wall':>9s}{'x floor':>9s}   rounds (CPU ms)")
    labels = {"floor": "straight-line Python (the floor)", "plain": "cc-rules plain (closures)",
              "durable": "cc-rules durable", "clips": "CLIPS via clipspy"}
    for name in sorted(medians, key=medians.get):  # type: ignore[arg-type]
        print(f"  {labels[name]:34s}{medians[name]:18.3f}{statistics.median(wall[name]):9.3f}"
              f"{medians[name] / base:9.1f}   {' '.join(f'{x:.3f}' for x in cpu[name])}")
    if clips is None:
        print("  (CLIPS not measured: pip install clipspy)")
    return medians, same


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cli_section(rounds: int) -> dict[str, float]:
    """The CLI as a user runs it: CPU seconds (median of `rounds`, commands interleaved), wall beside."""
    import compileall
    import glob
    import shutil
    import subprocess
    import tempfile

    exe = Path(sys.executable).parent / "cc-rules"
    command = [str(exe)] if exe.is_file() else [sys.executable, "-m", "cc_rules"]
    # as installed: pip writes the bytecode of a wheel at install time, while an editable checkout under
    # PYTHONDONTWRITEBYTECODE (set on this machine) would compile every module from source on every run (~0.2 s)
    compileall.compile_dir(str(ROOT / "cc_rules"), quiet=1)
    corpus = sorted(glob.glob(str(ROOT / "examples/corpus/*.yaml")))
    with tempfile.TemporaryDirectory() as tmp:
        runs = {
            "version": [*command, "--version"],
            "packs": [*command, "packs"],
            "corpus": [*command, "assess", *corpus, "--format", "json", "-o", str(Path(tmp) / "corpus.json")],
        }
        cpu: dict[str, list[float]] = defaultdict(list)
        wall: dict[str, list[float]] = defaultdict(list)
        # this run's own parse cache (docs/ci.md): nothing read from the user's, or from another --code run's
        cache_dir = Path(tmp) / "cache"
        env = {k: v for k, v in os.environ.items() if k != "CC_RULES_CACHE"}
        env.update(PYTHONPATH=str(ROOT), CC_RULES_CACHE_DIR=str(cache_dir))
        cold = ("packs", "corpus")  # also measured with the cache emptied before each run (the first run of a release)

        def timed(name: str, argv: list[str]) -> None:
            c0, t0 = _children_cpu(), time.perf_counter()
            subprocess.run(argv, check=True, capture_output=True, cwd=ROOT, env=env)
            cpu[name].append(_children_cpu() - c0)
            wall[name].append(time.perf_counter() - t0)

        for name in cold:  # the rounds below start with a warm cache, as every run after the first does
            subprocess.run(runs[name], check=True, capture_output=True, cwd=ROOT, env=env)
        for _ in range(rounds):
            for name, argv in runs.items():
                timed(name, argv)
            for name in cold:
                shutil.rmtree(cache_dir, ignore_errors=True)
                timed(f"{name}-cold", runs[name])
    labels = {"corpus": f"assess {len(corpus)} corpus files --format json", "version": "cc-rules --version",
              "packs": "cc-rules packs"}
    labels.update({f"{name}-cold": f"{labels[name]}, cold" for name in cold})
    print(f"\n  {'command (warm parse cache unless said)':44s}{'CPU s':>8s}{'wall s':>8s}   rounds (CPU s)")
    for name in cpu:
        print(f"  {labels[name]:44s}{statistics.median(cpu[name]):8.3f}{statistics.median(wall[name]):8.3f}   "
              f"{' '.join(f'{x:.3f}' for x in cpu[name])}")
    return {name: statistics.median(v) for name, v in cpu.items()}


def _tree_rss_mb(root: int) -> float:
    """Resident memory of process `root` and its direct children (the --jobs workers), from /proc."""
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            if int(entry) != root and ppid != root:
                continue
            with open(f"/proc/{entry}/statm") as fh:
                total += int(fh.read().split()[1])
        except (OSError, ValueError, IndexError):
            continue
    return total * os.sysconf("SC_PAGE_SIZE") / 2**20


STREAM_VERSION = 1  # bump when the streaming centres change shape beyond generate.VERSION (JSON evidence)


def ensure_stream(root: Path, seed: int, count: int) -> Path:
    """`count` generated centres as JSON evidence files under `root/seed{seed}-n{count}`, reused across runs while the
    seed, the generator's version and the count are the same (writing 100,000 takes a few minutes)."""
    where = root / f"seed{seed}-n{count}"
    manifest = where / "manifest.json"
    want = {"version": generate.VERSION, "stream": STREAM_VERSION, "seed": seed, "n": count,
            "evidence_format": "json"}
    if manifest.is_file() and json.loads(manifest.read_text()) == want:
        return where
    t0, c0 = time.perf_counter(), time.process_time()
    generate.generate(where, seed, count, evidence_format="json")
    manifest.write_text(json.dumps(want) + "\n")
    print(f"  generated {count} centres as JSON in {time.perf_counter() - t0:.1f} s wall, "
          f"{time.process_time() - c0:.1f} s CPU ({where})")
    return where


@dataclasses.dataclass
class Streamed:
    wall: float  # seconds
    cpu: float  # seconds, the process and its workers (user + system)
    peak: float  # MB, resident memory of the process tree, sampled every 0.2 s
    code: int  # the command's exit status
    record_kb: float  # mean size of a record (measured on a sample of the centres)


def stream_section(seed: int, count: int, jobs: int, root: Path,
                   engines: tuple[str, ...] = ("plain", "durable")) -> dict[str, Streamed]:
    """`assess DIR --pack PACK --format jsonl --jobs J -o /dev/null` over `count` generated centres, per engine: wall
    and CPU seconds of the whole run (the process and its workers), peak RSS of the process tree, exit status;
    then the size of a record, from the first centres written to a file."""
    import subprocess

    where = ensure_stream(root, seed, count)
    exe = Path(sys.executable).parent / "cc-rules"
    command = [str(exe)] if exe.is_file() else [sys.executable, "-m", "cc_rules"]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CC_RULES_TIMEOUT": "0"}  # the command's own bound is not ours
    sample = sorted(str(p) for p in (where / "evidence").glob("ev-0000*.json"))  # the first 10
    with tempfile.TemporaryDirectory() as tmp:
        kept = Path(tmp) / "sample.jsonl"
        subprocess.run([*command, "assess", *sample, "--pack", str(where / "pack"), "--format", "jsonl",
                        "--engine", "plain", "-o", str(kept)], cwd=ROOT, env=env, check=False, capture_output=True)
        lines = kept.read_bytes().splitlines() if kept.is_file() else []
    record_kb = sum(len(line) + 1 for line in lines) / max(1, len(lines)) / 1024
    out: dict[str, Streamed] = {}
    for engine_name in engines:
        argv = [*command, "assess", str(where / "evidence"), "--pack", str(where / "pack"), "--format", "jsonl",
                "--engine", engine_name, "--jobs", str(jobs), "-o", os.devnull]
        with tempfile.TemporaryFile() as errors_file:
            c0, t0 = _children_cpu(), time.perf_counter()
            proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=errors_file)
            peak = 0.0
            while proc.poll() is None:
                peak = max(peak, _tree_rss_mb(proc.pid))
                time.sleep(0.2)
            wall, cpu = time.perf_counter() - t0, _children_cpu() - c0
            errors_file.seek(0)
            stderr = errors_file.read().decode("utf-8", "replace")
        out[engine_name] = Streamed(wall, cpu, peak, proc.returncode, record_kb)
        print(f"  {engine_name:8s} {count} centres, --jobs {jobs}: wall {wall:8.1f} s  CPU {cpu:8.1f} s  "
              f"peak RSS {peak:6.0f} MB  ({wall / count * 1000:.2f} ms wall, {cpu / count * 1000:.2f} ms CPU a "
              f"centre; exit {proc.returncode})")
        if proc.returncode != 0:
            print("    " + stderr.strip()[-2000:].replace("\n", "\n    "))
    from cc_rules.cli import common

    files = sorted(str(p) for p in (where / "evidence").glob("ev-*.json"))[:1000]
    c0 = time.process_time()
    for path in files:  # what `assess DIR` does for each file found in a directory before assessing any
        common._FILES.format_of(path)
    scan = (time.process_time() - c0) / max(1, len(files))
    print(f"  of which the directory scan, serial in the main process (each file's format read): {scan * 1000:.2f} ms "
          f"a file, {scan * count:.2f} s for {count} centres")
    print(f"  a record (one centre × pack, cc-rules/record@1): {record_kb:.1f} KB on average over {len(lines)} "
          f"centres; {record_kb * TARGET_STREAM[0] / 2**20:.1f} GB for {TARGET_STREAM[0]} centres")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=200, help="evidence files in the corpus (default 200)")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds of the engine section (default 5)")
    parser.add_argument("--assessments", type=int, default=500, help="assess() calls per evaluator (default 500)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=None, help="where the pack and corpus live (default: temp dir)")
    parser.add_argument("--regen", action="store_true", help="regenerate even if a matching corpus exists")
    parser.add_argument("--code", type=Path, default=None, help="measure the cc_rules package found in this directory")
    parser.add_argument("--profile", type=int, default=0, metavar="K", help="also cProfile K assessments per engine")
    parser.add_argument("--soak", type=int, default=0, metavar="N", help="also compile N distinct pack variants")
    parser.add_argument("--no-cli", action="store_true", help="skip the CLI section")
    parser.add_argument("--stream", type=int, default=TARGET_STREAM[0], metavar="N",
                        help="centres in the streaming run (default 100000; fewer are projected; 0 skips it)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="--jobs of the streaming run")
    parser.add_argument("--stream-engines", default="plain,durable", metavar="E[,E]",
                        help="evaluators of the streaming run, in order (default plain,durable; plain is required: "
                             "the target is the plain path's)")
    parser.add_argument("--stream-out", type=Path, default=Path(tempfile.gettempdir()) / "cc-rules-stream",
                        help="where the streaming centres are written and reused (default: under the temp dir)")
    args = parser.parse_args()
    stream_engines = tuple(dict.fromkeys(e.strip() for e in args.stream_engines.split(",") if e.strip()))
    if "plain" not in stream_engines or not set(stream_engines) <= {"plain", "durable"}:
        parser.error("--stream-engines: plain, optionally with durable")

    out = args.out or generate.default_out(args.seed)
    t0 = time.perf_counter()
    out, made = ensure_corpus(out, args.seed, args.n, args.regen)
    gen_s = time.perf_counter() - t0
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"cc-rules benchmark — Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {load:.1f}, "
          f"seed {args.seed}")
    print(f"code: {Path(assessment.__file__).parent}")
    print(f"corpus: {out} ({'generated' if made else 'reused'}{f' in {gen_s:.1f} s' if made else ''})")

    t0 = time.perf_counter()
    pack = packs.load(out / "pack")
    t_load = time.perf_counter() - t0
    files = sorted((out / "evidence").glob("ev-*.yaml"))[: args.n]
    t0 = time.perf_counter()
    loaded = [evidence.load(f) for f in files]
    t_evidence = time.perf_counter() - t0
    dates = sorted({ev.date for ev in loaded})
    t0 = time.perf_counter()
    compiled = {d: compiler.compile_pack(pack, d) for d in dates}
    t_compile = time.perf_counter() - t0
    keys = {c.key for c in compiled.values()}
    t0 = time.perf_counter()
    programs = {c.key: durable.program(c) for c in compiled.values()}
    t_register = time.perf_counter() - t0
    corpus = []
    for ev in loaded:
        comp = compiled[ev.date]
        bind.check_vocabulary(ev, [comp])
        corpus.append((ev, comp))
    first = next(iter(compiled.values()))
    prog = next(iter(programs.values()))
    width = max(layout.width() for layout in prog.layouts)
    tiers = prepared.prepare(first).coverage
    print(f"pack: {len(pack.items)} items {tiers.encoded if tiers else ''}, {len(pack.facts)} facts declared, "
          f"{len(first.rules)} rules in force ({sum(1 for r in first.rules if r.points is not None)} scored), "
          f"{first.strata} strata, {len(pack.actions)} actions; {len(keys)} compiled editions for {len(dates)} dates")
    print(f"durable: {len(prog.definition) - 1} durable rules per edition (only the rules that hold), "
          f"{len(prog.layouts)} frames, at most {width} fields each (durable's limit is 255)")
    print(f"pack load (parse + validate + model), cold {t_load * 1000:.1f} ms; compile ({len(compiled)} dates) "
          f"{t_compile * 1000:.1f} ms; durable registration ({len(keys)} rulesets) {t_register * 1000:.1f} ms; "
          f"evidence load {t_evidence * 1000 / len(files):.2f} ms per file")

    print(f"\n1. Engines: evaluate() on {len(corpus)} pre-bound evidence files, {args.rounds} interleaved rounds")
    medians, engines_same = engines_section(corpus, list({c.key: c for c in compiled.values()}.values()),
                                            args.rounds)

    print(f"\n2. Pipeline: assess(), {args.assessments} per evaluator after {WARMUP} warm-up")
    for evaluator in (durable.DurableEvaluator(), plain.PlainEvaluator()):
        for ev, comp in corpus[:WARMUP]:
            assessment.assess(ev, comp, evaluator)
    runs = {name: measure(name, ev_, corpus, args.assessments)
            for name, ev_ in (("durable", durable.DurableEvaluator()), ("plain", plain.PlainEvaluator()))}
    d, p = runs["durable"], runs["plain"]
    n_cmp = min(len(d.signatures), len(p.signatures))
    mismatches = [i for i in range(n_cmp) if d.signatures[i] != p.signatures[i]]
    print(f"\n  {'':44s}{'durable':>12s}{'plain':>12s}")

    def row(label: str, dv: float, pv: float, fmt: str = "{:.3f}") -> None:
        print(f"  {label:44s}{fmt.format(dv):>12s}{fmt.format(pv):>12s}")

    row("assess() median, CPU (ms)", statistics.median(d.cpu_ms), statistics.median(p.cpu_ms))
    row("assess() p95, CPU (ms)", pct(d.cpu_ms, 0.95), pct(p.cpu_ms, 0.95))
    row("assess() median, wall (ms)", statistics.median(d.times_ms), statistics.median(p.times_ms))
    row("  of which evaluate(), median CPU (ms)", statistics.median(d.eval_ms), statistics.median(p.eval_ms))
    row("assess() + its roadmap read, median CPU (ms)", statistics.median(d.roadmap_ms),
        statistics.median(p.roadmap_ms))
    row("RSS after 100 assessments (MB)", d.rss_100, p.rss_100, "{:.1f}")
    row(f"RSS after {args.assessments} assessments (MB)", d.rss_end, p.rss_end, "{:.1f}")
    row("peak RSS so far (MB)", d.maxrss, p.maxrss, "{:.1f}")
    print(f"  identical full results durable/plain: {n_cmp - len(mismatches)}/{n_cmp}")

    cli: dict[str, float] = {}
    if not args.no_cli:
        print("\n3. CLI (subprocesses, CPU of the child; medians of 3 interleaved runs)")
        cli = cli_section(3)

    streamed: dict[str, Streamed] = {}
    if args.stream:
        print(f"\n4. Streaming: {args.stream} generated centres (JSON evidence), --format jsonl --jobs {args.jobs}")
        streamed = stream_section(args.seed, args.stream, args.jobs, args.stream_out, stream_engines)

    soak_ok = True
    if args.soak:
        import subprocess

        print(f"\n5. Soak: {args.soak} distinct pack variants (benchmarks/cache_memory.py)")
        done = subprocess.run([sys.executable, str(Path(__file__).with_name("cache_memory.py")), "--n",
                               str(args.soak)], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                              capture_output=True, text=True)
        print("  " + done.stdout.strip().replace("\n", "\n  "))
        soak_ok = done.returncode == 0

    print("\ntargets (CPU medians; the machine may be shared, so ratios to the floor are printed beside):")
    ok = True

    def target(label: str, value: float, limit: float, unit: str, extra: str = "") -> None:
        nonlocal ok
        hit = value <= limit
        ok &= hit
        print(f"  {label:46s} {value:8.3f} {unit} ≤ {limit} {unit}{extra}  {'MET' if hit else 'MISSED'}")

    floor = medians["floor"]
    for name, limit in TARGET_MS.items():
        target(f"{name} evaluate()", medians[name], limit, "ms", f"  ({medians[name] / floor:.1f}x floor)")
    target("assess() with plain", statistics.median(p.cpu_ms), TARGET_ASSESS_MS, "ms",
           f"  ({statistics.median(p.cpu_ms) / floor:.1f}x floor)")
    for name, limit in TARGET_CLI_S.items():
        if name in cli:
            target(f"CLI {name}", cli[name], limit, "s")
    if streamed:
        centres, seconds, megabytes = TARGET_STREAM
        scale = centres / args.stream
        plain_run, durable_run = streamed["plain"], streamed.get("durable")
        projected = "" if scale == 1 else f" (projected from {args.stream}: x{scale:g})"
        beside = (f"durable wall {durable_run.wall * scale:.0f} s, CPU {durable_run.cpu * scale:.0f} s"
                  if durable_run is not None else "durable not run (--stream-engines)")
        target(f"{centres} centres, plain, wall", plain_run.wall * scale, seconds, "s",
               f"  CPU {plain_run.cpu * scale:.0f} s ({plain_run.cpu / args.stream * 1000:.2f} ms a centre), "
               f"{beside}{projected}")
        target(f"{centres} centres, plain, peak RSS", plain_run.peak, megabytes, "MB",
               f"  ({f'durable {durable_run.peak:.0f} MB; ' if durable_run is not None else ''}"
               f"measured on {args.stream})")
        clean = all(run.code == 0 for run in streamed.values())
        ok &= clean
        print(f"  {'streaming runs exit 0 (' + ' and '.join(streamed) + ')':46s} {'MET' if clean else 'MISSED'}")
    for name, run in runs.items():
        growth = run.rss_end - run.rss_100
        target(f"{name} RSS growth after warm-up", growth, FLAT_MB, "MB")
    same = engines_same and not mismatches
    ok &= same and soak_ok
    print(f"  {'identical outcomes (every engine, full results)':46s} {'MET' if same else 'MISSED'}")
    if args.soak:
        print(f"  {'pack-variant soak flat':46s} {'MET' if soak_ok else 'MISSED'}")

    if args.profile:
        for name, evaluator in (("durable", durable.DurableEvaluator()), ("plain", plain.PlainEvaluator())):
            phases(name, evaluator, corpus, args.profile)
            profile(name, evaluator, corpus, args.profile)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
