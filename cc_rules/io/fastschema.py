"""A yes/no JSON Schema check compiled once into closures: the fast path in front of jsonschema.

jsonschema walks every keyword of every node through its generic machinery on every document (about 20 ms for a
CCSO evidence file, most of a pack load); this module turns each of our schemas into closures once. A value is
checked by the Python type it has: each compiled schema is a table from type (`str`, `int`, `float`, `bool`,
`None`, `dict`, `list`) to what a value of that type must still satisfy, or `None` when any value of that type is
valid, and a type missing from the table is never valid. So `"type"`, the members of a `oneOf` or `anyOf` that
cannot hold the value, string keywords on a number and the like are decided once, when compiling, and a valid
scalar costs one dictionary look-up.

It answers only "valid or not": when it says not valid (or meets a keyword it does not know, in which case the
schema has no fast path), jsonschema runs and reports every problem with its file, line and path exactly as before.
It is therefore written to be never more lenient than jsonschema: where the two could read a value differently
(`enum` across int and float, a container in `const`, a subclass of `str`), it says not valid and lets jsonschema
decide. The one format our schemas use, `date`, is checked here as jsonschema checks it, so that jsonschema is
imported only for a document that fails. Nothing is generated as source.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Callable
from typing import Any

from cc_rules.io import resources

Check = Callable[[Any], bool]
# What a value of one Python type must satisfy: None, anything of that type is valid. A type not in the table: never.
Table = dict[type, Check | None]
_ANNOTATIONS = frozenset({"$schema", "$defs", "definitions", "$comment", "title", "description", "examples",
                          "default", "deprecated", "readOnly", "writeOnly", "$id"})
_NONE = type(None)
_ALL: tuple[type, ...] = (str, int, float, bool, _NONE, dict, list)
_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,), "array": (list,), "string": (str,), "boolean": (bool,), "null": (_NONE,),
    "number": (int, float), "integer": (int, float),  # a float is an integer when it has no fraction
}
_MISSING: Any = object()


class Unsupported(Exception):
    """A keyword or form this module does not compile: the schema has no fast path."""


def _date(value: str) -> bool:
    """jsonschema's `date` format: `YYYY-MM-DD` in ASCII digits, a day that exists."""
    if _DATE.fullmatch(value) is None:
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
_FORMATS: dict[str, Check] = {"date": _date}  # string formats; jsonschema ignores a format on other types


def valid(table: Table, value: object) -> bool:
    """`value` matches the compiled schema `table`."""
    check = table.get(type(value), _MISSING)
    return check is None or (check is not _MISSING and check(value))


def _all(checks: list[Check]) -> Check | None:
    if not checks:
        return None
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        first, second = checks
        return lambda v: first(v) and second(v)
    group = tuple(checks)

    def every(value: object) -> bool:
        for check in group:  # noqa: SIM110 (a loop, not all() over a generator: this is the hot path)
            if not check(value):
                return False
        return True
    return every


