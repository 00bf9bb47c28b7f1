"""Load on ``entente serve``: 200 concurrent clients for 60 s on 127.0.0.1, bounded.

Runs, in one go and on the same machine: the baseline (``GET /api/health``,
no token, the cheapest route there is) and the API mix of
``tests/service/load.py`` (token check, reads of scenarios, plans and jobs,
one upload in ten), on SQLite (WAL, synchronous=FULL) and on a throwaway
PostgreSQL server. After each burst a solve is submitted and must complete
(the job runner survived). Prints a Markdown table for ``bench/RESULTS.md``.
The clients share the machine's cores with the server: the numbers include
that.

    .venv/bin/python bench/load_service.py [--seconds 60] [--clients 200]
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.service.load import LoadResult, run_load
from tests.service.postgres import postgres_binaries, postgres_server
from tests.service.scenarios import TWO_TARGETS
from tests.service.server import Server, make_token, request


def _prepare(server: Server, token: str) -> None:
    assert request(server.port, "POST", "/api/scenarios", TWO_TARGETS, token)[0] == 201
    assert request(server.port, "POST", "/api/scenarios/1/solve", None, token)[0] == 202
    deadline = time.monotonic() + 60
    while request(server.port, "GET", "/api/jobs/1", token=token)[1]["status"] != "done":
        if time.monotonic() > deadline:
            raise RuntimeError("the preparation solve did not finish")
        time.sleep(0.1)


def _solve_after(server: Server, token: str) -> float:
    """Seconds for a solve submitted after the burst to complete; RuntimeError if it does not."""
    began = time.monotonic()
    status, created = request(server.port, "POST", "/api/scenarios/1/solve", None, token)
    if status != 202:
        raise RuntimeError(f"the solve after the burst was refused: {status} {created}")
    while True:
        job = request(server.port, "GET", f"/api/jobs/{created['job']}", token=token)[1]
        if job["status"] == "done":
            return time.monotonic() - began
        if job["status"] != "queued" and job["status"] != "running":
            raise RuntimeError(f"the solve after the burst ended {job['status']}: {job['error']}")
        if time.monotonic() - began > 120:
            raise RuntimeError("the solve after the burst did not complete within 120 s")
        time.sleep(0.2)


def _row(name: str, result: LoadResult) -> str:
    ms = lambda q: f"{1000 * result.percentile(q):.1f}"  # noqa: E731
    rate = result.requests / result.seconds
    return (
        f"| {name} | {result.requests} | {len(result.errors)} | {rate:.0f} | "
        f"{ms(50)} | {ms(95)} | {ms(99)} | {1000 * max(result.latencies):.1f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--clients", type=int, default=200)
    args = parser.parse_args()
    rows = []
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        databases = {"SQLite": f"sqlite:///{folder / 'entente.db'}"}
        if postgres_binaries() is not None:
            databases["PostgreSQL"] = stack.enter_context(postgres_server())
        for label, db in databases.items():
            token = make_token(db, "planner", "bench", folder)
            server = Server(db, folder)
            try:
                _prepare(server, token)
                if not rows:
                    baseline = run_load(
                        server.port, None, clients=args.clients, seconds=args.seconds
                    )
                    rows.append(_row("baseline: GET /api/health, no token", baseline) + " - |")
                mix = run_load(server.port, token, clients=args.clients, seconds=args.seconds)
                after = _solve_after(server, token)
                rows.append(_row(f"API mix on {label}", mix) + f" {after:.1f} |")
                for error in mix.errors[:5]:
                    print("error:", error, file=sys.stderr)
            finally:
                server.stop()
    machine = platform.processor() or platform.machine()
    print(f"{args.clients} clients x {args.seconds:g} s on 127.0.0.1, {machine}")
    print(
        "| run | requests | errors | req/s | p50 ms | p95 ms | p99 ms | max ms | solve after, s |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
