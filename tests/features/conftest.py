"""pytest-bdd wiring: every phrase of the shared step library becomes a pytest-bdd step."""

from __future__ import annotations

import inspect
import os
import re
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when

from cc_rules.tools import steps

ROOT = Path(__file__).resolve().parents[2]
_DECORATORS = {"given": given, "when": when, "then": then}


@pytest.fixture
def world() -> steps.World:
    return steps.World(base_dirs=(ROOT, Path.cwd()), engine_name=os.environ.get("CC_RULES_ENGINE", "durable"))


def _bind(step: steps.Step, pattern: str) -> None:
    def impl(world: steps.World, **kwargs: Any) -> None:
        if step.table:
            kwargs["table"] = kwargs.pop("datatable", [])
        step.handler(world, **kwargs)

    names = list(re.compile(pattern).groupindex)
    params = ["world"] + names + (["datatable"] if step.table else [])
    # pytest-bdd injects arguments by name: give the wrapper an explicit signature.
    impl.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter(p, inspect.Parameter.POSITIONAL_OR_KEYWORD) for p in params])
    # stacklevel=2: pytest-bdd injects the step fixture into the module calling _bind, i.e. this conftest.
    _DECORATORS[step.kind](parsers.re(pattern), stacklevel=2)(impl)


for _step in steps.STEPS:
    _bind(_step, _step.en)
    _bind(_step, _step.zh)
