"""Progress on stderr (stdout stays clean for exports and JSON).

Shown only when stderr is a terminal and ``--quiet`` was not given: counts,
elapsed time and the estimated time left for work made of many solves; for
one solve, a line that appears once it has run for two seconds (short solves
stay silent), with the time limit as its horizon when there is one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

__all__ = ["SOLVE_PROGRESS_AFTER", "progress_bar", "solve_progress"]

SOLVE_PROGRESS_AFTER = 2.0
"""Seconds a single solve runs before its progress line appears."""


def _progress(console: Console, quiet: bool, *columns: object) -> Progress:
    return Progress(
        *columns,  # type: ignore[arg-type]
        console=console,
        transient=True,
        disable=quiet or not console.is_terminal,
        redirect_stdout=False,  # HiGHS points fd 1 at /dev/null meanwhile: leave sys.stdout be
        redirect_stderr=False,
    )


@contextmanager
def progress_bar(
    description: str, total: int, *, quiet: bool = False
) -> Iterator[Callable[[int, int], None]]:
    """A bar with counts and ETA on stderr; yields ``update(done, total)``."""
    console = Console(stderr=True)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    )
    with _progress(console, quiet, *columns) as progress:
        task = progress.add_task(description, total=total)

        def update(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        yield update


@contextmanager
def solve_progress(
    description: str, time_limit: float | None, *, quiet: bool = False
) -> Iterator[None]:
    """After :data:`SOLVE_PROGRESS_AFTER` seconds, a line on stderr until the solve ends:
    elapsed time, and with a time limit a bar towards it and the time left."""
    console = Console(stderr=True)
    if time_limit is not None:
        columns: tuple[object, ...] = (
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            TimeElapsedColumn(),
            TextColumn("of the time limit; left"),
            TimeRemainingColumn(),
        )
    else:
        columns = (
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            TextColumn("(Ctrl-C: stop with the best plan so far)"),
        )
    progress = _progress(console, quiet, *columns)
    if progress.disable:
        yield
        return
    task = progress.add_task(description, total=time_limit)
    stop = threading.Event()

    def run() -> None:
        if stop.wait(SOLVE_PROGRESS_AFTER):
            return
        with progress:
            while not stop.wait(0.1):
                elapsed = progress.tasks[0].elapsed or 0.0
                if time_limit is not None:
                    progress.update(task, completed=min(elapsed, time_limit))

    thread = threading.Thread(target=run, name="entente-solve-progress", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
