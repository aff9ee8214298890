"""Safe reading of YAML and JSON files: the only place that touches raw bytes of packs and evidence.

Limits are checked before and while parsing, so a hostile file costs little: size, encoding, YAML tags (only the
safe loader's plain types), alias expansion and nesting depth. Every value keeps the line it came from, so later
phases can name file, line and JSON path.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import itertools
import math
import os
import re
import stat
import time
import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import orjson
import yaml

from cc_rules.base import dates, errors
from cc_rules.io import parsecache

# libyaml's safe loader when PyYAML was built with it (about 10x faster on packs); the same node API and marks.
_BASE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVED: dict[tuple[str, tuple[bool, bool]], str] = {}
_RESOLVED_SIZE = 50_000


class _Loader(_BASE_LOADER):  # type: ignore[misc]
    """The safe loader, remembering the tag each plain scalar resolves to: the resolver tries a list of regular
    expressions on every scalar (a fifth of composing an evidence file), and keys and values repeat across files.
    The tag depends only on the text and how it was quoted (the safe loader has no path resolvers)."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is yaml.ScalarNode and not self.yaml_path_resolvers:
            key = (value, implicit)
            tag = _RESOLVED.get(key)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(_RESOLVED) >= _RESOLVED_SIZE:
                    _RESOLVED.clear()
                _RESOLVED[key] = tag
            return tag
        return super().resolve(kind, value, implicit)


_LOADER: Any = _Loader
MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 32
MAX_NODES = 200_000
# No number in a pack, an evidence file or a waiver is this large (facts declare tighter ranges, by default below
# 10^12): ±.inf, 1.0e+308 and 400-digit integers stop here, where the file and line are still known.
MAX_NUMBER = 10**15

PathKey = tuple[str | int, ...]


