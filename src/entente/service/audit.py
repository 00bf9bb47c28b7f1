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


def audit_events(session: Session, *, limit: int, offset: int) -> list[dict[str, Any]]:
    """Newest first."""
    rows = session.scalars(
        select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit).offset(offset)
    )
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
