"""Solve time, measured the same way for every solver.

(Deadlines and the stop request: :mod:`entente.solvers.lp.deadline`.)
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import ParamSpec

from entente.solvers.plan import Plan

__all__ = ["timed"]

P = ParamSpec("P")


def timed(solver: Callable[P, Plan]) -> Callable[P, Plan]:
    """Record the wall-clock seconds of ``solver`` in the plan it returns."""

    @functools.wraps(solver)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> Plan:
        start = time.perf_counter()
        plan = solver(*args, **kwargs)
        return plan.replace(seconds=time.perf_counter() - start)

    return wrapper
