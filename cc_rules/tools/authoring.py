"""Authoring evidence: a JSON Schema of the evidence for some packs (`cc-rules schema`) and a commented
questionnaire to fill in (`cc-rules init`). Pure: built from loaded packs; the caller gives the date.

The schema is the common evidence structure of schemas/evidence.schema.json (its references to the other schema
files inlined, so the file stands alone) with `facts` narrowed to the packs' vocabulary: nested objects per dotted
name with `additionalProperties: false` (a dotted name written flat, `strategy.target_tiers: 2`, is accepted too),
each fact typed and also accepted in the `{value, source, date}` form. Derived facts, which evidence does not give,
and the organization facts, which come from the `organization:` block, are left out.

The questionnaire lists every non-derived fact the packs' rules read, under the heading of the first item whose
rules read it, each as a commented line `# name: ~` under its question, unit and allowed values. The facts are a
flow mapping (`facts: { … }`), so the file is valid evidence as it is (every fact unknown) and a fact is answered
by uncommenting its line and giving the value (the comma stays).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from cc_rules import model
from cc_rules.base import i18n
from cc_rules.io import resources
from cc_rules.model import conditions

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
COMMON_KEYS = ("format", "packs", "organization", "assessment", "reviews", "benchmarks")
_NOT_IN_FACTS = ("organization.",)  # given in the evidence's organization: block
_NOT_ASKED = ("organization.", "benchmarks.")  # the organization block; computed from the pack's benchmark data


def evidence_facts(packs: Sequence[model.Pack]) -> list[model.FactSpec]:
    """The facts evidence for `packs` may give, by name (the first pack declaring a name wins)."""
    found: dict[str, model.FactSpec] = {}
    for pack in packs:
        for spec in pack.facts:
            if not spec.derived and not spec.name.startswith(_NOT_IN_FACTS):
                found.setdefault(spec.name, spec)
    return [found[name] for name in sorted(found)]


# The schema --------------------------------------------------------------------------------------------------------

def evidence_schema(packs: Sequence[model.Pack]) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of evidence for `packs`."""
    base = json.loads((resources.schemas_dir() / "evidence.schema.json").read_text(encoding="utf-8"))
    defs: dict[str, Any] = {}
    properties = {key: _inline(base["properties"][key], defs) for key in COMMON_KEYS if key in base["properties"]}
    specs = evidence_facts(packs)
    tree: dict[str, Any] = {}
    for spec in specs:
        node = tree
        *parents, last = spec.name.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node.setdefault(last, {})["."] = spec
    facts = _object(tree, defs)
    for spec in specs:  # the flat spelling of each dotted name
        if "." in spec.name:
            facts["properties"][spec.name] = _fact(spec, defs)
    properties["facts"] = facts
    titles = ", ".join(f"{p.id} ({p.title.en})" for p in packs)
    return {
        "$schema": SCHEMA_DIALECT,
        "title": f"cc-rules evidence for {titles}",
        "type": "object",
        "required": list(base["required"]),
        "additionalProperties": False,
        "properties": properties,
        "$defs": dict(sorted(defs.items())),
    }


