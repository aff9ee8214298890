"""Benchmark of `cc-rules evidence build` on 1 M and 10 M call-detail rows, beside a straightforward pandas script
computing the same facts in the same run (the baseline an analyst would write). Not a test: run by hand.

    pip install -e '.[bench]'            # pandas, for the baseline only
    python benchmarks/evidence_build.py [--rows 1000000 10000000] [--dir DIR] [--keep]

For each size it writes a CDR CSV (UTF-8, Chinese headers; generated with DuckDB so making it is not the slow part),
then runs each contender in its own process and reports wall time, CPU time (user + system) and peak RSS of that
process (`os.wait4`), and checks that both computed the same facts. Target on the 2-core reference machine: 10 M rows
in under 30 s with peak RSS under 2 GB, ahead of pandas.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FACTS = ("contacts.voice.offered", "contacts.voice.answered", "contacts.voice.abandoned",
         "contacts.voice.short_abandoned", "kpi.answer_rate", "kpi.abandon_rate", "ops.service_level_pct",
         "kpi.asa_seconds", "kpi.aht_seconds", "business.first_contact_resolution_pct")

GENERATE = """
COPY (
  WITH calls AS (
    SELECT i,
           TIMESTAMP '2025-07-01 08:00:00' + to_seconds(CAST(i * (365 * 86400.0 / $n) AS BIGINT)) AS arrival,
           (hash(i, 2) % 900) / 10.0                                    AS wait,
           hash(i, 3) % 100 < 11                                        AS abandoned,
           60 + hash(i, 4) % 480                                        AS talk,
           hash(i, 5) % 60                                              AS wrap,
           hash(i, 1) % greatest($n // 8, 1)                            AS customer
    FROM range($n) t(i)
  )
  SELECT 'C' || lpad(CAST(i AS VARCHAR), 10, '0')                                       AS 通话ID,
         '13' || lpad(CAST(customer AS VARCHAR), 9, '0')                                AS 主叫号码,
         strftime(arrival, '%Y-%m-%d %H:%M:%S')                                         AS 呼入时间,
         CASE WHEN NOT abandoned THEN strftime(arrival + to_seconds(CAST(wait AS BIGINT)), '%Y-%m-%d %H:%M:%S')
              END                                                                       AS 应答时间,
         strftime(arrival + to_seconds(CAST(wait AS BIGINT) + CASE WHEN abandoned THEN 0 ELSE talk END),
                  '%Y-%m-%d %H:%M:%S')                                                  AS 挂断时间,
         CASE WHEN NOT abandoned THEN talk END                                          AS 通话时长,
         CASE WHEN NOT abandoned THEN wrap END                                          AS 话后处理时长,
         'A' || lpad(CAST(hash(i, 6) % 230 AS VARCHAR), 4, '0')                         AS 坐席工号
  FROM calls
) TO '{path}' (HEADER, DELIMITER ',')
"""

SOURCES = """\
format: cc-rules/sources@1
organization: {name: 基准测试中心, industry: banking, seats: 200}
period: {start: 2025-07-01, end: 2026-06-30}
sources:
  - kind: cdr
    files: cdr.csv
"""

# The baseline: what an analyst would write with pandas for the same facts, the same formulas.
PANDAS = r'''
import json, sys
import pandas as pd

cdr = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
cdr = cdr.rename(columns={"通话ID": "call_id", "主叫号码": "customer", "呼入时间": "arrival", "应答时间": "answer",
                          "挂断时间": "end", "通话时长": "talk", "话后处理时长": "wrap"})
for col in ("arrival", "answer", "end"):
    cdr[col] = pd.to_datetime(cdr[col].replace("", None), format="%Y-%m-%d %H:%M:%S", errors="coerce")
for col in ("talk", "wrap"):
    cdr[col] = pd.to_numeric(cdr[col].replace("", None), errors="coerce")
ok = cdr["arrival"].notna() & cdr["end"].notna()
ok &= ~(cdr["answer"] < cdr["arrival"]) & ~(cdr["end"] < cdr["answer"].fillna(cdr["arrival"]))
ok &= (cdr["arrival"] >= "2025-07-01") & (cdr["arrival"] < "2026-07-01")
cdr = cdr[ok]
cdr = cdr[~cdr.duplicated("call_id")]
answered = cdr["answer"].notna()
wait = (cdr["answer"].fillna(cdr["end"]) - cdr["arrival"]).dt.total_seconds()
handle = cdr["talk"].fillna((cdr["end"] - cdr["answer"]).dt.total_seconds()) + cdr["wrap"].fillna(0)
offered, n_answered = len(cdr), int(answered.sum())
short = int((~answered & (wait < 5)).sum())
within = int((answered & (wait <= 20)).sum())
ordered = cdr[["customer", "arrival"]].assign(answered=answered).sort_values(["customer", "arrival"])
following = ordered.groupby("customer")["arrival"].shift(-1)
resolved = ordered["answered"] & (following.isna() | (following > ordered["arrival"] + pd.Timedelta(days=7)))
pct = lambda a, b: round(100.0 * a / b, 2)
print(json.dumps({
    "contacts.voice.offered": offered, "contacts.voice.answered": n_answered,
    "contacts.voice.abandoned": offered - n_answered, "contacts.voice.short_abandoned": short,
    "kpi.answer_rate": pct(n_answered, offered), "kpi.abandon_rate": pct(offered - n_answered, offered),
    "ops.service_level_pct": pct(within, offered),
    "kpi.asa_seconds": round(float(wait[answered].sum()) / n_answered, 1),
    "kpi.aht_seconds": round(float(handle[answered].sum()) / n_answered, 1),
    "business.first_contact_resolution_pct": pct(int(resolved.sum()), int(ordered["answered"].sum())),
}))
'''

BUILDER = r'''
import json, sys
from cc_rules.tools.builder import run
built = run.build(sys.argv[1])
print(json.dumps({f.name: f.value for f in built.facts if not isinstance(f.value, tuple)}))
'''


def measure(argv: list[str]) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (MB) of one child process, and its stdout."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        child = subprocess.Popen(argv, stdout=out, cwd=ROOT)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - start
        out.seek(0)
        text = out.read().decode()
    if child.returncode:
        raise SystemExit(f"{argv[:3]} failed with {child.returncode}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--dir", type=Path, help="where the CSVs go (default: a temporary directory)")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    parser.add_argument("--no-pandas", action="store_true", help="only the builder")
    args = parser.parse_args()
    import duckdb

    base = args.dir or Path(tempfile.mkdtemp(prefix="cc-rules-bench-"))
    base.mkdir(parents=True, exist_ok=True)
    print(f"machine: {os.cpu_count()} CPUs, python {sys.version.split()[0]}, duckdb {duckdb.__version__}")
    try:
        for n in args.rows:
            folder = base / f"{n}"
            folder.mkdir(exist_ok=True)
            csv = folder / "cdr.csv"
            if not csv.exists():
                started = time.perf_counter()
                con = duckdb.connect()
                con.execute(GENERATE.format(path=str(csv).replace("'", "''")), {"n": n})
                con.close()
                print(f"{n:>11,} rows: generated {csv.stat().st_size / 2**20:,.0f} MB in "
                      f"{time.perf_counter() - started:.1f} s")
            (folder / "SOURCES.yaml").write_text(SOURCES, encoding="utf-8")
            runs = {"cc-rules": [sys.executable, "-c", BUILDER, str(folder / "SOURCES.yaml")]}
            if not args.no_pandas:
                runs["pandas"] = [sys.executable, "-c", PANDAS, str(csv)]
            results = {}
            for name, argv in runs.items():
                wall, cpu, rss, text = measure(argv)
                results[name] = json.loads(text)
                print(f"{n:>11,} rows  {name:<9} wall {wall:6.1f} s   cpu {cpu:6.1f} s   peak RSS {rss:7,.0f} MB")
            if "pandas" in results:
                ours = {k: results["cc-rules"].get(k) for k in FACTS}
                theirs = {k: results["pandas"].get(k) for k in FACTS}
                same = ours == theirs
                print(f"{n:>11,} rows  same facts: {'yes' if same else 'NO'}")
                if not same:
                    for key in FACTS:
                        if ours[key] != theirs[key]:
                            print(f"    {key}: cc-rules {ours[key]}  pandas {theirs[key]}")
    finally:
        if not args.keep and args.dir is None:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
