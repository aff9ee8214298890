"""What the fuzzer feeds the CLI and what it checks on every run.

Inputs are mutations of real files: the bundled examples and corpus (evidence) and the bundled packs (one of their
files changed), so most inputs get past YAML and the schema and reach binding, compiling and both evaluators.
Mutations are drawn by Hypothesis: two inputs in three only nudge numbers, flags and lists to nearby values of
their type (thresholds crossed, channels dropped), so they pass validation and the two evaluators are compared on
them (evidence rejected: 81 % → 45 %); the others replace a value by an extreme one (NaN, ±inf, 10^400,
1.0e+308, 5e-324, a 70,000-character string, an impossible date, full-width punctuation, markup), a key deleted
or misspelt, a list emptied, a sub-tree moved, or the YAML text itself cut, spliced or byte-flipped.

Every run is checked for what the project promises on any input: exit code 0, 1 or 2; no exception other than
`SystemExit` (no traceback); an exit 2 explained by one `error:` paragraph; an answer within `HANG_SECONDS`; and, for
an evidence file, the same report from durable-rules and from the plain evaluator.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import json
import os
import random
import re
import signal
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner
from hypothesis import strategies as st

from cc_rules.cli import main

ROOT = Path(__file__).resolve().parents[2]
HANG_SECONDS = 10
PACKS = ("ccso", "gbt43045", "gbt35780")
EXIT_CODES = frozenset({0, 1, 2})


# --- seeds ---------------------------------------------------------------------------------------------------------


@functools.cache
def evidence_seeds() -> tuple[tuple[str, Any], ...]:
    """(name, data) of every bundled example and corpus evidence file."""
    files = sorted((ROOT / "examples").glob("*.yaml")) + sorted((ROOT / "examples" / "corpus").glob("*.yaml"))
    return tuple((f.name, yaml.safe_load(f.read_text(encoding="utf-8"))) for f in files)


@functools.cache
def pack_files(pack: str) -> tuple[str, ...]:
    root = ROOT / "rules" / pack
    return tuple(sorted(str(p.relative_to(root)) for p in root.rglob("*.yaml")))


@functools.cache
def pack_seed(pack: str, name: str) -> Any:
    return yaml.safe_load((ROOT / "rules" / pack / name).read_text(encoding="utf-8"))


# --- mutations -----------------------------------------------------------------------------------------------------

# Raw YAML scalars: written into the text as they are, so the loader sees `.nan`, `1e400`, a 4,400-digit integer.
RAW_EXTREMES = (".nan", ".inf", "-.inf", "1.0e+308", "-1.0e+308", "1e400", "5e-324", "1e-300", "9" * 400,
                "9" * 4400, "-" + "9" * 30, "0x7fffffffffffffff", "0o777", "999999999999", "1000000000000",
                "1000000000000000", "-1", "0", "-0.0", "100.0000001", "2026-02-30", "2026-06-30 25:00:00",
                "0000-01-01", "9999-12-31", "2015-13-01", "'2026-02-30'", "'0000-01-01'", "2026-06-30T10:00:00",
                "~", "null", "''", "[]", "{}", "[[]]", "yes", "no", "on", "'１２'", "'：'", "!!binary aGk=",
                "!!python/object/apply:os.system ['true']", "&a [*a]", "'\\u0000'", "\"\\x1b[31m\"",
                "'[x](javascript:alert(1))'", "'![](http://tracker/x.png)'", "'<script>alert(1)</script>'",
                "'# heading'", "'a\\nb'")
TEXT_EXTREMES = ("", " ", "a" * 10_000, "a" * 10_001, "a" * 70_000, "a" * 65_536 + "b", "中" * 5_000, "x\u0301",
                 "\u202e", "\ufeff", "２０２６", "：", "voice ", "VOICE", "voice\u3000")
NUMBER_EXTREMES: tuple[object, ...] = (0, -1, 1, 10**12 - 1, 10**12, 10**15 - 1, 10**15, 2**53 + 1, 2**63, 0.1,
                                       1e-7, 5e-324, 99.999999, 100, 100.0000001, 1e12, 1.7976931348623157e308,
                                       float("inf"), float("-inf"), 10**400, True, False)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*prefix, index))


def _get(node: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        node = node[part]
    return node


def _set(node: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    _get(node, path[:-1])[path[-1]] = value
    return node


MARK = "@@RAW@@"  # a scalar written into the text as raw YAML after dumping


def _nudge(value: Any, rng: random.Random) -> Any:
    """A value of the same type near `value`: what a real file holds, so the input passes validation and the two
    evaluators are compared on it (a threshold crossed, a flag flipped, a channel dropped)."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return max(0, value + rng.choice([-10, -2, -1, 1, 2, 10, value, -value // 2]))
    if isinstance(value, float):
        return round(max(0.0, min(100.0, value * rng.uniform(0.5, 1.5) if value else rng.uniform(0, 5))), 2)
    if isinstance(value, list) and value:
        copy = list(value)
        if rng.random() < 0.5:
            copy.pop(rng.randrange(len(copy)))
        else:
            copy.append(copy[rng.randrange(len(copy))])
        return copy
    if isinstance(value, dict) and "value" in value:
        return {**value, "value": _nudge(value["value"], rng)}
    return value


