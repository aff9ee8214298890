"""A yes/no JSON Schema check compiled once into closures: the fast path in front of jsonschema.

jsonschema walks every keyword of every node through its generic machinery on every document (about 20 ms for a
CCSO evidence file, most of a pack load); this module turns each of our schemas into nested closures once, so a
valid document costs a few closure calls per node. It answers only "valid or not": when it says not valid (or meets
a keyword it does not know, in which case it never says valid), jsonschema runs and reports every problem with its
file, line and path exactly as before. It is therefore written to be never more lenient than jsonschema: where
the two could read a value differently (`enum` across int and float, a container in `const`), it says not valid
and lets jsonschema decide. Formats are checked by jsonschema's own format checker. Nothing is generated as source.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from typing import Any

import jsonschema

from cc_rules.io import resources

Check = Callable[[Any], bool]
_ANNOTATIONS = frozenset({"$schema", "$defs", "definitions", "$comment", "title", "description", "examples",
                          "default", "deprecated", "readOnly", "writeOnly", "$id"})


class Unsupported(Exception):
    """A keyword or form this module does not compile: the schema has no fast path."""


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


_TYPES: dict[str, Callable[[object], bool]] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "number": _is_number,
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer()),
}


def _same(a: object, b: object) -> bool:
    """Equality as strict as jsonschema's or stricter (scalars of one type only)."""
    if isinstance(b, (dict, list)) or isinstance(a, (dict, list)):
        return False  # containers: let jsonschema decide
    return type(a) is type(b) and a == b


class _Compiler:
    def __init__(self) -> None:
        self.documents: dict[str, Any] = {}
        self.compiled: dict[tuple[str, str], Check] = {}
        self.format_checker = jsonschema.Draft202012Validator.FORMAT_CHECKER

    def document(self, name: str) -> Any:
        if name not in self.documents:
            path = resources.schemas_dir() / name
            self.documents[name] = json.loads(path.read_text(encoding="utf-8"))
        return self.documents[name]

    def at(self, name: str, pointer: str) -> Check:
        """The compiled schema at `pointer` in file `name`, compiled once (recursive references are resolved when
        first called)."""
        key = (name, pointer)
        if key not in self.compiled:
            self.compiled[key] = _pending(self, key)  # a recursive reference finds this until compiled
            try:
                node = self.document(name)
                for part in (p for p in pointer.lstrip("/").split("/") if p):
                    node = node[part.replace("~1", "/").replace("~0", "~")]
                self.compiled[key] = self.schema(node, name)
            except (Unsupported, KeyError, TypeError, OSError, ValueError) as exc:
                del self.compiled[key]
                raise Unsupported(f"{name}#{pointer}") from exc
        return self.compiled[key]

    def ref(self, ref: str, base: str) -> Check:
        file, _, pointer = ref.partition("#")
        return self.at(file or base, pointer)

    def schema(self, schema: Any, base: str) -> Check:
        if schema is True:
            return lambda v: True
        if schema is False:
            return lambda v: False
        if not isinstance(schema, dict):
            raise Unsupported(repr(schema))
        checks: list[Check] = []
        unknown = set(schema) - _ANNOTATIONS - _KEYWORDS
        if unknown:
            raise Unsupported(", ".join(sorted(unknown)))
        if "type" in schema:
            names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
            tests = tuple(_TYPES[n] for n in names)
            checks.append(lambda v: any(t(v) for t in tests))
        if "$ref" in schema:
            target = self.ref(schema["$ref"], base)
            checks.append(lambda v: target(v))
        if "const" in schema:
            const = schema["const"]
            checks.append(lambda v: _same(v, const))
        if "enum" in schema:
            options = tuple(schema["enum"])
            checks.append(lambda v: any(_same(v, o) for o in options))
        checks.extend(self._strings(schema))
        checks.extend(self._numbers(schema))
        checks.extend(self._objects(schema, base))
        checks.extend(self._arrays(schema, base))
        checks.extend(self._combinators(schema, base))
        if "format" in schema:
            fmt, conforms = schema["format"], self.format_checker.conforms
            checks.append(lambda v: conforms(v, fmt))
        if not checks:
            return lambda v: True
        if len(checks) == 1:
            return checks[0]
        group = tuple(checks)
        return lambda v: all(c(v) for c in group)

    @staticmethod
    def _strings(schema: dict[str, Any]) -> list[Check]:
        out: list[Check] = []
        if "minLength" in schema:
            low = schema["minLength"]
            out.append(lambda v: not isinstance(v, str) or len(v) >= low)
        if "maxLength" in schema:
            high = schema["maxLength"]
            out.append(lambda v: not isinstance(v, str) or len(v) <= high)
        if "pattern" in schema:
            search = re.compile(schema["pattern"]).search
            out.append(lambda v: not isinstance(v, str) or search(v) is not None)
        return out

    @staticmethod
    def _numbers(schema: dict[str, Any]) -> list[Check]:
        out: list[Check] = []
        bounds = (("minimum", lambda v, b: v >= b), ("maximum", lambda v, b: v <= b),
                  ("exclusiveMinimum", lambda v, b: v > b), ("exclusiveMaximum", lambda v, b: v < b))
        for keyword, test in bounds:
            if keyword in schema:
                bound = schema[keyword]
                out.append(lambda v, b=bound, t=test: not _is_number(v) or t(v, b))  # type: ignore[misc]
        return out

    def _objects(self, schema: dict[str, Any], base: str) -> list[Check]:
        out: list[Check] = []
        if "required" in schema:
            required = tuple(schema["required"])
            out.append(lambda v: not isinstance(v, dict) or all(k in v for k in required))
        if "minProperties" in schema:
            low = schema["minProperties"]
            out.append(lambda v: not isinstance(v, dict) or len(v) >= low)
        if "maxProperties" in schema:
            high = schema["maxProperties"]
            out.append(lambda v: not isinstance(v, dict) or len(v) <= high)
        properties = {k: self.schema(s, base) for k, s in schema.get("properties", {}).items()}
        patterns = tuple((re.compile(p).search, self.schema(s, base))
                         for p, s in schema.get("patternProperties", {}).items())
        extra = self.schema(schema["additionalProperties"], base) if "additionalProperties" in schema else None
        if properties or patterns or extra is not None:
            out.append(_members(properties, patterns, extra))
        if "propertyNames" in schema:
            names = self.schema(schema["propertyNames"], base)
            out.append(lambda v: not isinstance(v, dict) or all(isinstance(k, str) and names(k) for k in v))
        if "dependentSchemas" in schema:
            dependent = tuple((k, self.schema(s, base)) for k, s in schema["dependentSchemas"].items())
            out.append(lambda v: not isinstance(v, dict) or all(c(v) for k, c in dependent if k in v))
        return out

    def _arrays(self, schema: dict[str, Any], base: str) -> list[Check]:
        out: list[Check] = []
        if "items" in schema:
            if not isinstance(schema["items"], (dict, bool)):
                raise Unsupported("items as a list")
            item = self.schema(schema["items"], base)
            out.append(lambda v: not isinstance(v, list) or all(item(x) for x in v))
        if "minItems" in schema:
            low = schema["minItems"]
            out.append(lambda v: not isinstance(v, list) or len(v) >= low)
        if "maxItems" in schema:
            high = schema["maxItems"]
            out.append(lambda v: not isinstance(v, list) or len(v) <= high)
        return out

    def _combinators(self, schema: dict[str, Any], base: str) -> list[Check]:
        out: list[Check] = []
        if "allOf" in schema:
            every = tuple(self.schema(s, base) for s in schema["allOf"])
            out.append(lambda v: all(c(v) for c in every))
        if "anyOf" in schema:
            some = tuple(self.schema(s, base) for s in schema["anyOf"])
            out.append(lambda v: any(c(v) for c in some))
        if "oneOf" in schema:
            alternatives = tuple(self.schema(s, base) for s in schema["oneOf"])
            out.append(lambda v: sum(1 for c in alternatives if c(v)) == 1)
        if "not" in schema:
            negated = self.schema(schema["not"], base)
            out.append(lambda v: not negated(v))
        if "if" in schema:
            condition = self.schema(schema["if"], base)
            then = self.schema(schema.get("then", True), base)
            otherwise = self.schema(schema.get("else", True), base)
            out.append(lambda v: then(v) if condition(v) else otherwise(v))
        return out


