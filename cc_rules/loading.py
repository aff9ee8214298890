"""Safe reading of YAML and JSON files: the only place that touches raw bytes of packs and evidence.

Limits are checked before and while parsing, so a hostile file costs little: size, encoding, YAML tags (only the
safe loader's plain types), alias expansion and nesting depth. Every value keeps the line it came from, so later
phases can name file, line and JSON path.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from cc_rules import errors

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 32
MAX_NODES = 200_000

PathKey = tuple[str | int, ...]


@dataclasses.dataclass(frozen=True)
class Document:
    """A parsed file: plain data (dates as ISO strings) and the line of every path in it."""

    file: str
    data: Any
    lines: dict[PathKey, int]
    text: str

    def line_of(self, path: PathKey) -> int | None:
        """The line of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


def read_document(path: Path | str, *, max_bytes: int = MAX_BYTES) -> Document:
    """Read a YAML or JSON file within the limits, or raise `LoadError`."""
    file = str(path)
    try:
        size = Path(path).stat().st_size
    except OSError as exc:
        raise errors.LoadError([errors.Problem(f"cannot read the file: {exc.strerror}", file=file)]) from None
    if size > max_bytes:
        raise errors.LoadError(
            [errors.Problem("file too large", file=file, expected=f"at most {max_bytes} bytes", got=f"{size} bytes")]
        )
    raw = Path(path).read_bytes()
    return parse_document(raw, file)


def parse_document(raw: bytes, file: str, *, max_bytes: int = MAX_BYTES) -> Document:
    """Parse bytes already in memory (used by tests and by `read_document`)."""
    if len(raw) > max_bytes:
        raise errors.LoadError(
            [errors.Problem("file too large", file=file, expected=f"at most {max_bytes} bytes", got=f"{len(raw)} bytes")]
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise errors.LoadError(
            [errors.Problem(f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})", file=file,
                            line=line, expected="UTF-8")]
        ) from None
    loader = yaml.SafeLoader(text)
    lines: dict[PathKey, int] = {}
    try:
        node = loader.get_single_node()
        if node is None:
            raise errors.LoadError([errors.Problem("the file is empty", file=file, line=1, expected="a mapping")])
        _check_shape(node, file)
        data = _build(loader, node, (), lines, file)
    except yaml.YAMLError as exc:
        raise errors.LoadError([_yaml_problem(exc, file)]) from None
    finally:
        loader.dispose()
    return Document(file=file, data=data, lines=lines, text=text)


def _yaml_problem(exc: yaml.YAMLError, file: str) -> errors.Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    if "could not determine a constructor for the tag" in str(exc):
        tag = str(exc).split("tag", 1)[1].split("\n", 1)[0].strip()
        return errors.Problem(f"YAML tag {tag} is not allowed (only plain YAML data is read, never objects)",
                              file=file, line=line)
    context = getattr(exc, "context", None)
    message = f"malformed YAML: {problem}" + (f" ({context})" if context else "")
    return errors.Problem(message, file=file, line=line)


def _check_shape(root: yaml.Node, file: str) -> None:
    """Reject alias bombs and deep nesting on the node graph, before anything is constructed."""
    count = 0
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise errors.LoadError([errors.Problem(
                "document expands to too many values (alias bomb?)", file=file, line=node.start_mark.line + 1,
                expected=f"at most {MAX_NODES} values")])
        if depth > MAX_DEPTH:
            raise errors.LoadError([errors.Problem(
                "nesting too deep", file=file, line=node.start_mark.line + 1, expected=f"at most {MAX_DEPTH} levels",
                got=f"{depth} levels")])
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.append((key, depth + 1))
                stack.append((value, depth + 1))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)


_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


def _build(loader: yaml.SafeLoader, node: yaml.Node, path: PathKey, lines: dict[PathKey, int], file: str) -> Any:
    """Build plain data from the node tree, recording each path's line; only JSON types leave this module."""
    line = node.start_mark.line + 1
    lines.setdefault(path, line)
    if isinstance(node, yaml.MappingNode):
        if node.tag != _MAP:
            raise errors.LoadError([_tag_problem(node.tag, file, line, path)])
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise errors.LoadError([errors.Problem("a mapping key must be a plain value", file=file,
                                                       line=key_node.start_mark.line + 1, path=errors.json_path(path))])
            key = str(_scalar(loader.construct_object(key_node)))
            if key == "<<":
                raise errors.LoadError([errors.Problem("YAML merge keys (<<) are not supported", file=file,
                                                       line=key_node.start_mark.line + 1, path=errors.json_path(path))])
            if key in out:
                raise errors.LoadError([errors.Problem(f"duplicate key {key!r}", file=file,
                                                       line=key_node.start_mark.line + 1, path=errors.json_path(path))])
            out[key] = _build(loader, value_node, path + (key,), lines, file)
        return out
    if isinstance(node, yaml.SequenceNode):
        if node.tag != _SEQ:
            raise errors.LoadError([_tag_problem(node.tag, file, line, path)])
        return [_build(loader, child, path + (i,), lines, file) for i, child in enumerate(node.value)]
    value = loader.construct_object(node)
    if isinstance(value, bytes):
        raise errors.LoadError([_tag_problem(node.tag, file, line, path)])
    if isinstance(value, float) and value != value:
        raise errors.LoadError([errors.Problem("NaN is not a value", file=file, line=line, path=errors.json_path(path))])
    return _scalar(value)


def _tag_problem(tag: str, file: str, line: int, path: PathKey) -> errors.Problem:
    return errors.Problem(f"YAML tag {tag} is not allowed (only plain YAML data is read, never objects)",
                          file=file, line=line, path=errors.json_path(path))


def _scalar(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value
