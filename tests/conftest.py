"""Shared pytest configuration."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="Rewrite tests/golden/* from the current output instead of comparing with it.")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(autouse=True, scope="session")
def _parse_cache_in_tmp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The CLI keeps parsed YAML in a cache directory (`cc_rules.cli.cache`); every CLI run of the suite, in this
    process or a subprocess, keeps it in a directory of its own, never in the user's ~/.cache (CI's home is fresh)."""
    saved = os.environ.get("CC_RULES_CACHE_DIR")
    os.environ["CC_RULES_CACHE_DIR"] = str(tmp_path_factory.mktemp("cc-rules-cache"))
    yield
    if saved is None:
        os.environ.pop("CC_RULES_CACHE_DIR", None)
    else:
        os.environ["CC_RULES_CACHE_DIR"] = saved
