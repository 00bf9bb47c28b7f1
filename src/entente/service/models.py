"""The service's tables (SQLAlchemy 2 declarative); migrations live in ``migrations/``.

Scenario bodies and plan documents are stored as the JSON text that was
posted or produced, so what comes back out is byte for byte what went in.
Tokens are stored only as SHA-256 hashes. Every token belongs to an
organisation, and so does everything made with it (scenarios, jobs, plans);
a plan may be shared read-only with other organisations (``plan_shares``).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, MappedColumn, mapped_column

from entente.service.config import DEFAULT_ORG

__all__ = [
    "DEFAULT_ORG",
    "AuditEvent",
    "Base",
    "Job",
    "Organisation",
    "PlanRow",
    "PlanShare",
    "ScenarioRow",
    "Token",
    "iso",
    "utcnow",
]


def utcnow() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC (SQLite hands back naive datetimes: they were stored as UTC)."""
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()


class Base(DeclarativeBase):
    pass


_Time = DateTime(timezone=True)


class Organisation(Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    created_at: Mapped[datetime] = mapped_column(_Time, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))


def _org() -> MappedColumn[int]:
    """The owning organisation's id (indexed: every list filters on it)."""
    return mapped_column(ForeignKey("organisations.id"), index=True)


class Token(Base):
    __tablename__ = "tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), index=True)  # unique among live tokens
    role: Mapped[str] = mapped_column(String(20))
    org_id: Mapped[int] = _org()
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(_Time, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))
    revoked_at: Mapped[datetime | None] = mapped_column(_Time, default=None)
    expires_at: Mapped[datetime | None] = mapped_column(_Time, default=None)


class ScenarioRow(Base):
    """One version of a scenario: edits add a row (``family_id``, next ``version``), never
    overwrite one; ``family_id`` is the id of the family's first version."""

    __tablename__ = "scenarios"
    __table_args__ = (Index("uq_scenarios_family_version", "family_id", "version", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    n_targets: Mapped[int] = mapped_column(Integer)
    org_id: Mapped[int] = _org()
    created_at: Mapped[datetime] = mapped_column(_Time, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(100))
    family_id: Mapped[int | None] = mapped_column(Integer, index=True, default=None)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("scenarios.id"), default=None)


class Job(Base):
    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scenario_id: Mapped[int] = mapped_column(ForeignKey("scenarios.id"), index=True)
    org_id: Mapped[int] = _org()
    status: Mapped[str] = mapped_column(String(20), index=True)
    stage: Mapped[str] = mapped_column(String(20), default="queued")
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    options: Mapped[str] = mapped_column(Text)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id"), default=None)
    error: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[datetime] = mapped_column(_Time, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(100))
    started_at: Mapped[datetime | None] = mapped_column(_Time, default=None)
    finished_at: Mapped[datetime | None] = mapped_column(_Time, default=None)
    lease_owner: Mapped[str | None] = mapped_column(String(100), default=None)
    lease_until: Mapped[datetime | None] = mapped_column(_Time, default=None)
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    kind: Mapped[str] = mapped_column(String(20), default="solve", server_default="solve")
    result: Mapped[str | None] = mapped_column(Text, default=None)  # sweeps and budgets


class PlanRow(Base):
    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scenario_id: Mapped[int] = mapped_column(ForeignKey("scenarios.id"), index=True)
    org_id: Mapped[int] = _org()
    status: Mapped[str] = mapped_column(String(20))
    method: Mapped[str] = mapped_column(String(40))
    defender_utility: Mapped[float | None] = mapped_column(Float, default=None)
    document: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(_Time, default=utcnow)


class PlanShare(Base):
    """Plan ``plan_id`` may be read (not rostered) by organisation ``org_id``."""

    __tablename__ = "plan_shares"
    __table_args__ = (UniqueConstraint("plan_id", "org_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), index=True)
    org_id: Mapped[int] = _org()
    created_at: Mapped[datetime] = mapped_column(_Time, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))


class AuditEvent(Base):
    __tablename__ = "audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(_Time, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(200))
    detail: Mapped[str] = mapped_column(Text, default="{}")
