"""The benchmark's generated CCSO-sized pack and its centres, for tests that need a pack of that shape: derives
reading derives, facts many rules read, fractional points, items worth what one rule moves."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path

from cc_rules.assess import pipeline
from cc_rules.compile import compiler
from cc_rules.model import evidence, packs

GENERATOR = Path(__file__).resolve().parents[1] / "benchmarks" / "generate.py"


def centres(tmp: Path, n: int, seed: int = 1) -> Iterator[tuple[evidence.Evidence, compiler.CompiledPack]]:
    """`n` generated centres written under `tmp`, each with the pack compiled on its assessment date."""
    spec = importlib.util.spec_from_file_location("generate", GENERATOR)
    assert spec is not None and spec.loader is not None
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    generate.generate(tmp, seed, n)
    pack = packs.load(tmp / "pack")
    for path in sorted((tmp / "evidence").glob("ev-*.yaml")):
        ev = evidence.load(path)
        yield ev, pipeline.compile_pack(pack, ev.date)
