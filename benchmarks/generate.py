"""Seeded generator of a CCSO-sized points pack and an evidence corpus, for `benchmarks/run.py`.

Not a test. Writes into an output directory (default: a directory under the system temp dir named by the seed):

    <out>/pack/      pack.yaml, facts.yaml, items.yaml, actions.yaml, rules/*.yaml, data/benchmarks.yaml
    <out>/evidence/  ev-00000.yaml … (N files; ev-00000.json … with --json)
    <out>/manifest.json   seed, N and the generator version, so run.py can reuse what is already there

Shape (the figures of the real standard, [004]): items 6/35/101/428 by tier, points model with four dimensions,
~150 evidence facts of mixed types (int, number, bool, enum, string, list), one scored rule (deduct or add) per
tier-4 item with a realistic mix of constructs (comparisons with constants, staffing ratios
`{div: [{fact: organization.seats}, {param: ...}]}`, fact-to-fact and arithmetic comparisons, any/all/not, in,
contains, exists, reviews of subjective items), derive rules chained over three strata, improvement actions and a
bilingual explanation on every rule. Evidence files vary their values; ~5 % of facts are left out.

    python benchmarks/generate.py [--seed 1] [--n 1000] [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
from pathlib import Path
from typing import Any

import yaml

VERSION = 5  # bump when the generated shape changes (run.py regenerates on a mismatch)
TIERS = (6, 35, 101, 428)
DIMENSIONS = ("strategic_value", "customer_experience", "cost_efficiency", "service_management")
ROOT_DIMENSION = ("strategic_value", "customer_experience", "customer_experience", "cost_efficiency",
                  "service_management", "service_management")
TOPICS = ("strategy", "channels", "customer", "complaints", "team", "site", "training", "quality", "knowledge",
          "forecasting", "workforce", "process", "platform", "security", "kpi", "performance", "improvement",
          "cost")
CHANNELS = ("voice", "app_human", "wechat_human", "video", "web_chat", "email", "sms", "app_bot", "voice_bot",
            "in_person")
INDUSTRIES = ("banking", "insurance", "telecom", "ecommerce", "utilities", "government")
STAFF_ROLES = ("team_leaders", "quality_inspectors", "knowledge_admins", "schedulers", "trainers", "analysts",
               "it_support", "managers")
RATIOS = {"team_leaders": 10, "quality_inspectors": 50, "knowledge_admins": 100, "schedulers": 100,
          "trainers": 100, "analysts": 150, "it_support": 80, "managers": 40}
N_DERIVED = 6


def default_out(seed: int) -> Path:
    return Path(tempfile.gettempdir()) / f"cc-rules-bench-seed{seed}"


def _text(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


# Facts -----------------------------------------------------------------------------------------------------------


def make_facts(rng: random.Random) -> list[dict[str, Any]]:
    """~150 evidence facts plus the derived ones; every spec carries what the evidence generator needs."""
    facts: list[dict[str, Any]] = [
        {"name": "organization.seats", "type": "int", "unit": "seats", "min": 0,
         "description": _text("坐席数", "Seats")},
        {"name": "organization.industry", "type": "string", "description": _text("所属行业", "Industry")},
        {"name": "channels.offered", "type": "list", "values": list(CHANNELS),
         "description": _text("提供的服务渠道", "Channels offered")},
        {"name": "benchmarks.baseline_channels", "type": "list",
         "description": _text("行业必备渠道", "Baseline channels")},
        {"name": "benchmarks.trend_channels", "type": "list", "description": _text("行业趋势渠道", "Trend channels")},
    ]
    facts.extend({"name": f"staffing.{role}", "type": "int", "unit": "persons", "min": 0,
                  "description": _text(f"{role} 人数", f"{role.replace('_', ' ')} (head count)")}
                 for role in STAFF_ROLES)
    # type mix of the remaining ~137: bool 55, number 30, int 22, enum 16, list 8, string 6
    plan = ["bool"] * 55 + ["number"] * 30 + ["int"] * 22 + ["enum"] * 16 + ["list"] * 8 + ["string"] * 6
    rng.shuffle(plan)
    for i, kind in enumerate(plan):
        topic = TOPICS[i % len(TOPICS)]
        name = f"{topic}.f{i:03d}_{kind}"
        spec: dict[str, Any] = {"name": name, "type": kind,
                                "description": _text(f"{topic} 指标 {i}", f"{topic} measure {i}")}
        if kind == "number":
            spec.update(min=0, max=100, unit="%")
        elif kind == "int":
            spec.update(min=0, max=10000)
        elif kind == "enum":
            spec["values"] = [f"v{j}" for j in range(rng.randint(3, 6))]
        elif kind == "list":
            spec["values"] = [f"opt{j}" for j in range(rng.randint(4, 8))]
        facts.append(spec)
    facts.extend({"name": f"derived.d{k}", "type": "bool", "derived": True,
                  "description": _text(f"派生结论 {k}", f"derived conclusion {k}")}
                 for k in range(N_DERIVED))
    return facts


# Items -----------------------------------------------------------------------------------------------------------


def _spread(rng: random.Random, parents: list[str], count: int) -> list[str]:
    """Assign `count` children to parents: each parent at least one, the rest at random."""
    out = list(parents) + [rng.choice(parents) for _ in range(count - len(parents))]
    return sorted(out, key=lambda p: [int(x) for x in p.split(".")])


def make_items(rng: random.Random) -> list[dict[str, Any]]:
    level = [str(i + 1) for i in range(TIERS[0])]
    items: list[dict[str, Any]] = [
        {"id": pid, "title": _text(f"一级条目 {pid}", f"Tier-1 item {pid}"), "clause": pid, "provenance": "source"}
        for pid in level
    ]
    for tier, count in enumerate(TIERS[1:], start=2):
        children: list[str] = []
        seen: dict[str, int] = {}
        for parent in _spread(rng, level, count):
            seen[parent] = seen.get(parent, 0) + 1
            cid = f"{parent}.{seen[parent]}"
            children.append(cid)
            item: dict[str, Any] = {"id": cid, "parent": parent, "title": _text(f"条目 {cid}", f"Item {cid}"),
                                    "clause": cid, "provenance": "source" if rng.random() < 0.8 else "interpretation"}
            if tier == len(TIERS):
                bonus = rng.random() < 0.08
                item.update(dimension=ROOT_DIMENSION[int(cid.split(".")[0]) - 1],
                            kind="subjective" if rng.random() < 0.05 else "objective",
                            mode="bonus" if bonus else "deduction",
                            points=rng.choice((0.5, 1.0)) if bonus else rng.choice((0.15, 0.2, 0.25, 0.3)))
            items.append(item)
        level = children
    return items


# Rules -----------------------------------------------------------------------------------------------------------


class RuleMaker:
    def __init__(self, rng: random.Random, facts: list[dict[str, Any]]) -> None:
        self.rng = rng
        evidence = [f for f in facts if not f.get("derived")]
        self.by_type: dict[str, list[dict[str, Any]]] = {}
        for f in evidence:
            if f["name"].startswith(("organization.", "benchmarks.", "staffing.")) or f["name"] == "channels.offered":
                continue
            self.by_type.setdefault(f["type"], []).append(f)

    def pick(self, kind: str) -> dict[str, Any]:
        return self.rng.choice(self.by_type[kind])

    def leaf(self) -> dict[str, Any]:
        """One comparison with a constant, of a random kind."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.40:
            return {"fact": self.pick("bool")["name"], "eq": rng.random() < 0.9}
        if roll < 0.62:
            f = self.pick("number")
            op = rng.choice(("gte", "gt", "lte", "lt"))
            return {"fact": f["name"], op: round(rng.uniform(20, 80), 1)}
        if roll < 0.72:
            f = self.pick("int")
            return {"fact": f["name"], rng.choice(("gte", "lte")): rng.randint(1, 500)}
        if roll < 0.82:
            f = self.pick("enum")
            if rng.random() < 0.6:
                return {"fact": f["name"], "in": rng.sample(f["values"], 2)}
            return {"fact": f["name"], rng.choice(("eq", "ne")): rng.choice(f["values"])}
        if roll < 0.92:
            f = self.pick("list")
            return {"fact": f["name"], "contains": rng.choice(f["values"])}
        if roll < 0.96:
            return {"fact": self.pick("string")["name"], "exists": True}
        return {"fact": "channels.offered", "contains": rng.choice(CHANNELS)}

    def condition(self, index: int) -> dict[str, Any]:
        """The `when` of scored rule `index`: a realistic mix (about 55 % single leaves)."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.55:
            return self.leaf()
        if roll < 0.61:  # staffing ratio against a parameter, as in CCSO section 3
            role = STAFF_ROLES[index % len(STAFF_ROLES)]
            return {"fact": f"staffing.{role}",
                    "gte": {"div": [{"fact": "organization.seats"}, {"param": f"seats_per_{role[:-1]}"}]}}
        if roll < 0.64:  # fact against fact, or arithmetic on facts
            a, b = self.pick("number"), self.pick("number")
            if rng.random() < 0.5:
                return {"fact": a["name"], "gte": {"fact": b["name"]}}
            return {"fact": a["name"], "lte": {"add": [{"mul": [0.5, {"fact": b["name"]}]}, {"param": "tolerance"}]}}
        if roll < 0.80:
            return {"all": [self.leaf() for _ in range(rng.randint(2, 3))]}
        if roll < 0.90:
            return {"any": [self.leaf() for _ in range(rng.randint(2, 3))]}
        if roll < 0.95:
            return {"not": self.leaf()}
        if roll < 0.98:  # nested: all with a not and an any
            return {"all": [self.leaf(), {"not": self.leaf()}, {"any": [self.leaf(), self.leaf()]}]}
        return {"all": [{"fact": "channels.offered", "contains": "video"},
                        {"not": {"fact": "benchmarks.baseline_channels", "contains": "video"}}]}


def _facts_in(cond: Any) -> list[str]:
    out: list[str] = []
    if isinstance(cond, dict):
        for key, value in cond.items():
            if key == "fact" and isinstance(value, str):
                out.append(value)
            else:
                out += _facts_in(value)
    elif isinstance(cond, list):
        for value in cond:
            out += _facts_in(value)
    return out


def _explain(cond: dict[str, Any]) -> dict[str, str]:
    names = list(dict.fromkeys(_facts_in(cond)))[:3]
    zh = ";".join(f"{n} 为 {{{n}}}" for n in names)
    en = "; ".join(f"{n} is {{{n}}}" for n in names)
    if "organization.seats" in names or any("ratio" in n for n in names):
        zh += ",按每 {param.seats_per_team_leader} 席配置"
        en += ", one per {param.seats_per_team_leader} seats"
    return _text(zh, en)


def make_rules(rng: random.Random, facts: list[dict[str, Any]], items: list[dict[str, Any]],
               actions: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    maker = RuleMaker(rng, facts)
    leaves = [i for i in items if "dimension" in i]
    files: dict[str, list[dict[str, Any]]] = {str(r): [] for r in range(1, TIERS[0] + 1)}
    # derive rules: d0-d2 read evidence (stratum 0), d3-d4 read d0-d2 (stratum 1), d5 reads d3-d4 (stratum 2)
    derive_when = [
        {"all": [maker.leaf(), maker.leaf()]},
        {"any": [maker.leaf(), maker.leaf()]},
        {"all": [maker.leaf(), {"not": maker.leaf()}]},
        {"all": [{"fact": "derived.d0", "eq": True}, {"fact": "derived.d1", "eq": True}]},
        {"any": [{"fact": "derived.d1", "eq": True}, {"fact": "derived.d2", "eq": True}, maker.leaf()]},
        {"all": [{"fact": "derived.d3", "eq": True}, {"not": {"fact": "derived.d4", "eq": False}}]},
    ]
    for k, when in enumerate(derive_when):
        item = leaves[k * 37]
        files[item["id"].split(".")[0]].append({
            "id": f"gen.derive.d{k}", "item": item["id"], "provenance": "interpretation",
            "when": when, "then": {"derive": f"derived.d{k}"},  # derive rules keep `when:`; clause is the item's
            "explain": _text(f"派生结论 d{k}", f"derived conclusion d{k}")})
    for index, item in enumerate(leaves):
        if item["kind"] == "subjective":
            when: dict[str, Any] = {"fact": f"review.{item['id']}", "eq": True}
        elif index % 20 == 7:  # ~5 % of scored rules read a derived fact (strata 1-2)
            when = {"all": [{"fact": f"derived.d{rng.choice((2, 4, 5))}", "eq": True}, maker.leaf()]}
        else:
            when = maker.condition(index)
        then: dict[str, Any] = {"add": item["points"]} if item["mode"] == "bonus" else {"deduct": item["points"]}
        if rng.random() < 0.7:
            then["recommend"] = sorted({a["id"] for a in rng.sample(actions, rng.randint(1, 2))})
        files[item["id"].split(".")[0]].append({
            "id": f"gen.r{index:03d}", "item": item["id"],
            "provenance": item["provenance"], "requires": when, "then": then, "explain": _explain(when)})
    return files


# Pack ------------------------------------------------------------------------------------------------------------


def make_pack(rng: random.Random, items: list[dict[str, Any]]) -> dict[str, Any]:
    base = dict.fromkeys(DIMENSIONS, 0.0)
    for item in items:
        if item.get("mode") == "deduction":
            base[item["dimension"]] += item["points"]
    params: dict[str, Any] = {
        "dimension_base": {"values": [{"from": "2015-07-01", "reference": "generated: sum of deductions",
                                       "value": {d: round(v, 2) for d, v in base.items()}}]},
        "pass_threshold": {"values": [{"from": "2015-07-01", "value": 60, "reference": "generated"}]},
        "grade_bands": {"values": [{"from": "2015-07-01", "reference": "generated", "value": [
            {"grade": "五星", "min": 95}, {"grade": "四星", "min": 85}, {"grade": "三星", "min": 75},
            {"grade": "合格", "min": 60, "inclusive": False}]}]},
        "tolerance": {"values": [{"from": "2015-07-01", "value": 5, "reference": "generated"},
                                 {"from": "2021-07-01", "value": 2.5, "reference": "generated"}]},
    }
    for role, ratio in RATIOS.items():
        params[f"seats_per_{role[:-1]}"] = {"unit": "seats", "values": [
            {"from": "2015-07-01", "value": ratio, "reference": "generated"}]}
    return {
        "id": "bench", "title": _text("基准测试生成包", "Generated benchmark pack"), "model": "points",
        "editions": [{"id": "2015", "effective_from": "2015-07-01", "reference": "generated"},
                     {"id": "2021", "effective_from": "2021-07-01", "reference": "generated"}],
        "award": {
            "dimensions": [{"id": d, "title": _text(d, d), "base": {"param": "dimension_base", "key": d}}
                           for d in DIMENSIONS],
            "pass": {"above": {"param": "pass_threshold"}},
            "grades": {"param": "grade_bands"},
            "retest": {"within": "calendar_year"},
        },
        "parameters": params,
        "coverage": {"tiers": list(TIERS)},
    }


BENCHMARKS = {
    "share_threshold": 0.5,
    "industries": {
        "banking": {"year": 2021, "surveyed": 148, "source": "generated",
                    "offering": {"app_human": 85, "wechat_human": 108, "video": 26}},
        "telecom": {"year": 2021, "surveyed": 40, "source": "generated",
                    "offering": {"app_bot": 30, "web_chat": 25, "video": 8}},
    },
}


def write_pack(root: Path, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    facts = make_facts(rng)
    items = make_items(rng)
    actions = [{"id": f"act.{k:02d}", "title": _text(f"改进行动 {k}", f"Improvement action {k}"),
                "effort": rng.choice((0.5, 1, 2, 3, 5, 8))} for k in range(80)]
    rules = make_rules(rng, facts, items, actions)
    (root / "rules").mkdir(parents=True, exist_ok=True)
    (root / "data").mkdir(exist_ok=True)
    dump = {"width": 120, "allow_unicode": True, "sort_keys": False, "default_flow_style": None}
    (root / "pack.yaml").write_text(yaml.safe_dump(make_pack(rng, items), **dump), encoding="utf-8")
    (root / "facts.yaml").write_text(yaml.safe_dump(facts, **dump), encoding="utf-8")
    (root / "items.yaml").write_text(yaml.safe_dump(items, **dump), encoding="utf-8")
    (root / "actions.yaml").write_text(yaml.safe_dump(actions, **dump), encoding="utf-8")
    (root / "data" / "benchmarks.yaml").write_text(yaml.safe_dump(BENCHMARKS, **dump), encoding="utf-8")
    for name, content in rules.items():
        (root / "rules" / f"{name}_generated.yaml").write_text(yaml.safe_dump(content, **dump), encoding="utf-8")
    return {"facts": facts, "items": items}


# Evidence --------------------------------------------------------------------------------------------------------


def _value(rng: random.Random, spec: dict[str, Any], seats: int, quality: float) -> Any:
    kind = spec["type"]
    if kind == "bool":
        return rng.random() < quality
    if kind == "number":
        return round(min(100.0, max(0.0, rng.gauss(45 + 30 * quality, 18))), rng.choice((0, 1, 2)))
    if kind == "int":
        return int(rng.triangular(0, 600, 600 * quality))
    if kind == "enum":
        return rng.choice(spec["values"])
    if kind == "list":
        return sorted(rng.sample(spec["values"], rng.randint(0, len(spec["values"]))))
    return rng.choice(("手册 v2", "制度汇编", "SOP-2024", "年度报告"))


def make_evidence(rng: random.Random, index: int, facts: list[dict[str, Any]], items: list[dict[str, Any]],
                  missing: float = 0.05) -> dict[str, Any]:
    seats = rng.choice((12, 30, 80, 150, 200, 480, 1000, 2500))
    quality = rng.uniform(0.55, 0.97)  # how good the organisation is
    tree: dict[str, Any] = {}
    for spec in facts:
        name = spec["name"]
        if spec.get("derived") or name.startswith(("organization.", "benchmarks.")):
            continue
        if rng.random() < missing:
            continue
        if name.startswith("staffing."):
            role = name.split(".", 1)[1]
            needed = seats / RATIOS[role]
            value: Any = max(0, round(needed * rng.uniform(0.6, 1.4) if rng.random() > quality else needed + 0.5))
        elif name == "channels.offered":
            value = sorted(rng.sample(CHANNELS, rng.randint(1, len(CHANNELS))))
        else:
            value = _value(rng, spec, seats, quality)
        node = tree
        *path, leaf = name.split(".")
        for part in path:
            node = node.setdefault(part, {})
        node[leaf] = {"value": value, "source": f"doc-{rng.randint(1, 999)}"} if rng.random() < 0.15 else value
    reviews = {
        item["id"]: {"met": rng.random() < quality, "reviewer": rng.choice(("张三", "李四", "王五")),
                     "reason": "抽查记录"}
        for item in items if item.get("kind") == "subjective" and rng.random() >= missing
    }
    year = rng.choice((2019, 2022, 2025, 2026))
    doc: dict[str, Any] = {
        "format": "cc-rules/evidence@1",
        "organization": {"name": f"生成机构 {index}", "industry": rng.choice(INDUSTRIES), "seats": seats},
        "assessment": {"date": f"{year}-06-30", "mode": "self"},
        "facts": tree,
    }
    if reviews:
        doc["reviews"] = reviews
    return doc


def generate(out: Path, seed: int = 1, n: int = 1000, evidence_format: str = "yaml") -> Path:
    """Write pack and corpus under `out` (replacing a previous corpus); returns `out`. `evidence_format` "json"
    writes each evidence file as JSON (`ev-00000.json`, …), much faster to write and to read for a streaming run
    of many centres; the documents are the same."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "manifest.json").unlink(missing_ok=True)  # a run stopped half-way is not taken for a finished one
    shape = write_pack(out / "pack", seed)
    ev_dir = out / "evidence"
    ev_dir.mkdir(exist_ok=True)
    for old in (*ev_dir.glob("ev-*.yaml"), *ev_dir.glob("ev-*.json")):
        old.unlink()
    for i in range(n):
        rng = random.Random(f"{seed}-{i}")
        doc = make_evidence(rng, i, shape["facts"], shape["items"])
        if evidence_format == "json":
            text = json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n"
        else:
            text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=120, default_flow_style=None)
        (ev_dir / f"ev-{i:05d}.{'json' if evidence_format == 'json' else 'yaml'}").write_text(text, encoding="utf-8")
    (out / "manifest.json").write_text(json.dumps({"version": VERSION, "seed": seed, "n": n,
                                                   "evidence_format": evidence_format}) + "\n")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--n", type=int, default=1000, help="evidence files to write")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--json", action="store_true", help="write the evidence files as JSON")
    args = parser.parse_args()
    out = generate(args.out or default_out(args.seed), args.seed, args.n, "json" if args.json else "yaml")
    print(f"wrote pack and {args.n} evidence files to {out}")


if __name__ == "__main__":
    main()
