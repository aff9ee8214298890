"""JSON Schema validation of every input; all errors yielded, best first, each with file, line and JSON path.

jsonschema (and `referencing`) are imported only when a document fails the compiled check (`fastschema`): a valid
pack or evidence file never needs them, and importing them is a third of a light command's start-up.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, cast

from cc_rules.base import dates, errors
from cc_rules.io import fastschema, loading, resources

if TYPE_CHECKING:
    import jsonschema
    import jsonschema.exceptions
    import jsonschema.protocols
    import referencing


@functools.cache
def _registry() -> referencing.Registry[Any]:
    """Every schema by its file name: the schemas carry no `$id`, so `"$ref": "common.schema.json#…"` resolves next
    to the file, here and for any tool that reads them from disk (check-jsonschema, yaml-language-server)."""
    import referencing
    import referencing.jsonschema

    resources_list = []
    for path in sorted(resources.schemas_dir().glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resource = referencing.Resource.from_contents(schema, default_specification=referencing.jsonschema.DRAFT202012)
        resources_list.append((path.name, resource))
    return referencing.Registry().with_resources(resources_list)


@functools.cache
def validator(name: str) -> jsonschema.protocols.Validator:
    """A compiled validator for `schemas/<name>.schema.json`."""
    import jsonschema
    import jsonschema.validators

    schema = json.loads((resources.schemas_dir() / f"{name}.schema.json").read_text(encoding="utf-8"))
    extend: Callable[..., Any] = jsonschema.validators.extend
    cls = extend(jsonschema.validators.validator_for(schema), {"additionalProperties": _additional_properties})
    # Formats are asserted (a date must exist: 2026-02-30 is refused with its file, line and path).
    made: jsonschema.protocols.Validator = cls(schema, registry=_registry(), format_checker=cls.FORMAT_CHECKER)
    return made


def _additional_properties(validator: Any, aP: Any, instance: Any, schema: Any) -> Iterator[Any]:
    """jsonschema's `additionalProperties`, walking the extra keys in the document's order (jsonschema walks a set,
    whose order changes with the hash seed): the first `MAX_PROBLEMS` problems are the same on every run."""
    import jsonschema._keywords
    import jsonschema._utils

    if isinstance(aP, dict) and isinstance(instance, dict):
        for extra in dict.fromkeys(jsonschema._utils.find_additional_properties(instance, schema)):
            yield from validator.descend(instance[extra], aP, path=extra)
        return
    yield from cast(Callable[..., Iterator[Any]], jsonschema._keywords.additionalProperties)(
        validator, aP, instance, schema)


def iter_problems(doc: loading.Document, schema: str) -> Iterator[errors.Problem]:
    """Yield one problem per schema violation, the most relevant first; a violation that reads the same as one
    already yielded (a date failing both its pattern and its format) is said once.

    A valid document is recognised by the compiled check (`fastschema`); jsonschema's full walk, which finds and
    locates every problem, runs only when that check does not say valid."""
    if fastschema.is_valid(doc.data, schema):
        return
    seen: set[tuple[str | None, int | None, str, str]] = set()
    for problem in _iter_problems(doc, schema):
        said = (problem.key, problem.line, problem.path, problem.message)
        if said not in seen:
            seen.add(said)
            yield problem


# A file with more violations than this is reported with the best of the first ones and a note that the check
# stopped: each violation costs jsonschema a walk of its alternatives (about 2 ms), so 95,000 `null` facts would
# take minutes to list, and a message shows ten.
MAX_PROBLEMS = 100
TOO_MANY = "too-many-problems"


def _iter_problems(doc: loading.Document, schema: str) -> Iterator[errors.Problem]:
    import jsonschema.exceptions

    first = list(itertools.islice(validator(schema).iter_errors(doc.data), MAX_PROBLEMS + 1))
    found = sorted(first[:MAX_PROBLEMS], key=jsonschema.exceptions.relevance)
    if len(first) > MAX_PROBLEMS:
        last = tuple(first[-1].absolute_path)
        yield from _problems(doc, found)
        yield errors.Problem.of("io.too-many-problems", file=doc.file, line=doc.line_of(last),
                                path=errors.json_path(last), code=TOO_MANY, limit=MAX_PROBLEMS)
        return
    yield from _problems(doc, found)


def _problems(doc: loading.Document, found: list[jsonschema.exceptions.ValidationError]
              ) -> Iterator[errors.Problem]:
    for error in found:
        special = _comparison(error)
        best = error if special else _deepest(error)
        path = tuple(best.absolute_path) + (special[1] if special else _offending_key(best))
        file, line, where = doc.file, doc.line_of(path), errors.json_path(path)
        if special:
            key, params, suggestion = special[0]
            yield errors.Problem.of(key, file=file, line=line, path=where, code="schema", suggestion=suggestion,
                                    values=params)
            continue
        width = _full_width_problem(best)
        if width is not None:
            key, params, suggestion = width
            yield errors.Problem.of(key, file=file, line=line, path=where, code="schema", suggestion=suggestion,
                                    values=params)
            continue
        key, params = _message(best)
        yield errors.Problem.of(key, file=file, line=line, path=where, code="schema", values=params)


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


def _message(error: jsonschema.exceptions.ValidationError) -> tuple[str, dict[str, object]]:
    """The catalogue key (messages/io.yaml) and its parameters for one schema violation."""
    validator_name = error.validator
    exclusive = _exclusive_keys(error)
    if exclusive is not None:
        return exclusive
    if validator_name == "additionalProperties":
        extra = _extra_keys(error)
        known = sorted(error.schema.get("properties", {}))  # type: ignore[union-attr]
        keys = ", ".join(_short_key(e) for e in extra[:3]) + (f", … (+{len(extra) - 3})" if len(extra) > 3 else "")
        if extra:
            guess = errors.did_you_mean(extra[0], known)
            if guess:
                return "io.unknown-key-guess", {"keys": keys, "guess": guess}
            if known:
                return "io.unknown-key-allowed", {"keys": keys, "allowed": ", ".join(known)}
        return "io.unknown-key", {"keys": keys}
    if validator_name == "required":
        missing = _missing_key(error)
        if missing is not None:
            return "io.required-key", {"key": missing}
        return "io.schema-other", {"detail": error.message.replace("is a required property", "is required but missing")}
    if validator_name == "type":
        value = error.validator_value
        wanted = [str(t) for t in value] if isinstance(value, list) else [str(value)]
        return "io.wrong-type", {"wanted": _Words(tuple(_TYPE_NAMES.get(t, t) for t in wanted), "io.or"),
                                 "kind": _Words((_kind(error.instance),)), "value": _short(error.instance)}
    if validator_name in ("enum", "const"):
        return "io.not-one-of", {"value": _short(error.instance), "allowed": repr(error.validator_value)}
    if validator_name in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum") and \
            isinstance(error.instance, (int, float)):
        below = validator_name.endswith("inimum")
        return ("io.below-minimum" if below else "io.above-maximum"), {
            "value": _short(error.instance), "limit": _short(error.validator_value)}
    if validator_name in ("maxLength", "maxItems"):
        return "io.too-long", {"limit": error.validator_value, "length": len(error.instance)}  # type: ignore[arg-type]
    if validator_name in ("format", "pattern") and isinstance(error.schema, dict) and \
            error.schema.get("format") == "date":  # a date-time, 2026-6-30, 2026-02-30: the one date message
        return dates.MESSAGE, {"value": dates.shown(error.instance)}
    return "io.schema-other", {"detail": error.message if len(error.message) <= 100 else error.message[:99] + "…"}


def _exclusive_keys(error: jsonschema.exceptions.ValidationError) -> tuple[str, dict[str, object]] | None:
    """`then: {deduct: 3, add: 1}` matches two alternatives of a oneOf each requiring one key: name the keys that
    exclude each other ("`deduct` 与 `add` 只能二选一") instead of jsonschema's "is valid under each of"."""
    if error.validator != "oneOf" or not isinstance(error.instance, dict) or not isinstance(error.validator_value,
                                                                                            list):
        return None
    alternatives = [s.get("required", []) for s in error.validator_value if isinstance(s, dict)]
    present = [k for required in alternatives for k in required if k in error.instance]
    if len(present) < 2 or "is valid under each of" not in error.message:
        return None
    choices = [k for required in alternatives for k in required]
    return "io.keys-exclusive", {"first": present[0], "second": present[1],
                                 "choices": ", ".join(dict.fromkeys(choices))}


