"""What the check families share: building a finding, locating a part of a rule or of pack.yaml."""

from __future__ import annotations

from collections.abc import Iterable

from cc_rules import model
from cc_rules.base import errors
from cc_rules.compile import compiler
from cc_rules.results.lint import CHECKS, LintFinding

ALWAYS_USED = ("organization.seats", "organization.industry")



SUBJECTIVE_TOLERANCE = 0.02  # share points: within it the subjective share is info, beyond it a warning



def _finding(code: str, pack: str, message: str, loc: model.Loc | None = None, *, severity: str | None = None,
             hint: str | None = None, data: Iterable[str] = (), file: str | None = None,
             line: int | None = None) -> LintFinding:
    return LintFinding(code, severity or CHECKS[code].severity, pack, message,
                       file=file if file is not None else (loc.file if loc else None),
                       line=line if line is not None else (loc.line if loc else None),
                       path=loc.path if loc else "$", hint=hint, data=tuple(data))



def _hint(problem: errors.Problem) -> str | None:
    return f"did you mean {problem.suggestion!r}?" if problem.suggestion else None



def _sub(loc: model.Loc | None, suffix: str) -> model.Loc | None:
    if loc is None:
        return None
    path = loc.path + suffix
    return model.Loc(loc.file, compiler._line_of(loc.file, path, loc.line), path)



def _pack_loc(pack: model.Pack, path: tuple[str | int, ...]) -> model.Loc:
    file = f"{pack.root}/pack.yaml"
    try:
        line = compiler.loading.read_document(file).line_of(path)
    except (errors.CcRulesError, OSError):
        line = None
    return model.Loc(file, line, errors.json_path(path))

