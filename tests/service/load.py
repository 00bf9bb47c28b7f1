"""A bounded load generator for ``entente serve`` on 127.0.0.1 (used by a test and by bench/).

``clients`` threads, each with its own keep-alive connection, send a fixed mix
of requests (mostly reads of scenarios, plans and jobs; one upload in ten)
until ``seconds`` have passed or ``max_requests`` were sent. Every latency is
recorded; any status other than the expected one, or a connection error,
counts as an error.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from dataclasses import dataclass, field

from tests.service.scenarios import TWO_TARGETS

__all__ = ["BURST", "LoadResult", "run_load"]

_UPLOAD = json.dumps(TWO_TARGETS).encode()


@dataclass
class LoadResult:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    created: int = 0
    seconds: float = 0.0

    @property
    def requests(self) -> int:
        return len(self.latencies) + len(self.errors)

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(int(q / 100 * len(ordered)), len(ordered) - 1)]


Request = tuple[str, str, bytes | None, int]

BURST: list[Request] = [
    ("GET", "/api/health", None, 200),
    ("GET", "/api/scenarios", None, 200),
    ("GET", "/api/plans", None, 200),
    ("GET", "/api/jobs", None, 200),
]
"""Health checks and every list route: what a crowd of dashboards polls."""


def _mix(scenario: int, plan: int, job: int, authorised: bool) -> list[Request]:
    if not authorised:
        return [("GET", "/api/health", None, 200)]
    return [
        ("GET", f"/api/scenarios/{scenario}", None, 200),
        ("GET", f"/api/plans/{plan}", None, 200),
        ("GET", f"/api/jobs/{job}", None, 200),
        ("GET", "/api/me", None, 200),
        ("GET", f"/api/scenarios/{scenario}", None, 200),
        ("GET", f"/api/plans/{plan}", None, 200),
        ("GET", f"/api/jobs/{job}", None, 200),
        ("GET", "/api/plans", None, 200),
        ("GET", f"/api/scenarios/{scenario}", None, 200),
        ("POST", "/api/scenarios", _UPLOAD, 201),
    ]


def run_load(
    port: int,
    token: str | None,
    *,
    scenario: int = 1,
    plan: int = 1,
    job: int = 1,
    clients: int = 50,
    seconds: float = 20.0,
    max_requests: int = 200_000,
    mix: list[Request] | None = None,
) -> LoadResult:
    """Drive the server; ``token=None`` sends only unauthenticated health checks.

    ``mix`` replaces the default mix of requests (each client starts at its
    own offset in it).
    """
    mix = mix or _mix(scenario, plan, job, token is not None)
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    result = LoadResult()
    lock = threading.Lock()
    sent = [0]
    start = time.perf_counter()
    deadline = start + seconds

    def client(offset: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        errors: list[str] = []
        created = 0
        step = offset
        while time.perf_counter() < deadline:
            with lock:
                if sent[0] >= max_requests:
                    break
                sent[0] += 1
            method, path, body, expected = mix[step % len(mix)]
            step += 1
            began = time.perf_counter()
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                if response.status != expected:
                    errors.append(f"{method} {path}: {response.status}")
                else:
                    mine.append(time.perf_counter() - began)
                    created += expected == 201
            except (OSError, http.client.HTTPException) as error:
                errors.append(f"{method} {path}: {error!r}")
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.close()
        with lock:
            result.latencies.extend(mine)
            result.errors.extend(errors)
            result.created += created

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - start
    return result
