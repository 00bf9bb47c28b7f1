"""Solve jobs: queued in the database, run side by side in worker processes.

The ``jobs`` table is the queue and the truth: a job is claimed by an atomic
``UPDATE ... WHERE status = 'queued'`` that also gives the claiming server a
lease (``lease_owner``, ``lease_until``, ``Settings.lease_seconds`` long),
renewed by a heartbeat four times a lease. Several servers may share a
database: a job whose lease ran out (its server died) is queued again once,
and failed with a message if its server dies a second time
(:data:`MAX_ATTEMPTS`); a live server's jobs are never taken over. The order between users is fair
(:func:`entente.service.quotas.fair_order`).
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
1 when done. Sweeps and budgets (``Job.kind``, run by
:mod:`entente.service.sweep_worker`) report the share of their solves done
instead, and store a result rather than a plan.
"""

from __future__ import annotations

import logging
import math
import multiprocessing
import os
import socket
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from multiprocessing import forkserver
from multiprocessing.connection import Connection, wait
from typing import Any

import orjson
from sqlalchemy import func, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from entente.service.models import Job, PlanRow, ScenarioRow, utcnow
from entente.service.quotas import fair_order
from entente.service.sweep_worker import run_sweep_job
from entente.service.worker import run_solve

__all__ = ["ACTIVE", "STALLED_AFTER", "JobManager", "RunnerState", "heartbeat_seconds"]

ACTIVE = ("queued", "running")
STALLED_AFTER = 30.0
"""Seconds without a heartbeat after which health calls the runner stalled (503)."""
MAX_ATTEMPTS = 2
"""A job whose server died while running it is run once more, then failed with a message."""
_CANDIDATES = 500  # oldest queued jobs the fair order chooses from
_RETRY = 1.0  # seconds the runner pauses after a failed pass
_log = logging.getLogger("entente.service.jobs")
_PROGRESS_EVERY = 0.5  # seconds between progress writes per job
_GRACE = 30.0  # seconds for parsing, compiling, certifying and storing, beyond 2 x the limit


def _context() -> Any:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(
        ["entente.service.worker", "entente.service.compiling", "entente.service.sweep_worker"]
    )
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
    kind: str = "solve"
    done: float | None = None  # sweeps and budgets: the share of their solves done


def heartbeat_seconds(lease_seconds: float) -> float:
    """How often a server renews its leases and looks for expired ones: four times a lease."""
    return lease_seconds / 4


