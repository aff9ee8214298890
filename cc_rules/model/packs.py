"""Pack directory → frozen `model.Pack`: load, validate against the schemas, then build the model.

All schema problems of all files of a pack are gathered and raised together, best first.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from pathlib import Path
from typing import Any

from cc_rules import model
from cc_rules.base import dates, errors
from cc_rules.io import loading, resources, validation
from cc_rules.model import award

PACK_FILES = {"pack.yaml": "pack", "facts.yaml": "facts", "items.yaml": "items", "actions.yaml": "actions"}


def builtin_ids() -> tuple[str, ...]:
    root = resources.packs_dir()
    return tuple(sorted(p.name for p in root.iterdir() if (p / "pack.yaml").is_file())) if root.is_dir() else ()


def resolve(ref: str) -> Path:
    """A built-in pack id or a path to a pack directory."""
    candidate = Path(ref)
    if (candidate / "pack.yaml").is_file():
        return candidate
    builtin = resources.packs_dir() / ref
    if (builtin / "pack.yaml").is_file():
        return builtin
    raise errors.InputError([errors.Problem.of(
        "packs.unknown-pack", file=ref, suggestion=errors.did_you_mean(ref, builtin_ids()), ref=ref)])


def load(ref: str | Path) -> model.Pack:
    """Load and validate a pack; cached per directory and content hash. A pack loaded before whose files and
    directories are as they were (`loading.stat_key`) is returned without reading them again."""
    seen = _SEEN.get(str(ref))
    if seen is not None and loading.stat_key([p for p, *_ in seen[0]]) == seen[0]:
        return seen[1]
    root = resolve(str(ref))
    files = _pack_files(root)
    shown = display_name(root, str(ref))
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(root)).encode())
        digest.update(loading.read_bytes_safely(path, name=f"{shown}/{path.relative_to(root)}", inside=root))
    pack = _load(str(root), shown, digest.hexdigest())
    key = loading.stat_key([root, *(d for d in (root / "rules", root / "data") if d.is_dir()), *files])
    if key is not None:
        if len(_SEEN) >= _SEEN_SIZE:
            _SEEN.pop(next(iter(_SEEN)))
        _SEEN[str(ref)] = (key, pack)
    return pack


_SEEN_SIZE = 64
_SEEN: dict[str, tuple[loading.StatKey, model.Pack]] = {}  # by ref as given: the files' stat key and the pack


def display_name(root: Path, ref: str) -> str:
    """How reports and messages name a pack directory: `rules/<id>` for a built-in pack (the same on every machine,
    so reports stay byte-identical), otherwise the path as the user gave it."""
    builtin = resources.packs_dir().resolve()
    if root.resolve().parent == builtin:
        return f"rules/{root.name}"
    return ref.rstrip("/")


def _pack_files(root: Path) -> list[Path]:
    files = [root / name for name in PACK_FILES if (root / name).is_file()]
    files += sorted((root / "rules").glob("*.yaml")) if (root / "rules").is_dir() else []
    if (root / "data" / "benchmarks.yaml").is_file():
        files.append(root / "data" / "benchmarks.yaml")
    return files


@functools.lru_cache(maxsize=32)
def _load(root_str: str, shown: str, sha256: str) -> model.Pack:
    root = Path(root_str)

    def read(path: Path) -> loading.Document:
        return loading.read_document(path, name=f"{shown}/{path.relative_to(root)}", inside=root)

    docs: dict[str, loading.Document] = {}
    problems: list[errors.Problem] = []
    for name, schema in PACK_FILES.items():
        path = root / name
        if not path.is_file():
            if name in ("pack.yaml", "facts.yaml", "items.yaml"):
                problems.append(errors.Problem.of("packs.missing-file", file=f"{shown}/{name}", name=name))
            continue
        docs[name] = read(path)
        problems += validation.iter_problems(docs[name], schema)
    rule_docs = []
    for path in sorted((root / "rules").glob("*.yaml")) if (root / "rules").is_dir() else []:
        doc = read(path)
        rule_docs.append(doc)
        problems += _rule_problems(doc)
    bench_doc = None
    if (root / "data" / "benchmarks.yaml").is_file():
        bench_doc = read(root / "data" / "benchmarks.yaml")
        problems += validation.iter_problems(bench_doc, "benchmarks")
    if problems:  # a pack in the old format is told how to migrate before anything else
        raise errors.SchemaError(sorted(problems, key=lambda p: p.code != "old-key"))
    return _build(root, shown, sha256, docs, rule_docs, bench_doc)


def _rule_problems(doc: loading.Document) -> list[errors.Problem]:
    """Schema problems of a rules file; a rule still in the old format (`when:` on a non-derive rule, `requires:` on a
    derive rule, a rule-level `points:`) gets one precise problem per old key instead of its schema problems."""
    old: list[errors.Problem] = []
    stale: set[str] = set()
    for index, raw in enumerate(doc.data) if isinstance(doc.data, list) else ():
        found = _old_keys(doc, index, raw) if isinstance(raw, dict) else []
        if found:
            old += found
            stale.add(errors.json_path((index,)))
    problems = [p for p in validation.iter_problems(doc, "rules")
                if not any(p.path == s or p.path.startswith((s + ".", s + "[")) for s in stale)]
    return old + problems


def _old_keys(doc: loading.Document, index: int, raw: dict[str, Any]) -> list[errors.Problem]:
    then: dict[str, Any] = raw["then"] if isinstance(raw.get("then"), dict) else {}
    derive = "derive" in then

    def at(key: str, message: str, **params: object) -> errors.Problem:
        return errors.Problem.of(f"packlang.{message}", file=doc.file, line=doc.line_of((index, key)),
                                 path=errors.json_path((index, key)), code="old-key", values=params)

    out = []
    if "when" in raw and not derive:
        out.append(at("when", "when-renamed"))
    if "requires" in raw and derive:
        out.append(at("requires", "derive-keeps-when"))
    if "points" in raw:
        kind = next((k for k in ("deduct", "add") if k in then), "deduct")
        out.append(at("points", "points-moved", then=f"then: {{{kind}: {raw['points']}}}"))
    return out


def _text(raw: dict[str, str] | None) -> model.Text | None:
    return model.Text(zh=raw["zh"], en=raw["en"]) if raw else None


def _date(raw: str) -> dt.date:
    return dates.day(raw)


def _loc(doc: loading.Document, path: tuple[str | int, ...]) -> model.Loc:
    return model.Loc(file=doc.file, line=doc.line_of(path), path=errors.json_path(path))


def _build(root: Path, shown: str, sha256: str, docs: dict[str, loading.Document], rule_docs: list[loading.Document],
           bench_doc: loading.Document | None) -> model.Pack:
    pack_doc = docs["pack.yaml"]
    raw = pack_doc.data
    params = tuple(
        model.Parameter(
            name=name,
            values=tuple(sorted(
                (model.ParamValue(_date(v["from"]), v["value"], v["reference"], v.get("provenance"))
                 for v in spec["values"]), key=lambda v: v.start)),
            description=_text(spec.get("description")),
            unit=spec.get("unit"),
            loc=_loc(pack_doc, ("parameters", name)),
        )
        for name, spec in sorted(raw.get("parameters", {}).items())
    )
    facts_doc, items_doc = docs["facts.yaml"], docs["items.yaml"]
    label_problems: list[errors.Problem] = []
    facts = tuple(
        model.FactSpec(
            name=f["name"], type=f["type"], description=_text(f["description"]),  # type: ignore[arg-type]
            unit=f.get("unit"), min=f.get("min"), max=f.get("max"),
            values=tuple(f["values"]) if "values" in f else None, derived=f.get("derived", False),
            max_length=f.get("max_length"),
            loc=_loc(facts_doc, (i,)), labels=_labels(facts_doc, i, f, label_problems),
            compute=operand(f["compute"]) if "compute" in f else None,
        )
        for i, f in enumerate(facts_doc.data)
    )
    if label_problems:
        raise errors.PackError(label_problems)
    items = tuple(
        model.Item(
            id=it["id"], parent=it.get("parent"), title=_text(it["title"]), clause=it["clause"],  # type: ignore[arg-type]
            provenance=it["provenance"], dimension=it.get("dimension"), kind=it.get("kind"), mode=it.get("mode"),
            points=it.get("points"), loc=_loc(items_doc, (i,)),
        )
        for i, it in enumerate(items_doc.data)
    )
    clauses = {it.id: it.clause for it in items}
    rules = tuple(_rule(doc, i, r, clauses) for doc in rule_docs for i, r in enumerate(doc.data))
    actions_doc = docs.get("actions.yaml")
    actions = () if actions_doc is None else tuple(
        model.Action(id=a["id"], title=_text(a["title"]), effort=float(a["effort"]),  # type: ignore[arg-type]
                     description=_text(a.get("description")), loc=_loc(actions_doc, (i,)),
                     gate=bool(a.get("gate", False)))
        for i, a in enumerate(actions_doc.data)
    )
    benchmarks = None
    if bench_doc is not None:
        b = bench_doc.data
        benchmarks = model.Benchmarks(
            share_threshold=float(b.get("share_threshold", 0.5)),
            industries=tuple(sorted(
                (name, tuple(_bench_entry(x) for x in (e if isinstance(e, list) else [e])))
                for name, e in b["industries"].items())),
            provenance=b.get("provenance"), reference=b.get("reference"),
        )
    return model.Pack(
        id=raw["id"],
        title=_text(raw["title"]),  # type: ignore[arg-type]
        model=raw["model"],
        editions=tuple(sorted((model.Edition(e["id"], _date(e["effective_from"]), e["reference"])
                               for e in raw["editions"]), key=lambda e: e.effective_from)),
        parameters=params,
        levels=tuple(sorted((model.Level(lv["level"], _text(lv["name"]), _text(lv.get("description")),  # type: ignore[arg-type]
                                         lv.get("provenance")) for lv in raw.get("levels", [])),
                            key=lambda lv: lv.level)),
        coverage_tiers=tuple(raw.get("coverage", {}).get("tiers", ())),
        facts=facts,
        items=items,
        rules=rules,
        actions=actions,
        notes=tuple(model.Note(n["id"], model.Text(n["zh"], n["en"]), n.get("provenance"))
                    for n in raw.get("notes", [])),
        benchmarks=benchmarks,
        root=str(root),
        source=shown,
        sha256=sha256,
        subjective_share=raw.get("coverage", {}).get("subjective_share"),
        award=award.build(raw.get("award"), _loc(pack_doc, ("award",))),
    )


def _labels(doc: loading.Document, index: int, raw: dict[str, Any],
            problems: list[errors.Problem]) -> tuple[tuple[model.Scalar, model.Text], ...]:
    """A fact's `labels:`, keyed by the declared values they name (a key is matched to a value as written, so `1`
    labels the value 1); a label for a value the fact does not declare is a problem (in `problems`) at the label."""
    declared = raw.get("values", [])
    out: list[tuple[model.Scalar, model.Text]] = []
    for key, text in raw.get("labels", {}).items():
        value = next((v for v in declared if v == key or str(v) == str(key)), None)
        if value is None:
            where = (index, "labels", key)
            problems.append(errors.Problem.of(
                "facts.label-undeclared", file=doc.file, line=doc.line_of(where), path=errors.json_path(where),
                code="undeclared-label", values={"fact": raw["name"], "value": key,
                                                 "values": ", ".join(str(v) for v in declared)}))
            continue
        out.append((value, model.Text(zh=text["zh"], en=text["en"])))
    return tuple(out)


def _bench_entry(raw: dict[str, Any]) -> model.BenchmarkEntry:
    applies = raw.get("applies", {})
    return model.BenchmarkEntry(surveyed=raw["surveyed"], offering=tuple(sorted(raw["offering"].items())),
                                year=raw.get("year"), source=raw.get("source"),
                                applies_from=_date(applies["from"]) if "from" in applies else None,
                                applies_until=_date(applies["until"]) if "until" in applies else None)


def benchmark_entry(raw: dict[str, Any]) -> model.BenchmarkEntry:
    """Build an entry from already-validated data (evidence overrides use the same shape)."""
    return _bench_entry(raw)


def _rule(doc: loading.Document, index: int, raw: dict[str, Any], clauses: dict[str, str]) -> model.Rule:
    """One rule; its condition is `when:` for a derive rule, `requires:` for every other kind. `clause:` defaults to
    the clause of the rule's item (empty when the item is unknown, which the compiler then reports)."""
    then_raw = raw["then"]
    kind = next(k for k in ("requirement", "deduct", "add", "derive", "warn") if k in then_raw)
    points = then_raw.get(kind) if kind in ("deduct", "add") else None
    then = model.Then(kind=kind, points=float(points) if points is not None else None,  # type: ignore[arg-type]
                      derive=then_raw.get("derive"), recommend=tuple(then_raw.get("recommend", ())))
    effective = raw.get("effective", {})
    key = "when" if kind == "derive" else "requires"
    return model.Rule(
        id=raw["id"], item=raw["item"], clause=raw.get("clause", clauses.get(raw["item"], "")),
        provenance=raw["provenance"], when=condition(raw[key], (index, key)), then=then, level=raw.get("level"),
        severity=raw.get("severity"), explain=_text(raw.get("explain")),
        effective_from=_date(effective["from"]) if "from" in effective else None,
        effective_until=_date(effective["until"]) if "until" in effective else None,
        loc=_loc(doc, (index,)), reference=raw.get("reference"),
    )