_KEYWORDS = frozenset({
    "type", "$ref", "const", "enum", "minLength", "maxLength", "pattern", "minimum", "maximum", "exclusiveMinimum",
    "exclusiveMaximum", "required", "minProperties", "maxProperties", "properties", "patternProperties",
    "additionalProperties", "propertyNames", "dependentSchemas", "items", "minItems", "maxItems", "allOf", "anyOf",
    "oneOf", "not", "if", "then", "else", "format",
})


def _members(properties: dict[str, Check], patterns: tuple[tuple[Callable[[str], object], Check], ...],
             extra: Check | None) -> Check:
    """`properties`, `patternProperties` and `additionalProperties` of one object schema."""
    def members(value: Any) -> bool:
        if not isinstance(value, dict):
            return True
        for key, item in value.items():
            if not isinstance(key, str):
                return False  # not a JSON object key: let jsonschema say what it makes of it
            check = properties.get(key)
            matched = check is not None
            if check is not None and not check(item):
                return False
            for search, pattern_check in patterns:
                if search(key) is not None:
                    matched = True
                    if not pattern_check(item):
                        return False
            if not matched and extra is not None and not extra(item):
                return False
        return True
    return members


def _pending(compiler: _Compiler, key: tuple[str, str]) -> Check:
    return lambda v: compiler.compiled[key](v)


@functools.cache
def _compiler() -> _Compiler:
    return _Compiler()


@functools.cache
def checker(name: str) -> Check | None:
    """The compiled check for `schemas/<name>.schema.json`, or None when it uses something not compiled here."""
    try:
        return _compiler().at(f"{name}.schema.json", "")
    except Unsupported:
        return None


def is_valid(data: object, name: str) -> bool:
    """True only if `data` matches the schema (False also when there is no fast path: then ask jsonschema)."""
    check = checker(name)
    if check is None:
        return False
    try:
        return check(data)
    except (TypeError, ValueError, RecursionError):  # an input shape the closures did not expect: ask jsonschema
        return False
