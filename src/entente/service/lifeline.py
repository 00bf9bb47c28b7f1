"""Worker processes die with the server that started them.

Solves and compiles run in processes forked by multiprocessing's forkserver,
which exits as soon as the server does (even after ``kill -9``). On Linux a
worker asks the kernel for SIGKILL when its parent (the forkserver) exits
(``PR_SET_PDEATHSIG``), so no solver keeps a core busy for a server that is
gone, and a second server that takes the job over after its lease ends is
the only one running it. Elsewhere this does nothing (the worker then ends
at its own time limit).
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

__all__ = ["die_with_parent"]

_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Ask for SIGKILL when the parent process exits; exit now if it already has."""
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid()
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        return  # not allowed here: the worker still ends at its own time limit
    if os.getppid() != parent or parent == 1:  # the parent exited before the request
        os._exit(1)
