"""Ctrl-C: one line "interrupted" on stderr, exit 130, never a traceback.

:func:`install` runs first thing in :func:`entente._launch.main`, before the
heavy imports (``import entente`` is lazy), so even a Ctrl-C during the
first second of imports ends quietly. SIGINT then raises
:class:`Interrupted`, a BaseException that click does not catch (it would
turn a KeyboardInterrupt into "Aborted!" and exit 1) and that ``finally``
blocks see (an atomic write removes its temporary file).

A Python signal handler only runs between bytecodes, never inside a long
call into C (a HiGHS solve): a watcher thread woken by the signal itself
(:func:`signal.set_wakeup_fd`) ends the process one second later if the
main thread has not got there by then. Inside an import the handler raises
nothing and leaves the exit to the watcher: a C extension's module init is
not written to see an exception from Python code it runs.

Inside :func:`soft_stop` (a solve with a plan to save), the first Ctrl-C
only sets :data:`entente.solvers.lp.deadline.STOP`: the solver stops at its next check
and returns its best plan so far, which the command writes. A second Ctrl-C
interrupts at once.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import NoReturn

__all__ = [
    "EXIT_INTERRUPTED",
    "Interrupted",
    "exit_interrupted",
    "install",
    "leave_interrupted",
    "soft_stop",
]


EXIT_INTERRUPTED = 130
GRACE_SECONDS = 1.0
"""How long the main thread has to reach the handler before the watcher exits for it."""


class _State:
    soft: threading.Event | None = None  # the stop event of the solve running now, if any
    presses = 0  # Ctrl-C seen by the watcher during that solve
    pipe: tuple[int, int] | None = None  # the wakeup file descriptors


class Interrupted(BaseException):  # not an ...Error: the user asked
    """Ctrl-C, raised by the handler; caught only by :func:`entente._launch.main`."""


def _on_sigint(signum: int, frame: FrameType | None) -> None:
    soft = _State.soft
    if soft is not None and not soft.is_set():
        soft.set()  # the solver returns its best plan at its next check
        return
    if _importing(frame):
        return  # the watcher ends the process within GRACE_SECONDS
    raise Interrupted


def _importing(frame: FrameType | None) -> bool:
    """Whether ``frame`` runs inside an import. An exception raised there can crash a C
    extension's module init (orjson's did: a segmentation fault, or exit 1, at 0.3 s)."""
    while frame is not None:
        if frame.f_code.co_filename.startswith("<frozen importlib"):
            return True
        frame = frame.f_back
    return False


def _watch(reader: int) -> None:
    """Exit for a main thread stuck in C code when a hard interrupt is due."""
    while True:
        try:
            data = os.read(reader, 64)
        except OSError:
            return
        if not data:
            return
        if signal.SIGINT not in data:
            continue
        _State.presses += data.count(signal.SIGINT)
        if _State.soft is not None and _State.presses < 2:
            continue  # a soft stop: the solver is finishing its step
        time.sleep(GRACE_SECONDS)
        exit_interrupted()


def install() -> None:
    """SIGINT raises :class:`Interrupted`; a watcher ends a process stuck in C.

    A process started with SIGINT ignored (a background job, ``nohup``) keeps
    ignoring it, as Unix programs do.
    """
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        return
    signal.signal(signal.SIGINT, _on_sigint)
    reader, writer = os.pipe()
    os.set_blocking(writer, False)
    signal.set_wakeup_fd(writer, warn_on_full_buffer=False)
    _State.pipe = (reader, writer)
    threading.Thread(target=_watch, args=(reader,), name="entente-sigint", daemon=True).start()


_said = threading.Lock()  # held once "interrupted" is written: it is written once


def exit_interrupted() -> NoReturn:
    """Say "interrupted", stop our worker processes and leave with 130 at once, skipping
    clean-ups that could wait on workers (a process pool's exit joins them)."""
    _say_interrupted()
    _stop_children()
    os._exit(EXIT_INTERRUPTED)


def leave_interrupted() -> NoReturn:
    """Say "interrupted" and exit 130 through the ordinary exit (finalisers release what
    worker pools hold); a watchdog ends the process if that exit hangs."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # leaving already: another Ctrl-C changes nothing
    _say_interrupted()
    _stop_children()
    watchdog = threading.Timer(2 * GRACE_SECONDS, os._exit, args=(EXIT_INTERRUPTED,))
    watchdog.daemon = True
    watchdog.start()
    raise SystemExit(EXIT_INTERRUPTED)


def _say_interrupted() -> None:
    if not _said.acquire(blocking=False):
        return
    if os.isatty(2):
        os.write(2, b"\x1b[?25h")  # show the cursor a progress bar may have hidden
    os.write(2, b"interrupted\n")


def _stop_children() -> None:
    if "multiprocessing" not in sys.modules:
        return
    import multiprocessing

    for child in multiprocessing.active_children():
        child.terminate()


@contextmanager
def soft_stop() -> Iterator[threading.Event]:
    """Meanwhile the first Ctrl-C sets the solvers' stop event (yielded) instead."""
    from entente.solvers.lp.deadline import STOP

    STOP.clear()
    _State.soft, _State.presses = STOP, 0
    try:
        yield STOP
    finally:
        _State.soft = None
