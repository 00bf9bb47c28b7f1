"""Request and response bodies of the API (they make the OpenAPI schema)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import Path
from pydantic import BaseModel, ConfigDict, Field

from entente.service.tokens import Role
from entente.solvers import METHODS

__all__ = [
    "MAX_ID",
    "MAX_ROSTER_DAYS",
    "AuditEntry",
    "BasemapInfo",
    "BasemapLayer",
    "BudgetRequest",
    "Created",
    "ErrorDetail",
    "Health",
    "Identifier",
    "JobCreated",
    "JobInfo",
    "Me",
    "OrdersRequest",
    "OrgInfo",
    "OrgName",
    "PlanInfo",
    "ProblemDetail",
    "QueueHealth",
    "RosterRequest",
    "RunnerHealth",
    "ScenarioInfo",
    "ShareInfo",
    "ShareRequest",
    "SolveOptions",
    "SweepRequest",
    "TokenCreated",
    "TokenInfo",
    "TokenRequest",
    "Validated",
]

MAX_ID = 2**31 - 1
"""Ids (and offsets) fit a 32-bit signed integer on every database."""

Identifier = Annotated[int, Path(ge=1, le=MAX_ID)]

_ORG_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$"
OrgName = Annotated[str, Path(pattern=_ORG_PATTERN, description="an organisation's name")]

JobStatus = Literal["queued", "running", "done", "failed", "cancelled"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RunnerHealth(BaseModel):
    """The job runner: ``stalled`` when its loop has not turned for 30 s."""

    state: Literal["running", "stalled", "stopped"]
    heartbeat_age: float | None = Field(description="seconds since the loop last turned")
    failures: int = Field(description="passes of the loop that failed (each logged)")
    last_error: str | None


class QueueHealth(BaseModel):
    length: int = Field(description="jobs queued")
    oldest_age: float | None = Field(description="seconds the oldest queued job has waited")


class Health(BaseModel):
    """``ok`` (200) or ``unavailable`` (503: the runner is down or the database unreachable)."""

    status: Literal["ok", "unavailable"]
    version: str
    database: Literal["ok", "unreachable"]
    runner: RunnerHealth
    queue: QueueHealth | None = Field(description="null when the database is unreachable")


class Me(BaseModel):
    name: str
    role: Role
    org: str = Field(description="the organisation the token belongs to")


class Created(BaseModel):
    id: int


class ScenarioInfo(BaseModel):
    id: int
    name: str
    sha256: str
    targets: int
    created_at: str
    created_by: str
    family: int = Field(description="id of the first version of this scenario")
    version: int = Field(description="1 for an upload, one more for each saved edit")
    parent: int | None = Field(description="the version this one was edited from")


class Validated(BaseModel):
    """A scenario that would be accepted: its name and number of targets (compiled)."""

    valid: Literal[True]
    name: str
    targets: int


class BasemapLayer(BaseModel):
    kind: str = Field(description="land, district or city")
    name: str
    rings: list[list[list[float]]] = Field(description="closed rings of [lon, lat] points")


class BasemapInfo(BaseModel):
    name: str
    attribution: str
    bbox: list[float] = Field(description="[lon_min, lat_min, lon_max, lat_max]")
    layers: list[BasemapLayer]


class SolveOptions(_Strict):
    """How to solve; everything optional. The server caps ``time_limit``.

    ``gap`` and ``margin`` only for the methods that take them (``GET
    /api/methods``); ``time_limit`` bounds every job, and reaches the solver
    when its method takes one.
    """

    method: str = Field(
        "auto",
        description="auto (the fastest exact method for the game) or a method's name",
        json_schema_extra={"enum": ["auto", *METHODS]},
    )
    time_limit: float | None = Field(None, gt=0, le=86400, description="seconds")
    gap: float | None = Field(None, ge=0, le=1e12, description="absolute, payoff units")
    margin: float | None = Field(
        None, ge=0, le=1e12, description="robust: tie margin, the attacker's payoff units"
    )
    forecast: str | None = Field(
        None,
        max_length=100_000,
        description="CSV text date,wave_height_m,wind_kn[,rag] (as `entente solve --forecast`): "
        "sets each slot's weather by the scenario's `weather:` rule",
    )


_METHOD = Field(
    "auto",
    description="auto (the fastest exact method for each solve) or a method's name",
    json_schema_extra={"enum": ["auto", *METHODS]},
)
_SWEEP_LIMIT = Field(
    None,
    gt=0,
    le=86400,
    description="seconds for the whole job (each solve is bounded by it too); the server caps it",
)


class SweepRequest(_Strict):
    """A sweep as `entente sweep`: ``resource`` with ``counts``, or ``payoff`` with ``values``."""

    resource: str | None = Field(
        None, max_length=200, description="the resource whose count is swept"
    )
    counts: str | None = Field(
        None, max_length=1000, examples=["0..12"], description="0..12, 0..12:2 or 1,2,5"
    )
    payoff: str | None = Field(
        None,
        max_length=1000,
        examples=["louvre.attacker.uncovered"],
        description="TARGET.defender|attacker[.TYPE].covered|uncovered",
    )
    values: str | None = Field(
        None, max_length=1000, examples=["40..80:10"], description="40,60,80 or 40..80:10"
    )
    method: str = _METHOD
    time_limit: float | None = _SWEEP_LIMIT


class BudgetRequest(_Strict):
    """The best mix of the resources with a ``cost`` within ``budget``, as `entente budget`."""

    budget: float = Field(ge=0, le=1e15, description="money to spend")
    max_mixes: int | None = Field(
        None,
        ge=1,
        le=MAX_ID,
        description="refuse more maximal mixes than this (capped by the server)",
    )
    method: str = _METHOD
    time_limit: float | None = _SWEEP_LIMIT


class JobCreated(BaseModel):
    job: int


class JobInfo(BaseModel):
    id: int
    kind: Literal["solve", "sweep", "budget"] = Field(
        description="a solve makes a plan; a sweep or budget a result (GET /api/jobs/ID/result)"
    )
    scenario: int
    status: JobStatus
    stage: str
    progress: float
    plan: int | None
    error: str | None
    options: dict[str, Any]
    created_at: str
    created_by: str
    started_at: str | None
    finished_at: str | None


class PlanInfo(BaseModel):
    id: int
    scenario: int
    status: str
    method: str
    defender_utility: float | None
    created_at: str


MAX_ROSTER_DAYS = 3660
"""Ten years of days per request: a bound on the work and the answer's size."""


