"""SOURCES.yaml → frozen settings: read with the safe loader, checked against schemas/sources.schema.json, every
problem located at file:line like any other input; globs expanded relative to the SOURCES file."""

from __future__ import annotations

import dataclasses
import datetime as dt
import glob
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cc_rules.base import errors
from cc_rules.io import loading, validation
from cc_rules.tools.builder import kinds

DEFAULT_BAD_ROWS_MAX_PCT = 1.0


@dataclasses.dataclass(frozen=True)
class Parameter:
    """A computation's parameter: its value and why (a reference, or an interpretation, or the built-in default)."""

    name: str
    value: Any
    reference: str | None
    interpretation: str | None

    def why(self) -> str:
        if self.reference:
            return self.reference
        return f"interpretation: {self.interpretation}" if self.interpretation else "default"


@dataclasses.dataclass(frozen=True)
class Source:
    kind: str
    files: tuple[Path, ...]
    shown: tuple[str, ...]  # each file as the citation names it: relative to the SOURCES file
    encoding: str
    delimiter: str
    sheet: str | None
    columns: tuple[tuple[str, str], ...]
    parameters: tuple[Parameter, ...]
    line: int | None
    path: str

    def param(self, name: str) -> Parameter:
        for p in self.parameters:
            if p.name == name:
                return p
        raise KeyError(name)


@dataclasses.dataclass(frozen=True)
class Sources:
    file: str
    organization: tuple[tuple[str, Any], ...]
    start: dt.date
    end: dt.date
    assessment_date: dt.date
    mode: str
    packs: tuple[str, ...] | None
    merge: tuple[tuple[Path, str], ...]
    bad_rows_max_pct: float
    sources: tuple[Source, ...]


def load(path: str | Path) -> Sources:
    doc = loading.read_document(path)
    validation.check(doc, "sources")
    return from_document(doc, Path(path).resolve().parent)


def from_document(doc: loading.Document, base: Path) -> Sources:
    raw = doc.data
    start, end = dt.date.fromisoformat(raw["period"]["start"]), dt.date.fromisoformat(raw["period"]["end"])
    if end < start:
        raise errors.InputError([errors.Problem.of(
            "builder.period-reversed", file=doc.file, line=doc.line_of(("period", "end")), path="$.period.end",
            start=start.isoformat(), end=end.isoformat())])
    assessment = raw.get("assessment", {})
    sources = tuple(_source(doc, base, i, entry) for i, entry in enumerate(raw["sources"]))
    merge = []
    for i, name in enumerate(raw.get("merge", [])):
        target = base / name
        if not target.is_file():
            raise errors.InputError([errors.Problem.of(
                "builder.no-merge-file", file=doc.file, line=doc.line_of(("merge", i)),
                path=errors.json_path(("merge", i)), name=name)])
        merge.append((target, name))
    return Sources(
        file=doc.file, organization=tuple(raw["organization"].items()), start=start, end=end,
        assessment_date=dt.date.fromisoformat(assessment["date"]) if "date" in assessment else end,
        mode=assessment.get("mode", "self"), packs=tuple(raw["packs"]) if "packs" in raw else None,
        merge=tuple(merge), bad_rows_max_pct=float(raw.get("bad_rows_max_pct", DEFAULT_BAD_ROWS_MAX_PCT)),
        sources=sources)


def _source(doc: loading.Document, base: Path, index: int, entry: Mapping[str, Any]) -> Source:
    here: tuple[str | int, ...] = ("sources", index)
    kind = kinds.KINDS[entry["kind"]]
    patterns = [entry["files"]] if isinstance(entry["files"], str) else list(entry["files"])
    files: list[Path] = []
    for pattern in patterns:
        found = sorted(Path(p) for p in glob.glob(str(base / pattern), recursive=True) if Path(p).is_file())
        if not found:
            raise errors.InputError([errors.Problem.of(
                "builder.no-files", file=doc.file, line=doc.line_of((*here, "files")),
                path=errors.json_path((*here, "files")), pattern=pattern)])
        files.extend(f for f in found if f not in files)
    shown = tuple(_shown(f, base) for f in files)
    columns = dict(entry.get("columns", {}))
    for name in columns:
        if name not in kind.column_names():
            raise errors.InputError([errors.Problem.of(
                "builder.unknown-column", file=doc.file, line=doc.line_of((*here, "columns", name)),
                path=errors.json_path((*here, "columns", name)), name=name, kind=kind.name,
                allowed=", ".join(kind.column_names()),
                suggestion=errors.did_you_mean(name, kind.column_names()))])
    given = entry.get("parameters", {})
    params = []
    for name in given:
        if name not in kind.defaults:
            raise errors.InputError([errors.Problem.of(
                "builder.unknown-parameter", file=doc.file, line=doc.line_of((*here, "parameters", name)),
                path=errors.json_path((*here, "parameters", name)), name=name, kind=kind.name,
                allowed=", ".join(kind.defaults) or "—", suggestion=errors.did_you_mean(name, kind.defaults))])
    for name, default in kind.defaults.items():
        if name in given:
            spec = given[name]
            where = (*here, "parameters", name, "value")
            problem = kind.check_parameter(name, spec["value"])
            if problem is not None:
                raise errors.InputError([errors.Problem.of(
                    "builder.bad-parameter", file=doc.file, line=doc.line_of(where), path=errors.json_path(where),
                    name=name, wanted=problem)])
            params.append(Parameter(name, spec["value"], spec.get("reference"), spec.get("interpretation")))
        else:
            params.append(Parameter(name, default, None, None))
    return Source(kind=kind.name, files=tuple(files), shown=shown, encoding=entry.get("encoding", "auto"),
                  delimiter=entry.get("delimiter", ","), sheet=entry.get("sheet"),
                  columns=tuple(sorted(columns.items())), parameters=tuple(params),
                  line=doc.line_of(here), path=errors.json_path(here))


def _shown(file: Path, base: Path) -> str:
    try:
        return file.resolve().relative_to(base).as_posix()
    except ValueError:
        return file.as_posix()
