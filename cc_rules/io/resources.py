"""Where the bundled packs, schemas, features and examples live: in the wheel (`cc_rules/_data`) or the repo root."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def data_root() -> Path:
    """The directory holding `rules/`, `schemas/`, `features/` and `examples/` (pyproject.toml force-includes)."""
    installed = _PACKAGE / "_data"
    if (installed / "schemas").is_dir():
        return installed
    return _PACKAGE.parent


def schemas_dir() -> Path:
    return data_root() / "schemas"


def packs_dir() -> Path:
    return data_root() / "rules"


def features_dir() -> Path:
    """The committee's Gherkin features, `features/<pack id>/*.feature` (read by `cc-rules verify` and lint CCR015)."""
    return data_root() / "features"


def examples_dir() -> Path:
    """The example evidence files the features name as `examples/…` (resolved against `data_root()`)."""
    return data_root() / "examples"
