"""JSON Schema validation of every input; all errors yielded, best first, each with file, line and JSON path."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from typing import Any

import jsonschema
import jsonschema.exceptions
import referencing
import referencing.jsonschema

from cc_rules import errors, loading, resources


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
        path = tuple(best.absolute_path)
        yield errors.Problem(
            _message(best),
            file=doc.file,
            line=doc.line_of(path),
            path=errors.json_path(path),
            code="schema",
        )


def check(doc: loading.Document, schema: str) -> None:
    """Raise `SchemaError` with every violation if `doc` does not match `schema`."""
    problems = list(iter_problems(doc, schema))
    if problems:
        raise errors.SchemaError(problems)


def _deepest(error: jsonschema.exceptions.ValidationError) -> jsonschema.exceptions.ValidationError:
    """For oneOf/anyOf failures, the sub-error that got furthest is what a person needs to read."""
    if error.context:
        best = jsonschema.exceptions.best_match(error.context)
        if best is not None and len(best.absolute_path) >= len(error.absolute_path):
            return _deepest(best)
    return error


def _message(error: jsonschema.exceptions.ValidationError) -> str:
    validator_name = error.validator
    if validator_name == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))  # type: ignore[union-attr]
        known = sorted(error.schema.get("properties", {}))  # type: ignore[union-attr]
        hint = ""
        if extra:
            guess = errors.did_you_mean(extra[0], known)
            hint = f" (did you mean {guess!r}?)" if guess else f" (allowed: {', '.join(known)})"
        return f"unknown key {', '.join(repr(e) for e in extra)}{hint}"
    if validator_name == "required":
        return error.message.replace("is a required property", "is required but missing")
    if validator_name == "type":
        return f"wrong type: {_short(error.instance)} is not of type {error.validator_value}"
    if validator_name in ("enum", "const"):
        return f"{_short(error.instance)} is not one of {error.validator_value!r}"
    return error.message if len(error.message) < 200 else error.message[:200] + "…"


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "…"
