"""Benchmark of the assessment pipeline on a CCSO-sized generated pack: durable-rules path vs the plain evaluator.

Not a test: run by hand (figures in docs/benchmarks.md).

    python benchmarks/run.py [--n 1000] [--assessments 1000] [--seed 1] [--out DIR] [--regen] [--profile 200]

Generates (or reuses) the pack and the evidence corpus (benchmarks/generate.py), pre-loads every evidence file, then
for each evaluator measures, in the same process:
- pack load + compile (cold, once) and durable registration (`durable.program`, once per compiled edition);
- per-assessment time of `assessment.assess` (median, p95), and of the evaluator's `evaluate` call alone;
- throughput over `--assessments` assessments (cycling through the corpus);
- memory: RSS after 100 and after all assessments (flat after warm-up?), peak RSS (getrusage maxrss), and a separate
  tracemalloc pass (peak of Python allocations per assessment and net growth; durable's C heap is not traced);
- identical outcomes: every assessment's full result (the `engine` field aside) must be equal for both evaluators.
`--profile K` then runs cProfile over K assessments per evaluator and prints where the time goes.
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

TARGET_MS = {"durable": 5.0, "plain": 0.5}
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
    ("findings.build", "cc_rules.assess.findings", "build"),
    ("  of which findings.render (explanations)", "cc_rules.assess.findings", "render"),
    ("  of which findings._because", "cc_rules.assess.findings", "_because"),
    ("points.award", "cc_rules.awards.points", "Points.award"),
    ("points.roadmap", "cc_rules.awards.points", "Points.roadmap"),
    ("prepared.prepare (cached per compiled pack)", "cc_rules.assess.prepared", "prepare"),
    ("CompiledPack.needed_facts", "cc_rules.compile.compiler", "CompiledPack.needed_facts"),
)
DRE_CALLS = ("assert_fact", "assert_facts", "start_action_for_state", "complete_and_start_action", "delete_state")
DURABLE_PARTS = (
    ("durable.dumps (frame → JSON)", "dumps"),
    ("durable._frame (frame building)", "DurableEvaluator._frame"),
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
    real_dre = durable.dre
    if name == "durable":
        for label, attr in DURABLE_PARTS:
            timers.wrap(label, durable, attr)
        durable.dre = _TimedModule(real_dre, timers.acc)
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
        durable.dre = real_dre
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1000, help="evidence files in the corpus (default 1000)")
    parser.add_argument("--assessments", type=int, default=1000, help="assessments per evaluator (default 1000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=None, help="where the pack and corpus live (default: temp dir)")
    parser.add_argument("--regen", action="store_true", help="regenerate even if a matching corpus exists")
    parser.add_argument("--code", type=Path, default=None, help="measure the cc_rules package found in this directory")
    parser.add_argument("--profile", type=int, default=0, metavar="K", help="also cProfile K assessments per engine")
    args = parser.parse_args()

    out = args.out or generate.default_out(args.seed)
    t0 = time.perf_counter()
    out, made = ensure_corpus(out, args.seed, args.n, args.regen)
    gen_s = time.perf_counter() - t0
    print(f"cc-rules benchmark — Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, seed {args.seed}")
    print(f"code: {Path(assessment.__file__).parent}")
    print(f"corpus: {out} ({'generated' if made else 'reused'}{f' in {gen_s:.1f} s' if made else ''})")

    # pack load + compile, cold
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
    print(f"durable frame: at most {width} fields per stratum fact (durable's limit is 255), "
          f"{len(prog.definition) - 1} durable rules per edition")
    print(f"\npack load (parse + validate + model), cold   {t_load * 1000:8.1f} ms")
    print(f"compile ({len(compiled)} dates)                       {t_compile * 1000:8.1f} ms")
    print(f"durable registration ({len(keys)} rulesets)             {t_register * 1000:8.1f} ms")
    print(f"evidence load ({len(files)} files, not in the timings)  {t_evidence * 1000 / len(files):8.2f} ms per file")

    for evaluator in (durable.DurableEvaluator(), plain.PlainEvaluator()):  # prime both before measuring either
        for ev, comp in corpus[:WARMUP]:
            assessment.assess(ev, comp, evaluator)
    runs = {}
    for name, evaluator in (("durable", durable.DurableEvaluator()), ("plain", plain.PlainEvaluator())):
        runs[name] = measure(name, evaluator, corpus, args.assessments)
    for name, evaluator in (("durable", durable.DurableEvaluator()), ("plain", plain.PlainEvaluator())):
        trace(runs[name], evaluator, corpus)

    d, p = runs["durable"], runs["plain"]
    n_cmp = min(len(d.signatures), len(p.signatures))
    mismatches = [i for i in range(n_cmp) if d.signatures[i] != p.signatures[i]]
    outcome_mismatches = [i for i in range(n_cmp) if d.compacts[i] != p.compacts[i]]

    print(f"\n{'':44s}{'durable':>12s}{'plain':>12s}{'durable/plain':>15s}")

    def row(label: str, dv: float, pv: float, fmt: str = "{:.3f}", ratio: bool = True) -> None:
        r = f"{dv / pv:.1f}x" if ratio and pv else ""
        print(f"{label:44s}{fmt.format(dv):>12s}{fmt.format(pv):>12s}{r:>15s}")

    row("assess median (ms)", statistics.median(d.times_ms), statistics.median(p.times_ms))
    row("assess p95 (ms)", pct(d.times_ms, 0.95), pct(p.times_ms, 0.95))
    row("assess max (ms)", max(d.times_ms), max(p.times_ms))
    row("assess median, CPU time (ms)", statistics.median(d.cpu_ms), statistics.median(p.cpu_ms))
    row("assess p95, CPU time (ms)", pct(d.cpu_ms, 0.95), pct(p.cpu_ms, 0.95))
    row("  evaluate() alone, median CPU (ms)", statistics.median(d.eval_ms), statistics.median(p.eval_ms))
    row("  rest of the pipeline, median CPU (ms)", statistics.median(d.cpu_ms) - statistics.median(d.eval_ms),
        statistics.median(p.cpu_ms) - statistics.median(p.eval_ms), ratio=False)
    row(f"throughput, {args.assessments} assessments (/s)", args.assessments / d.total_s,
        args.assessments / p.total_s, "{:.0f}")
    row(f"time for {args.assessments} assessments (s)", d.total_s, p.total_s, "{:.2f}")
    row("RSS before (MB)", d.rss_start, p.rss_start, "{:.1f}", ratio=False)
    row("RSS after 100 assessments (MB)", d.rss_100, p.rss_100, "{:.1f}", ratio=False)
    if args.assessments >= 500:
        row("RSS after 500 assessments (MB)", d.rss_500, p.rss_500, "{:.1f}", ratio=False)
    row(f"RSS after {args.assessments} assessments (MB)", d.rss_end, p.rss_end, "{:.1f}", ratio=False)
    row("RSS growth 100 → end (MB)", d.rss_end - d.rss_100, p.rss_end - p.rss_100, "{:+.2f}", ratio=False)
    row("peak RSS so far, getrusage maxrss (MB)", d.maxrss, p.maxrss, "{:.1f}", ratio=False)
    row("tracemalloc peak over 200 assessments (KB)", d.trace_peak_kb, p.trace_peak_kb, "{:.0f}")
    row("tracemalloc net growth, 200 assessments (KB)", d.trace_growth_kb, p.trace_growth_kb, "{:+.0f}", ratio=False)
    print(f"\nidentical outcomes: {n_cmp - len(mismatches)}/{n_cmp} assessments have equal full results; "
          f"mismatches: {len(mismatches)} (outcome/score/actions mismatches: {len(outcome_mismatches)})")
    for i in outcome_mismatches[:3]:
        ev, comp = corpus[i]
        a = compact(assessment.assess(ev, comp, durable.DurableEvaluator()))
        b = compact(assessment.assess(ev, comp, plain.PlainEvaluator()))
        diff = [comp.rules[k].rule.id for k, (x, y) in enumerate(zip(a[2], b[2], strict=False)) if x != y]
        print(f"  {files[i].name}: durable {a[:2]} vs plain {b[:2]}; findings differ: {diff[:8]}")

    # The targets compare evaluators (its reference figures — CLIPS 2.4 ms, straight-line Python 0.09 ms —
    # time the rule evaluation of this workload), so they are judged on evaluate(); the whole assess() call, which
    # also binds evidence, builds ~430 findings, awards and plans the roadmap, is shown beside them.
    print("\ntargets (rule evaluation per assessment; whole assess() shown for reference):")
    ok = True
    for name, target in TARGET_MS.items():
        med = statistics.median(runs[name].eval_ms)
        whole = statistics.median(runs[name].times_ms)
        hit = med <= target
        ok &= hit
        print(f"  {name:8s} evaluate() median ≤ {target} ms: {med:.3f} ms CPU  {'MET' if hit else 'MISSED'}"
              f"   (assess() median {whole:.3f} ms)")
    for name, run in runs.items():
        growth = run.rss_end - run.rss_100
        hit = growth <= FLAT_MB
        ok &= hit
        print(f"  {name:8s} memory flat after {WARMUP} warm-up (RSS growth 100 → {args.assessments} ≤ {FLAT_MB} MB): "
              f"{growth:+.2f} MB  {'MET' if hit else 'MISSED'}")
    hit = not mismatches
    ok &= hit
    print(f"  identical outcomes: {'MET' if hit else 'MISSED'}")

    if args.profile:
        for name, evaluator in (("durable", durable.DurableEvaluator()), ("plain", plain.PlainEvaluator())):
            phases(name, evaluator, corpus, args.profile)
            profile(name, evaluator, corpus, args.profile)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
