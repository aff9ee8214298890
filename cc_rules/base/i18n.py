"""The one catalogue of every string a person reads, in zh and en.

Messages live as data in `messages/*.yaml` (one file per area: `errors.yaml`, `reports.yaml`, `lint.yaml`, …), each
key mapping to `{zh: …, en: …}` with `{name}` placeholders filled by `str.format`. Keys are namespaced by their file
(`errors.unknown-fact`, `reports.level`), so a key is unique across the catalogue. Loaded once, read-only after.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from importlib import resources
from typing import Literal

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml where PyYAML has it: the catalogue is read at
# the start of nearly every command, and the pure-Python loader took most of a second for it
Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")


class MissingMessage(KeyError):
    """A key the catalogue does not hold: a programming error, found by the catalogue test."""


@functools.cache
def catalogue() -> Mapping[str, Mapping[str, str]]:
    """Every message, keyed `<file stem>.<key>`; each entry has both languages (checked by the unit tests)."""
    out: dict[str, Mapping[str, str]] = {}
    folder = resources.files("cc_rules.base") / "messages"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml"):
            continue
        stem = entry.name[: -len(".yaml")]
        data = yaml.load(entry.read_text(encoding="utf-8"), Loader=_LOADER) or {}  # noqa: S506 - a safe loader
        for key, texts in data.items():
            out[f"{stem}.{key}"] = texts
    return out


def message(key: str, lang: str, /, **params: object) -> str:
    """The message `key` in `lang` (zh or en), placeholders filled from `params`."""
    try:
        texts = catalogue()[key]
    except KeyError:
        raise MissingMessage(key) from None
    text = texts["zh" if lang == "zh" else "en"]
    return text.format(**params) if params else text


def has(key: str) -> bool:
    return key in catalogue()


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
