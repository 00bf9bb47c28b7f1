"""Uploads checked at the edge, and compiled in a worker process with time and memory limits.

An upload is parsed in the request's thread (linear in the body, which is
capped, and YAML bounds are checked before anything is built), then
:func:`check_document` applies the service's own rules: the scenario's name
1 to :data:`MAX_NAME` printable characters, and every integer within
:data:`MAX_INTEGER`, so the same document is stored alike on SQLite and
PostgreSQL and no count overflows later. Compiling a scenario can cost far
more than its size suggests (route enumeration over a patrol graph), so
:func:`compile_in_worker` runs it in a process of its own with an
address-space limit (``RLIMIT_AS``) and a deadline after which the process
is killed; either way the upload answers 422 "too large to compile: ...".
The request's thread waits for the answer in short slices and kills the
process as soon as ``stop`` is set (the route sets it when the client
disconnects), raising :class:`entente.service.disconnects.Abandoned`; the process also dies with the
server (:func:`entente.service.lifeline.die_with_reader`).
"""

from __future__ import annotations

import os
import resource
import threading
import time
from multiprocessing.connection import Connection
from typing import Any

from entente._exceptions import FieldProblem, InputError, ScenarioError
from entente.scenario import compile_scenario, parse_scenario
from entente.scenario.errors import format_path
from entente.service.disconnects import Abandoned
from entente.service.lifeline import die_with_reader

__all__ = [
    "MAX_INTEGER",
    "MAX_NAME",
    "check_document",
    "compile_in_worker",
    "name_problem",
    "run_compile",
]

MAX_NAME = 200
"""Longest name (scenario, token, organisation), in characters."""

MAX_INTEGER = 2**31 - 1
"""Largest integer anywhere in an uploaded scenario (counts, ids of days ...)."""

_SLICE = 0.1
"""Seconds between two looks at ``stop`` while a compile runs."""


def name_problem(name: str) -> str | None:
    """Why ``name`` is not 1 to MAX_NAME printable characters, or None if it is."""
    if not name.strip():
        return "must not be blank"
    if len(name) > MAX_NAME:
        return f"must be at most {MAX_NAME} characters, got {len(name):,}"
    if not name.isprintable():
        return "must hold printable characters only (no NUL, no control characters)"
    return None


def check_document(document: Any) -> list[FieldProblem]:
    """The service's rules on a parsed scenario: its name, and integers bounded."""
    problems: list[FieldProblem] = []
    name = document.get("name")
    if isinstance(name, str) and (reason := name_problem(name)) is not None:
        problems.append(FieldProblem("name", reason))
    stack: list[tuple[Any, list[int | str]]] = [(document, [])]
    while stack:
        value, path = stack.pop()
        if isinstance(value, dict):
            stack.extend((v, [*path, k]) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, [*path, i]) for i, v in enumerate(value))
        elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INTEGER:
            problems.append(
                FieldProblem(
                    format_path(path), f"must be at most {MAX_INTEGER:,} in size, got {value}"
                )
            )
    return sorted(problems, key=lambda p: p.path)


def _limit_memory(extra_bytes: int) -> None:
    """Cap this process's address space at what it uses now plus ``extra_bytes``."""
    with open("/proc/self/statm") as statm:
        used = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = min(limit for limit in (used + extra_bytes, soft, hard) if limit >= 0)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def run_compile(channel: Connection, body: bytes, memory_bytes: int) -> None:
    """In the worker: compile the scenario ``body`` (JSON); send ``("ok", n_targets)`` or why."""
    try:
        die_with_reader(channel)
        _limit_memory(memory_bytes)
        game = compile_scenario(parse_scenario(body, source="request body", format="json"))
        channel.send(("ok", game.n_targets))
    except ScenarioError as error:
        channel.send(("problems", [(p.path, p.message) for p in error.problems]))
    except InputError as error:
        channel.send(("problems", [("", str(error))]))
    except (MemoryError, SystemError):  # SystemError: a C extension's allocation refused
        channel.send(("too-large", f"it needs more than {memory_bytes // 2**20:,} MiB of memory"))
    except Exception as error:
        detail = f"{type(error).__name__}: {error}"[:500]
        channel.send(("problems", [("", f"cannot be compiled ({detail})")]))
    finally:
        channel.close()


def compile_in_worker(
    context: Any,
    body: bytes,
    *,
    seconds: float,
    memory_bytes: int,
    stop: threading.Event | None = None,
) -> int:
    """The number of targets of the compiled scenario; ScenarioError if it does not compile.

    ``context`` is a multiprocessing context (the job runner's forkserver);
    ``stop`` set while the compile runs kills it at once and raises Abandoned.
    """
    parent, child = context.Pipe(duplex=False)
    process = context.Process(
        target=run_compile, args=(child, body, memory_bytes), name="entente-compile", daemon=True
    )
    process.start()
    child.close()
    try:
        _wait(parent, seconds, stop)
        try:
            kind, payload = parent.recv()
        except (EOFError, OSError):
            process.join(timeout=5)
            if process.exitcode is not None and process.exitcode < 0:  # a C allocation failed
                memory = f"it needs more than {memory_bytes // 2**20:,} MiB of memory"
                raise _too_large(memory) from None  # under the address-space limit: a signal
            raise _too_large(
                f"the compile process ended without an answer (exit {process.exitcode})"
            ) from None
    finally:
        if process.is_alive():
            process.kill()
        process.join(timeout=5)
        parent.close()
    if kind == "ok":
        return int(payload)
    if kind == "problems":
        raise ScenarioError(
            "request body", [FieldProblem(path, message) for path, message in payload]
        )
    raise _too_large(payload)


def _wait(parent: Connection, seconds: float, stop: threading.Event | None) -> None:
    """Until the worker answers; Abandoned once ``stop`` is set, 422 past ``seconds``."""
    deadline = time.monotonic() + seconds
    while not parent.poll(max(min(_SLICE, deadline - time.monotonic()), 0.0)):
        if stop is not None and stop.is_set():
            raise Abandoned
        if time.monotonic() >= deadline:
            raise _too_large(f"it took longer than {seconds:g} s")


def _too_large(reason: str) -> ScenarioError:
    return ScenarioError("request body", [FieldProblem("", f"too large to compile: {reason}")])