def _object(tree: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    props: dict[str, Any] = {}
    for key in sorted(tree):
        child = dict(tree[key])
        spec = child.pop(".", None)
        options = ([_fact(spec, defs)] if spec is not None else []) + ([_object(child, defs)] if child else [])
        props[key] = options[0] if len(options) == 1 else {"anyOf": options}
    return {"type": "object", "additionalProperties": False, "properties": props}


def _fact(spec: model.FactSpec, defs: dict[str, Any]) -> dict[str, Any]:
    defs.setdefault("date", _inline({"$ref": "common.schema.json#/$defs/date"}, defs))
    value = _value_schema(spec)
    sourced = {"type": "object", "required": ["value"], "additionalProperties": False,
               "properties": {"value": value, "source": {"type": "string"}, "date": {"$ref": "#/$defs/date"}}}
    return {"description": describe(spec), "anyOf": [value, sourced]}


def _value_schema(spec: model.FactSpec) -> dict[str, Any]:
    out: dict[str, Any]
    if spec.type == "int":
        out = {"type": "integer"}
    elif spec.type == "number":
        out = {"type": "number"}
    elif spec.type == "bool":
        out = {"type": "boolean"}
    elif spec.type == "enum":
        out = {"enum": list(spec.values or ())}
    elif spec.type == "list":
        items = {"enum": list(spec.values)} if spec.values else {"type": ["string", "number", "boolean"]}
        return {"type": "array", "items": items}
    else:
        out = {"type": "string"}
    if spec.type in ("int", "number"):
        if spec.min is not None:
            out["minimum"] = _number(spec.min)
        if spec.max is not None:
            out["maximum"] = _number(spec.max)
    return out


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def describe(spec: model.FactSpec) -> str:
    """`zh / en (unit)`."""
    text = f"{spec.description.zh} / {spec.description.en}"
    return f"{text} ({spec.unit})" if spec.unit else text


def _inline(node: Any, defs: dict[str, Any], within: str = "") -> Any:
    """`node` with every reference to another schema file replaced by one into `defs` (copied there); `within` is
    the file `node` was copied from, so its own `#/$defs/…` references are copied too."""
    if isinstance(node, list):
        return [_inline(x, defs, within) for x in node]
    if not isinstance(node, dict):
        return node
    out = {k: _inline(v, defs, within) for k, v in node.items() if k != "$ref"}
    ref = node.get("$ref")
    if isinstance(ref, str):
        file, _, pointer = ref.partition("#")
        file = file or within
        name = pointer.rsplit("/", 1)[-1]
        if file:
            local = name if file == "common.schema.json" else f"{file.split('.')[0]}_{name}"
            if local not in defs:
                defs[local] = {}
                other = json.loads((resources.schemas_dir() / file).read_text(encoding="utf-8"))
                target: Any = other
                for part in pointer.strip("/").split("/"):
                    target = target[part]
                defs[local] = _inline(target, defs, file)
            out["$ref"] = f"#/$defs/{local}"
        else:
            out["$ref"] = ref
    return out


# The questionnaire -------------------------------------------------------------------------------------------------

def questionnaire(packs: Sequence[model.Pack], lang: str, today: dt.date) -> str:
    """A commented evidence file for `packs` in `lang`, dated `today`, every fact unknown (valid evidence as is)."""
    t = _Texts(lang)
    ids = ", ".join(p.id for p in packs)
    lines = [t("header", packs=" ".join(p.id for p in packs)), t("how-to-fill"), t("unknown"),
             "format: cc-rules/evidence@1", f"packs: [{ids}]", "organization:",
             f"  name: {json.dumps(t('organization-name'), ensure_ascii=False)}  # {t('fill-name')}"]
    org_specs = {s.name: s for p in packs for s in p.facts if s.name.startswith("organization.")}
    lines.extend(f"  # {name.split('.', 1)[1]}: ~  # {_question(org_specs[name], t)}"
                 for name in ("organization.industry", "organization.seats") if name in org_specs)
    lines += ["assessment:", f"  date: {today.isoformat()}  # {t('fill-date')}", "  mode: self  # self | certification",
              "facts: {"]
    asked: set[str] = set()
    for pack in packs:
        for item, specs in _asked(pack, asked):
            lines += ["", f"  # ── {pack.id} {item.clause} {item.title.zh if lang == 'zh' else item.title.en} ──"]
            for spec in specs:
                lines += [f"  # {_question(spec, t)}", f"  # {spec.name}: ~,"]
    lines += ["}", ""]
    return "\n".join(lines)


def _asked(pack: model.Pack, asked: set[str]) -> list[tuple[model.Item, list[model.FactSpec]]]:
    """Per item of `pack`, in order, the facts first read by its rules (`asked` collects what is taken)."""
    by_item: dict[str, list[str]] = {}
    for rule in pack.rules:
        read = list(conditions.read_facts(rule.when))
        for name in list(read):  # a computed fact is asked for by what it is computed from
            spec = pack.fact(name)
            if spec is not None and spec.compute is not None:
                read.extend(conditions.read_facts(spec.compute))
        by_item.setdefault(rule.item, []).extend(read)
    out: list[tuple[model.Item, list[model.FactSpec]]] = []
    for item in pack.items:
        specs: list[model.FactSpec] = []
        for name in by_item.get(item.id, ()):
            spec = pack.fact(name)
            if spec is None or spec.derived or name.startswith(_NOT_ASKED) or name in asked:
                continue
            asked.add(name)
            specs.append(spec)
        if specs:
            out.append((item, specs))
    return out


def _question(spec: model.FactSpec, t: _Texts) -> str:
    text = spec.description.zh if t.lang == "zh" else spec.description.en
    notes: list[str] = []
    if spec.unit:
        notes.append(t("unit", unit=spec.unit))
    if spec.type == "bool":
        notes.append(t("yes-no"))
    elif spec.type in ("int", "number"):
        low = "" if spec.min is None else f"{_number(spec.min)}"
        high = "" if spec.max is None else f"{_number(spec.max)}"
        notes.append(t("integer" if spec.type == "int" else "number") + (f" {low}…{high}" if low or high else ""))
    elif spec.values:
        labelled = []
        for value in spec.values:
            label = spec.label(value)
            shown = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
            labelled.append(f"{shown} = {label.zh if t.lang == 'zh' else label.en}" if label else shown)
        notes.append(t("one-of" if spec.type == "enum" else "list-of", values="; ".join(labelled)))
    return f"{text} [{' | '.join(notes)}]" if notes else text


class _Texts:
    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, key: str, **params: object) -> str:
        return i18n.message(f"authoring.{key}", self.lang, **params)
