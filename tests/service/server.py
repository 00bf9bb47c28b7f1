"""``entente serve`` as a real process on 127.0.0.1, for tests that need one."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

from entente.cli import app
from entente.service.db import connect, migrate, sessions
from entente.service.orgs import create_org, find_org
from entente.service.tokens import create_token

__all__ = [
    "Server",
    "entente_cli",
    "free_port",
    "make_token",
    "request",
    "session_processes",
    "wait_until",
]


def session_processes(session: int) -> dict[int, int]:
    """Live (not zombie) processes of session ``session``: pid -> parent pid.

    A server started by :class:`Server` leads its own session, and every
    process it starts (forkserver, solver and compile workers) stays in it,
    even after the server itself is killed.
    """
    found: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # the process ended meanwhile
        state, parent, sid = fields[0], int(fields[1]), int(fields[3])
        if sid == session and state != "Z":
            found[int(stat.parent.name)] = parent
    return found


def wait_until(condition: Any, timeout: float, every: float = 0.05) -> bool:
    """Poll ``condition()`` until it is true (True) or ``timeout`` seconds pass (False)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(every)
    return True


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def entente_cli(*args: str, cwd: Path) -> Result:
    """The ``entente`` CLI in-process, run from ``cwd`` (where the default database lives)."""
    here = Path.cwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(app, list(args))
    finally:
        os.chdir(here)


def make_token(db: str, role: str, name: str, cwd: Path, org: str | None = None) -> str:
    """What ``entente token create`` does (it has its own tests), without a new interpreter.

    ``org``: the token's organisation, created first if it does not exist.
    """
    engine = connect(db)
    try:
        migrate(engine)
        with sessions(engine)() as session:
            if org is None:
                return create_token(session, name=name, role=role, actor=f"test in {cwd.name}")
            if find_org(session, org) is None:
                create_org(session, name=org, actor="test")
            return create_token(session, name=name, role=role, actor="test", org=org)
    finally:
        engine.dispose()


def request(
    port: int,
    method: str,
    path: str,
    body: Any = None,
    token: str | None = None,
    timeout: float = 10.0,
) -> tuple[int, Any]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        data = None if body is None else json.dumps(body).encode()
        connection.request(method, path, body=data, headers=headers)
        response = connection.getresponse()
        raw = response.read()
        try:
            return response.status, json.loads(raw)
        except ValueError:
            return response.status, raw
    finally:
        connection.close()


class Server:
    """``entente serve`` in its own process group; ``kill()`` is SIGKILL, no shutdown."""

    def __init__(self, db: str, cwd: Path, *extra: str, https: bool = False) -> None:
        self.port = free_port()
        self.log = open(cwd / f"serve-{self.port}.log", "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "entente",
                "serve",
                "--db",
                db,
                "--port",
                str(self.port),
                *extra,
            ],
            cwd=cwd,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                if https:
                    with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                        break
                elif request(self.port, "GET", "/api/health", timeout=1)[0] == 200:
                    break
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(
                    f"entente serve did not start: {(cwd / self.log.name).read_text()}"
                )
            time.sleep(0.1)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def kill(self) -> None:
        """SIGKILL to the whole process group: the server and any solver it started."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self.log.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
                return
        self.log.close()