class JobManager:
    """Runs queued jobs; ``start()`` it once, ``stop()`` it at shutdown."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        workers: int,
        lease_seconds: float,
        max_time_limit: float,
    ) -> None:
        self._sessions = sessions
        self._workers = max(workers, 1)
        self._max_time_limit = max_time_limit  # this server's cap, also on jobs others queued
        self._lease = timedelta(seconds=lease_seconds)
        self._heartbeat = heartbeat_seconds(lease_seconds)
        self._running: dict[int, _Running] = {}
        self._cancelled: set[int] = set()
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._context = _context()
        self._beat: float | None = None
        self._renewed = -math.inf
        self._served: dict[str, int] = {}  # user -> when last started, for the fair order
        self._id = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._failures = 0
        self._last_error: str | None = None

    # --- called from request handlers -------------------------------------

    def start(self) -> None:
        """Start the thread (a dead server's jobs are queued again when its lease ends)."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        forkserver.ensure_running()  # pay for preloading the solvers now, not at the first job
        self._thread = threading.Thread(target=self._loop, name="entente-jobs", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop the thread, kill running solves and queue their jobs again (not an attempt)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        for running in list(self._running.values()):
            self._kill(running)
        try:
            with self._sessions() as session:
                session.execute(
                    update(Job)
                    .where(Job.status == "running", Job.lease_owner == self._id)
                    .values(
                        status="queued",
                        stage="queued",
                        progress=0.0,
                        lease_owner=None,
                        attempts=Job.attempts - 1,
                    )
                )
                session.commit()
        except SQLAlchemyError:  # the lease then runs out and another server takes the job
            _log.exception("job runner: could not hand back its jobs at shutdown")

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
        """One round: leases, cancel, start, read reports, write progress."""
        self._leases()
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
            queued = session.execute(
                select(Job.id, Job.created_by)
                .where(Job.status == "queued")
                .order_by(Job.id)
                .limit(_CANDIDATES)
            ).all()
            if not queued:
                return
            counts = session.execute(
                select(Job.created_by, func.count(Job.id))
                .where(Job.status == "running")
                .group_by(Job.created_by)
            ).all()
            running = Counter({user: count for user, count in counts})
            picks = fair_order([(i, u) for i, u in queued], running, free, self._served)
            for job_id in picks:
                self._claim(session, job_id)

    def _claim(self, session: Session, job_id: int) -> None:
        """Take job ``job_id`` if it is still queued (another server may have), and start it."""
        claimed = session.execute(
            update(Job)
            .where(Job.id == job_id, Job.status == "queued")
            .values(
                status="running",
                stage="starting",
                progress=0.0,
                started_at=utcnow(),
                lease_owner=self._id,
                lease_until=utcnow() + self._lease,
                attempts=Job.attempts + 1,
            )
        )
        session.commit()
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            return
        try:
            job = session.get(Job, job_id)
            if job is None:
                return
            body = session.scalar(select(ScenarioRow.body).where(ScenarioRow.id == job.scenario_id))
            self._spawn(job_id, (body or "").encode(), orjson.loads(job.options), job.kind)
        except Exception as error:
            session.rollback()
            _log.exception("job %d: could not start", job_id)
            self._fail(job_id, f"could not start the solver: {error}")

    def _leases(self) -> None:
        """Renew this server's leases; queue again (or fail) jobs whose server's lease ran out."""
        now = time.monotonic()
        if now - self._renewed < self._heartbeat:
            return
        self._renewed = now
        moment = utcnow()
        with self._sessions() as session:
            session.execute(
                update(Job)
                .where(Job.status == "running", Job.lease_owner == self._id)
                .values(lease_until=moment + self._lease)
            )
            expired = (Job.status == "running") & (
                (Job.lease_until < moment) | Job.lease_until.is_(None)
            )
            session.execute(
                update(Job)
                .where(expired, Job.attempts >= MAX_ATTEMPTS)
                .values(
                    status="failed",
                    stage="failed",
                    finished_at=moment,
                    error=f"the server running this job stopped {MAX_ATTEMPTS} times while "
                    "it ran: not run again (a solve that kills its server?)",
                )
            )
            session.execute(
                update(Job)
                .where(expired, Job.attempts < MAX_ATTEMPTS)
                .values(status="queued", stage="queued", progress=0.0, lease_owner=None)
            )
            session.commit()

    def _spawn(self, job_id: int, body: bytes, options: dict[str, Any], kind: str) -> None:
        limit = min(float(options["time_limit"]), self._max_time_limit)
        options = {**options, "time_limit": limit}
        parent, child = self._context.Pipe(duplex=False)
        target, args = (
            (run_solve, (child, body, options))
            if kind == "solve"
            else (run_sweep_job, (child, body, options, kind))
        )
        process = self._context.Process(
            target=target, args=args, name=f"entente-job-{job_id}", daemon=True
        )
        process.start()
        child.close()
        self._running[job_id] = _Running(job_id, process, parent, limit, kind=kind)

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
        elif kind == "progress":
            running.done = float(payload)
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
        if running.done is not None:
            return 0.05 + 0.9 * running.done
        elapsed = time.monotonic() - running.started
        return min(0.05 + 0.9 * elapsed / max(running.time_limit, 1e-9), 0.95)

    def _tick(self) -> None:
        now = time.monotonic()
        for running in list(self._running.values()):
            if now - running.started > 2 * running.time_limit + _GRACE:
                self._finish(
                    running,
                    "failed",
                    error=f"the {running.kind} overran its time limit and was stopped",
                )
            elif now - running.written >= _PROGRESS_EVERY:
                running.written = now
                with self._sessions() as session:
                    session.execute(
                        update(Job)
                        .where(
                            Job.id == running.job_id,
                            Job.status == "running",
                            Job.lease_owner == self._id,
                        )
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
            if job is None or job.status != "running" or job.lease_owner != self._id:
                # cancelled meanwhile, or taken over after this server's lease ran out
                session.rollback()
            elif job.kind != "solve":
                job.result, job.status, job.stage = document.decode(), "done", "done"
                job.progress, job.finished_at = 1.0, utcnow()
                session.commit()
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
                .where(Job.id == job_id, Job.status == "running", Job.lease_owner == self._id)
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
