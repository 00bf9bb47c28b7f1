"""``entente token create|list|revoke`` and the schema its migrations build."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from fastapi.testclient import TestClient

from entente.service.app import create_app
from entente.service.config import Settings
from entente.service.db import connect, migrate
from entente.service.models import Base
from tests.service.server import Server, entente_cli


def test_token_lifecycle_on_the_default_database(tmp_path: Path) -> None:
    created = entente_cli(
        "token", "create", "--role", "planner", "--name", "alice", "--create", cwd=tmp_path
    )
    assert created.exit_code == 0, created.stderr
    token = created.stdout.splitlines()[-1]
    assert token.startswith("ent_")
    assert token.strip() == token
    assert len(token) > 40
    assert (tmp_path / "entente.db").exists()  # created and migrated in the working directory
    assert token not in (tmp_path / "entente.db").read_bytes().decode("latin-1")  # only its hash
    listing = entente_cli("token", "list", cwd=tmp_path)
    assert listing.stdout.split("\t")[:2] == ["alice", "planner"]
    assert token not in listing.stdout
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'entente.db'}"))
    with TestClient(app) as client:  # `serve` reads the same default database
        me = client.get("/api/me", headers={"Authorization": f"Bearer {token}"})
        assert me.json() == {"name": "alice", "role": "planner", "org": "default"}
        assert entente_cli("token", "revoke", "alice", cwd=tmp_path).exit_code == 0
        assert (
            client.get("/api/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401
        )
    assert "revoked" in entente_cli("token", "list", cwd=tmp_path).stdout


def test_token_errors_exit_2(tmp_path: Path) -> None:
    assert (
        entente_cli(
            "token", "create", "--role", "admin", "--name", "bob", "--create", cwd=tmp_path
        ).exit_code
        == 0
    )
    again = entente_cli("token", "create", "--role", "admin", "--name", "bob", cwd=tmp_path)
    assert again.exit_code == 2
    assert "exists" in again.stderr
    wrong_role = entente_cli("token", "create", "--role", "root", "--name", "carol", cwd=tmp_path)
    assert wrong_role.exit_code == 2
    assert "viewer, planner, admin" in wrong_role.stderr
    assert entente_cli("token", "revoke", "nobody", cwd=tmp_path).exit_code == 2
    bad_url = entente_cli("token", "list", "--db", "nonsense://", cwd=tmp_path)
    assert bad_url.exit_code == 2
    assert "Traceback" not in bad_url.stderr


def test_migrations_build_exactly_the_models(database_url: str) -> None:
    engine = connect(database_url)
    migrate(engine)
    migrate(engine)  # idempotent
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert differences == []


def test_sqlite_runs_in_wal_mode(tmp_path: Path) -> None:
    engine = connect(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as connection:
        mode = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
        synchronous = connection.exec_driver_sql("PRAGMA synchronous").scalar()
    engine.dispose()
    assert (mode, synchronous) == ("wal", 2)  # 2 = FULL


def test_a_database_that_cannot_be_opened_is_exit_2(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'absent' / 'entente.db'}"
    for command in (("token", "list", "--create"), ("serve", "--port", "0")):
        done = entente_cli(*command, "--db", url, cwd=tmp_path)
        assert done.exit_code == 2, done.stderr
        assert f"--db {url}: cannot open the database (unable to open database file)" in done.stderr
        assert "Traceback" not in done.stderr


def test_a_port_in_use_is_exit_2(tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        db = f"sqlite:///{tmp_path / 'entente.db'}"
        done = entente_cli("serve", "--db", db, "--port", str(port), cwd=tmp_path)
    assert done.exit_code == 2, done.stderr
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr


def test_org_create_and_token_of_an_org(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'orgs.db'}"
    created = entente_cli("org", "create", "uk-police", "--db", db, cwd=tmp_path)
    assert (created.exit_code, created.stdout) == (0, "created organisation 'uk-police'\n")
    token = entente_cli(
        "token", "create", "--org", "uk-police", "--role", "planner", "--name", "bob",
        "--db", db, cwd=tmp_path,
    )  # fmt: skip
    assert token.exit_code == 0, token.stderr
    assert token.stdout.splitlines()[0] == (
        "created planner token 'bob' of uk-police; store it now, it cannot be shown again:"
    )
    secret = token.stdout.splitlines()[-1]
    listing = entente_cli("org", "list", "--db", db, cwd=tmp_path).stdout.splitlines()
    assert [line.split("\t")[0] for line in listing] == ["default", "uk-police"]
    with TestClient(create_app(Settings(database_url=db))) as client:
        me = client.get("/api/me", headers={"Authorization": f"Bearer {secret}"}).json()
    assert me == {"name": "bob", "role": "planner", "org": "uk-police"}


def test_org_errors_exit_2(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'orgs.db'}"
    assert entente_cli("org", "create", "uk", "--db", db, cwd=tmp_path).exit_code == 0
    again = entente_cli("org", "create", "uk", "--db", db, cwd=tmp_path)
    assert (again.exit_code, again.stderr.strip()) == (2, "error: organisation 'uk' exists")
    bad = entente_cli("org", "create", "a/b", "--db", db, cwd=tmp_path)
    assert bad.exit_code == 2
    assert "letters, digits, '.', '_' or '-'" in bad.stderr
    unknown = entente_cli(
        "token", "create", "--org", "nowhere", "--role", "viewer", "--name", "x", "--db", db,
        cwd=tmp_path,
    )  # fmt: skip
    assert unknown.exit_code == 2
    assert "organisation 'nowhere' does not exist: entente org create nowhere" in unknown.stderr


def test_sqlite_database_files_are_private(tmp_path: Path) -> None:
    created = entente_cli(
        "org", "create", "uk", "--db", f"sqlite:///{tmp_path / 'p.db'}", cwd=tmp_path
    )
    assert created.exit_code == 0
    for path in tmp_path.glob("p.db*"):
        assert path.stat().st_mode & 0o777 == 0o600, path


def test_serve_beyond_loopback_without_tls_warns(tmp_path: Path) -> None:
    from entente.cli.serve import _loopback, transport_warning

    assert _loopback("127.0.0.1")
    assert _loopback("::1")
    assert _loopback("localhost")
    assert not _loopback("0.0.0.0")
    assert not _loopback("192.0.2.1")
    warning = transport_warning("0.0.0.0")
    assert "plain HTTP" in warning
    assert "--tls-cert" in warning
    half = entente_cli("serve", "--host", "0.0.0.0", "--tls-cert", "x.pem", cwd=tmp_path)
    assert half.exit_code == 2
    assert "--tls-cert and --tls-key: give both" in half.stderr


@pytest.mark.slow
def test_serve_with_tls_answers_https(tmp_path: Path) -> None:
    import http.client
    import shutil
    import ssl
    import subprocess

    if shutil.which("openssl") is None:
        import pytest

        pytest.skip("openssl is not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    db = f"sqlite:///{tmp_path / 'tls.db'}"
    server = Server(db, tmp_path, "--tls-cert", str(cert), "--tls-key", str(key), https=True)
    try:
        context = ssl.create_default_context(cafile=str(cert))
        context.check_hostname = False
        connection = http.client.HTTPSConnection("127.0.0.1", server.port, context=context)
        try:
            connection.request("GET", "/api/health")
            response = connection.getresponse()
            response.read()
            assert response.status == 200
        finally:
            connection.close()
    finally:
        server.stop()


def test_readme_shows_what_org_and_token_create_print(tmp_path: Path) -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text()
    org = entente_cli("org", "create", "uk-police", cwd=tmp_path)
    token = entente_cli(
        "token", "create", "--org", "uk-police", "--role", "planner", "--name", "alice",
        cwd=tmp_path,
    )  # fmt: skip
    printed = org.stdout + "\n".join(token.stdout.splitlines()[:-1]) + "\nent_…\n"
    assert f"```text\n{printed}```" in readme
