"""The EVIDENCE arguments as CI gives them: files, directories, glob patterns and `-` for stdin → the files to assess.

`expand` is a pure function over a filesystem view (`FileSystem`; `LOCAL` is the real one), so it is tested without
touching the disk. The order is deterministic: arguments in the order given, the files of a directory or a pattern
sorted by path, each file once. A file found in a directory whose top-level `format:` is not an evidence file's is
skipped (and named in `Expanded.skipped`, for the caller to note); a file named explicitly or matched by a pattern is
always taken, so a wrong one is reported rather than silently dropped. A path that does not exist, or arguments
that name no evidence file at all, raise `InputError`.
"""

from __future__ import annotations

import dataclasses
import glob as globbing
import os
from collections.abc import Iterable, Sequence
from typing import Literal, Protocol

import orjson

from cc_rules.base import errors
from cc_rules.io import loading

STDIN = "-"
STDIN_NAME = "<stdin>"
EVIDENCE_FORMAT = "cc-rules/evidence@1"
SUFFIXES = (".yaml", ".yml", ".json")
GLOB_CHARS = frozenset("*?[")

Kind = Literal["file", "dir"]


class FileSystem(Protocol):
    """What `expand` needs to know of the filesystem."""

    def kind(self, path: str) -> Kind | None:
        """`file`, `dir`, or None when nothing is there."""

    def files_under(self, path: str) -> Iterable[str]:
        """Every file below the directory `path`, recursively, joined onto `path`."""

    def glob(self, pattern: str) -> Iterable[str]:
        """The paths matching `pattern` (`**` recursive)."""

    def format_of(self, path: str) -> object:
        """The top-level `format:` of the document at `path`; `UNREADABLE` when it cannot be parsed."""


UNREADABLE = object()


@dataclasses.dataclass(frozen=True)
class Expanded:
    paths: tuple[str, ...]  # the files to assess, `-` for stdin
    skipped: tuple[tuple[str, str], ...] = ()  # (file, its format) found in a directory, not evidence


def expand(arguments: Sequence[str], fs: FileSystem) -> Expanded:
    """The files the EVIDENCE arguments name, in a deterministic order; `InputError` for a path that is not there."""
    paths: list[str] = []
    skipped: list[tuple[str, str]] = []
    seen: set[str] = set()

    def take(path: str) -> None:
        key = path if path == STDIN else os.path.normpath(path)
        if key not in seen:
            seen.add(key)
            paths.append(path)

    def take_dir(directory: str) -> None:
        for path in sorted(p for p in fs.files_under(directory) if p.lower().endswith(SUFFIXES)):
            fmt = fs.format_of(path)
            if fmt is UNREADABLE or fmt == EVIDENCE_FORMAT:
                take(path)  # an unreadable file is assessed, so its error is reported
            else:
                skipped.append((path, "" if fmt is None else str(fmt)))

    for argument in arguments:
        if argument == STDIN:
            take(STDIN)
            continue
        if argument == "":
            raise errors.InputError([errors.Problem.of("files.empty-path", file="''", code="input")])
        kind = fs.kind(argument)
        if kind == "file":
            take(argument)
        elif kind == "dir":
            take_dir(argument)
        elif GLOB_CHARS & set(argument) and (matches := sorted(fs.glob(argument))):
            for match in matches:
                if fs.kind(match) == "dir":
                    take_dir(match)
                else:
                    take(match)
        else:
            key = "cli.no-such-pattern" if GLOB_CHARS & set(argument) else "cli.no-such-input"
            raise errors.InputError([errors.Problem.of(key, file=argument, code="input")])
    if not paths:  # an empty directory: a gate never passes on nothing
        raise errors.InputError([errors.Problem.of("cli.no-evidence", file=", ".join(arguments), code="input")])
    return Expanded(tuple(paths), tuple(skipped))


class LocalFileSystem:
    """The real filesystem."""

    def kind(self, path: str) -> Kind | None:
        if os.path.isdir(path):
            return "dir"
        if os.path.exists(path):
            return "file"
        return None

    def files_under(self, path: str) -> Iterable[str]:
        """Files below `path`; a symlink that leads out of `path` is not followed (naming the file itself on the
        command line is how to allow it)."""
        top = os.path.realpath(path)
        for root, dirs, files in os.walk(path):
            dirs.sort()
            for name in sorted(files):
                found = os.path.join(root, name)
                if os.path.commonpath([os.path.realpath(found), top]) == top:
                    yield found

    def glob(self, pattern: str) -> Iterable[str]:
        return globbing.glob(pattern, recursive=True)

    def format_of(self, path: str) -> object:
        """A JSON file is read by orjson first, many times faster than the full parser (which every file found in a
        directory otherwise goes through before any is assessed). Its answer is taken only when it says evidence,
        the one answer the full parser cannot contradict (it says evidence, or unreadable, and either way the file
        is taken); any other is asked of the full parser."""
        if path.lower().endswith(".json"):
            try:
                sniffed = orjson.loads(loading.read_bytes_safely(path))
            except (ValueError, errors.CcRulesError):  # orjson.JSONDecodeError is a ValueError
                sniffed = None
            if isinstance(sniffed, dict) and sniffed.get("format") == EVIDENCE_FORMAT:
                return EVIDENCE_FORMAT
        try:
            data = loading.read_document(path).data
        except errors.CcRulesError:
            return UNREADABLE
        return data.get("format") if isinstance(data, dict) else None


LOCAL = LocalFileSystem()
