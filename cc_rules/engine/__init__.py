"""The seam between compiled rules and whatever evaluates them.

An evaluator takes a `CompiledPack` and the assessment's fact values and returns one outcome per rule (True, False or
None for unknown) plus the derived facts. Two implementations share the compiled rules: `durable` (forward chaining
on durable-rules' C engine) and `plain` (a direct Python walk, used for differential tests, why-not and batch speed).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Protocol

from cc_rules.base import errors
from cc_rules.compile import compiler

Value = object
Outcome = bool | None


@dataclasses.dataclass(frozen=True)
class Evaluation:
    outcomes: tuple[Outcome, ...]  # indexed like CompiledPack.rules
    derived: tuple[tuple[str, bool], ...]  # derived facts that became known, sorted
    engine: str


class Evaluator(Protocol):
    name: str

    def evaluate(self, compiled: compiler.CompiledPack, values: Mapping[str, Value]) -> Evaluation: ...


EngineUnavailable = errors.EngineUnavailable
_DURABLE_MODULES = frozenset({"durable_rules_engine", "durable", "durable_rules"})  # what durable-rules installs


def get(name: str) -> Evaluator:
    """`durable` or `plain`; `EngineUnavailable` when durable-rules cannot be imported (it does not on Python 3.13)."""
    if name == "durable":
        try:
            from cc_rules.engine import durable
        except ImportError as exc:
            if exc.name is not None and exc.name.split(".")[0] not in _DURABLE_MODULES:
                raise  # one of our own imports is broken: a bug, not a missing engine
            raise EngineUnavailable([errors.Problem.of("packaging.engine-unavailable", engine=name,
                                                       reason=str(exc) or type(exc).__name__)]) from exc

        return durable.DurableEvaluator()
    if name == "plain":
        from cc_rules.engine import plain

        return plain.PlainEvaluator()
    raise ValueError(f"unknown engine {name!r}")