@dataclasses.dataclass(frozen=True)
class Document:
    """A parsed file: plain data (dates as ISO strings) and the line of every path in it.

    `exact` is False for a JSON file read the fast way (`_json_document`): `lines` is then a `KeyLines`, the line of
    every key in file order, turned into the mapping by path only when first read as one; it has no list items,
    and the first time a list item's line is asked for, the full loader reads the text once and completes `lines`
    (a problem is being reported: the cost no longer matters)."""

    file: str
    data: Any
    lines: dict[PathKey, int]
    text: str
    exact: bool = True

    def line_of(self, path: PathKey) -> int | None:
        """The line of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        if not self.exact:
            if isinstance(self.lines, KeyLines) and (line := self.lines.line_of_key(path)) is not None:
                return line
            self._complete(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)

    def _complete(self, path: PathKey) -> None:
        """Complete `lines` with the full loader when the part of `path` that is in the data has no line."""
        node: Any = self.data
        depth = 0
        for part in path:
            held = (isinstance(node, dict) and part in node) or (
                isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node))
            if not held:
                break
            node, depth = node[part], depth + 1
        if path[:depth] in self.lines:
            return
        with contextlib.suppress(errors.LoadError):  # if it refuses what JSON accepts, the keys' lines are all
            self.lines.update(_parse_yaml(self.text, self.file).lines)
        object.__setattr__(self, "exact", True)

    def key_lines_below(self, path: PathKey) -> Iterator[int] | None:
        """The lines of the keys inside the mapping at `path`, in file order, for a JSON document read the fast
        way (None otherwise): a caller walking that mapping in order takes one per key it meets, and skips
        `keys_in(value)` for a value it does not walk, instead of looking up each path."""
        if not isinstance(self.lines, KeyLines):
            return None
        return self.lines.below(path)


def keys_in(node: Any) -> int:
    """How many mapping keys `node` holds, at every depth."""
    if type(node) is dict:
        count = len(node)
        for value in node.values():
            if type(value) is dict or type(value) is list:
                count += keys_in(value)
        return count
    if type(node) is list:
        return sum(keys_in(item) for item in node if type(item) is dict or type(item) is list)
    return 0


class KeyLines(dict[PathKey, int]):
    """The lines of a JSON document's keys, from their lines in file order (`key_lines`) and the data, whose
    mappings keep that order. As a mapping by path it is filled when first read (a walk building a tuple per key:
    a third of reading the file, so not done for the usual valid file); `line_of_key` and `below` answer from
    the order alone."""

    def __init__(self, data: Any, key_lines: list[int], first_line: int, sizes: dict[int, int]) -> None:
        super().__init__()
        self.data, self.key_lines, self.first_line, self.sizes = data, key_lines, first_line, sizes
        self.filled = False
        # by id() of a mapping or list of `data` (held here, so the ids stay its own): the keys it holds, the index
        # of each of its keys
        self._at: dict[int, dict[str, int]] = {}

    def _fill(self) -> None:
        if not self.filled:
            self.filled = True
            dict.__setitem__(self, (), self.first_line)
            _fill_key_lines(self.data, (), self, iter(self.key_lines).__next__)

    def _index(self, path: PathKey) -> tuple[int, int, Any]:
        """(index in file order of the last key of `path` held by the data, how many parts of `path` that is, the
        value there)."""
        node, base, held = self.data, 0, 0
        for depth, part in enumerate(path):
            if type(node) is not dict or part not in node:
                break
            index = self._starts(node, base)[part]  # type: ignore[index]
            node, base, held = node[part], index + 1, depth + 1
        return base - 1, held, node

    def _starts(self, node: dict[str, Any], base: int) -> dict[str, int]:
        """The index in file order of each key of the mapping `node`, whose first key is at `base` (once each)."""
        found = self._at.get(id(node))
        if found is None:
            found, at, sizes = {}, base, self.sizes
            for key, value in node.items():
                found[key] = at
                at += 1 + (sizes[id(value)] if type(value) is dict or type(value) is list else 0)
            self._at[id(node)] = found
        return found

    def line_of_key(self, path: PathKey) -> int | None:
        """The line of `path` or of its nearest ancestor, when that is a key (None: a list item is on the way)."""
        index, held, node = self._index(path)
        nxt = path[held] if held < len(path) else None
        if type(node) is list and isinstance(nxt, int) and 0 <= nxt < len(node):
            return None  # a list item: its own line is the full loader's to find
        return self.key_lines[index] if held else self.first_line

    def below(self, path: PathKey) -> Iterator[int] | None:
        index, held, _ = self._index(path)
        if held != len(path):
            return None
        return itertools.islice(self.key_lines, index + 1, None)

    def __getitem__(self, key: PathKey) -> int:
        self._fill()
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        self._fill()
        return super().__contains__(key)

    def __iter__(self) -> Iterator[PathKey]:
        self._fill()
        return super().__iter__()

    def __len__(self) -> int:
        self._fill()
        return super().__len__()

    def __eq__(self, other: object) -> bool:
        self._fill()
        return super().__eq__(other)

    __hash__ = None

    def __repr__(self) -> str:
        self._fill()
        return super().__repr__()

    def get(self, key: PathKey, default: Any = None) -> Any:
        self._fill()
        return super().get(key, default)

    def keys(self) -> Any:
        self._fill()
        return super().keys()

    def items(self) -> Any:
        self._fill()
        return super().items()

    def values(self) -> Any:
        self._fill()
        return super().values()

    def copy(self) -> dict[PathKey, int]:
        self._fill()
        return dict(super().items())

    def update(self, *args: Any, **kwargs: Any) -> None:
        self._fill()
        super().update(*args, **kwargs)


def _fill_key_lines(node: Any, path: PathKey, lines: dict[PathKey, int], next_line: Any) -> None:
    if type(node) is dict:
        for key, value in node.items():
            here = (*path, key)
            dict.__setitem__(lines, here, next_line())
            if type(value) is dict or type(value) is list:
                _fill_key_lines(value, here, lines, next_line)
    else:
        for i, value in enumerate(node):
            if type(value) is dict or type(value) is list:
                _fill_key_lines(value, (*path, i), lines, next_line)


def read_document(path: Path | str, *, max_bytes: int = MAX_BYTES, name: str | None = None,
                  inside: Path | str | None = None) -> Document:
    """Read a YAML or JSON file within the limits, or raise `LoadError`; `name` is how messages call the file,
    `inside` the directory a symlink may not lead out of (a pack's own directory)."""
    file = name or str(path)
    return parse_document(read_bytes_safely(path, max_bytes=max_bytes, name=file, inside=inside), file,
                          max_bytes=max_bytes)


def read_bytes_safely(path: Path | str, *, max_bytes: int = MAX_BYTES, name: str | None = None,
                      inside: Path | str | None = None) -> bytes:
    """The bytes of a regular file, at most `max_bytes + 1` of them (so `parse_document` can say where the limit
    is passed), or `LoadError`.

    Only regular files are read: a FIFO would block forever and `/dev/zero` never ends (its `st_size` is 0), so the
    file is opened without blocking and checked with `fstat` on the open descriptor (no race with a swapped path),
    and the size is counted on the bytes read. With `inside`, the path's real location (symlinks resolved) must be
    in that directory: a pack cannot read a file elsewhere through a symlink.
    """
    file = name or str(path)

    def refuse(key: str, **params: object) -> errors.LoadError:
        return errors.LoadError([errors.Problem.of(key, file=file, code="input", values=params)])

    if str(path) == "":
        raise refuse("files.empty-path")
    if inside is not None:
        real, root = os.path.realpath(path), os.path.realpath(inside)
        if os.path.commonpath([real, root]) != root:
            raise refuse("files.outside", root=str(inside))
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        if isinstance(exc, IsADirectoryError):
            raise refuse("files.not-regular-directory") from None
        raise refuse("io.cannot-read", reason=errors.OsReason(exc)) from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = ("directory" if stat.S_ISDIR(mode) else "fifo" if stat.S_ISFIFO(mode) else
                "device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "socket" if stat.S_ISSOCK(mode)
                else "other")
        raise refuse(f"files.not-regular-{kind}")
    with os.fdopen(fd, "rb", buffering=0) as handle:
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        chunks: list[bytes] = []
        size = 0
        while size <= max_bytes:
            chunk = handle.read(max_bytes + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    raw = b"".join(chunks)
    if len(raw) > max_bytes:  # the whole size, for the message, from the file's metadata (a regular file)
        total = max(len(raw), os.stat(path).st_size)
        raise errors.LoadError([_too_large(raw, total, max_bytes, file)])
    return raw


def parse_document(raw: bytes, file: str, *, max_bytes: int = MAX_BYTES) -> Document:
    """Parse bytes already in memory (used by tests and by `read_document`). A YAML text parsed before may come
    from the parse cache (`parsecache`, when a store is given) instead of the composer: the same data and lines."""
    if len(raw) > max_bytes:
        raise errors.LoadError([_too_large(raw[: max_bytes + 1], len(raw), max_bytes, file)])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        # Where in the document the bad byte sits: parse a copy with the bad bytes replaced, up to that point.
        index = len(raw[: exc.start].decode("utf-8-sig", errors="replace"))
        where = _path_near(raw.decode("utf-8-sig", errors="replace"), index)
        raise errors.LoadError(
            [errors.Problem.of("io.not-utf8", byte=f"0x{raw[exc.start]:02x}", column=column, offset=exc.start,
                               file=file, line=line, path=errors.json_path(where), expected="UTF-8",
                               got_key="io.another-encoding", code="input")]
        ) from None
    start = _JSON_START.match(text)
    if start is not None:
        # the leading bytes of every character `_UNPRINTABLE` names (rare: C2 leads Latin-1's, E2 80 A8/A9 the two
        # separators, EF BB/BF the last of the BMP): the text is searched only when one is there
        suspect = any(lead in raw for lead in (b"\x7f", b"\xc2", b"\xe2\x80\xa8", b"\xe2\x80\xa9", b"\xef\xbb",
                                                b"\xef\xbf"))
        doc = _json_document(text, file, text.count("\n", 0, start.end()) + 1, suspect)
        if doc is not None:
            return doc
    cached = parsecache.lookup(raw)
    if cached is None:
        return _parse_yaml(text, file)
    entry_key, found = cached
    if found is not None:
        return Document(file=file, data=found[0], lines=found[1], text=text)
    doc = _parse_yaml(text, file)  # a problem is raised here: only what parses is kept
    parsecache.keep(entry_key, doc.data, doc.lines)
    return doc


def _parse_yaml(text: str, file: str) -> Document:
    """The full loader: YAML (and JSON, a subset of it), every limit and every message."""
    try:
        loader = _LOADER(text)  # the reader already rejects control characters
    except yaml.YAMLError as exc:
        raise errors.LoadError([_yaml_problem(exc, file, text)]) from None
    lines: dict[PathKey, int] = {}
    try:
        node = loader.get_single_node()
        if node is None:
            raise errors.LoadError([errors.Problem.of("io.empty", file=file, line=1, expected_key="io.type-mapping",
                                                                      code="input")])
        bad: list[errors.Problem] = []
        try:
            data = _Fast(loader).build(node, lines)
        except (_Slow, errors.LoadError, yaml.YAMLError):  # the walk that checks and locates each problem
            lines.clear()
            _check_shape(node, file)
            data = _build(loader, node, (), lines, file, bad)
    except yaml.YAMLError as exc:
        raise errors.LoadError([_yaml_problem(exc, file, text)]) from None
    finally:
        loader.dispose()
    if bad:  # every number and date of the file that cannot be held, at once
        raise errors.LoadError(bad)
    return Document(file=file, data=data, lines=lines, text=text)


_JSON_START = re.compile(r"[ \t\r\n]*[{]")
# What libyaml's reader refuses and a JSON text may hold (JSON already refuses raw control characters below U+0020):
# DEL, the C1 controls, U+FEFF past the start, U+FFFE and U+FFFF; and what YAML reads as a line break where JSON
# does not (NEL, U+2028, U+2029: lines would be counted otherwise). Left to the full loader.
_UNPRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
_LOOSE_KEY = re.compile(r'"[ \t\r\n]++:')  # possessive: no backtracking over the indentation after each value


def _json_document(text: str, file: str, first_line: int, suspect: bool = True) -> Document | None:
    """A JSON object read with orjson (a hundred times faster than composing it as YAML), or None for the full
    loader to read and, when something is wrong, to say what and where.

    Lines without a tokenizer: in a text with no escaped quote every `"` delimits a string, so `":` occurs exactly
    at the end of each key (a key with space before its colon sends the file to the full loader). Splitting the
    text at `":` and counting the newlines of each piece (both in C) gives the line of every key in file order,
    which is the order orjson keeps; as many keys in the data as `":` in the text means no key is repeated (orjson
    would keep the last silently). The limits are the full loader's: depth, number of values, numbers below 10^15;
    a file past one, or with characters libyaml refuses, is left to the full loader for its message."""
    if '\\"' in text or _LOOSE_KEY.search(text) or (suspect and _UNPRINTABLE.search(text) is not None):
        return None
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError:
        return None
    last = text.rfind('":')
    if text.find("\n", 0, last) != -1:
        pieces = text.split('":')
        key_lines = list(itertools.accumulate(map(str.count, pieces, itertools.repeat("\n", len(pieces) - 1)),
                                              initial=1))
        del key_lines[0]
    else:  # every key on the first line (JSON written by a program, a newline at most after its last key)
        key_lines = [1] * text.count('":')
    sizes: dict[int, int] = {}
    try:
        keys, count = _json_shape(data, 1, sizes)
    except _Slow:
        return None
    if count > MAX_NODES or keys != len(key_lines):
        return None
    return Document(file=file, data=data, lines=KeyLines(data, key_lines, first_line, sizes), text=text,
                    exact=False)


def _json_shape(node: Any, depth: int, sizes: dict[int, int]) -> tuple[int, int]:
    """(keys, values) below `node`, the keys also in `sizes` by `id` of each mapping and list; `_Slow` past a
    limit (depth, a number of 10^15 or more)."""
    if depth >= MAX_DEPTH:
        raise _Slow
    keys = len(node) if type(node) is dict else 0
    count = keys + len(node)
    for value in node.values() if keys else node:
        kind = type(value)
        if kind is dict or kind is list:
            inner, values = _json_shape(value, depth + 1, sizes)
            keys, count = keys + inner, count + values
        elif (kind is int or kind is float) and not -MAX_NUMBER < value < MAX_NUMBER:
            raise _Slow
    if count > MAX_NODES:
        raise _Slow
    sizes[id(node)] = keys
    return keys, count


def _too_large(head: bytes, size: int, max_bytes: int, file: str) -> errors.Problem:
    line = head[:max_bytes].count(b"\n") + 1
    return errors.Problem.of("io.too-large", size=size, limit=max_bytes, at_line=line, file=file, line=line,
                             expected_key="io.at-most-bytes", got_key="io.bytes", code="too-large")


def _yaml_problem(exc: yaml.YAMLError, file: str, text: str) -> errors.Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    path = errors.json_path(_path_near(text, mark.index if mark is not None else len(text)))
    problem: object = _YamlPhrase(getattr(exc, "problem", None) or str(exc).splitlines()[0])
    if "could not determine a constructor for the tag" in str(exc):
        tag = str(exc).split("tag", 1)[1].split("\n", 1)[0].strip().strip("'")
        return _tag_problem(tag, file, line or 1, path)
    context: object = getattr(exc, "context", None)
    context_mark = getattr(exc, "context_mark", None)
    context = _YamlPhrase(context) if isinstance(context, str) else context
    def at(key: str, **params: object) -> errors.Problem:
        return errors.Problem.of(key, file=file, line=line, path=path, code="yaml", values=params)

    if mark is not None:  # a full-width ：，“” typed by an input method is the usual cause: name it
        for number in (mark.line, mark.line - 1):
            near = text.splitlines()[number] if 0 <= number < len(text.splitlines()) else ""
            if wide_chars(near):
                return at("io.yaml-full-width", problem=problem, wline=number + 1, chars=wide_chars(near))
    if context and context_mark is not None:
        return at("io.yaml-in-context" if mark else "io.yaml-in-context-nocol", problem=problem,
                  column=mark.column + 1 if mark else 0, context=context, start=context_mark.line + 1)
    if context:
        return at("io.yaml-context" if mark else "io.yaml-context-nocol", problem=problem,
                  column=mark.column + 1 if mark else 0, context=context)
    return at("io.yaml" if mark else "io.yaml-nocol", problem=problem, column=mark.column + 1 if mark else 0)


# PyYAML's and libyaml's own problem texts, as a committee reads them in Chinese: (English start, catalogue key).
_YAML_PHRASES = (
    ("did not find expected ',' or ']'", "io.yp-flow-seq"), ("expected ',' or ']'", "io.yp-flow-seq"),
    ("did not find expected ',' or '}'", "io.yp-flow-map"), ("expected ',' or '}'", "io.yp-flow-map"),
    ("mapping values are not allowed", "io.yp-mapping-values"),
    ("did not find expected key", "io.yp-expected-key"), ("expected <block end>", "io.yp-expected-key"),
    ("could not find expected ':'", "io.yp-expected-colon"),
    ("found unexpected end of stream", "io.yp-end-of-stream"),
    ("found unknown escape character", "io.yp-escape"),
    ("found invalid Unicode character escape code", "io.yp-unicode-escape"),
    ("found undefined alias", "io.yp-alias"),
    ("did not find expected '-' indicator", "io.yp-dash"),
    ("found a tab character", "io.yp-tab"), ("found character '\\t'", "io.yp-tab"),
    ("found character", "io.yp-bad-char"),
    ("did not find expected node content", "io.yp-node"), ("expected the node content", "io.yp-node"),
    ("but found another document", "io.yp-another-document"),
    ("found duplicate anchor", "io.yp-anchor"),
    ("sequence entries are not allowed here", "io.yp-sequence-here"),
    ("while parsing a flow sequence", "io.yp-in-flow-seq"), ("while parsing a flow mapping", "io.yp-in-flow-map"),
    ("while parsing a block mapping", "io.yp-in-block-map"),
    ("while parsing a block collection", "io.yp-in-block-list"),
    ("while scanning a quoted scalar", "io.yp-in-quoted"), ("while parsing a quoted scalar", "io.yp-in-quoted"),
    ("while scanning a double-quoted scalar", "io.yp-in-quoted"),
    ("while scanning a simple key", "io.yp-in-key"), ("while scanning a plain scalar", "io.yp-in-plain"),
    ("while scanning a block scalar", "io.yp-in-block-scalar"), ("while scanning for the next token", "io.yp-in-token"),
    ("while parsing a block node", "io.yp-in-node"), ("while parsing a flow node", "io.yp-in-node"),
    ("while parsing a node", "io.yp-in-node"), ("expected a single document in the stream", "io.yp-in-stream"),
)


class _YamlPhrase(str):
    """A problem or context text of the YAML parser, in the message's language (`{problem:zh}`): the known ones from
    the catalogue, any other as the parser wrote it, quoted. A `str` of the parser's text otherwise (compared,
    hashed and pickled as such)."""

    key: str | None

    def __new__(cls, text: str) -> _YamlPhrase:
        phrase = super().__new__(cls, text)
        phrase.key = next((key for start, key in _YAML_PHRASES if text.startswith(start)), None)
        return phrase

    def __format__(self, lang: str) -> str:
        from cc_rules.base import i18n

        if lang == "zh":  # the catalogue's text as `str.format` reads it (its braces are doubled there)
            return i18n.message(self.key, "zh").format() if self.key else f"'{self}'"
        return str(self)


_QUOTES = {"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u3001": ","}


def ascii_twin(ch: str) -> str | None:
    """The ASCII character a full-width one (：，２“” U+3000…) stands for, or None."""
    if ch in _QUOTES:
        return _QUOTES[ch]
    folded = unicodedata.normalize("NFKC", ch)
    return folded if folded != ch and folded.isascii() else None


def ascii_text(text: str) -> str:
    return "".join(ascii_twin(ch) or ch for ch in text)


class WideChars:
    """The full-width characters of a text, each named with its code point, its column and the ASCII character to
    type instead: `'：' (U+FF1A, column 13) → ':'`. Formatted in the message's language (`{chars:zh}`); falsy when
    the text has none."""

    def __init__(self, text: str, in_line: bool = True) -> None:
        self.key = "io.wide-char" if in_line else "io.wide-char-in-text"  # a column of a line, or a place in a value
        found: dict[str, int] = {}
        for column, ch in enumerate(text, 1):
            if ascii_twin(ch) is not None:
                found.setdefault(ch, column)
        self.found = tuple(found.items())

    def __bool__(self) -> bool:
        return bool(self.found)

    def __format__(self, lang: str) -> str:
        from cc_rules.base import i18n

        lang = "zh" if lang == "zh" else "en"
        parts = []
        for ch, column in self.found:
            shown = i18n.message("io.ideographic-space", lang) if ch == "\u3000" else f"'{ch}'"
            parts.append(i18n.message(self.key, lang, char=shown, code=f"U+{ord(ch):04X}", column=column,
                                      ascii=repr(ascii_twin(ch))))
        return i18n.message("io.wide-separator", lang).join(parts)

    def __str__(self) -> str:
        return format(self, "en")

    __repr__ = __str__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WideChars) and self.found == other.found

    def __hash__(self) -> int:
        return hash(self.found)


def wide_chars(text: str, in_line: bool = True) -> WideChars:
    """The full-width characters of `text` (see `WideChars`): `in_line`, text is a line of a file (columns), else a
    key or value (the character's place in it)."""
    return WideChars(text, in_line)


def _path_near(text: str, index: int) -> PathKey:
    """The path of the last value that starts before character `index`, read from the YAML event stream.

    Used to locate problems found before a document could be built (syntax errors, undecodable bytes); events are
    read lazily, so a broken tail only stops the walk.
    """
    frames: list[list[Any]] = []  # [is_mapping, key or index, expecting a key]
    path: PathKey = ()

    def current() -> PathKey:
        out: list[str | int] = []
        for is_map, where, _ in frames:
            if where is None or (not is_map and where < 0):
                break
            out.append(where)
        return tuple(out)

    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if event.start_mark is not None and event.start_mark.index > index:
                break
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                frames.pop()
                if frames and frames[-1][0]:
                    frames[-1][2] = True
                continue
            if not isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent, yaml.MappingStartEvent,
                                      yaml.SequenceStartEvent)):
                continue
            if frames:
                top = frames[-1]
                if top[0] and top[2]:  # a key
                    top[1], top[2] = (event.value if isinstance(event, yaml.ScalarEvent) else "?"), False
                    if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                        frames.append([isinstance(event, yaml.MappingStartEvent), None if isinstance(
                            event, yaml.MappingStartEvent) else -1, True])
                    path = current()
                    continue
                if top[0]:  # a value: the next node is a key again once this one is complete
                    top[2] = isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent))
                else:
                    top[1] += 1
            if isinstance(event, yaml.MappingStartEvent):
                frames.append([True, None, True])
            elif isinstance(event, yaml.SequenceStartEvent):
                frames.append([False, -1, True])
            path = current()
    except (yaml.YAMLError, ValueError):  # ValueError: PyYAML's scanner on an escape past U+10FFFF ("\U00110000")
        pass
    return path


