"""Where the bundled packs and schemas live: inside the wheel (`cc_rules/_data`) or, in a checkout, the repo root."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def data_root() -> Path:
    """The directory holding `rules/` and `schemas/`."""
    installed = _PACKAGE / "_data"
    if (installed / "schemas").is_dir():
        return installed
    return _PACKAGE.parent


def schemas_dir() -> Path:
    return data_root() / "schemas"


def packs_dir() -> Path:
    return data_root() / "rules"
