"""A short bounded load test: 50 concurrent clients on 127.0.0.1, no errors.

The full 20-second run with its latency percentiles is ``bench/load_service.py``
(numbers in ``bench/RESULTS.md``); tests assert correctness, not timing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.service.load import run_load
from tests.service.scenarios import TWO_TARGETS
from tests.service.server import Server, make_token, request


@pytest.mark.slow
def test_fifty_clients_without_errors(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'entente.db'}"
    token = make_token(db, "planner", "load", tmp_path)
    server = Server(db, tmp_path)
    try:
        assert request(server.port, "POST", "/api/scenarios", TWO_TARGETS, token)[0] == 201
        assert request(server.port, "POST", "/api/scenarios/1/solve", None, token)[0] == 202
        while request(server.port, "GET", "/api/jobs/1", token=token)[1]["status"] != "done":
            pass
        result = run_load(server.port, token, clients=50, seconds=3.0, max_requests=3000)
        assert result.errors == []
        assert result.requests > 50
        status, listing = request(server.port, "GET", "/api/scenarios?limit=1000", token=token)
        assert status == 200
        assert result.created > 0
        assert len(listing) == 1 + result.created  # every acknowledged upload is there
    finally:
        server.stop()
