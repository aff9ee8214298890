"""CCR007 (overlapping rules) through an index by fact: the same findings as trying every pair, without trying
every pair. Two conditions reading no fact in common overlap only when one fires on any evidence."""

from __future__ import annotations

import itertools
import random
import shutil
from pathlib import Path

from cc_rules.assess import pipeline
from cc_rules.model import packs
from cc_rules.tools.lint import logic

ROOT = Path(__file__).resolve().parents[2]


def _pack(tmp: Path, n: int, seed: int) -> Path:
    """The constructs pack with `n` random deduction rules on one item over 12 facts (some always true)."""
    rng = random.Random(seed)
    pack = tmp / "pack"
    shutil.copytree(ROOT / "tests" / "packs" / "constructs", pack)
    with (pack / "facts.yaml").open("a", encoding="utf-8") as out:
        for i in range(12):
            out.write(f"- {{name: g.f{i}, type: int, min: 0, max: 10, description: {{zh: 事实, en: fact}}}}\n")
    with (pack / "rules" / "zz.yaml").open("w", encoding="utf-8") as out:
        for i in range(n):
            leaves = [f"{{fact: g.f{rng.randrange(12)}, {rng.choice(['gt', 'lt', 'gte', 'lte', 'eq'])}: "
                      f"{rng.randrange(11)}}}" for _ in range(rng.choice([1, 1, 2]))]
            cond = leaves[0] if len(leaves) == 1 else "{all: [" + ", ".join(leaves) + "]}"
            out.write(f"- {{id: z.r{i}, item: i.sv, clause: '1.1', provenance: source, requires: {cond}, "
                      "then: {deduct: 1}}\n")
    return pack


def test_the_index_finds_every_overlapping_pair_and_tries_fewer(tmp_path: Path) -> None:
    loaded = packs.load(str(_pack(tmp_path, 60, seed=3)))
    compiled = pipeline.compile_pack(loaded, loaded.editions[-1].effective_from)
    rules = [r for r in compiled.rules if r.rule.item == "i.sv" and r.rule.then.kind == "deduct"]
    every = [(i, j) for i, j in itertools.combinations(range(len(rules)), 2)
             if logic._relation(compiled, rules[i].when, rules[j].when, "deduct") is not None]
    candidates = logic._candidate_pairs(compiled, rules, "deduct")
    assert every and set(every) <= set(candidates)
    assert len(candidates) < len(list(itertools.combinations(range(len(rules)), 2))) // 2
    assert candidates == sorted(candidates)  # findings keep the order of trying every pair
