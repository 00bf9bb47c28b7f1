"""Storing scenarios as versions: an upload starts a family, an edit adds the next version.

Nothing is ever overwritten: a saved edit is a new row with ``parent_id``
the version it was made from, ``family_id`` the family's first version and
``version`` one more than the family's newest (the pair is unique: two edits
saved at once get different numbers, the loser retrying). Plans keep the id
of the version they solved. :func:`checked_upload` is the one gate every
body passes (parse with the YAML bounds, the service's field limits,
compile in a worker with time and memory limits), for uploads, edits and
``POST /api/scenarios/validate`` alike, so all three give the CLI's errors.
"""

from __future__ import annotations

import threading
from typing import Any

import orjson
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from entente._exceptions import ScenarioError
from entente.scenario import Scenario, parse_scenario
from entente.service.audit import record
from entente.service.auth import Caller
from entente.service.compiling import check_document, compile_in_worker
from entente.service.models import ScenarioRow, iso

__all__ = ["checked_upload", "scenario_info", "store_scenario"]

_RETRIES = 5


def scenario_info(row: Any) -> dict[str, Any]:
    """A row (or a row of its columns) as the API's ScenarioInfo."""
    return {
        "id": row.id,
        "name": row.name,
        "sha256": row.sha256,
        "targets": row.n_targets,
        "created_at": iso(row.created_at),
        "created_by": row.created_by,
        "family": row.family_id if row.family_id is not None else row.id,
        "version": row.version,
        "parent": row.parent_id,
    }


def checked_upload(
    app: Any, body: bytes, yaml: bool, stop: threading.Event | None = None
) -> tuple[Scenario, str, int]:
    """The parsed scenario, the JSON text to store and its number of targets; ScenarioError.

    ``stop`` set (the client left) kills the compile: Abandoned.
    """
    scenario = parse_scenario(body, source="request body", format="yaml" if yaml else "json")
    problems = check_document(scenario.document)
    if problems:
        raise ScenarioError("request body", problems)
    text = orjson.dumps(scenario.document).decode() if yaml else body.decode()
    settings = app.state.settings
    n_targets = compile_in_worker(
        app.state.jobs.context,
        text.encode(),
        seconds=settings.compile_seconds,
        memory_bytes=settings.compile_memory_bytes,
        stop=stop,
    )
    return scenario, text, n_targets


def store_scenario(
    app: Any,
    body: bytes,
    yaml: bool,
    caller: Caller,
    parent: int | None = None,
    stop: threading.Event | None = None,
) -> dict[str, Any]:
    """Check ``body`` and store it: a new family, or the next version after ``parent``.

    The caller has already been shown ``parent`` (404 otherwise). Returns the ScenarioInfo.
    """
    scenario, text, n_targets = checked_upload(app, body, yaml, stop)
    sessions: sessionmaker[Session] = app.state.sessions
    for attempt in range(_RETRIES):
        with sessions() as session:
            row = ScenarioRow(
                name=scenario.document.get("name") or "unnamed",
                body=text,
                sha256=scenario.sha256(),
                n_targets=n_targets,
                org_id=caller.org_id,
                created_by=caller.name,
            )
            if parent is not None:
                _follow(session, row, parent)
            session.add(row)
            try:
                session.flush()
                if row.family_id is None:
                    row.family_id = row.id
                action = "scenario.create" if parent is None else "scenario.version"
                record(
                    session, caller.name, action, f"scenario/{row.id}",
                    name=row.name, family=row.family_id, version=row.version,
                )  # fmt: skip
                session.commit()
            except IntegrityError:  # another edit of this family took the number meanwhile
                session.rollback()
                if attempt == _RETRIES - 1:
                    raise
                continue
            return scenario_info(row)
    raise AssertionError("unreachable")  # pragma: no cover


def _follow(session: Session, row: ScenarioRow, parent_id: int) -> None:
    """Make ``row`` the next version of ``parent_id``'s family, owned by the same organisation."""
    parent = session.get_one(ScenarioRow, parent_id)
    family = parent.family_id if parent.family_id is not None else parent.id
    newest = session.scalar(
        select(func.max(ScenarioRow.version)).where(ScenarioRow.family_id == family)
    )
    row.family_id, row.parent_id, row.org_id = family, parent.id, parent.org_id
    row.version = (newest or parent.version) + 1
