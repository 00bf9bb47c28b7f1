"""HiGHS's once-per-process banner, consumed where stdout carries data.

HiGHS prints a copyright banner through C stdio the first time a process
makes a solver instance, whatever its options say. The solvers never touch
file descriptors (other threads may be printing); instead, processes whose
stdout is a data channel (the CLI, sweep workers) call
:func:`consume_highs_banner` at start-up, while they have one thread: it
makes that first instance with file descriptor 1 pointed at /dev/null.
"""

from __future__ import annotations

import ctypes
import os
import sys
import threading

__all__ = ["consume_highs_banner"]

_DONE: list[bool] = []


def consume_highs_banner() -> None:
    """Make the process's first HiGHS instance with stdout silenced (start-up only)."""
    others = [
        t
        for t in threading.enumerate()
        if t is not threading.current_thread() and t.name != "entente-sigint"  # prints nothing
    ]
    if _DONE or others:
        return
    import highspy

    sys.stdout.flush()
    libc = ctypes.CDLL(None)
    saved = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        highspy.Highs()  # type: ignore[no-untyped-call]
        libc.fflush(None)
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)
    _DONE.append(True)
