"""The one deadline every solver loop checks, and the stop request that ends it early.

A deadline is a ``time.perf_counter()`` value, or None for no limit. Every
loop asks :func:`expired` between steps and gives each LP what
:func:`remaining` says, so a time limit is kept by every method the same
way. Setting :data:`STOP` (the CLI does on Ctrl-C) makes both answer as if
the time limit had just passed, so the solver returns its best plan so far,
with its gap, through its ordinary time-limit path.
"""

from __future__ import annotations

import threading
import time

__all__ = ["STOP", "Deadline", "deadline_after", "expired", "remaining"]

STOP = threading.Event()
"""Set: every solver stops at its next check, as at its time limit."""

Deadline = float | None
"""A ``time.perf_counter()`` value after which work stops; None: no limit."""


def deadline_after(seconds: float | None) -> Deadline:
    """The deadline ``seconds`` from now (None: no limit; a negative limit is already past)."""
    return None if seconds is None else time.perf_counter() + max(seconds, 0.0)


def expired(deadline: Deadline) -> bool:
    """True once ``deadline`` has passed, or on :data:`STOP`."""
    return STOP.is_set() or (deadline is not None and time.perf_counter() > deadline)


def remaining(deadline: Deadline, floor: float = 0.0) -> float | None:
    """Seconds left before ``deadline``, at least ``floor`` (None without a deadline).

    On :data:`STOP`, ``floor``: an LP started now returns at once.
    """
    if STOP.is_set():
        return floor
    return None if deadline is None else max(deadline - time.perf_counter(), floor)
