"""The audit log: who did what, when (roster draws, token changes, uploads, solves)."""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import select
from sqlalchemy.orm import Session

from entente.service.models import AuditEvent, iso

__all__ = ["audit_events", "record"]


def record(session: Session, actor: str, action: str, subject: str, **detail: Any) -> None:
    """Add an event to ``session`` (it commits with the change it describes)."""
    session.add(
        AuditEvent(
            actor=actor, action=action, subject=subject, detail=orjson.dumps(detail).decode()
        )
    )


def audit_events(
    session: Session, *, limit: int, offset: int = 0, cursor: int | None = None
) -> list[dict[str, Any]]:
    """Newest first; ``cursor``: only events older than that id."""
    query = select(AuditEvent)
    if cursor is not None:
        query = query.where(AuditEvent.id < cursor)
    rows = session.scalars(query.order_by(AuditEvent.id.desc()).limit(limit).offset(offset))
    return [
        {
            "id": row.id,
            "at": iso(row.at),
            "actor": row.actor,
            "action": row.action,
            "subject": row.subject,
            "detail": orjson.loads(row.detail),
        }
        for row in rows
    ]
