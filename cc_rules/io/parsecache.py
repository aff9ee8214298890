"""Parsed YAML documents kept by content, so that an unchanged file is composed once, not on every run.

Composing YAML with marks is most of what reading a pack costs (libyaml builds a node per value, and the lines of
every path are taken from them); the result is plain data and a map of lines, which JSON holds exactly. The loader
hands the bytes of a file to `lookup` before composing them and its result to `keep` after: an entry is keyed by
the SHA-256 of the bytes, salted with what the result depends on (this format, the cc-rules and PyYAML versions,
the loader's own source), and holds the data and the lines, never the file's name (the same bytes under another
name give the same document with that name).

Where entries live is not decided here: this layer reads no environment and picks no directory. A `Store` (get and
put bytes by key) is given with `use_store`; there is none by default, so library use and tests parse every time
unless they give one. The CLI gives a directory store (`cc_rules.cli.cache`).

An entry is only ever read as JSON (never executed, no pickle). Only a successful parse is kept, and only when
JSON holds it exactly (plain dicts with text keys, lists, text, finite numbers within 64 bits, booleans, null);
errors always come from the real loader. An entry that does not decode to what `keep` wrote (truncated, corrupt,
written by another format or for another key) is ignored: the file is parsed again and the entry replaced.
"""

from __future__ import annotations

import hashlib
import math
from pathlib import Path
from typing import Any, Protocol

import orjson

FORMAT = 1  # what an entry holds; a change to it, or to what the loader builds, bumps this
# Smaller texts (a step's value, a short waiver file) are parsed, not kept: measured, a 70-byte text parses in 37 us
# and is read from a directory store in 55 us, 300 bytes 109 against 61 us, 940 bytes 311 against 81 us; a miss
# also pays for writing the entry.
MIN_BYTES = 512

PathKey = tuple[str | int, ...]


class Store(Protocol):
    """Where entries are kept: bytes by key (a hex digest). `get` answers None for a missing or unreadable entry,
    `put` never raises (a store that cannot write drops the entry)."""

    def get(self, key: str) -> bytes | None: ...

    def put(self, key: str, value: bytes) -> None: ...


Setting = tuple[Store | None, str, int]  # (store, version, min_bytes)


class _State:
    store: Store | None = None
    version: str = ""
    min_bytes: int = MIN_BYTES
    salt: bytes | None = None


def use_store(store: Store | None, *, version: str = "", min_bytes: int = MIN_BYTES) -> Setting:
    """Read and keep documents of at least `min_bytes` through `store` (None: no cache) from now on, `version`
    being the caller's release (the CLI gives cc-rules'; entries of another are not read); returns the setting
    before, for `restore`."""
    previous = (_State.store, _State.version, _State.min_bytes)
    restore((store, version, min_bytes))
    return previous


def restore(previous: Setting) -> None:
    """Put back what `use_store` returned."""
    if previous[1] != _State.version:
        _State.salt = None
    _State.store, _State.version, _State.min_bytes = previous


def current() -> Store | None:
    return _State.store


def _salt() -> bytes:
    """What a parse depends on besides the bytes: read once a process (the loader's source is hashed, so a checkout
    whose loader was edited does not read entries made before, though its version is the same)."""
    if _State.salt is None:
        import yaml  # already imported by the loader that asks

        try:
            source = hashlib.sha256(Path(__file__).with_name("loading.py").read_bytes()).hexdigest()
        except OSError:  # a zipped install: the version alone
            source = ""
        libyaml = getattr(yaml, "__with_libyaml__", False)
        _State.salt = f"cc-rules-document/{FORMAT}/{_State.version}/{yaml.__version__}/{libyaml}/{source}\0".encode()
    return _State.salt


def key(raw: bytes) -> str:
    """The key of the entry for a file's bytes."""
    return hashlib.sha256(_salt() + raw).hexdigest()


def lookup(raw: bytes) -> tuple[str, tuple[Any, dict[PathKey, int]] | None] | None:
    """(key, (data, lines) or None when there is no usable entry) for a file's bytes; None when no store is used
    or the text is too small to be worth one."""
    store = _State.store
    if store is None or len(raw) < _State.min_bytes:
        return None
    entry_key = key(raw)
    blob = store.get(entry_key)
    return entry_key, (decode(entry_key, blob) if blob is not None else None)


def keep(entry_key: str, data: Any, lines: dict[PathKey, int]) -> None:
    """Store the loader's result under `entry_key`, when JSON holds it exactly."""
    store = _State.store
    if store is None:
        return
    blob = encode(entry_key, data, lines)
    if blob is not None:
        store.put(entry_key, blob)


def encode(entry_key: str, data: Any, lines: dict[PathKey, int]) -> bytes | None:
    """The entry's bytes, or None when JSON would not give back exactly this data and these lines."""
    if not _exact(data) or not all(type(line) is int and all(type(part) is str or type(part) is int for part in path)
                                   for path, line in lines.items()):
        return None
    try:  # the data last: an entry cut short fails to decode
        return orjson.dumps({"format": FORMAT, "key": entry_key, "paths": list(lines), "lines": list(lines.values()),
                             "data": data})
    except orjson.JSONEncodeError:  # an integer past 64 bits, a lone surrogate
        return None


def decode(entry_key: str, blob: bytes) -> tuple[Any, dict[PathKey, int]] | None:
    """(data, lines) from an entry, or None when it is not one `encode` wrote for this key."""
    try:
        entry = orjson.loads(blob)
        if (type(entry) is not dict or entry.get("format") != FORMAT or entry.get("key") != entry_key
                or "data" not in entry):
            return None
        paths, numbers = entry["paths"], entry["lines"]
        if (type(paths) is not list or type(numbers) is not list or len(paths) != len(numbers)
                or not set(map(type, paths)) <= {list} or not set(map(type, numbers)) <= {int}):
            return None
        lines = dict(zip(map(tuple, paths), numbers, strict=True))
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
        return None
    return entry["data"], lines


def _exact(node: Any) -> bool:
    """Whether JSON gives `node` back with the same types: dicts with text keys, lists, text, ints, finite floats,
    booleans, null (ints past 64 bits are refused by orjson itself)."""
    kind = type(node)
    if kind is dict:
        return all(type(k) is str for k in node) and all(_exact(v) for v in node.values())
    if kind is list:
        return all(_exact(v) for v in node)
    if kind is float:
        return math.isfinite(node)
    return kind is str or kind is int or kind is bool or node is None
