"""JSON Schema validation of every input; all errors yielded, best first, each with file, line and JSON path."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from typing import Any

import jsonschema
import jsonschema.exceptions
import referencing
import referencing.jsonschema

from cc_rules.base import errors
from cc_rules.io import loading, resources


@functools.cache
def _registry() -> referencing.Registry[Any]:
    resources_list = []
    for path in sorted(resources.schemas_dir().glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources_list.append((schema["$id"], referencing.Resource.from_contents(schema)))
        resources_list.append((path.name, referencing.Resource.from_contents(schema)))
    return referencing.Registry().with_resources(resources_list)


@functools.cache
def validator(name: str) -> jsonschema.protocols.Validator:
    """A compiled validator for `schemas/<name>.schema.json`."""
    schema = json.loads((resources.schemas_dir() / f"{name}.schema.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, registry=_registry())  # type: ignore[no-any-return]


def iter_problems(doc: loading.Document, schema: str) -> Iterator[errors.Problem]:
    """Yield one problem per schema violation, the most relevant first."""
    found = sorted(validator(schema).iter_errors(doc.data), key=jsonschema.exceptions.relevance)
    for error in found:
        best = _deepest(error)
        path = tuple(best.absolute_path) + _offending_key(best)
        yield errors.Problem(
            _message(best),
            file=doc.file,
            line=doc.line_of(path),
            path=errors.json_path(path),
            code="schema",
        )


def _offending_key(error: jsonschema.exceptions.ValidationError) -> tuple[str, ...]:
    """A missing or unknown key is located at that key (`$.assessment.date`), not at the mapping holding it."""
    if error.validator == "required" and isinstance(error.instance, dict):
        missing = _missing_key(error)
        return (missing,) if missing is not None else ()
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        extra = _extra_keys(error)
        return (extra[0],) if extra else ()
    return ()


def _missing_key(error: jsonschema.exceptions.ValidationError) -> str | None:
    """jsonschema reports each missing key as its own error; which one this is."""
    for key in error.validator_value:  # type: ignore[union-attr]
        if key not in error.instance and error.message == f"{key!r} is a required property":  # type: ignore[operator]
            return key  # type: ignore[no-any-return]
    return None


def _extra_keys(error: jsonschema.exceptions.ValidationError) -> list[str]:
    schema = error.schema if isinstance(error.schema, dict) else {}
    known = set(schema.get("properties", {}))
    patterns = list(schema.get("patternProperties", {}))
    instance = error.instance if isinstance(error.instance, dict) else {}
    return sorted(k for k in instance if k not in known and not any(re.search(p, k) for p in patterns))


def check(doc: loading.Document, schema: str) -> None:
    """Raise `SchemaError` with every violation if `doc` does not match `schema`."""
    problems = list(iter_problems(doc, schema))
    if problems:
        raise errors.SchemaError(problems)


_VAGUE = ("type", "not", "oneOf", "anyOf")


def _deepest(error: jsonschema.exceptions.ValidationError) -> jsonschema.exceptions.ValidationError:
    """For oneOf/anyOf failures, the sub-error that got furthest into the data is what a person needs to read.

    (jsonschema's `best_match` prefers the shallowest error, which for nested alternatives names a key that the
    data was never meant to have.) Among equally deep ones, a concrete complaint beats "wrong type" of another branch.
    """
    if not error.context:
        return error
    candidates = [_deepest(child) for child in error.context]
    depth = max(len(c.absolute_path) for c in candidates)
    if depth < len(error.absolute_path):
        return error
    deepest = [c for c in candidates if len(c.absolute_path) == depth]
    concrete = [c for c in deepest if c.validator not in _VAGUE] or deepest
    return min(concrete, key=lambda c: (not getattr(c, "_matches_type", lambda: True)(),
                                        [str(p) for p in c.absolute_path]))


def _message(error: jsonschema.exceptions.ValidationError) -> str:
    validator_name = error.validator
    if validator_name == "additionalProperties":
        extra = _extra_keys(error)
        known = sorted(error.schema.get("properties", {}))  # type: ignore[union-attr]
        hint = ""
        if extra:
            guess = errors.did_you_mean(extra[0], known)
            hint = f" (did you mean {guess!r}?)" if guess else f" (allowed: {', '.join(known)})" if known else ""
        return f"unknown key {', '.join(repr(e) for e in extra)}{hint}"
    if validator_name == "required":
        missing = _missing_key(error)
        if missing is not None:
            return f"required key {missing!r} is missing"
        return error.message.replace("is a required property", "is required but missing")
    if validator_name == "type":
        value = error.validator_value
        wanted = [str(t) for t in value] if isinstance(value, list) else [str(value)]
        return (f"wrong type: expected {' or '.join(_TYPE_NAMES.get(t, t) for t in wanted)}, "
                f"got {_kind(error.instance)} {_short(error.instance)}")
    if validator_name in ("enum", "const"):
        return f"{_short(error.instance)} is not one of {error.validator_value!r}"
    return error.message if len(error.message) < 200 else error.message[:200] + "…"


_TYPE_NAMES = {"object": "a mapping", "array": "a list", "string": "text", "integer": "an integer",
               "number": "a number", "boolean": "true or false", "null": "nothing"}


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return "nothing" if value is None else type(value).__name__


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "…"