def _leaves(data: Any) -> list[tuple[Any, ...]]:
    """The paths of the values a nudge can change (numbers, booleans, lists, sourced facts)."""
    return [p for p in _paths(data) if (p and isinstance(_get(data, p), (bool, int, float, list)))
            or (p and isinstance(_get(data, p), dict) and "value" in _get(data, p))]


def _mutate(data: Any, rng: random.Random, draw: st.DrawFn) -> tuple[Any, list[str]]:
    """Tree mutations: two times in three only plausible ones (one to six nudges of numbers, flags and lists, which
    reach the engines), else one to four extreme or structural ones; raw YAML scalars are left as markers for
    `_render`."""
    raws: list[str] = []
    if draw(st.integers(0, 2)) > 0:
        nudged = False
        for _ in range(draw(st.integers(1, 6))):
            leaves = _leaves(data)  # again after each nudge: a shortened list has fewer paths
            if not leaves:
                break
            path = leaves[draw(st.integers(0, len(leaves) - 1))]
            data = _set(data, path, _nudge(_get(data, path), rng))
            nudged = True
        if nudged:
            return data, raws
    for _ in range(draw(st.integers(1, 4))):
        paths = list(_paths(data))
        path = paths[draw(st.integers(0, len(paths) - 1))]
        target = _get(data, path)
        kind = draw(st.sampled_from(["raw", "raw", "text", "number", "delete", "rename", "empty", "wrap", "copy",
                                     "list"]))
        if kind == "raw":
            raws.append(draw(st.sampled_from(RAW_EXTREMES)))
            data = _set(data, path, f"{MARK}{len(raws) - 1}")
        elif kind == "text":
            data = _set(data, path, draw(st.sampled_from(TEXT_EXTREMES)))
        elif kind == "number":
            data = _set(data, path, draw(st.one_of(st.sampled_from(NUMBER_EXTREMES), st.integers(),
                                                   st.floats(allow_nan=False))))
        elif kind == "delete" and path:
            parent = _get(data, path[:-1])
            del parent[path[-1]]
        elif kind == "rename" and path and isinstance(_get(data, path[:-1]), dict):
            parent = _get(data, path[:-1])
            key = str(path[-1])
            suffix = draw(st.sampled_from(["s", "_", "：", "x"]))
            new = key[:-1] if len(key) > 1 and rng.random() < 0.5 else key + suffix
            if new not in parent:
                parent[new] = parent.pop(path[-1])
        elif kind == "empty":
            data = _set(data, path, draw(st.sampled_from([[], {}, None, ""])))
        elif kind == "wrap":
            data = _set(data, path, {"value": target, "source": draw(st.sampled_from(TEXT_EXTREMES)),
                                     "date": draw(st.sampled_from(["2026-02-30", "2026-06-30", "0000-01-01"]))})
        elif kind == "copy":
            other = paths[draw(st.integers(0, len(paths) - 1))]
            data = _set(data, path, json.loads(json.dumps(_get(data, other), default=str)))
        elif kind == "list" and isinstance(target, list):
            data = _set(data, path, target * draw(st.integers(0, 3)))
    return data, raws


