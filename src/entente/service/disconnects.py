"""Work for a request stops when its client disconnects.

:func:`while_connected` runs a blocking function in the thread pool with a
``stop`` event that is set as soon as the client goes away (Starlette's
``Request.is_disconnected``, looked at every :data:`LOOK_EVERY` seconds).
The function looks at ``stop`` between slices of its work and raises
:class:`Abandoned`; a compile in a worker process kills the process
(:func:`entente.service.compiling.compile_in_worker`). Without this, a
client that sent a slow upload and left kept a core busy until the compile's
own limit (issue 11, item 4).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

import anyio
from fastapi import Request
from fastapi.concurrency import run_in_threadpool

__all__ = ["LOOK_EVERY", "Abandoned", "while_connected"]

LOOK_EVERY = 0.1
"""Seconds between two looks at the connection."""

T = TypeVar("T")


class Abandoned(Exception):
    """The client left before the answer: its work was stopped."""


async def while_connected(request: Request, work: Callable[[threading.Event], T]) -> T:
    """``work(stop)`` in the thread pool; ``stop`` is set when the client disconnects."""
    stop = threading.Event()
    result: list[T] = []
    failure: list[Exception] = []

    async def watch() -> None:
        while not await request.is_disconnected():
            await anyio.sleep(LOOK_EVERY)
        stop.set()

    async with anyio.create_task_group() as group:
        group.start_soon(watch)
        try:
            result.append(await run_in_threadpool(work, stop))
        except Exception as error:  # raised below, outside the task group (no ExceptionGroup)
            failure.append(error)
        finally:
            group.cancel_scope.cancel()
    if failure:
        raise failure[0]
    return result[0]
