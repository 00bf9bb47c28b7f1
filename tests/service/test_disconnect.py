"""Work stops when its client leaves (issue 11, item 4).

Before: a client that sent an upload whose compile takes minutes and then
disconnected left the compile running (a core busy) until its own limit.
Against a real ``entente serve`` on 127.0.0.1, a raw socket sends such an
upload, waits until its compile process is running, and closes: the process
must be gone within seconds, nothing stored, and the server still serving.
"""

from __future__ import annotations

import json
import socket
from pathlib import Path

from tests.service.bounded import dense_patrol
from tests.service.server import Server, make_token, request, session_processes, wait_until


def _send_upload(port: int, token: str, document: dict) -> socket.socket:
    body = json.dumps(document).encode()
    head = (
        "POST /api/scenarios HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode()
    client = socket.create_connection(("127.0.0.1", port), timeout=10)
    client.sendall(head + body)
    return client


def test_a_compile_stops_when_its_client_disconnects(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'entente.db'}"
    token = make_token(db, "planner", "leaver", tmp_path)
    server = Server(db, tmp_path, "--workers", "1")
    try:
        before = set(session_processes(server.process.pid))
        client = _send_upload(server.port, token, dense_patrol(5000))  # seconds to compile
        started: set[int] = set()

        def compiling() -> bool:
            started.update(set(session_processes(server.process.pid)) - before)
            return bool(started)

        assert wait_until(compiling, timeout=30), "no compile process started"
        client.close()
        gone = wait_until(
            lambda: not started & set(session_processes(server.process.pid)), timeout=10
        )
        assert gone, f"compile process(es) {started} still running after the client left"
        assert request(server.port, "GET", "/api/health")[0] == 200
        assert request(server.port, "GET", "/api/scenarios", token=token) == (200, [])
    finally:
        server.stop()
