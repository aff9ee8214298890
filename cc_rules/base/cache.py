"""The process's caches, in one place: small bounded LRUs with a name, a size and an eviction callback; and the
content digest their keys are made of.

Keys are content, never paths: `digest` hashes a canonical serialisation of frozen dataclasses (fields that take part
in comparison only), so a pack changed in memory (`dataclasses.replace` of one rule) gets a new key.

The caches (sizes chosen so a long-running process serving many distinct packs stays flat):

| name                 | holds                                                  | size    | on eviction              |
|----------------------|--------------------------------------------------------|---------|--------------------------|
| `compiled`           | compiled rules of (pack content, date signature)       | 64      | —                        |
| `compiled-by-day`    | the `CompiledPack` of (pack content, source, date)     | 256     | —                        |
| `compiled-by-span`   | a pack's calendar and a `CompiledPack` per span of it  | 64      | —                        |
| per-pack tables      | `prepared`, `binders`, `why-not-pack-data`, `award-*`, | 64 each | —                        |
|                      | `points-*`, `conformity-ranks`: by `CompiledPack.key`  |         |                          |
| `benchmark-facts`    | the survey's facts per compiled pack, date, industry   | 256     | —                        |
| `plain-programs`     | the closures of a compiled pack                        | 64      | —                        |
| `durable-programs`   | rulesets registered in durable's C engine              | 16      | `delete_ruleset` frees it |
| `reported-documents` | pack files read again to place a problem               | 4       | —                        |

A durable ruleset of a CCSO-sized pack holds ~2.7 MB in the C engine, so 16 keep it under ~45 MB.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import enum
import hashlib
import json
import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class LRU(Generic[K, V]):
    """A bounded least-recently-used map. `on_evict(key, value)` runs for every entry dropped (also by `clear`)."""

    def __init__(self, name: str, size: int, on_evict: Callable[[K, V], None] | None = None) -> None:
        if size < 1:
            raise ValueError("a cache holds at least one entry")
        self.name, self.size, self.on_evict = name, size, on_evict
        self._data: collections.OrderedDict[K, V] = collections.OrderedDict()
        self._lock = threading.RLock()
        self.hits = self.misses = self.evictions = 0
        REGISTRY[name] = self

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def get(self, key: K) -> V | None:
        with self._lock:
            found = self._data.get(key)
            if found is None:
                self.misses += 1
                return None
            self._data.move_to_end(key)
            self.hits += 1
            return found

    def put(self, key: K, value: V) -> V:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.size:
                old_key, old_value = self._data.popitem(last=False)
                self._evicted(old_key, old_value)
            return value

    def get_or_make(self, key: K, make: Callable[[], V]) -> V:
        with self._lock:
            found = self.get(key)
            return found if found is not None else self.put(key, make())

    def clear(self) -> None:
        with self._lock:
            while self._data:
                key, value = self._data.popitem(last=False)
                self._evicted(key, value)

    def _evicted(self, key: K, value: V) -> None:
        self.evictions += 1
        if self.on_evict is not None:
            self.on_evict(key, value)

    def stats(self) -> dict[str, int]:
        return {"size": self.size, "entries": len(self._data), "hits": self.hits, "misses": self.misses,
                "evictions": self.evictions}


REGISTRY: dict[str, LRU] = {}  # type: ignore[type-arg]


def clear_all() -> None:
    """Empty every cache (eviction callbacks run)."""
    for cache in list(REGISTRY.values()):
        cache.clear()


# Content digests ------------------------------------------------------------------------------------------------------


def canonical(value: object, exclude: frozenset[str] = frozenset()) -> object:
    """A JSON-ready canonical form: dataclasses by type name and compared fields (`exclude` names skipped at any
    level), tuples and lists as lists, mappings sorted, dates ISO; numbers keep their type (1, 1.0 and True differ)."""
    kind = type(value)
    if kind is str or kind is int or value is None:  # most of a pack: its texts and counts, as they are
        return value
    if kind is tuple or kind is list:
        return [canonical(v, exclude) for v in value]  # type: ignore[attr-defined]
    names = _compared(kind, exclude) if hasattr(kind, "__dataclass_fields__") and kind is not type else None
    if names is not None:
        return [kind.__name__, *([name, canonical(getattr(value, name), exclude)] for name in names)]
    return _canonical_other(value, exclude)


def _canonical_other(value: object, exclude: frozenset[str]) -> object:
    """`canonical` of what is neither text, a whole number, None, a tuple, a list nor a dataclass instance."""
    if isinstance(value, (list, tuple)):
        return [canonical(v, exclude) for v in value]
    if isinstance(value, dict):
        return ["{}", *sorted(([canonical(k, exclude), canonical(v, exclude)] for k, v in value.items()),
                              key=lambda kv: json.dumps(kv, sort_keys=True, ensure_ascii=False))]
    if isinstance(value, (set, frozenset)):
        return ["set", *sorted((canonical(v, exclude) for v in value), key=lambda x: json.dumps(x, sort_keys=True))]
    if isinstance(value, (dt.date, dt.datetime)):
        return ["date", value.isoformat()]
    if isinstance(value, enum.Enum):
        return canonical(value.value, exclude)
    if isinstance(value, bool):
        return ["bool", value]
    if isinstance(value, float):
        return ["float", repr(value)]
    if value is None or isinstance(value, (str, int)):
        return value
    return ["repr", type(value).__name__, repr(value)]


def _compared(kind: type, exclude: frozenset[str]) -> tuple[str, ...]:
    """The names of a dataclass's fields that take part in comparison, but `exclude`, in declaration order: looked
    up once per class instead of for every instance (a pack holds thousands)."""
    key = (kind, exclude)
    names = _COMPARED.get(key)
    if names is None:
        names = _COMPARED[key] = tuple(f.name for f in dataclasses.fields(kind) if f.compare and f.name not in exclude)
    return names


_COMPARED: dict[tuple[type, frozenset[str]], tuple[str, ...]] = {}  # a few dozen classes, one or two `exclude`s


def digest(value: object, exclude: frozenset[str] = frozenset()) -> str:
    """SHA-256 of the canonical form of `value`, hex."""
    text = json.dumps(canonical(value, exclude), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
