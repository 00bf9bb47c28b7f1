"""Orders for one date: the draw for the slot occurrences that start that day.

``entente orders PLAN --date D [--slot S]`` and ``POST /api/plans/{id}/orders``
call :func:`draw_orders`. With slots that say when they happen (dated or
weekly), the orders cover the occurrences starting on ``D`` (``--slot``
keeps one). A plan without slots has one period, a day: its orders are one
draw of the whole plan, placed on ``D`` from midnight to midnight local
time. Slots without times have no date to match, so they are refused (the
roster's ``--start`` and ``--hours`` place them instead).

Each occurrence's draw is independent and exact, as in
:mod:`entente.operations.occurrence_roster`; the generator is the secure
one unless a seed is given.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from entente._exceptions import InputError
from entente.operations.occurrence_roster import (
    OccurrenceRosters,
    UnitDraw,
    draw_occurrence_rosters,
)
from entente.operations.places import Place
from entente.operations.planinput import RosterPlan, roster_plan
from entente.scenario.occurrences import Occurrence, occurrences, scenario_zone, slots_timing
from entente.scenario.schema import ScenarioDoc

__all__ = [
    "NoOccurrence",
    "Orders",
    "UnitOrder",
    "draw_orders",
    "occurrences_on",
    "offsets_text",
    "parse_date",
]


class NoOccurrence(InputError):
    """No occurrence of the plan's slots matches the date (and slot) asked for."""


@dataclass(frozen=True)
class UnitOrder:
    """One unit's orders: its resource (id, name, kind), number and sites (ids, names) in order."""

    resource: str
    resource_name: str
    kind: str
    unit: int
    sites: tuple[str, ...]
    names: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class Orders:
    """The draw for ``date``: :attr:`rosters` holds one occurrence per slot starting that day."""

    date: dt.date
    rosters: OccurrenceRosters

    @property
    def occurrences(self) -> tuple[Occurrence, ...]:
        return self.rosters.occurrences

    @property
    def seed(self) -> int | None:
        return self.rosters.seed

    def slot_name(self, occurrence: Occurrence) -> str:
        """The slot's name from the scenario (its id without one; "the day" without slots)."""
        slots = self.rosters.plan.scenario.document.get("slots", [])
        if not slots:
            return "The whole day (the plan has no time slots)"
        return str(slots[occurrence.slot_index].get("name", occurrence.slot))

    def units(self, k: int) -> list[UnitOrder]:
        """Orders of every unit on occurrence ``k``, in roster order."""
        plan = self.rosters.plan
        resources = plan.scenario.document["resources"]
        return [_order(resources[d.resource], d, plan.places.sites) for d in self.rosters.units(k)]


def _order(resource: Mapping[str, Any], draw: UnitDraw, places: tuple[Place, ...]) -> UnitOrder:
    return UnitOrder(
        resource=resource["id"],
        resource_name=str(resource.get("name", resource["id"])),
        kind=str(resource.get("kind", "guard")),
        unit=draw.unit,
        sites=tuple(places[s].id for s in draw.sites),
        names=tuple(places[s].name for s in draw.sites),
    )


def _offset(moment: dt.datetime) -> str:
    return "UTC" + moment.isoformat()[-6:]


def offsets_text(occurrence: Occurrence) -> str:
    """``UTC+02:00``; across a clock change, both offsets and the elapsed hours.

    A night from 22:00 to 05:00 on the last Sunday of October lasts 8 hours, not 7:
    the reader is told so rather than left to count.
    """
    start, end = occurrence.start, occurrence.end
    if start.utcoffset() == end.utcoffset():
        return _offset(start)
    back = (end.utcoffset() or dt.timedelta()) < (start.utcoffset() or dt.timedelta())
    hours = (end.astimezone(dt.UTC) - start.astimezone(dt.UTC)).total_seconds() / 3600
    return (
        f"{_offset(start)}, then {_offset(end)} when the clocks go "
        f"{'back' if back else 'forward'}: {hours:g} hours"
    )


def parse_date(text: str, what: str = "--date") -> dt.date:
    """A ``YYYY-MM-DD`` date, or InputError naming ``what``."""
    try:
        if len(text) != 10:
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{what}: expected a date YYYY-MM-DD, got {text!r}") from None


def draw_orders(
    plan: Mapping[str, Any] | RosterPlan,
    date: dt.date,
    *,
    slot: str | None = None,
    seed: int | None = None,
    source: str = "<plan>",
) -> Orders:
    """Draw the deployment of every occurrence starting on ``date`` (InputError if none)."""
    prepared = plan if isinstance(plan, RosterPlan) else roster_plan(plan, source=source)
    found = occurrences_on(prepared.scenario.document, date, slot)
    return Orders(date, draw_occurrence_rosters(prepared, found, seed=seed))


def occurrences_on(doc: ScenarioDoc, date: dt.date, slot: str | None) -> list[Occurrence]:
    """The occurrences of the scenario ``doc``'s slots starting on ``date`` (InputError if none).

    Checkable before solving (``orders SCENARIO --forecast``): it reads the slots' times only.
    """
    timing = slots_timing(doc)
    zone = scenario_zone(doc)
    if timing == "none":
        if slot is not None:
            raise NoOccurrence(f"slot {slot!r}: the plan has no slots (its period is a day)")
        begin = dt.datetime.combine(date, dt.time(0, 0), tzinfo=zone)
        end = dt.datetime.combine(date + dt.timedelta(days=1), dt.time(0, 0), tzinfo=zone)
        return [Occurrence("", 0, date, begin, end)]
    if timing == "untimed":
        raise InputError(
            "the plan's slots do not say when they happen: give them start and hours "
            "(and weekday for weekly slots) in the scenario, or draw them with "
            "`entente roster --start ... --hours ...`"
        )
    known = [s["id"] for s in doc.get("slots", [])]
    if slot is not None and slot not in known:
        raise NoOccurrence(f"slot {slot!r}: not a slot of the plan (slots: {', '.join(known)})")
    found = [o for o in occurrences(doc, date, 1) if slot is None or o.slot == slot]
    if not found:
        which = f"slot {slot!r} does not start" if slot else "no slot of the plan starts"
        raise NoOccurrence(f"--date {date.isoformat()}: {which} that day ({_when(doc)})")
    return found


def _when(doc: Mapping[str, Any]) -> str:
    """When the slots happen, briefly: ``d1 2024-07-26T19:30, n1 mondays 22:00, ...``."""
    parts = [
        f"{s['id']} {s['weekday']}s {s['start']}" if "weekday" in s else f"{s['id']} {s['start']}"
        for s in doc.get("slots", [])
    ]
    return ", ".join(parts[:8]) + (", ..." if len(parts) > 8 else "")
