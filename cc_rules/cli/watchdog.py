"""A bound on how long one command may run, so that no input makes the CLI spin forever.

The pack limits (compile/limits.py) refuse, before registration, every pack known to make durable-rules' C code
loop; this watchdog is the bound on the rest: Python-level evaluation, the roadmap's simulation, lint's checks.
`CC_RULES_TIMEOUT` (seconds, default 600; 0 turns it off) sets it. Exceeding it stops the command with an
`EngineError` (exit 2, one paragraph naming the command and the bound), raised as `Expired` from a `SIGALRM`
handler: it interrupts Python code, not a loop inside C that holds the interpreter (which the pack limits exist to
prevent). Only the CLI reads the clock and the environment; where signals are not available (not the main thread,
no SIGALRM), nothing is bounded.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator
from types import FrameType

from cc_rules.base import errors

DEFAULT_SECONDS = 600
REPEAT_SECONDS = 0.25
VARIABLE = "CC_RULES_TIMEOUT"


class Expired(BaseException):
    """The bound passed: carries the error to report. A `BaseException`, so the loops that keep going past one bad
    file do not swallow it and the command stops."""

    def __init__(self, error: errors.CcRulesError) -> None:
        super().__init__(error.render())
        self.error = error


def seconds(environ: dict[str, str] | None = None) -> float:
    """The bound from `CC_RULES_TIMEOUT`: a number of seconds, 0 for none; anything else is bad input."""
    raw = (os.environ if environ is None else environ).get(VARIABLE, "").strip()
    if not raw:
        return DEFAULT_SECONDS
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not value >= 0 or value == float("inf"):
        raise errors.InputError([errors.Problem.of("cli.bad-timeout", file=VARIABLE, value=raw)])
    return value


@contextlib.contextmanager
def bounded(command: str, limit: float) -> Iterator[None]:
    """Run the body with a bound of `limit` seconds (0: none); past it, the body gets `Expired`."""
    usable = limit > 0 and hasattr(signal, "SIGALRM") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expired(signum: int, frame: FrameType | None) -> None:
        raise Expired(errors.EngineError([errors.Problem.of("cli.timeout", code="timeout", command=command,
                                                            seconds=f"{limit:g}", variable=VARIABLE)]))

    previous = signal.signal(signal.SIGALRM, expired)
    # Repeating: an exception raised while a finaliser (`__del__`) runs is ignored by Python, so the timer fires
    # again a moment later until one reaches the command.
    signal.setitimer(signal.ITIMER_REAL, limit, REPEAT_SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
