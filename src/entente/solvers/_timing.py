"""Solve time, measured the same way for every solver; deadlines and the stop request.

Every solver loop asks :func:`expired` between steps and gives each LP what
:func:`remaining` says. Setting :data:`STOP` (the CLI does on Ctrl-C) makes
both answer as if the time limit had just passed, so the solver returns its
best plan so far, with its gap, through its ordinary time-limit path.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable
from typing import ParamSpec

from entente.solvers.plan import Plan

__all__ = ["STOP", "expired", "remaining", "timed"]

P = ParamSpec("P")

STOP = threading.Event()
"""Set: every solver stops at its next check, as at its time limit."""


def expired(deadline: float | None) -> bool:
    """True once ``deadline`` (a ``time.perf_counter()`` value) has passed, or on :data:`STOP`."""
    return STOP.is_set() or (deadline is not None and time.perf_counter() > deadline)


def remaining(deadline: float | None, floor: float = 0.0) -> float | None:
    """Seconds left before ``deadline``, at least ``floor`` (None without a deadline).

    On :data:`STOP`, ``floor``: an LP started now returns at once.
    """
    if STOP.is_set():
        return floor
    return None if deadline is None else max(deadline - time.perf_counter(), floor)


def timed(solver: Callable[P, Plan]) -> Callable[P, Plan]:
    """Record the wall-clock seconds of ``solver`` in the plan it returns."""

    @functools.wraps(solver)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> Plan:
        start = time.perf_counter()
        plan = solver(*args, **kwargs)
        return plan.replace(seconds=time.perf_counter() - start)

    return wrapper
