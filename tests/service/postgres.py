"""A throwaway PostgreSQL server for the tests, on 127.0.0.1 in a temporary directory.

``initdb`` refuses to run as root, so as root the cluster is created and run
as the unprivileged ``postgres`` user (``runuser``); as anyone else, as that
user. The server is stopped and its directory removed afterwards.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["postgres_binaries", "postgres_server"]


def postgres_binaries() -> Path | None:
    """The folder holding initdb and pg_ctl, or None when PostgreSQL is not installed."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_owner(command: list[str], owner: str | None) -> list[str]:
    return ["runuser", "-u", owner, "--", *command] if owner else command


@contextmanager
def postgres_server() -> Iterator[str]:
    """Yield the URL of a running server's ``postgres`` database (user ``entente``)."""
    binaries = postgres_binaries()
    if binaries is None:
        raise RuntimeError("PostgreSQL is not installed")
    owner = None
    folder = Path(tempfile.mkdtemp(prefix="entente-pg-"))
    if os.geteuid() == 0:
        owner = "postgres"
        user = pwd.getpwnam(owner)
        os.chown(folder, user.pw_uid, user.pw_gid)
    data = folder / "data"
    port = _free_port()
    pg_ctl = str(binaries / "pg_ctl")
    try:
        subprocess.run(
            _as_owner(
                [
                    str(binaries / "initdb"),
                    "-D",
                    str(data),
                    "-A",
                    "trust",
                    "-U",
                    "entente",
                    "--no-sync",
                    "-E",
                    "UTF8",
                ],
                owner,
            ),
            check=True,
            capture_output=True,
            cwd=folder,
        )
        options = (
            f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c max_connections=200 -c max_wal_size=64MB -c min_wal_size=32MB"
        )
        subprocess.run(
            _as_owner(
                [pg_ctl, "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "start"],
                owner,
            ),
            check=True,
            capture_output=True,
            cwd=folder,
        )
        yield f"postgresql://entente@127.0.0.1:{port}/postgres"
    finally:
        if data.exists():
            subprocess.run(
                _as_owner([pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"], owner),
                capture_output=True,
                cwd=folder,
            )
        shutil.rmtree(folder, ignore_errors=True)