def _render(data: Any, raws: list[str]) -> str:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)
    for index, raw in enumerate(raws):
        text = re.sub(rf"'?{re.escape(MARK)}{index}'?(?![0-9])", lambda _m, r=raw: r, text)
    return text


def _text_mutation(text: str, draw: st.DrawFn) -> bytes:
    """Sometimes the text itself: a cut, a doubled line, a flipped byte, a tab, a full-width colon."""
    raw = text.encode("utf-8")
    if not raw or draw(st.integers(0, 5)) > 0:
        return raw
    kind = draw(st.sampled_from(["cut", "double", "flip", "insert"]))
    at = draw(st.integers(0, len(raw) - 1))
    if kind == "cut":
        return raw[:at]
    if kind == "double":
        lines = raw.splitlines(keepends=True)
        i = at % len(lines)
        return b"".join(lines[: i + 1] + lines[i:])
    if kind == "flip":
        return raw[:at] + bytes([raw[at] ^ (1 << draw(st.integers(0, 7)))]) + raw[at + 1:]
    return raw[:at] + draw(st.sampled_from(["\t", "：", "\x00", "\u2028", "#", "&a ", "*a", "- ", "\xff"])).encode(
        "utf-8", "surrogatepass") + raw[at:]


@st.composite
def evidence_inputs(draw: st.DrawFn) -> bytes:
    """A mutated evidence file (bytes as they go on disk)."""
    seeds = evidence_seeds()
    _, seed = seeds[draw(st.integers(0, len(seeds) - 1))]
    data = json.loads(json.dumps(seed, default=str))  # dates as text, a private copy
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    data, raws = _mutate(data, rng, draw)
    return _text_mutation(_render(data, raws), draw)


@dataclasses.dataclass(frozen=True)
class PackInput:
    pack: str
    file: str
    content: bytes
    command: str  # lint | assess


@st.composite
def pack_inputs(draw: st.DrawFn) -> PackInput:
    """One file of a bundled pack mutated, and the command to run on the changed copy."""
    pack = draw(st.sampled_from(PACKS))
    name = draw(st.sampled_from(pack_files(pack)))
    data = json.loads(json.dumps(pack_seed(pack, name), default=str))
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    data, raws = _mutate(data, rng, draw)
    command = draw(st.sampled_from(["lint", "assess", "assess", "assess"]))  # lint costs a few seconds a pack
    return PackInput(pack, name, _text_mutation(_render(data, raws), draw), command)


# --- running and checking ------------------------------------------------------------------------------------------


class Hang(Exception):
    """The CLI took longer than HANG_SECONDS."""


@dataclasses.dataclass(frozen=True)
class Run:
    args: tuple[str, ...]
    exit_code: int | None
    stdout: str
    stderr: str
    exception: BaseException | None
    seconds: float


@contextlib.contextmanager
def _deadline(seconds: int) -> Iterator[None]:
    """Raise `Hang` after `seconds` of CPU time (SIGPROF): a loaded machine is not a hang, a loop is. A loop inside
    a C extension is caught by the long-run driver instead (no heartbeat)."""
    def on_timer(signum: int, frame: object) -> None:
        raise Hang(f"no answer within {seconds} s of CPU time")

    previous = signal.signal(signal.SIGPROF, on_timer)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def run_cli(args: list[str], cwd: Path) -> Run:
    """The CLI in process, in `cwd`, within the deadline."""
    runner = CliRunner()
    old = Path.cwd()
    start = time.perf_counter()
    os.chdir(cwd)
    try:
        with _deadline(HANG_SECONDS):
            result = runner.invoke(main, args, catch_exceptions=True)
        exception = result.exception if not isinstance(result.exception, SystemExit) else None
        code: int | None = result.exit_code
        stdout, stderr = result.stdout, result.stderr
    except Hang as exc:
        code, stdout, stderr, exception = None, "", "", exc
    finally:
        os.chdir(old)
    return Run(tuple(args), code, stdout, stderr, exception, time.perf_counter() - start)


