"""Memory stays flat across many distinct packs: compile and assess N variants of a pack (one parameter changed, so
each has its own content key, compiled form, prepared tables and durable ruleset) and print RSS and CPU time.

    .venv/bin/python benchmarks/cache_memory.py --n 1000 [--pack ccso] [--unbounded]

Each variant is compiled, prepared and evaluated by both evaluators (durable ruleset and plain closures). RSS is
sampled every 100 variants (the curve is printed); the target is RSS growth ≤ 50 MB from variant 100 to the last,
checked by the exit status. `--unbounded` lifts every cache's bound (what the process did before: every durable
ruleset kept forever).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import resource
import time

from cc_rules import engine, model
from cc_rules.assess import prepared
from cc_rules.base import cache
from cc_rules.compile import compiler
from cc_rules.engine import durable
from cc_rules.model import packs
from tests.property import strategies

DAY = dt.date(2026, 6, 30)


def rss_mb() -> float:
    """Current resident set size (VmRSS), in MB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def variant(pack: model.Pack, i: int) -> model.Pack:
    """`pack` with its first numeric parameter shifted by a tiny amount: same rules, new content."""
    for param in pack.parameters:
        if all(isinstance(v.value, (int, float)) and not isinstance(v.value, bool) for v in param.values):
            values = tuple(dataclasses.replace(v, value=v.value + i * 1e-6) for v in param.values)  # type: ignore[operator]
            new = tuple(dataclasses.replace(p, values=values) if p is param else p for p in pack.parameters)
            return dataclasses.replace(pack, parameters=new)
    raise SystemExit(f"pack {pack.id} has no numeric parameter to vary")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=50)
    parser.add_argument("--pack", default="ccso")
    parser.add_argument("--unbounded", action="store_true")
    args = parser.parse_args()
    if args.unbounded:
        for lru in cache.REGISTRY.values():
            lru.size = 10**9
    base = packs.load(args.pack)
    evaluator = engine.get("durable")
    plain = engine.get("plain")
    # one warm-up assessment so imports, the loader's caches and the C engine's first allocations are not counted
    first = compiler.compile_pack(base, DAY)
    facts = strategies.fact_values(first).example()
    evaluator.evaluate(first, facts)
    prepared.prepare(first)
    rss0, cpu0, wall0 = rss_mb(), cpu_s(), time.perf_counter()
    samples = []
    curve: dict[int, float] = {}
    for i in range(1, args.n + 1):
        compiled = compiler.compile_pack(variant(base, i), DAY)
        prepared.prepare(compiled)
        evaluator.evaluate(compiled, facts)
        plain.evaluate(compiled, facts)
        if i % 100 == 0 or i in (250, args.n):
            curve[i] = rss_mb()
            samples.append(f"{i}:{curve[i]:.0f}")
    rss1, cpu1, wall1 = rss_mb(), cpu_s(), time.perf_counter()
    print(f"pack={args.pack} n={args.n} bounded={not args.unbounded}")
    print(f"rss before {rss0:.1f} MB, after {rss1:.1f} MB, growth {rss1 - rss0:.1f} MB "
          f"({(rss1 - rss0) / args.n * 1024:.0f} KB per pack); along the way {' '.join(samples)}")
    print(f"cpu {cpu1 - cpu0:.2f} s ({(cpu1 - cpu0) / args.n * 1000:.1f} ms per pack), wall {wall1 - wall0:.2f} s")
    print("caches:", {name: lru.stats() for name, lru in cache.REGISTRY.items()},
          f"durable rulesets released: {durable.RELEASED}")
    start = curve.get(100, rss0)
    growth = rss1 - start
    met = growth <= FLAT_MB
    print(f"RSS curve (variants:MB): {' '.join(samples)}")
    print(f"target: RSS growth after the first 100 variants ≤ {FLAT_MB:.0f} MB: {growth:+.1f} MB  "
          f"{'MET' if met else 'MISSED'}")
    return 0 if met else 1


FLAT_MB = 50.0


if __name__ == "__main__":
    raise SystemExit(main())