def _check_shape(root: yaml.Node, file: str) -> None:
    """Reject alias bombs and deep nesting on the node graph, before anything is constructed.

    Walks in document order counting every value as often as aliases repeat it; the path reported stops where the
    walk enters a repeated (aliased) value, so an alias bomb is located at the alias that expands it.
    """
    count = 0
    seen: set[int] = set()
    # node, depth, path, line to report, inside an alias expansion
    stack: list[tuple[yaml.Node, int, PathKey, int, bool]] = [(root, 1, (), root.start_mark.line + 1, False)]
    while stack:
        node, depth, path, line, aliased = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise errors.LoadError([errors.Problem.of(
                "io.alias-bomb" if aliased else "io.too-many-values", limit=MAX_NODES, file=file, line=line,
                path=errors.json_path(path), expected_key="io.at-most-values", code="too-many-values")])
        if depth > MAX_DEPTH:
            raise errors.LoadError([errors.Problem.of(
                "io.too-deep", limit=MAX_DEPTH, depth=depth, file=file, line=line, path=errors.json_path(path),
                expected_key="io.at-most-levels", got_key="io.levels", code="too-deep")])
        repeated = id(node) in seen
        seen.add(id(node))
        if repeated and isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            aliased = True
        children: list[tuple[yaml.Node, int, PathKey, int, bool]] = []
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                key_name = key.value if isinstance(key, yaml.ScalarNode) else "?"
                key_line = key.start_mark.line + 1
                child_path = path if aliased else (*path, key_name)
                child_line = line if aliased else key_line
                children.append((key, depth + 1, child_path, child_line, aliased))
                children.append((value, depth + 1, child_path, child_line, aliased))
        elif isinstance(node, yaml.SequenceNode):
            for i, child in enumerate(node.value):
                if aliased:
                    children.append((child, depth + 1, path, line, True))
                elif id(child) in seen:  # an alias: reported at the list holding it
                    children.append((child, depth + 1, (*path, i), line, False))
                else:
                    children.append((child, depth + 1, (*path, i), child.start_mark.line + 1, False))
        stack.extend(reversed(children))