class _Words:
    """Catalogue words (io.type-*) joined by a catalogue conjunction, formatted in the message's language.

    Filled into a message as `{wanted:en}` / `{wanted:zh}`, so one parameter reads well in both languages."""

    def __init__(self, keys: tuple[str, ...], joiner: str | None = None) -> None:
        self.keys, self.joiner = keys, joiner

    def __format__(self, lang: str) -> str:
        from cc_rules.base import i18n

        lang = lang or "en"
        words = [i18n.message(f"io.type-{k}", lang) if i18n.has(f"io.type-{k}") else k for k in self.keys]
        return (i18n.message(self.joiner, lang) if self.joiner else "").join(words)

    def __repr__(self) -> str:
        return format(self, "en")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Words) and (self.keys, self.joiner) == (other.keys, other.joiner)

    def __hash__(self) -> int:
        return hash((self.keys, self.joiner))


# Comparisons: a wrong, missing or doubled operator is named as such, never as "required key 'all' is missing" of
# the first alternative of `condition`.
_OPERATOR_ALIASES = {">=": "gte", "ge": "gte", "at_least": "gte", "min": "gte", ">": "gt", "greater_than": "gt",
                     "more_than": "gt", "<=": "lte", "le": "lte", "at_most": "lte", "max": "lte", "<": "lt",
                     "less_than": "lt", "==": "eq", "=": "eq", "equals": "eq", "is": "eq", "!=": "ne", "neq": "ne",
                     "not_equal": "ne", "one_of": "in", "includes": "contains", "has": "contains"}


