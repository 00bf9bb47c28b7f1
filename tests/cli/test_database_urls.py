"""``--db``: a missing SQLite file is named (made only with --create); other databases
than SQLite and PostgreSQL are named as unsupported."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.service.server import entente_cli

CREATE = ("token", "create", "--role", "admin", "--name", "ops")


@pytest.mark.parametrize("command", [("token", "list"), CREATE, ("token", "revoke", "ops")])
def test_a_missing_database_is_named_not_created(tmp_path: Path, command: tuple[str, ...]) -> None:
    done = entente_cli(*command, cwd=tmp_path)
    assert done.exit_code == 2
    assert (
        f"--db sqlite:///entente.db: no database at {tmp_path / 'entente.db'}; run from the "
        "folder that holds it, give its URL with --db, or add --create" in done.stderr
    )
    assert list(tmp_path.iterdir()) == []  # nothing made in the wrong folder
    assert done.stdout == ""


def test_create_makes_it_and_then_it_is_found(tmp_path: Path) -> None:
    made = entente_cli(*CREATE, "--create", cwd=tmp_path)
    assert made.exit_code == 0, made.stderr
    assert (tmp_path / "entente.db").is_file()
    listing = entente_cli("token", "list", cwd=tmp_path)
    assert listing.exit_code == 0, listing.stderr
    assert listing.stdout.split("\t")[:2] == ["ops", "admin"]
    other = tmp_path / "elsewhere.db"
    by_url = entente_cli("token", "list", "--db", f"sqlite:///{other}", cwd=tmp_path)
    assert by_url.exit_code == 2
    assert f"no database at {other}" in by_url.stderr


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://x/y", "--db mysql://x/y: unsupported database 'mysql'; entente uses SQLite"),
        ("mysql+pymysql://x/y", "unsupported database 'mysql'"),
        ("oracle://scott@db/orcl", "unsupported database 'oracle'"),
        ("entente.db", "--db 'entente.db': not a database URL; use SQLite (sqlite:///FILE)"),
    ],
)
@pytest.mark.parametrize("command", [("token", "list"), CREATE, ("serve", "--port", "0")])
def test_unsupported_databases_are_named(
    tmp_path: Path, url: str, message: str, command: tuple[str, ...]
) -> None:
    done = entente_cli(*command, "--db", url, cwd=tmp_path)
    assert done.exit_code == 2
    assert message in done.stderr
    assert "MySQLdb" not in done.stderr
    assert "Traceback" not in done.stderr
