"""``entente serve``, ``entente token create|list|revoke`` and ``entente org create|list``."""

from __future__ import annotations

import getpass
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from entente._exceptions import InputError
from entente.cli._database import check_database
from entente.cli._errors import cli_errors
from entente.service.config import DEFAULT_DATABASE_URL, DEFAULT_ORG, Settings

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

__all__ = ["org_app", "serve_command", "token_app"]

_DB_HELP = (
    f"Database URL: sqlite:///FILE or postgresql://USER@HOST/DB (default {DEFAULT_DATABASE_URL})."
)
Database = Annotated[str, typer.Option("--db", help=_DB_HELP)]
Create = Annotated[
    bool, typer.Option("--create", help="Make the database if it does not exist yet.")
]

token_app = typer.Typer(help="Create, list and revoke API tokens.", no_args_is_help=True)
org_app = typer.Typer(
    help="Create and list organisations (each sees only its own work).", no_args_is_help=True
)


@cli_errors
def serve_command(
    db: Database = DEFAULT_DATABASE_URL,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8000,
    workers: Annotated[
        int | None, typer.Option(min=1, help="Solves run side by side (default: one per core).")
    ] = None,
    max_body: Annotated[
        int, typer.Option("--max-body", min=1, help="Largest request body, bytes.")
    ] = Settings.max_body_bytes,
    time_limit: Annotated[
        float, typer.Option(min=0.001, help="Seconds for a solve that names no time limit.")
    ] = Settings.default_time_limit,
    max_time_limit: Annotated[
        float,
        typer.Option(
            min=0.001,
            help="Cap on any job's time limit (seconds), also on jobs taken from another server.",
        ),
    ] = Settings.max_time_limit,
    threads: Annotated[
        int,
        typer.Option(min=1, help="Requests served side by side; the database pool is threads + 2."),
    ] = Settings.threads,
    max_jobs: Annotated[
        int, typer.Option("--max-jobs", min=1, help="Jobs one token may have queued or running.")
    ] = Settings.max_jobs_per_user,
    max_solves: Annotated[
        int, typer.Option("--max-solves", min=1, help="Solves one sweep or budget job may run.")
    ] = Settings.max_solves,
    lease: Annotated[
        float,
        typer.Option(
            min=1.0,
            help="Seconds a dead server's running jobs wait before another server runs them.",
        ),
    ] = Settings.lease_seconds,
    tls_cert: Annotated[
        Path | None, typer.Option("--tls-cert", help="PEM certificate: serve HTTPS.")
    ] = None,
    tls_key: Annotated[
        Path | None, typer.Option("--tls-key", help="PEM private key of --tls-cert.")
    ] = None,
) -> None:
    """Serve the HTTP API and the planners' web page."""
    import uvicorn

    from entente.service.app import create_app
    from entente.service.db import connect, migrate

    check_database(db, create=True)  # the server makes its database when first used
    tls = _tls_options(tls_cert, tls_key)
    if not tls and not _loopback(host):
        print(transport_warning(host), file=sys.stderr)
    migrate(connect(db))
    _check_port(host, port)
    options = {"workers": workers} if workers is not None else {}
    settings = Settings(
        database_url=db,
        max_body_bytes=max_body,
        default_time_limit=min(time_limit, max_time_limit),
        max_time_limit=max_time_limit,
        threads=threads,
        max_jobs_per_user=max_jobs,
        max_solves=max_solves,
        lease_seconds=lease,
        **options,
    )
    uvicorn.run(
        create_app(settings),
        host=host,
        port=port,
        log_level="info",
        ssl_certfile=tls.get("ssl_certfile"),
        ssl_keyfile=tls.get("ssl_keyfile"),
    )


def transport_warning(host: str) -> str:
    """What ``serve`` prints when it listens beyond this machine without TLS."""
    return (
        f"warning: --host {host} serves plain HTTP beyond this machine: API tokens, "
        "scenarios and rosters cross the network unencrypted and can be read or replayed "
        "by anyone on the path. Give --tls-cert and --tls-key, or keep --host 127.0.0.1 "
        "behind a reverse proxy that terminates TLS (README: the service)."
    )