class _Compiler:
    def __init__(self) -> None:
        self.documents: dict[str, Any] = {}
        self.compiled: dict[tuple[str, str], Table] = {}
        self.pending: set[tuple[str, str]] = set()

    def document(self, name: str) -> Any:
        if name not in self.documents:
            path = resources.schemas_dir() / name
            self.documents[name] = json.loads(path.read_text(encoding="utf-8"))
        return self.documents[name]

    def at(self, name: str, pointer: str) -> Table:
        """The compiled schema at `pointer` in file `name`, compiled once. A recursive reference gets the table
        being filled (its contents are read when checking, not when compiling)."""
        key = (name, pointer)
        if key not in self.compiled:
            table: Table = {}
            self.compiled[key] = table
            self.pending.add(key)
            try:
                node = self.document(name)
                for part in (p for p in pointer.lstrip("/").split("/") if p):
                    node = node[part.replace("~1", "/").replace("~0", "~")]
                table.update(self.ready(self.schema(node, name)))
            except (Unsupported, KeyError, TypeError, OSError, ValueError) as exc:
                del self.compiled[key]
                raise Unsupported(f"{name}#{pointer}") from exc
            finally:
                self.pending.discard(key)
        return self.compiled[key]

    def ref(self, ref: str, base: str) -> Table:
        file, _, pointer = ref.partition("#")
        return self.at(file or base, pointer)

    def ready(self, table: Table) -> Table:
        """A table whose contents are needed now (a combinator, a `$ref` beside other keywords)."""
        if any(self.compiled.get(key) is table for key in self.pending):
            raise Unsupported("a reference back into a schema being compiled, read while compiling it")
        return table

    def schema(self, schema: Any, base: str) -> Table:
        if schema is True:
            return dict.fromkeys(_ALL)
        if schema is False:
            return {}
        if not isinstance(schema, dict):
            raise Unsupported(repr(schema))
        unknown = set(schema) - _ANNOTATIONS - _KEYWORDS
        if unknown:
            raise Unsupported(", ".join(sorted(unknown)))
        if set(schema) - _ANNOTATIONS == {"$ref"}:  # the referenced table itself (recursion needs no contents)
            return self.ref(schema["$ref"], base)
        checks: dict[type, list[Check]] = {t: [] for t in _ALL}
        if "type" in schema:
            names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
            allowed = {t for n in names for t in _JSON_TYPES[n]}
            checks = {t: c for t, c in checks.items() if t in allowed}
            if float in checks and "integer" in names and "number" not in names:
                checks[float].append(float.is_integer)
        if "$ref" in schema:
            self._and(checks, self.ready(self.ref(schema["$ref"], base)))
        for keyword in ("const", "enum"):
            if keyword in schema:
                options = [schema["const"]] if keyword == "const" else list(schema["enum"])
                for t in list(checks):  # scalars of the value's own type only (jsonschema also has 1 == 1.0)
                    same = frozenset(o for o in options if type(o) is t and t not in (dict, list))
                    if not same:
                        del checks[t]
                    else:
                        checks[t].append(same.__contains__)
        if str in checks:
            checks[str].extend(self._strings(schema))
        for t in (int, float):
            if t in checks:
                checks[t].extend(self._numbers(schema))
        if dict in checks:
            checks[dict].extend(self._objects(schema, base))
        if list in checks:
            checks[list].extend(self._arrays(schema, base))
        self._combinators(checks, schema, base)
        return {t: _all(c) for t, c in checks.items()}

    @staticmethod
    def _and(checks: dict[type, list[Check]], table: Table) -> None:
        """Narrow `checks` to what `table` also requires."""
        for t in list(checks):
            if t not in table:
                del checks[t]
            elif (extra := table[t]) is not None:
                checks[t].append(extra)

    @staticmethod
    def _strings(schema: dict[str, Any]) -> list[Check]:
        out: list[Check] = []
        if "minLength" in schema:
            low = schema["minLength"]
            out.append(lambda v: len(v) >= low)
        if "maxLength" in schema:
            high = schema["maxLength"]
            out.append(lambda v: len(v) <= high)
        if "pattern" in schema:
            search = re.compile(schema["pattern"]).search
            out.append(lambda v: search(v) is not None)
        if "format" in schema:
            if schema["format"] not in _FORMATS:
                raise Unsupported(f"format {schema['format']}")
            out.append(_FORMATS[schema["format"]])
        return out

    @staticmethod
    def _numbers(schema: dict[str, Any]) -> list[Check]:
        out: list[Check] = []
        if "minimum" in schema:
            low = schema["minimum"]
            out.append(lambda v: v >= low)
        if "maximum" in schema:
            high = schema["maximum"]
            out.append(lambda v: v <= high)
        if "exclusiveMinimum" in schema:
            above = schema["exclusiveMinimum"]
            out.append(lambda v: v > above)
        if "exclusiveMaximum" in schema:
            below = schema["exclusiveMaximum"]
            out.append(lambda v: v < below)
        return out

    def _objects(self, schema: dict[str, Any], base: str) -> list[Check]:
        out: list[Check] = []
        if "required" in schema:
            required = frozenset(schema["required"])
            out.append(lambda v: v.keys() >= required)
        if "minProperties" in schema:
            low = schema["minProperties"]
            out.append(lambda v: len(v) >= low)
        if "maxProperties" in schema:
            high = schema["maxProperties"]
            out.append(lambda v: len(v) <= high)
        properties = {k: self.schema(s, base) for k, s in schema.get("properties", {}).items()}
        patterns = tuple((re.compile(p).search, self.schema(s, base))
                         for p, s in schema.get("patternProperties", {}).items())
        extra = self.schema(schema["additionalProperties"], base) if "additionalProperties" in schema else None
        if properties or patterns or extra is not None:
            out.append(_members(properties, patterns, extra))
        if "propertyNames" in schema:
            names = self.schema(schema["propertyNames"], base)
            out.append(lambda v: all(type(k) is str and valid(names, k) for k in v))
        if "dependentSchemas" in schema:
            dependent = tuple((k, self.schema(s, base)) for k, s in schema["dependentSchemas"].items())
            out.append(lambda v: all(valid(t, v) for k, t in dependent if k in v))
        return out

    def _arrays(self, schema: dict[str, Any], base: str) -> list[Check]:
        out: list[Check] = []
        if "items" in schema:
            if not isinstance(schema["items"], (dict, bool)):
                raise Unsupported("items as a list")
            item = self.schema(schema["items"], base)

            def items(v: list[Any]) -> bool:
                for x in v:
                    check = item.get(type(x), _MISSING)
                    if check is None:
                        continue
                    if check is _MISSING or not check(x):
                        return False
                return True
            out.append(items)
        if "minItems" in schema:
            low = schema["minItems"]
            out.append(lambda v: len(v) >= low)
        if "maxItems" in schema:
            high = schema["maxItems"]
            out.append(lambda v: len(v) <= high)
        return out

    def _combinators(self, checks: dict[type, list[Check]], schema: dict[str, Any], base: str) -> None:
        """Each combinator decided per type where it can be: a member that cannot hold a type is out for it."""
        if "allOf" in schema:
            for sub in schema["allOf"]:
                self._and(checks, self.ready(self.schema(sub, base)))
        if "anyOf" in schema:
            some = [self.ready(self.schema(s, base)) for s in schema["anyOf"]]
            for t in list(checks):
                held = [table[t] for table in some if t in table]
                if not held:
                    del checks[t]
                elif None not in held:
                    alternatives = tuple(c for c in held if c is not None)
                    checks[t].append(lambda v, alts=alternatives: any(c(v) for c in alts))  # type: ignore[misc]
        if "oneOf" in schema:
            members = [self.ready(self.schema(s, base)) for s in schema["oneOf"]]
            for t in list(checks):
                held = [table[t] for table in members if t in table]
                always = held.count(None)
                if not held or always > 1:
                    del checks[t]
                elif len(held) == 1:
                    if held[0] is not None:
                        checks[t].append(held[0])
                else:
                    others = tuple(c for c in held if c is not None)
                    checks[t].append(_exactly_one(others, always))
        if "not" in schema:
            negated = self.ready(self.schema(schema["not"], base))
            for t in list(checks):
                if t in negated:
                    if negated[t] is None:
                        del checks[t]
                    else:
                        checks[t].append(lambda v, c=negated[t]: not c(v))  # type: ignore[misc]
        if "if" in schema:
            condition = self.ready(self.schema(schema["if"], base))
            then = self.ready(self.schema(schema.get("then", True), base))
            otherwise = self.ready(self.schema(schema.get("else", True), base))
            for t in list(checks):
                if t not in condition or condition[t] is None:  # decided by the type: one branch applies
                    branch = then if t in condition else otherwise
                    if t not in branch:
                        del checks[t]
                    elif (extra := branch[t]) is not None:
                        checks[t].append(extra)
                else:
                    test = condition[t]
                    checks[t].append(lambda v, c=test, yes=then, no=otherwise:  # type: ignore[misc]
                                     valid(yes, v) if c(v) else valid(no, v))


