"""The one catalogue of every string a person reads, in zh and en.

Messages live as data in `messages/*.yaml` (one file per area: `errors.yaml`, `reports.yaml`, `lint.yaml`, …), each
key mapping to `{zh: …, en: …}` with `{name}` placeholders filled by `str.format`. Keys are namespaced by their file
(`errors.unknown-fact`, `reports.level`), so a key is unique across the catalogue. Loaded once, read-only after.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml where PyYAML has it: the catalogue is read at
# the start of nearly every command, and the pure-Python loader took most of a second for it
Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")


class MissingMessage(KeyError):
    """A key the catalogue does not hold: a programming error, found by the catalogue test."""


_FOLDER = Path(__file__).resolve().parent / "messages"  # in the package, as a directory (the wheel installs it so)


@functools.cache
def catalogue() -> Mapping[str, Mapping[str, str]]:
    """Every message, keyed `<file stem>.<key>`; each entry has both languages (checked by the unit tests)."""
    out: dict[str, Mapping[str, str]] = {}
    for entry in sorted(_FOLDER.glob("*.yaml")):
        for key, texts in area(entry.stem).items():
            out[f"{entry.stem}.{key}"] = texts
    return out


@functools.cache
def area(stem: str) -> Mapping[str, Mapping[str, str]]:
    """The messages of one file (`messages/<stem>.yaml`), by key without the stem: a command reads the few areas
    it speaks of, not the whole catalogue (parsing all of it was a tenth of a light command's start-up); a
    reporter wanting every `reports.*` text asks for `area("reports")`."""
    path = _FOLDER / f"{stem}.yaml"
    if not stem or "/" in stem or not path.is_file():
        return {}
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or {}  # noqa: S506 - a safe loader
    return data


def _texts(key: str) -> Mapping[str, str] | None:
    stem, _, rest = key.partition(".")
    return area(stem).get(rest)


def message(key: str, lang: str, /, **params: object) -> str:
    """The message `key` in `lang` (zh or en), placeholders filled from `params`."""
    texts = _texts(key)
    if texts is None:
        raise MissingMessage(key)
    text = texts["zh" if lang == "zh" else "en"]
    return text.format(**params) if params else text


def has(key: str) -> bool:
    return _texts(key) is not None


def default_lang(environ: Mapping[str, str] | None = None) -> Lang:
    """`LC_ALL`, then `LC_MESSAGES`, then `LANG` (the POSIX order): zh for a zh locale, else en.

    Only the CLI calls this (the core never reads the environment); it passes `os.environ`.
    """
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"
