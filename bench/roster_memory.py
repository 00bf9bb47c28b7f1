"""Peak memory of the server for one large roster request.

Run: .venv/bin/python bench/roster_memory.py [--units 300] [--days 3333]

A real ``entente serve`` (SQLite, 127.0.0.1, a random port) is given a
guard scenario with ``--units`` units on twice as many targets, solves it,
and then answers one ``POST /api/plans/{id}/roster`` for ``--days`` days
(``units x days`` within the service's cap of 1,000,000 unit-days), read by
the client in 64 KiB pieces and thrown away. The server's peak resident set
(``VmHWM``) is reset just before the request (``/proc/PID/clear_refs``) and
read after it. Printed: the server's resident set before, its peak during
the request, the body's size and the time the request took.
"""

from __future__ import annotations

import argparse
import http.client
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.service.server import Server, make_token, request


def _scenario(units: int) -> dict[str, object]:
    targets = [
        {
            "id": f"t{i}",
            "defender": {"covered": 1, "uncovered": -1 - i % 7},
            "attacker": {"covered": -1, "uncovered": 1 + i % 5},
        }
        for i in range(2 * units)
    ]
    return {"name": "memory", "targets": targets, "resources": [{"id": "g", "count": units}]}


def _status_mib(pid: int, field: str) -> float:
    with open(f"/proc/{pid}/status") as status:
        line = next(line for line in status if line.startswith(field + ":"))
    return int(line.split()[1]) / 1024


def _roster(port: int, token: str, plan: int, days: int) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    body = json.dumps({"days": days}).encode()
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    connection.request("POST", f"/api/plans/{plan}/roster", body=body, headers=headers)
    response = connection.getresponse()
    assert response.status == 200, response.read()[:500]
    size = 0
    while piece := response.read(65536):
        size += len(piece)
    connection.close()
    return size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--days", type=int, default=3333)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    db = f"sqlite:///{folder / 'e.db'}"
    token = make_token(db, "planner", "bench", folder)
    server = Server(db, folder, "--workers", "1")
    try:
        scenario = request(server.port, "POST", "/api/scenarios", _scenario(args.units), token)[1]
        job = request(server.port, "POST", f"/api/scenarios/{scenario['id']}/solve", {}, token)[1]
        while (done := request(server.port, "GET", f"/api/jobs/{job['job']}", token=token)[1])[
            "status"
        ] in ("queued", "running"):
            time.sleep(0.2)
        assert done["status"] == "done", done
        pid = server.process.pid
        Path(f"/proc/{pid}/clear_refs").write_text("5")  # VmHWM := VmRSS
        before = _status_mib(pid, "VmRSS")
        began = time.perf_counter()
        size = _roster(server.port, token, done["plan"], args.days)
        seconds = time.perf_counter() - began
        peak = _status_mib(pid, "VmHWM")
    finally:
        server.stop()
    print(f"units x days      {args.units} x {args.days} = {args.units * args.days:,}")
    print(f"body              {size / 2**20:.1f} MiB")
    print(f"server RSS before {before:.0f} MiB")
    print(f"server peak RSS   {peak:.0f} MiB (+{peak - before:.0f} MiB)")
    print(f"request           {seconds:.2f} s")


if __name__ == "__main__":
    main()