def _exactly_one(checks: tuple[Check, ...], always: int) -> Check:
    """oneOf among the members that can hold the value's type: `always` of them (0 or 1) hold any such value."""
    def one(value: object) -> bool:
        count = always
        for check in checks:
            if check(value):
                count += 1
                if count > 1:
                    return False
        return count == 1
    return one


_KEYWORDS = frozenset({
    "type", "$ref", "const", "enum", "minLength", "maxLength", "pattern", "minimum", "maximum", "exclusiveMinimum",
    "exclusiveMaximum", "required", "minProperties", "maxProperties", "properties", "patternProperties",
    "additionalProperties", "propertyNames", "dependentSchemas", "items", "minItems", "maxItems", "allOf", "anyOf",
    "oneOf", "not", "if", "then", "else", "format",
})


def _members(properties: dict[str, Table], patterns: tuple[tuple[Callable[[str], object], Table], ...],
             extra: Table | None) -> Check:
    """`properties`, `patternProperties` and `additionalProperties` of one object schema."""
    if not patterns and not properties and extra is not None:  # a mapping of like values (facts, reviews, …)
        get = extra.get

        def like(value: dict[Any, Any]) -> bool:
            for key, item in value.items():
                if type(key) is not str:
                    return False
                check = get(type(item), _MISSING)
                if check is None:
                    continue
                if check is _MISSING or not check(item):
                    return False
            return True
        return like
    if not patterns:
        def members(value: dict[Any, Any]) -> bool:
            for key, item in value.items():
                table = properties.get(key) if type(key) is str else _MISSING
                if table is None:
                    if extra is None:
                        continue
                    table = extra
                elif table is _MISSING:
                    return False  # not a JSON object key: let jsonschema say what it makes of it
                check = table.get(type(item), _MISSING)
                if check is None:
                    continue
                if check is _MISSING or not check(item):
                    return False
            return True
        return members

    def with_patterns(value: dict[Any, Any]) -> bool:
        for key, item in value.items():
            if type(key) is not str:
                return False
            table = properties.get(key)
            matched = table is not None
            if table is not None and not valid(table, item):
                return False
            for search, pattern_table in patterns:
                if search(key) is not None:
                    matched = True
                    if not valid(pattern_table, item):
                        return False
            if not matched and extra is not None and not valid(extra, item):
                return False
        return True
    return with_patterns


@functools.cache
def _compiler() -> _Compiler:
    return _Compiler()


@functools.cache
def checker(name: str) -> Check | None:
    """The compiled check for `schemas/<name>.schema.json`, or None when it uses something not compiled here."""
    try:
        table = _compiler().at(f"{name}.schema.json", "")
    except Unsupported:
        return None
    return functools.partial(valid, table)


def is_valid(data: object, name: str) -> bool:
    """True only if `data` matches the schema (False also when there is no fast path: then ask jsonschema)."""
    check = checker(name)
    if check is None:
        return False
    try:
        return check(data)
    except (TypeError, ValueError, RecursionError):  # an input shape the closures did not expect: ask jsonschema
        return False
