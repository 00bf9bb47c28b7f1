"""Fixtures for the service tests: databases (SQLite and PostgreSQL), an app, tokens."""

from __future__ import annotations

import itertools
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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
    with _postgres_database(request.getfixturevalue("postgres_url"), "template1") as url:
        yield url


@contextmanager
def _postgres_database(server: str, template: str) -> Iterator[str]:
    """A new database on ``server``, a copy of ``template``, dropped afterwards."""
    name = f"test_{next(_counter)}"
    admin = create_engine(normalise_url(server), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f"CREATE DATABASE {name} TEMPLATE {template}"))
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


def _migrate_with_tokens(url: str) -> dict[str, str]:
    """Migrate the database at ``url`` and give it one token per role."""
    engine = connect(url)
    migrate(engine)
    with sessions(engine)() as session:
        tokens = {
            role: create_token(session, name=f"{role}-user", role=role, actor="test")
            for role in ("viewer", "planner", "admin")
        }
    engine.dispose()
    return tokens


def start_service(
    url: str, tokens: dict[str, str] | None = None, **settings: Any
) -> tuple[TestClient, dict[str, str]]:
    """An app on ``url``: migrated and given tokens here unless ``tokens`` are already in it."""
    if tokens is None:
        tokens = _migrate_with_tokens(url)
    options = {"workers": 2, **settings}
    app = create_app(Settings(database_url=url, **options))
    return TestClient(app), tokens


@dataclass(frozen=True)
class Served:
    """A fresh copy of a migrated database that holds one token per role."""

    url: str
    tokens: dict[str, str]


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Served:
    path = tmp_path_factory.mktemp("template") / "entente.db"
    url = f"sqlite:///{path}"
    return Served(url, _migrate_with_tokens(url))


@pytest.fixture(scope="session")
def postgres_template(postgres_url: str) -> Served:
    admin = create_engine(normalise_url(postgres_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text("CREATE DATABASE entente_template"))
    admin.dispose()
    url = postgres_url.rsplit("/", 1)[0] + "/entente_template"
    return Served(url, _migrate_with_tokens(url))


@pytest.fixture(params=BACKENDS)
def served(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Served]:
    """Like ``database_url``, but migrated and holding tokens: a copy of a template.

    Migrating and hashing three tokens took about a second a test; copying
    the template (a file, or PostgreSQL's ``CREATE DATABASE ... TEMPLATE``)
    takes milliseconds.
    """
    if request.param == "sqlite":
        template: Served = request.getfixturevalue("sqlite_template")
        path = tmp_path / "entente.db"
        shutil.copyfile(template.url.removeprefix("sqlite:///"), path)
        yield Served(f"sqlite:///{path}", template.tokens)
        return
    template = request.getfixturevalue("postgres_template")
    with _postgres_database(request.getfixturevalue("postgres_url"), "entente_template") as url:
        yield Served(url, template.tokens)


@pytest.fixture
def service(served: Served) -> Iterator[Service]:
    client, tokens = start_service(served.url, served.tokens)
    with client:
        yield Service(client, tokens, served.url)


@pytest.fixture
def make_service(served: Served) -> Iterator[Callable[..., Service]]:
    """A factory, for tests that need other settings (body limit, time limits)."""
    opened: list[TestClient] = []

    def make(**settings: Any) -> Service:
        client, tokens = start_service(served.url, served.tokens, **settings)
        client.__enter__()
        opened.append(client)
        return Service(client, tokens, served.url)

    yield make
    for client in opened:
        client.__exit__(None, None, None)