def _loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _tls_options(cert: Path | None, key: Path | None) -> dict[str, str]:
    """uvicorn's ssl options; InputError unless both files are given and readable."""
    if cert is None and key is None:
        return {}
    if cert is None or key is None:
        raise InputError("--tls-cert and --tls-key: give both (a certificate and its key)")
    for option, path in (("--tls-cert", cert), ("--tls-key", key)):
        if not path.is_file():
            raise InputError(f"{option} {path}: no such file")
    return {"ssl_certfile": str(cert), "ssl_keyfile": str(key)}


def _check_port(host: str, port: int) -> None:
    """InputError now if ``host:port`` cannot be listened on (uvicorn would exit 3)."""
    import socket

    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise InputError(
                f"--host/--port: cannot listen on {host}:{port} ({error.strerror})"
            ) from None


@contextmanager
def _session(db: str) -> Iterator[Session]:
    """A session on ``db``, created and migrated first if needed."""
    from entente.service.db import connect, migrate, sessions

    engine = connect(db)
    try:
        migrate(engine)
        with sessions(engine)() as session:
            yield session
    finally:
        engine.dispose()


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


@token_app.command("create")
@cli_errors
def token_create(
    role: Annotated[str, typer.Option(help="One of: viewer, planner, admin.")],
    name: Annotated[str, typer.Option(help="Who or what holds the token (unique).")],
    org: Annotated[
        str, typer.Option(help="The organisation the token belongs to (entente org create).")
    ] = DEFAULT_ORG,
    expires: Annotated[
        str | None, typer.Option(help="Stop working after this long: 90d, 12h (default: never).")
    ] = None,
    db: Database = DEFAULT_DATABASE_URL,
    create: Create = False,
) -> None:
    """Create a token; it is printed once, alone on the last line, and stored only as a hash."""
    from entente.service.tokens import create_token, parse_expiry

    check_database(db, create=create)
    lifetime = None if expires is None else parse_expiry(expires)
    with _session(db) as session:
        token = create_token(
            session, name=name, role=role, actor=_actor(), org=org, expires=lifetime
        )
    print(f"created {role} token {name!r} of {org}; store it now, it cannot be shown again:")
    print(token)


@token_app.command("list")
@cli_errors
def token_list(db: Database = DEFAULT_DATABASE_URL, create: Create = False) -> None:
    """List tokens (names, roles, dates; never the secrets)."""
    from entente.service.tokens import list_tokens

    check_database(db, create=create)
    with _session(db) as session:
        rows = list_tokens(session)
    for row in rows:
        state = f"revoked {row['revoked_at']}" if row["revoked_at"] else "live"
        print(f"{row['name']}\t{row['role']}\t{row['org']}\t{row['created_at']}\t{state}")


@token_app.command("revoke")
@cli_errors
def token_revoke(
    name: Annotated[str, typer.Argument(help="The token's name.")],
    db: Database = DEFAULT_DATABASE_URL,
) -> None:
    """Revoke a token: requests with it get 401 from now on."""
    from entente.service.tokens import revoke_token

    check_database(db, create=False)
    with _session(db) as session:
        revoke_token(session, name=name, actor=_actor())
    print(f"revoked {name!r}")


@org_app.command("create")
@cli_errors
def org_create(
    name: Annotated[str, typer.Argument(help="URL-safe: letters, digits, '.', '_', '-'.")],
    db: Database = DEFAULT_DATABASE_URL,
) -> None:
    """Create an organisation; then give it tokens with ``entente token create --org NAME``."""
    from entente.service.orgs import create_org

    check_database(db, create=True)  # the first command on a new database
    with _session(db) as session:
        create_org(session, name=name, actor=_actor())
    print(f"created organisation {name!r}")


@org_app.command("list")
@cli_errors
def org_list(db: Database = DEFAULT_DATABASE_URL) -> None:
    """List organisations."""
    from entente.service.orgs import list_orgs

    check_database(db, create=False)
    with _session(db) as session:
        rows = list_orgs(session)
    for row in rows:
        print(f"{row['name']}\t{row['created_at']}\t{row['created_by']}")