@functools.cache
def _operators() -> tuple[str, ...]:
    try:
        schema: Any = validator("rules").schema
        props = schema["$defs"]["comparison"]["properties"]
    except (KeyError, TypeError, OSError):
        return ()
    return tuple(k for k in props if k != "fact")


def _comparison(error: jsonschema.exceptions.ValidationError) -> (
        tuple[tuple[str, dict[str, object], str | None], tuple[str, ...]] | None):
    """For a condition that is a comparison (`{fact: …, <operator>: …}`) with a wrong, missing or second operator:
    the message (key, params, suggestion) and where (the offending key)."""
    instance = error.instance
    if error.validator not in ("oneOf", "anyOf") or not isinstance(instance, dict) or "fact" not in instance:
        return None
    ops = _operators()
    if not ops or (set(instance) - {"fact"} <= set(ops) and len(instance) == 2):
        return None
    others = [k for k in instance if k != "fact"]
    listed = ", ".join(ops)
    if not others:
        return ("io.no-operator", {"fact": str(instance["fact"]), "operators": listed}, None), ("fact",)
    unknown = [k for k in others if k not in ops]
    if unknown:
        key = str(unknown[0])
        twin = _ascii_text(key)
        guess = _OPERATOR_ALIASES.get(twin.strip().lower()) or errors.did_you_mean(twin.strip().lower(), ops)
        wide = _wide_chars(key)
        if wide:
            return ("io.operator-full-width", {"key": key, "chars": wide, "operators": listed}, guess), (key,)
        return ("io.unknown-operator", {"key": key, "operators": listed}, guess), (key,)
    return ("io.two-operators", {"keys": ", ".join(map(repr, others)), "fact": str(instance["fact"])}, None), \
        (str(others[1]),)


# Full-width punctuation typed by a Chinese input method (：，２“” and the ideographic space) is named when it causes
# the error, with the ASCII text as the suggestion.
_ascii_text = loading.ascii_text
_wide_chars = functools.partial(loading.wide_chars, in_line=False)


def _full_width_problem(error: jsonschema.exceptions.ValidationError) -> (
        tuple[str, dict[str, object], str | None] | None):
    if error.validator == "additionalProperties":
        for key in _extra_keys(error):
            wide = _wide_chars(key)
            if wide:
                return "io.key-full-width", {"key": key, "chars": wide}, _ascii_text(key).strip()
        return None
    if error.validator in ("type", "enum", "const", "pattern", "format") and isinstance(error.instance, str):
        wide = _wide_chars(error.instance)
        if wide:
            return "io.value-full-width", {"value": _short(error.instance), "chars": wide}, \
                _ascii_text(error.instance).strip()
    return None


_TYPE_NAMES = {"object": "mapping", "array": "list", "string": "text", "integer": "integer", "number": "number",
               "boolean": "boolean", "null": "nothing"}



def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a-boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, list):
        return "list"
    return "nothing" if value is None else type(value).__name__


def _short_key(key: str) -> str:
    """A key of the file as a message names it: quoted, at most 40 characters (the file is someone else's)."""
    return repr(key if len(key) <= 40 else key[:39] + "…")


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "…"
