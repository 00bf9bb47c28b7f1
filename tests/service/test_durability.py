"""A scenario acknowledged with 201 survives ``kill -9`` of the server at any moment.

A bounded burst of uploads from several clients on 127.0.0.1; the server is
SIGKILLed mid-burst (after a seeded, random number of acknowledgements),
restarted on the same SQLite file, and every acknowledged scenario must read
back equal to what was posted. Twice, so the second kill also hits a database
that has been recovered once.
"""

from __future__ import annotations

import http.client
import random
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.service.scenarios import TWO_TARGETS
from tests.service.server import Server, make_token, request

CLIENTS = 8
PER_ROUND = 400  # the burst's bound: requests per round, across all clients


def _document(round_: int, index: int) -> dict:
    return {**TWO_TARGETS, "name": f"r{round_}-n{index}", "description": "x" * (index % 97)}


def _burst(server: Server, token: str, round_: int, kill_after: int) -> dict[int, dict]:
    acknowledged: dict[int, dict] = {}
    lock = threading.Lock()
    killed = threading.Event()

    def upload(index: int) -> None:
        if killed.is_set():
            return
        document = _document(round_, index)
        try:
            status, body = request(
                server.port, "POST", "/api/scenarios", document, token, timeout=5
            )
        except (OSError, http.client.HTTPException):
            return  # the server died before the answer was complete: not acknowledged
        if status == 201:
            with lock:
                acknowledged[body["id"]] = document
                if len(acknowledged) == kill_after and not killed.is_set():
                    killed.set()
                    server.kill()

    with ThreadPoolExecutor(CLIENTS) as pool:
        list(pool.map(upload, range(PER_ROUND)))
    assert killed.is_set(), "the burst ended before the kill"
    return acknowledged


@pytest.mark.slow
def test_acknowledged_scenarios_survive_kill_9(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'entente.db'}"
    token = make_token(db, "planner", "burst", tmp_path)
    rng = random.Random(20261127)
    acknowledged: dict[int, dict] = {}
    for round_ in range(2):
        server = Server(db, tmp_path)
        acknowledged |= _burst(server, token, round_, kill_after=rng.randint(30, 250))
    server = Server(db, tmp_path)
    try:
        for identifier, document in acknowledged.items():
            status, body = request(server.port, "GET", f"/api/scenarios/{identifier}", token=token)
            assert (status, body) == (200, document), identifier
        status, listing = request(server.port, "GET", "/api/scenarios?limit=1000", token=token)
        assert status == 200
        assert len(acknowledged) < 1000  # one page holds them all
        assert {s["id"] for s in listing} >= set(acknowledged)
    finally:
        server.stop()