@dataclasses.dataclass
class Stats:
    """What a fuzz run saw; `problems` holds one line per broken promise (empty when clean)."""

    inputs: int = 0
    ok: int = 0  # exit 0
    failed: int = 0  # exit 1 (an assessment that fails its gate, a lint error)
    rejected: int = 0  # exit 2 (bad input, explained)
    tracebacks: int = 0
    hangs: int = 0
    bad_exit: int = 0
    disagreements: int = 0
    signals: int = 0  # counted by the long-run driver (a worker process killed by a signal)
    problems: list[str] = dataclasses.field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        out = dataclasses.asdict(self)
        out["problems"] = len(self.problems)
        return out


STATS = Stats()


def _judge(run: Run, stats: Stats) -> list[str]:
    wrong = []
    if isinstance(run.exception, Hang):
        stats.hangs += 1
        wrong.append(f"hang: {run.args}")
    elif run.exception is not None:
        stats.tracebacks += 1
        wrong.append(f"traceback {type(run.exception).__name__}: {run.exception!s:.300} in {run.args}")
    elif run.exit_code not in EXIT_CODES:
        stats.bad_exit += 1
        wrong.append(f"exit code {run.exit_code} from {run.args}")
    elif "Traceback (most recent call last)" in run.stderr + run.stdout:
        stats.tracebacks += 1
        wrong.append(f"traceback printed by {run.args}")
    elif run.exit_code == 2 and not (run.stderr.startswith("error: ") or "Error: " in run.stderr):
        stats.bad_exit += 1
        wrong.append(f"exit 2 without an error paragraph: {run.stderr[:300]!r}")
    return wrong


def _without_engine(text: str) -> str:
    return re.sub(r'"engine": "(durable|plain)"', '"engine": "-"', text)


def check_evidence(content: bytes, stats: Stats = STATS) -> list[str]:
    """Assess one evidence file with both evaluators (JSON report); the promises broken (empty: all kept)."""
    stats.inputs += 1
    with tempfile.TemporaryDirectory(prefix="cc-fuzz-") as tmp:
        work = Path(tmp)
        path = work / "evidence.yaml"
        path.write_bytes(content)
        runs = [run_cli(["assess", str(path), "--format", "json", "--engine", name], work)
                for name in ("durable", "plain")]
    wrong = _judge(runs[0], stats) + _judge(runs[1], stats)
    if not wrong:
        durable, plain = runs
        if (durable.exit_code, _without_engine(durable.stdout), durable.stderr) != \
                (plain.exit_code, _without_engine(plain.stdout), plain.stderr):
            stats.disagreements += 1
            wrong.append(f"durable and plain disagree: exit {durable.exit_code} / {plain.exit_code}; "
                         f"{durable.stderr[:200]!r} / {plain.stderr[:200]!r}")
    _count(runs[1], stats)
    return wrong


def check_pack(change: PackInput, stats: Stats = STATS) -> list[str]:
    """Run `lint` or `assess` on a copy of a bundled pack with one file changed; the promises broken."""
    import shutil

    stats.inputs += 1
    with tempfile.TemporaryDirectory(prefix="cc-fuzz-") as tmp:
        work = Path(tmp)
        root = work / change.pack
        shutil.copytree(ROOT / "rules" / change.pack, root)
        (root / change.file).write_bytes(change.content)
        if change.command == "lint":
            args = ["lint", str(root)]
        else:
            example = {"ccso": "ccso-pass-bank.yaml", "gbt43045": "gbt43045-level2-ecommerce.yaml",
                       "gbt35780": "gbt35780-conforming.yaml"}[change.pack]
            args = ["assess", str(ROOT / "examples" / example), "--pack", str(root), "--format", "json"]
        run = run_cli(args, work)
    wrong = _judge(run, stats)
    _count(run, stats)
    return wrong


def _count(run: Run, stats: Stats) -> None:
    if run.exception is None:
        stats.ok += run.exit_code == 0
        stats.failed += run.exit_code == 1
        stats.rejected += run.exit_code == 2
