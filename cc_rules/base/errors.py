"""One exception tree for everything cc-rules rejects.

Every problem is a structured `Problem` (file, line, JSON path, expected, got, suggestion) and its message is built in
exactly one place, `Problem.render`, so the CLI, the step library and tests all see the same wording.
"""

from __future__ import annotations

import dataclasses
import difflib
import errno as errnos
from collections.abc import Iterable, Mapping, Sequence

from cc_rules.base import i18n
from cc_rules.base import text as basetext


@dataclasses.dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as precisely as we can."""

    message: str
    file: str | None = None
    line: int | None = None
    path: str = "$"
    expected: str | None = None
    got: str | None = None
    suggestion: str | None = None
    code: str = "input"
    key: str | None = None  # catalogue key of the message (`errors.<code>`); `message` is then its English text
    params: tuple[tuple[str, object], ...] = ()  # the values the catalogue message is filled with
    # `expected`/`got` that are words rather than values the user typed are catalogue keys too (filled from `params`);
    # `expected`/`got` then hold their English text, so `to_dict` and English output do not change.
    expected_key: str | None = None
    got_key: str | None = None

    @classmethod
    def of(cls, key: str, /, *, file: str | None = None, line: int | None = None, path: str = "$",
           expected: str | None = None, got: str | None = None, suggestion: str | None = None,
           code: str | None = None, expected_key: str | None = None, got_key: str | None = None,
           values: Mapping[str, object] | None = None, **params: object) -> Problem:
        """A problem whose message comes from the catalogue (`key`, filled with `params`), so it renders in any
        language; `code` defaults to the key's last part. `expected_key`/`got_key` name catalogue words for the
        expected/got parts (filled with the same `params`); `expected`/`got` are values shown as they are.
        `values`: more params, for callers that hold them in a mapping."""
        if values:
            params = {**values, **params}
        if expected_key is not None:
            expected = i18n.message(expected_key, "en", **params)
        if got_key is not None:
            got = i18n.message(got_key, "en", **params)
        return cls(i18n.message(key, "en", **params), file=file, line=line, path=path, expected=expected, got=got,
                   suggestion=suggestion, code=code or key.rsplit(".", 1)[-1], key=key,
                   params=tuple(sorted(params.items())), expected_key=expected_key, got_key=got_key)

    def text(self, lang: str = "en") -> str:
        """The message alone, in `lang` when it comes from the catalogue."""
        return i18n.message(self.key, lang, **dict(self.params)) if self.key else self.message

    def expected_text(self, lang: str = "en") -> str | None:
        return i18n.message(self.expected_key, lang, **dict(self.params)) if self.expected_key else self.expected

    def got_text(self, lang: str = "en") -> str | None:
        return i18n.message(self.got_key, lang, **dict(self.params)) if self.got_key else self.got

    def where(self, lang: str = "en") -> str:
        where = self.file or i18n.message("errors.no-file", lang)
        return f"{where}:{self.line}" if self.line is not None else where

    def render(self, lang: str = "en") -> str:
        """The whole paragraph in `lang`: where, the JSON path, the message, expected/got, a did-you-mean."""
        text = i18n.message("errors.at", lang, where=self.where(lang), path=self.path, message=self.text(lang))
        expected, got = self.expected_text(lang), self.got_text(lang)
        if expected is not None and got is not None:
            text += i18n.message("errors.expected-got", lang, expected=expected, got=got)
        elif expected is not None:
            text += i18n.message("errors.expected", lang, expected=expected)
        elif got is not None:
            text += i18n.message("errors.got", lang, got=got)
        if self.suggestion:
            text += i18n.message("errors.did-you-mean", lang, suggestion=self.suggestion)
        return basetext.escape_controls(text)  # names, values and paths come from the inputs

    def to_dict(self) -> dict[str, object]:
        return {k: v for k, v in dataclasses.asdict(self).items() if v is not None}


class CcRulesError(Exception):
    """Base of every error cc-rules raises on purpose; carries one or more problems, best first."""

    exit_code = 2

    def __init__(self, problems: Sequence[Problem]) -> None:
        if not problems:
            raise ValueError("an error needs at least one problem")
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(self.render())

    def render(self, lang: str = "en") -> str:
        """One paragraph in `lang`: the best problem, then how many more there are (listed after it)."""
        first, rest = self.problems[0], self.problems[1:]
        text = first.render(lang)
        if rest:
            listed = i18n.message("errors.separator", lang).join(p.render(lang) for p in rest[:9])
            if len(rest) > 9:
                listed += i18n.message("errors.separator", lang) + "…"
            text += i18n.message("errors.more-one" if len(rest) == 1 else "errors.more", lang, n=len(rest),
                                 problems=listed)
        return text


class InputError(CcRulesError):
    """Bad input: unreadable, malformed, hostile or invalid files (exit code 2)."""


class LoadError(InputError):
    """A file could not be read safely (size, encoding, YAML syntax, tags, aliases, depth)."""


class SchemaError(InputError):
    """A file does not match its JSON Schema."""


class PackError(InputError):
    """A pack is inconsistent: found by the compiler before any fact arrives."""


class EvidenceError(InputError):
    """Evidence does not fit the pack: unknown fact, wrong type, value out of range."""


class RejectedAssessment(InputError):
    """The assessment cannot be run as requested (e.g. certification without enough reviewers)."""


class EngineError(CcRulesError):
    """An action failed inside the rule engine; the assessment is void."""


class EngineUnavailable(CcRulesError):
    """The evaluator asked for cannot be imported here (durable-rules on Python 3.13); the CLI falls back to plain."""


def did_you_mean(name: str, candidates: Iterable[str]) -> str | None:
    """The closest known name, for 'did you mean' hints."""
    matches = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None


def json_path(parts: Sequence[str | int]) -> str:
    """`$.facts.staffing[0]` style path, as jsonschema reports it."""
    out = "$"
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


class OsReason(str):
    """Why the system refused to read or write a file, in the message's language (`{reason:zh}`): the usual errors
    (no such file or directory, permission denied, disk full, …) from the catalogue (`errors.os-ENOENT`, …), any
    other as the system says it. A `str`, so it serialises and compares as the system's text."""

    errno: int | None

    def __new__(cls, exc: OSError) -> OsReason:
        return _os_reason(exc.strerror or str(exc), exc.errno)

    def __reduce__(self) -> tuple[object, tuple[str, int | None]]:
        return _os_reason, (str(self), self.errno)

    def __format__(self, spec: str) -> str:
        if spec in ("zh", "en"):
            key = f"errors.os-{errnos.errorcode.get(self.errno or -1, '')}"
            return i18n.message(key, spec) if i18n.has(key) else str(self)
        return super().__format__(spec)


def _os_reason(text: str, code: int | None) -> OsReason:
    reason = str.__new__(OsReason, text)
    reason.errno = code
    return reason