class RosterRequest(_Strict):
    """How many days to draw, from which date. No seed: always the secure generator."""

    days: int = Field(ge=1, le=MAX_ROSTER_DAYS)
    start: dt.date | None = Field(
        None,
        description="first calendar day (plans whose slots say when they happen; default: "
        "today in the scenario's time zone): one record per unit per slot occurrence",
    )


class OrdersRequest(_Strict):
    """The date (YYYY-MM-DD) whose slot occurrences to draw, and optionally one slot id.

    No seed: the service always uses the secure generator.
    """

    date: dt.date = Field(examples=["2024-07-26"])
    slot: str | None = Field(
        default=None, pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=200, examples=["d1"]
    )


class TokenRequest(_Strict):
    name: str = Field(
        min_length=1,
        max_length=100,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._@-]*$",
        description="URL-safe: letters, digits, '.', '_', '@', '-'",
    )
    role: Role
    org: str | None = Field(
        None, pattern=_ORG_PATTERN, description="default: the caller's organisation"
    )
    expires: str | None = Field(
        None, pattern=r"^[1-9][0-9]{0,4}[hd]$", description="e.g. 90d or 12h; default: never"
    )


class TokenCreated(BaseModel):
    name: str
    role: Role
    org: str
    token: str


class TokenInfo(BaseModel):
    name: str
    role: Role
    org: str
    created_at: str
    created_by: str
    revoked_at: str | None
    expires_at: str | None


class ShareRequest(_Strict):
    org: str = Field(pattern=_ORG_PATTERN, description="the organisation to share with")


class ShareInfo(BaseModel):
    org: str
    created_at: str | None
    created_by: str


class OrgInfo(BaseModel):
    name: str
    created_at: str
    created_by: str


class AuditEntry(BaseModel):
    id: int
    at: str
    actor: str
    action: str
    subject: str
    detail: dict[str, Any]


class ErrorDetail(BaseModel):
    """Every error but a field-level 422: what went wrong, in a sentence."""

    detail: str


class ProblemDetail(BaseModel):
    """One field-level problem; ``msg`` is the CLI's message for that field, ``path`` the
    field as the CLI names it (``resources[0].count``; empty for the whole body)."""

    loc: list[str | int]
    path: str
    msg: str
    type: str
