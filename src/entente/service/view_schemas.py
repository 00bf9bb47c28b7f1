"""Response bodies of the workspace's views: a plan's targets, its draws, the solve methods.

Kept beside :mod:`entente.service.schemas` (requests and the core records)
so that the OpenAPI document describes what the web page reads.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

__all__ = ["DrawEntry", "MethodInfo", "Payoffs", "PlanTargets", "SlotInfo", "TargetDetail"]


class Payoffs(BaseModel):
    covered: float
    uncovered: float


class TargetDetail(BaseModel):
    """One target of a plan: where, when, how covered, what it is worth, what an attack gives."""

    id: str = Field(description="the game's target id (`site@slot` in a slotted scenario)")
    site: str
    name: str
    slot: str | None
    lat: float | None
    lon: float | None
    coverage: float = Field(description="probability an attack there is interdicted")
    value: float = Field(description="what full coverage is worth to the defender")
    defender_utility: float = Field(description="the defender's expected utility if attacked")
    attacker_utility: dict[str, float] = Field(description="each type's utility if it attacks")
    attacked_by: list[str] = Field(description="the types whose response is this target")
    defender: dict[str, Payoffs] = Field(description="per type, after any slot's scale")
    attacker: dict[str, Payoffs]


class SlotInfo(BaseModel):
    id: str
    name: str
    start: str | None = Field(description="as the scenario says: a date-time, or a time weekly")
    weekday: str | None


class PlanTargets(BaseModel):
    plan: int
    scenario: str
    types: list[str]
    slots: list[SlotInfo] = Field(description="in the scenario's order; empty without slots")
    targets: list[TargetDetail]


class DrawEntry(BaseModel):
    """A roster or orders draw from the audit log: who drew it, when, and what."""

    id: int
    at: str
    actor: str
    action: Literal["roster.draw", "orders.draw"]
    detail: dict[str, Any]


class MethodInfo(BaseModel):
    name: str
    summary: str
    options: list[Literal["time_limit", "gap", "margin"]] = Field(
        description="the options of POST /api/scenarios/{id}/solve this method takes"
    )
