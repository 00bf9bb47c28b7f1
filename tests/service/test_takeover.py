"""Two servers on one database: a job is run again only after its server died (issue 11, item 7).

Before: a second server re-ran the first one's running jobs (four solver
processes for two jobs), and a solver whose server was killed ran on. Here
server A runs a long solve while server B watches the same SQLite file: B
leaves the live lease alone. Then A alone (not its process group) gets
``kill -9``: everything A started must end within seconds, B takes the job
over once the lease has run out and runs it exactly once, to ``done`` (B caps
solves at 2 s, so the second run is short).
"""

from __future__ import annotations

import os
import signal
import sqlite3
import time
from datetime import datetime
from pathlib import Path

import pytest

from entente.service.jobs import heartbeat_seconds
from tests.service.scenarios import slow_scenario
from tests.service.server import Server, make_token, request, session_processes, wait_until

TIME_LIMIT = 14.0
SOLVE = {"method": "multiple-lps", "time_limit": TIME_LIMIT}
"""Multiple LPs on slow_scenario() run to this limit, on A and again on B. A is killed more
than 5 s before it (asserted), so A's solver can only be gone within the 5 s below if it
dies with its server."""
GONE_WITHIN = 5.0
LEASE = 4.0
"""Both servers' ``--lease``: B may take A's job 4 s after A's last heartbeat."""
B_CAP = 2.0
"""B's ``--max-time-limit``: the job it takes over runs 2 s there, not A's 14 s again."""


def _row(db: Path, job: int) -> tuple[str, str | None, int]:
    with sqlite3.connect(db) as connection:
        status, owner, attempts = connection.execute(
            "SELECT status, lease_owner, attempts FROM jobs WHERE id = ?", (job,)
        ).fetchone()
    return status, owner, attempts


def _run_seconds(db: Path, job: int) -> float:
    """How long the job's last attempt ran, by its own start and finish times."""
    with sqlite3.connect(db) as connection:
        started, finished = connection.execute(
            "SELECT started_at, finished_at FROM jobs WHERE id = ?", (job,)
        ).fetchone()
    return (datetime.fromisoformat(finished) - datetime.fromisoformat(started)).total_seconds()


def _solvers(server: Server) -> set[int]:
    """The processes of ``server``'s session that it did not start itself: its workers."""
    leader = server.process.pid
    return {pid for pid, parent in session_processes(leader).items() if leader not in (pid, parent)}


@pytest.mark.slow
def test_a_killed_servers_job_is_taken_over_once_after_its_lease(tmp_path: Path) -> None:
    path = tmp_path / "entente.db"
    db = f"sqlite:///{path}"
    token = make_token(db, "planner", "planner", tmp_path)
    a = Server(db, tmp_path, "--workers", "1", "--lease", str(LEASE))
    b: Server | None = None
    try:
        status, scenario = request(a.port, "POST", "/api/scenarios", slow_scenario(), token)
        assert status == 201, scenario
        status, job = request(
            a.port, "POST", f"/api/scenarios/{scenario['id']}/solve", SOLVE, token
        )
        assert status == 202, job
        job_id = job["job"]
        assert wait_until(lambda: _row(path, job_id)[0] == "running", timeout=30)
        running_since = time.monotonic()
        owner = _row(path, job_id)[1]
        assert f":{a.process.pid}:" in str(owner)

        b = Server(
            db, tmp_path, "--workers", "1", "--lease", str(LEASE), "--max-time-limit", str(B_CAP)
        )
        began = time.monotonic()
        while time.monotonic() - began < heartbeat_seconds(LEASE) + 1:  # B looks at leases twice
            assert _row(path, job_id) == ("running", owner, 1)  # A's live lease is left alone
            assert not _solvers(b)
            time.sleep(0.2)

        assert time.monotonic() - running_since < TIME_LIMIT - GONE_WITHIN
        os.kill(a.process.pid, signal.SIGKILL)  # the server only: its workers are on their own
        a.process.wait(timeout=30)
        assert wait_until(lambda: not session_processes(a.process.pid), timeout=GONE_WITHIN), (
            f"A's processes still alive after kill -9: {session_processes(a.process.pid)}"
        )

        seen: set[int] = set()

        def finished() -> bool:
            running = _solvers(b)
            assert len(running) <= 1, running
            seen.update(running)
            return _row(path, job_id)[0] not in ("queued", "running")

        assert wait_until(finished, timeout=LEASE + 2 * heartbeat_seconds(LEASE) + 90, every=0.1)
        status, owner_b, attempts = _row(path, job_id)
        assert (status, attempts) == ("done", 2)
        assert f":{b.process.pid}:" in str(owner_b)
        assert len(seen) == 1, seen  # one solver process on B, started once
        assert _run_seconds(path, job_id) < TIME_LIMIT / 2  # B's cap, not the 14 s A was asked
        assert request(b.port, "GET", f"/api/jobs/{job_id}", token=token)[1]["status"] == "done"
    finally:
        a.kill()
        if b is not None:
            b.stop()
