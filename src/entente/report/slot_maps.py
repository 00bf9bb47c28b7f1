"""What one map shows: one slot's targets, routes and barriers (or the whole plan without slots).

A scenario with slots (nights, sessions) has one target per site and slot,
``site@slot``; drawing them all at once puts seven circles on one spot. A
:class:`SlotMap` keeps one slot's targets (named by their site), the routes
flown in that slot and the barriers standing in it, and the patrol resources'
bases, so that each map shows what happens in that slot only.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from entente.report.plan_view import Barrier, PlanView, Route, TargetView, slot_of

__all__ = ["Base", "Post", "SlotMap", "bases", "slot_ids", "slot_map", "slot_name"]


@dataclass(frozen=True)
class Base:
    """Where a patrol resource's routes start and end."""

    resource: str
    name: str
    lat: float
    lon: float


@dataclass(frozen=True)
class Post:
    """Where one unit (a guard team, a one-site patrol) stands in one drawn deployment."""

    resource: str
    unit: int
    target: str


@dataclass(frozen=True)
class SlotMap:
    """One map's content: located targets, routes and barriers of one slot (None: no slots)."""

    slot: str | None
    name: str
    targets: tuple[TargetView, ...]
    routes: tuple[Route, ...]
    barriers: tuple[Barrier, ...]
    bases: tuple[Base, ...]
    posts: tuple[Post, ...] = ()


def slot_ids(view: PlanView) -> tuple[str, ...]:
    """The scenario's slot ids in file order (empty without slots)."""
    return tuple(s["id"] for s in view.scenario.document.get("slots", []))


def slot_name(view: PlanView, slot: str | None) -> str:
    """A slot's display name (its id when it has none); the scenario's name without slots."""
    for entry in view.scenario.document.get("slots", []):
        if entry["id"] == slot:
            return str(entry.get("name", slot))
    return view.scenario.name


def _site_names(view: PlanView) -> dict[str, str]:
    return {t["id"]: str(t.get("name", t["id"])) for t in view.scenario.document["targets"]}


def slot_map(
    view: PlanView,
    slot: str | None,
    *,
    routes: Sequence[Route] | None = None,
    barriers: Sequence[Barrier] | None = None,
    posts: Sequence[Post] = (),
) -> SlotMap:
    """The content of ``slot``'s map; ``routes``/``barriers`` replace the plan's (e.g. one draw).

    ``posts`` (one drawn deployment's units standing at a site) are kept for ``slot``.
    """
    names = _site_names(view)
    targets = tuple(
        dataclasses.replace(t, name=names.get(t.id.partition("@")[0], t.name))
        for t in view.located
        if slot_of(t.id) == slot
    )
    chosen_routes = view.routes if routes is None else tuple(routes)
    chosen_barriers = view.barriers if barriers is None else tuple(barriers)
    return SlotMap(
        slot=slot,
        name=slot_name(view, slot),
        targets=targets,
        routes=tuple(r for r in chosen_routes if r.targets and slot_of(r.targets[0]) == slot),
        barriers=tuple(b for b in chosen_barriers if slot_of(b.target) == slot),
        bases=bases(view),
        posts=tuple(p for p in posts if slot_of(p.target) == slot),
    )


def bases(view: PlanView) -> tuple[Base, ...]:
    """The located base of every patrol resource whose routes are generated from one."""
    doc = view.scenario.document
    where: dict[str, Mapping[str, Any]] = {
        p["id"]: p for p in [*doc.get("places", []), *doc["targets"]]
    }
    out = []
    for resource in doc["resources"]:
        routes = resource.get("routes")
        place = where.get(routes["base"]) if isinstance(routes, Mapping) else None
        if place is not None and place.get("lat") is not None and place.get("lon") is not None:
            name = str(place.get("name", place["id"]))
            out.append(Base(resource["id"], name, float(place["lat"]), float(place["lon"])))
    return tuple(out)
