"""What the check families share: building a finding, locating a part of a rule or of pack.yaml."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable

from cc_rules import model
from cc_rules.base import errors, i18n
from cc_rules.compile import compiler
from cc_rules.io import loading
from cc_rules.results.lint import CHECKS, LintFinding
from cc_rules.tools.builder import COMPUTED_FACTS

# Filled from the evidence's organization block, or computed by `cc-rules evidence build`: declared for evidence to
# bind, whether or not a rule reads them.
ALWAYS_USED = ("organization.seats", "organization.industry", *COMPUTED_FACTS)
SUBJECTIVE_TOLERANCE = 0.02  # share points: within it the subjective share is info, beyond it a warning


def _finding(code: str, pack: str, message: str, loc: model.Loc | None = None, *, severity: str | None = None,
             hint: str | None = None, data: Iterable[str] = (), file: str | None = None,
             line: int | None = None) -> LintFinding:
    return LintFinding(code, severity or CHECKS[code].severity, pack, message,
                       file=file if file is not None else (loc.file if loc else None),
                       line=line if line is not None else (loc.line if loc else None),
                       path=loc.path if loc else "$", hint=hint, data=tuple(data))


Say = Callable[[str], str]  # a message as a function of the language


def say(key: str, /, **params: object) -> Say:
    """The catalogue message `lint.<key>` as a function of the language."""
    return lambda lang: i18n.message(f"lint.{key}", lang, **params)


def keyed(code: str, pack: str, text: Say, loc: model.Loc | None = None, *, severity: str | None = None,
          hint: Say | None = None, data: Iterable[str] = (), file: str | None = None,
          line: int | None = None) -> LintFinding:
    """A finding whose message (and hint) are known in every language; `message`/`hint` keep the English."""
    found = _finding(code, pack, text("en"), loc, severity=severity, hint=hint("en") if hint else None, data=data,
                     file=file, line=line)
    return dataclasses.replace(found, texts=tuple((lang, text(lang)) for lang in i18n.LANGS),
                               hints=tuple((lang, hint(lang)) for lang in i18n.LANGS) if hint else ())


def did_you_mean(suggestion: str | None) -> Say | None:
    return say("did-you-mean", suggestion=suggestion) if suggestion else None


def shown(ids: list[str], limit: int = 6) -> Say:
    """The first `limit` ids, then how many more."""
    head = ", ".join(ids[:limit])
    return say("list-more", shown=head, more=len(ids) - limit) if len(ids) > limit else (lambda lang: head)


def from_problem(code: str, pack: str, problem: errors.Problem, *, framed: bool = False) -> LintFinding:
    """A finding for a problem the compiler or the schema found; `framed` adds its expected/got."""
    def text(lang: str) -> str:
        out = problem.text(lang)
        if framed and problem.expected:
            if lang == "en":  # the English wording of the JSON report, unchanged
                return problem.message + f" (expected {problem.expected}, got {problem.got})"
            out += i18n.message("errors.expected-got", lang, expected=problem.expected_text(lang),
                                got=problem.got_text(lang))
        return out

    return keyed(code, pack, text, model.Loc(problem.file, problem.line, problem.path),  # type: ignore[arg-type]
                 hint=did_you_mean(problem.suggestion))


def _sub(loc: model.Loc | None, suffix: str) -> model.Loc | None:
    if loc is None:
        return None
    path = loc.path + suffix
    return model.Loc(loc.file, compiler._line_of(loc.file, path, loc.line), path)


def _pack_loc(pack: model.Pack, path: tuple[str | int, ...]) -> model.Loc:
    file = f"{pack.root}/pack.yaml"
    try:
        line = loading.read_document(file).line_of(path)
    except (errors.CcRulesError, OSError):
        line = None
    return model.Loc(file, line, errors.json_path(path))

