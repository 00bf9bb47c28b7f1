"""Independent solves in parallel: a local process pool by default, or a Dask cluster.

``run_tasks(function, tasks)`` maps a picklable top-level function over a
list of tasks and returns the results in task order, whatever order they
finish in, so a sweep gives identical results on any backend. Backends:

- ``cluster=None``: a :class:`concurrent.futures.ProcessPoolExecutor` with
  ``spawn`` workers (no fork of a process that may already hold HiGHS
  threads), one per core unless ``workers`` says otherwise; one worker (or
  one task) runs in this process.
- ``cluster="local"``: a :class:`distributed.LocalCluster` started for the
  call, ``workers`` processes of one thread each, closed afterwards.
- ``cluster=ADDRESS``: an existing Dask scheduler (``tcp://host:8786``);
  the cluster's workers run the tasks.

Every task runs with HiGHS pinned to one thread (:func:`_pinned` in a
worker; meanwhile in this process), so ``n`` workers use ``n`` cores and a
task gives the same numbers on every backend (HiGHS's MIP search depends on
its thread count).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Any, TypeVar

from entente._exceptions import InputError

__all__ = ["CONNECT_TIMEOUT", "run_tasks"]

CONNECT_TIMEOUT = 10.0
"""Seconds to wait for a Dask scheduler given by address."""

T = TypeVar("T")
R = TypeVar("R")
Progress = Callable[[int, int], None]


def _pinned(function: Callable[[T], R], task: T) -> R:
    from entente._banner import consume_highs_banner
    from entente.solvers.lp.highs import pin_threads

    consume_highs_banner()  # a worker's stdout is its parent's
    pin_threads(1)
    return function(task)


def run_tasks(
    function: Callable[[T], R],
    tasks: Sequence[T],
    *,
    cluster: str | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
) -> list[R]:
    """``[function(t) for t in tasks]``, computed in parallel; results in task order."""
    if workers is not None and workers < 1:
        raise InputError(f"workers must be at least 1, got {workers}")
    if cluster is not None:
        return _run_dask(function, tasks, cluster, workers, progress)
    count = min(workers or os.cpu_count() or 1, len(tasks))
    if count <= 1:
        return _run_here(function, tasks, progress)
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        max_workers=count, mp_context=context, initializer=_leave_interrupts_to_parent
    )
    try:
        futures = {pool.submit(_pinned, function, task): i for i, task in enumerate(tasks)}
        results = _collect(futures, as_completed(futures), len(tasks), progress)
    except BaseException:  # Ctrl-C or an error: stop now, do not run the queued tasks
        _stop(pool)
        raise
    pool.shutdown(wait=True)
    return results


def _stop(pool: ProcessPoolExecutor) -> None:
    """End the workers (their solves are lost anyway) and release the pool cleanly."""
    workers = getattr(pool, "_processes", None) or {}  # Python 3.14: pool.terminate_workers()
    for process in list(workers.values()):
        process.terminate()
    pool.shutdown(wait=True, cancel_futures=True)


def _leave_interrupts_to_parent() -> None:
    """Workers ignore Ctrl-C (sent to the whole process group): the parent says
    "interrupted" once and stops them, instead of one traceback per worker."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _run_here(function: Callable[[T], R], tasks: Sequence[T], progress: Progress | None) -> list[R]:
    """In this process, HiGHS pinned to one thread meanwhile: the numbers workers give."""
    from entente.solvers.lp.highs import pin_threads

    previous = pin_threads(1)
    try:
        results = []
        for done, task in enumerate(tasks, start=1):
            results.append(function(task))
            if progress is not None:
                progress(done, len(tasks))
        return results
    finally:
        pin_threads(previous)


def _collect(
    index: dict[Any, int], finished: Any, total: int, progress: Progress | None
) -> list[Any]:
    results: list[Any] = [None] * total
    for done, future in enumerate(finished, start=1):
        results[index[future]] = future.result()
        if progress is not None:
            progress(done, total)
    return results


def _run_dask(
    function: Callable[[T], R],
    tasks: Sequence[T],
    cluster: str,
    workers: int | None,
    progress: Progress | None,
) -> list[R]:
    from distributed import Client, LocalCluster
    from distributed import as_completed as dask_completed

    if cluster == "local":
        with (
            LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=workers or os.cpu_count() or 1,
                threads_per_worker=1,
                processes=True,
                dashboard_address="127.0.0.1:0",
            ) as local,
            Client(local) as client,  # type: ignore[no-untyped-call]
        ):
            return _submit(client, function, tasks, progress, dask_completed)
    try:
        client = Client(cluster, timeout=CONNECT_TIMEOUT)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError, ValueError) as error:
        raise InputError(f"cannot reach the Dask scheduler at {cluster!r}: {error}") from None
    with client:
        return _submit(client, function, tasks, progress, dask_completed)


def _submit(
    client: Any,
    function: Callable[[T], R],
    tasks: Sequence[T],
    progress: Progress | None,
    completed: Any,
) -> list[R]:
    futures = client.map(_pinned, [function] * len(tasks), tasks, pure=False)
    index = {future: i for i, future in enumerate(futures)}
    return _collect(index, completed(futures), len(tasks), progress)
