"""Solve jobs: queued in the database, run side by side in worker processes.

The ``jobs`` table is the queue and the truth: a job is claimed by an atomic
``UPDATE ... WHERE status = 'queued'``, so a server restarted after a crash
picks up where it stopped (jobs left ``running`` are queued again at start).
One manager thread per server starts up to ``workers`` processes (the
``forkserver`` start method, with the solvers preloaded, so a job starts in
milliseconds), reads their reports, writes progress, stores plans, and kills
the process of a job that is cancelled or overruns its time limit (the solver
stops itself at the limit; a process still running at twice the limit plus
30 s, which covers parsing, compiling and certifying, is killed and the job
fails).

The thread is supervised: an exception in one pass of its loop is logged,
the job it concerned (if any) fails with the message, and the loop goes on
after a second's pause; every pass records a heartbeat that ``/api/health``
reads (:meth:`JobManager.state`).

Progress is an honest estimate: 0 queued, 0.05 compiled, then while solving
``0.05 + 0.9 * elapsed / time_limit`` (the time limit bounds the solve),
1 when done.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
import time
from dataclasses import dataclass, field
from multiprocessing import forkserver
from multiprocessing.connection import Connection, wait
from typing import Any

import orjson
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from entente.service.models import Job, PlanRow, ScenarioRow, utcnow
from entente.service.worker import run_solve

__all__ = ["ACTIVE", "STALLED_AFTER", "JobManager", "RunnerState"]

ACTIVE = ("queued", "running")
STALLED_AFTER = 30.0
"""Seconds without a heartbeat after which health calls the runner stalled (503)."""
_RETRY = 1.0  # seconds the runner pauses after a failed pass
_log = logging.getLogger("entente.service.jobs")
_PROGRESS_EVERY = 0.5  # seconds between progress writes per job
_GRACE = 30.0  # seconds for parsing, compiling, certifying and storing, beyond 2 x the limit


def _context() -> Any:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["entente.service.worker", "entente.service.compiling"])
    return context


@dataclass(frozen=True)
class RunnerState:
    """What health reports: ``state`` running, stalled or stopped; the last error."""

    state: str
    heartbeat_age: float | None
    failures: int
    last_error: str | None


@dataclass
class _Running:
    job_id: int
    process: Any
    channel: Connection
    time_limit: float
    started: float = field(default_factory=time.monotonic)
    stage: str = "starting"
    written: float = 0.0


class JobManager:
    """Runs queued jobs; ``start()`` it once, ``stop()`` it at shutdown."""

    def __init__(self, sessions: sessionmaker[Session], *, workers: int) -> None:
        self._sessions = sessions
        self._workers = max(workers, 1)
        self._running: dict[int, _Running] = {}
        self._cancelled: set[int] = set()
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._context = _context()
        self._beat: float | None = None
        self._failures = 0
        self._last_error: str | None = None

    # --- called from request handlers -------------------------------------

    def start(self) -> None:
        """Queue again the jobs a dead server left running, and start the thread."""
        if self._thread is not None and self._thread.is_alive():
            return
        with self._sessions() as session:
            session.execute(
                update(Job)
                .where(Job.status == "running")
                .values(status="queued", stage="queued", progress=0.0)
            )
            session.commit()
        self._stop.clear()
        forkserver.ensure_running()  # pay for preloading the solvers now, not at the first job
        self._thread = threading.Thread(target=self._loop, name="entente-jobs", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop the thread and kill running solves (they are queued again at the next start)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        for running in list(self._running.values()):
            self._kill(running)

    @property
    def context(self) -> Any:
        """The multiprocessing context workers start from (uploads compile in it too)."""
        return self._context

    def state(self) -> RunnerState:
        """Is the runner thread alive and still going round its loop?"""
        age = None if self._beat is None else time.monotonic() - self._beat
        if self._thread is None or not self._thread.is_alive():
            state = "stopped"
        elif age is None or age > STALLED_AFTER:
            state = "stalled"
        else:
            state = "running"
        return RunnerState(state, age, self._failures, self._last_error)

    def notify(self) -> None:
        """A job was queued."""
        self._wake.set()

    def cancel(self, job_id: int) -> None:
        """The job was marked cancelled in the database: stop its process if it runs."""
        with self._lock:
            self._cancelled.add(job_id)
        self._wake.set()

    # --- the manager thread -------------------------------------------------

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._beat = time.monotonic()
            try:
                self._pass()
            except Exception as error:  # the runner must outlive any one failure
                self._failures += 1
                self._last_error = f"{type(error).__name__}: {error}"[:500]
                _log.exception("job runner: a pass failed; going on in %g s", _RETRY)
                self._stop.wait(_RETRY)

    def _pass(self) -> None:
        """One round: cancel, start, read reports, write progress."""
        self._reap_cancelled()
        self._start_queued()
        channels = [r.channel for r in self._running.values()]
        if channels:
            for channel in wait(channels, timeout=0.2):
                self._read(channel)  # type: ignore[arg-type]
        else:
            self._wake.wait(timeout=0.5)
        self._wake.clear()
        self._tick()

    def _start_queued(self) -> None:
        free = self._workers - len(self._running)
        if free <= 0:
            return
        with self._sessions() as session:
            queued = session.scalars(
                select(Job).where(Job.status == "queued").order_by(Job.id).limit(free)
            ).all()
            for job in queued:
                claimed = session.execute(
                    update(Job)
                    .where(Job.id == job.id, Job.status == "queued")
                    .values(status="running", stage="starting", progress=0.0, started_at=utcnow())
                )
                session.commit()
                if claimed.rowcount != 1:  # type: ignore[attr-defined]
                    continue
                try:
                    body = session.scalar(
                        select(ScenarioRow.body).where(ScenarioRow.id == job.scenario_id)
                    )
                    self._spawn(job.id, (body or "").encode(), orjson.loads(job.options))
                except Exception as error:
                    session.rollback()
                    _log.exception("job %d: could not start", job.id)
                    self._fail(job.id, f"could not start the solver: {error}")

    def _spawn(self, job_id: int, body: bytes, options: dict[str, Any]) -> None:
        parent, child = self._context.Pipe(duplex=False)
        process = self._context.Process(
            target=run_solve, args=(child, body, options), name=f"entente-job-{job_id}", daemon=True
        )
        process.start()
        child.close()
        self._running[job_id] = _Running(job_id, process, parent, float(options["time_limit"]))

    def _read(self, channel: Connection) -> None:
        running = next(r for r in self._running.values() if r.channel is channel)
        try:
            kind, payload = channel.recv()
        except (EOFError, OSError):
            self._finish(running, "failed", error="the solver process died without a result")
            return
        if kind == "stage":
            running.stage = payload
            running.written = 0.0  # write the new stage now
        elif kind == "done":
            try:
                self._store(running, payload)
            except Exception as error:
                _log.exception("job %d: could not store the plan", running.job_id)
                self._finish(running, "failed", error=f"could not store the plan: {error}")
        else:
            self._finish(running, "failed", error=payload)

    def _progress(self, running: _Running) -> float:
        if running.stage in ("starting", "compiling"):
            return 0.0 if running.stage == "starting" else 0.02
        elapsed = time.monotonic() - running.started
        return min(0.05 + 0.9 * elapsed / max(running.time_limit, 1e-9), 0.95)

    def _tick(self) -> None:
        now = time.monotonic()
        for running in list(self._running.values()):
            if now - running.started > 2 * running.time_limit + _GRACE:
                self._finish(
                    running, "failed", error="the solve overran its time limit and was stopped"
                )
            elif now - running.written >= _PROGRESS_EVERY:
                running.written = now
                with self._sessions() as session:
                    session.execute(
                        update(Job)
                        .where(Job.id == running.job_id, Job.status == "running")
                        .values(stage=running.stage, progress=self._progress(running))
                    )
                    session.commit()

    def _reap_cancelled(self) -> None:
        with self._lock:
            cancelled, self._cancelled = self._cancelled, set()
        for job_id in cancelled:
            running = self._running.pop(job_id, None)
            if running is not None:
                self._kill(running)

    def _store(self, running: _Running, document: bytes) -> None:
        summary = orjson.loads(document)
        with self._sessions() as session:
            job = session.get(Job, running.job_id)
            if job is None or job.status != "running":  # cancelled meanwhile
                session.rollback()
            else:
                plan = PlanRow(
                    scenario_id=job.scenario_id,
                    org_id=job.org_id,
                    status=summary["status"],
                    method=summary["method"],
                    defender_utility=summary["defender_utility"],
                    document=document.decode(),
                )
                session.add(plan)
                session.flush()
                job.plan_id, job.status, job.stage = plan.id, "done", "done"
                job.progress, job.finished_at = 1.0, utcnow()
                session.commit()
        self._forget(running)

    def _finish(self, running: _Running, status: str, *, error: str) -> None:
        self._fail(running.job_id, error, status=status)  # if this raises, the next pass retries
        self._kill(running)

    def _fail(self, job_id: int, error: str, *, status: str = "failed") -> None:
        with self._sessions() as session:
            session.execute(
                update(Job)
                .where(Job.id == job_id, Job.status == "running")
                .values(status=status, stage=status, error=error[:2000], finished_at=utcnow())
            )
            session.commit()

    def _forget(self, running: _Running) -> None:
        self._running.pop(running.job_id, None)
        running.channel.close()
        running.process.join(timeout=5)

    def _kill(self, running: _Running) -> None:
        self._running.pop(running.job_id, None)
        if running.process.is_alive():
            running.process.kill()
        running.process.join(timeout=5)
        running.channel.close()
