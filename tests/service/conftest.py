"""Fixtures for the service tests: databases (SQLite and PostgreSQL), an app, tokens."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from entente.service.app import create_app
from entente.service.config import Settings
from entente.service.db import connect, migrate, normalise_url, sessions
from entente.service.tokens import create_token
from tests.service.postgres import postgres_binaries, postgres_server

BACKENDS = ["sqlite", "postgresql"]
_counter = itertools.count()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    if postgres_binaries() is None:
        pytest.skip("PostgreSQL is not installed (scripts/install-system-packages.sh installs it)")
    with postgres_server() as url:
        yield url


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database on each backend.

    A PostgreSQL database is dropped when its test ends: the server's folder then
    stays small, where hundreds of databases took over a minute to delete at the
    end of the session.
    """
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'entente.db'}"
        return
    server: str = request.getfixturevalue("postgres_url")
    name = f"test_{next(_counter)}"
    admin = create_engine(normalise_url(server), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f"CREATE DATABASE {name}"))
        yield server.rsplit("/", 1)[0] + f"/{name}"
        with admin.connect() as connection:  # FORCE: a server the test started may linger
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    finally:
        admin.dispose()


@dataclass
class Service:
    """A running app (lifespan entered) with one token per role."""

    client: TestClient
    tokens: dict[str, str]
    url: str

    def as_(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}

    def wait_job(
        self,
        job: int,
        role: str = "viewer",
        *,
        until: Callable[[dict[str, Any]], bool] | None = None,
        timeout: float = 60.0,
    ) -> dict[str, Any]:
        done = until or (lambda j: j["status"] not in ("queued", "running"))
        deadline = time.monotonic() + timeout
        while True:
            body = self.client.get(f"/api/jobs/{job}", headers=self.as_(role)).json()
            if done(body) or time.monotonic() > deadline:
                return body
            time.sleep(0.05)


def start_service(
    url: str, tokens: dict[str, str] | None = None, **settings: Any
) -> tuple[TestClient, dict[str, str]]:
    engine = connect(url)
    migrate(engine)
    if tokens is None:
        with sessions(engine)() as session:
            tokens = {
                role: create_token(session, name=f"{role}-user", role=role, actor="test")
                for role in ("viewer", "planner", "admin")
            }
    engine.dispose()
    options = {"workers": 2, **settings}
    app = create_app(Settings(database_url=url, **options))
    return TestClient(app), tokens


@pytest.fixture
def service(database_url: str) -> Iterator[Service]:
    client, tokens = start_service(database_url)
    with client:
        yield Service(client, tokens, database_url)


@pytest.fixture
def make_service(database_url: str) -> Iterator[Callable[..., Service]]:
    """A factory, for tests that need other settings (body limit, time limits)."""
    opened: list[TestClient] = []
    known: dict[str, str] = {}

    def make(**settings: Any) -> Service:
        client, tokens = start_service(database_url, known or None, **settings)
        known.update(tokens)
        client.__enter__()
        opened.append(client)
        return Service(client, tokens, database_url)

    yield make
    for client in opened:
        client.__exit__(None, None, None)