_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_BOOLS = {"yes": True, "no": False, "true": True, "false": False, "on": True, "off": False}
_DECIMAL = re.compile(r"[-+]?(?:[1-9][0-9]{0,14}|0)")  # what PyYAML reads as int(text); more digits: the full walk
_DECIMAL_POINT = re.compile(r"[-+]?[0-9]{1,14}\.[0-9]*")  # what PyYAML reads as float(text), well below 10^15


class _Slow(Exception):
    """The document needs the full walk (`_check_shape`, then `_build`): an alias, a tag, a key or a value out of
    the ordinary, or a limit approached. That walk gives every message; the fast one only recognises the usual."""


class _Fast:
    """One walk of the node tree building the same data and lines as `_check_shape` followed by `_build` would, for
    a document made of plain mappings with text keys, lists and the usual scalars (text, decimal numbers, booleans,
    null, dates), within the depth and size limits; anything else raises `_Slow`. Both walks are kept: this one is a
    third of the cost of the two, and every message stays the full walk's."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader
        self.count = 0

    def build(self, root: yaml.Node, lines: dict[PathKey, int]) -> Any:
        lines[()] = root.start_mark.line + 1
        return self.node(root, (), lines, 1)

    def node(self, node: yaml.Node, path: PathKey, lines: dict[PathKey, int], depth: int) -> Any:
        kind = type(node)
        if kind is yaml.ScalarNode:
            return self.scalar(node)
        if depth >= MAX_DEPTH:
            raise _Slow
        self.count += len(node.value) * (2 if kind is yaml.MappingNode else 1)
        if self.count >= MAX_NODES:
            raise _Slow
        if kind is yaml.MappingNode and node.tag == _MAP:
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if type(key_node) is not yaml.ScalarNode:
                    raise _Slow
                key = key_node.value if key_node.tag == _STR else str(self.scalar(key_node))
                if key in out or key == "<<":
                    raise _Slow
                here = (*path, key)
                lines[here] = key_node.start_mark.line + 1
                if type(value_node) is not yaml.ScalarNode:
                    out[key] = self.node(value_node, here, lines, depth + 1)
                elif value_node.tag == _STR:  # text, the most usual value: no call
                    out[key] = value_node.value
                else:
                    out[key] = self.scalar(value_node)
            return out
        if kind is yaml.SequenceNode and node.tag == _SEQ:
            items = []
            for i, child in enumerate(node.value):
                here = (*path, i)
                lines[here] = child.start_mark.line + 1
                items.append(self.scalar(child) if type(child) is yaml.ScalarNode else self.node(
                    child, here, lines, depth + 1))
            return items
        raise _Slow

    def scalar(self, node: yaml.Node) -> Any:
        tag, text = node.tag, node.value
        if tag == _STR:
            return text
        if tag == _INT and _DECIMAL.fullmatch(text):
            return int(text)
        if tag == _FLOAT and _DECIMAL_POINT.fullmatch(text):
            return float(text)
        if tag == _BOOL and text.lower() in _BOOLS:
            return _BOOLS[text.lower()]
        if tag == _NULL:
            return None
        if tag == _TIMESTAMP:
            try:  # the constructor itself, not `construct_object`: no state left behind in the loader if it fails
                value = self.loader.construct_yaml_timestamp(node)
            except (yaml.YAMLError, ValueError, OverflowError, TypeError, AttributeError):
                raise _Slow from None
            return _scalar(value)
        raise _Slow


def _build(loader: Any, node: yaml.Node, path: PathKey, lines: dict[PathKey, int], file: str,
           bad: list[errors.Problem]) -> Any:
    """Build plain data from the node tree, recording each path's line; only JSON types leave this module. A value
    that cannot be held (NaN, a number past 10^15, a date that does not exist) is added to `bad` and the walk goes
    on, so that one message lists them all."""
    line = node.start_mark.line + 1
    lines.setdefault(path, line)
    if isinstance(node, yaml.MappingNode):
        if node.tag != _MAP:
            raise errors.LoadError([_tag_problem(node.tag, file, line, path)])
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise errors.LoadError([errors.Problem.of("io.complex-key", file=file, code="input",
                                                          line=key_node.start_mark.line + 1,
                                                          path=errors.json_path(path))])
            key_line = key_node.start_mark.line + 1
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise errors.LoadError([errors.Problem.of("io.merge-key", file=file, line=key_line,
                                                          path=errors.json_path(path), code="yaml")])
            try:
                key = str(_scalar(_construct_scalar(loader, key_node, file, key_line, path)))
            except _Unholdable as exc:  # a key that is 2026-02-30 or 5,000 digits: nothing below it can be located
                raise errors.LoadError([exc.problem]) from None
            if key == "<<":
                raise errors.LoadError([errors.Problem.of("io.merge-key", file=file, line=key_line,
                                                          path=errors.json_path((*path, key)), code="input")])
            if key in out:
                first = lines.get((*path, key))
                raise errors.LoadError([errors.Problem.of(
                    "io.duplicate-key-first" if first else "io.duplicate-key", key=key, first=first or 0, file=file,
                    line=key_line, path=errors.json_path((*path, key)), code="duplicate-key")])
            lines.setdefault((*path, key), key_line)  # an entry is located at its key
            out[key] = _build(loader, value_node, (*path, key), lines, file, bad)
        return out
    if isinstance(node, yaml.SequenceNode):
        if node.tag != _SEQ:
            raise errors.LoadError([_tag_problem(node.tag, file, line, path)])
        return [_build(loader, child, (*path, i), lines, file, bad) for i, child in enumerate(node.value)]
    try:
        value = _construct_scalar(loader, node, file, line, path)
    except _Unholdable as exc:
        bad.append(exc.problem)
        return None
    if isinstance(value, bytes):
        raise errors.LoadError([_tag_problem(node.tag, file, line, path)])
    if isinstance(value, float) and math.isnan(value):
        bad.append(errors.Problem.of("io.nan", file=file, line=line, code="input", path=errors.json_path(path)))
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and not abs(value) < MAX_NUMBER:
        bad.append(_number_problem(node, file, line, path))
        return None
    return _scalar(value)


class _Unholdable(Exception):
    """A scalar that parses but cannot be held (a 4,301-digit integer, 2026-02-30): reported with the others."""

    def __init__(self, problem: errors.Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _construct_scalar(loader: Any, node: yaml.Node, file: str, line: int, path: PathKey) -> Any:
    try:
        return loader.construct_object(node)
    except yaml.constructor.ConstructorError as exc:
        if "could not determine a constructor" in str(exc):
            raise errors.LoadError([_tag_problem(node.tag, file, line, path)]) from None
        raise errors.LoadError([errors.Problem.of("io.yaml-value", problem=exc.problem, file=file, line=line,
                                                  path=errors.json_path(path), code="yaml")]) from None
    except (ValueError, OverflowError, AttributeError) as exc:  # a date that does not exist (2026-02-30), an
        # integer past Python's limit; `!!timestamp` on a text that is no date (PyYAML's constructor fails on it)
        if isinstance(exc, AttributeError) and not node.tag.endswith(":timestamp"):
            raise
        if node.tag.endswith((":int", ":float")):  # 4,301 digits and more: past Python's int-from-text limit
            raise _Unholdable(_number_problem(node, file, line, path)) from None
        key = dates.MESSAGE if node.tag.endswith(":timestamp") else "io.impossible-value"
        raise _Unholdable(errors.Problem.of(key, value=dates.shown(node.value), file=file, line=line,
                                            path=errors.json_path(path), code="value")) from None


def _number_problem(node: yaml.Node, file: str, line: int, path: PathKey) -> errors.Problem:
    return errors.Problem.of("io.number-too-large", file=file, line=line, code="number", path=errors.json_path(path),
                             value=dates.shown(node.value), limit="10^15")


def _tag_problem(tag: str, file: str, line: int, path: PathKey | str) -> errors.Problem:
    shown = "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag
    return errors.Problem.of("io.yaml-tag", tag=shown, file=file, line=line,
                             path=path if isinstance(path, str) else errors.json_path(path), code="yaml-tag")


def _scalar(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


# Pack cache by file metadata ------------------------------------------------------------------------------------

StatKey = tuple[tuple[str, int, int, int, int], ...]
RACY_S = 2.0  # a file changed this recently may change again within the same timestamp tick: not trusted


def stat_key(paths: Sequence[Path | str]) -> StatKey | None:
    """What says the files (and directories, whose times change when a file is added, removed or renamed) are as
    they were: path, inode, size, modification and change times. None when one is missing or was changed too
    recently to trust its times (it is then read and hashed again, as git does with racily clean files)."""
    out = []
    newest = time.time() - RACY_S  # the clock only says how old a timestamp is; nothing reported depends on it
    for path in paths:
        try:
            st = os.stat(path)
        except OSError:
            return None
        if st.st_mtime > newest or st.st_ctime > newest:
            return None
        out.append((str(path), st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns))
    return tuple(out)