_OPS = ("eq", "ne", "lt", "lte", "gt", "gte")


def condition(raw: dict[str, Any], path: tuple[str | int, ...]) -> model.Condition:
    """Schema-valid condition data → condition tree (also used by tests and the step library)."""
    where = errors.json_path(path)
    if "all" in raw:
        return model.All(tuple(condition(c, (*path, "all", i)) for i, c in enumerate(raw["all"])), where)
    if "any" in raw:
        return model.AnyOf(tuple(condition(c, (*path, "any", i)) for i, c in enumerate(raw["any"])), where)
    if "not" in raw:
        return model.Not(condition(raw["not"], (*path, "not")), where)
    fact = raw["fact"]
    if "in" in raw:
        return model.In(fact, tuple(raw["in"]), where)
    if "contains" in raw:
        return model.Contains(fact, raw["contains"], where)
    if "exists" in raw:
        return model.Exists(fact, bool(raw["exists"]), where)
    op = next(o for o in _OPS if o in raw)
    return model.Compare(fact, op, operand(raw[op]), where)  # type: ignore[arg-type]


def operand(raw: Any) -> model.Operand:
    if isinstance(raw, dict):
        if "fact" in raw:
            return model.FactRef(raw["fact"])
        if "param" in raw:
            return model.ParamRef(raw["param"])
        (op, (left, right)), = raw.items()
        return model.Arith(op, operand(left), operand(right))
    return model.Const(raw)
