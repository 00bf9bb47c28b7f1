"""Rosters as an iCalendar file (RFC 5545): one event per day (or slot occurrence) x unit.

With time slots (:func:`occurrence_ics`), each event runs from the
occurrence's start to its end, as :mod:`entente.scenario.occurrences` places
them, and names that slot's sites only.

Day ``d`` starts at ``start`` + ``d - 1`` days, wall-clock, in the
scenario's time zone (its ``timezone`` field, default ``Europe/Paris``), so
a 20:00 night shift stays at 20:00 across a daylight-saving change; it
lasts ``hours`` (default 24, one period). The event names the unit and the
targets it covers (their names, in route order), with the first target's
coordinates as ``GEO``; an idle unit gets an event saying so. The
calendar carries the ``VTIMEZONE`` its times refer to (icalendar builds it
from the IANA database), so calendar programs place the events correctly.
"""

from __future__ import annotations

import datetime as dt
import secrets
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar

from entente._exceptions import InputError
from entente.operations.occurrence_roster import OccurrenceRosters
from entente.operations.places import Place
from entente.operations.planinput import RosterPlan
from entente.operations.roster import Rosters
from entente.scenario.occurrences import DEFAULT_TIMEZONE

__all__ = ["DEFAULT_TIMEZONE", "day_starts", "occurrence_ics", "roster_ics", "roster_timezone"]


def roster_timezone(
    rosters: Rosters | OccurrenceRosters | RosterPlan, override: str | None = None
) -> ZoneInfo:
    """The time zone of the rosters: ``override``, else the scenario's, else Europe/Paris."""
    plan = rosters if isinstance(rosters, RosterPlan) else rosters.plan
    name = override or plan.scenario.document.get("timezone") or DEFAULT_TIMEZONE
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(
            f"unknown time zone {name!r} (use an IANA name such as Europe/Paris)"
        ) from None


def day_starts(start: dt.date | dt.datetime, days: int, zone: ZoneInfo) -> list[dt.datetime]:
    """Local start of each day: ``start`` (a date means midnight) plus whole days, wall-clock."""
    if isinstance(start, dt.datetime):
        first = start.astimezone(zone) if start.tzinfo else start.replace(tzinfo=zone)
    else:
        first = dt.datetime.combine(start, dt.time(0, 0), tzinfo=zone)
    wall = first.replace(tzinfo=None)
    return [(wall + dt.timedelta(days=d)).replace(tzinfo=zone) for d in range(days)]


def roster_ics(
    rosters: Rosters,
    start: dt.date | dt.datetime,
    *,
    timezone: str | None = None,
    hours: float = 24.0,
    stamp: dt.datetime | None = None,
) -> bytes:
    """The rosters as an iCalendar file starting on ``start``.

    ``stamp`` (the ``DTSTAMP`` of every event) defaults to now; event UIDs
    are derived from the seed for a seeded draw (so re-exporting it gives
    the same UIDs) and from a fresh random token otherwise.
    """
    if not hours > 0:
        raise InputError(f"hours must be positive, got {hours!r}")
    zone = roster_timezone(rosters, timezone)
    scenario = rosters.plan.scenario
    token = f"seed{rosters.seed}" if rosters.seeded else secrets.token_hex(8)
    events = _Events(
        rosters,
        stamp=stamp or dt.datetime.now(dt.UTC),
        uid=f"{token}-{scenario.sha256()[:12]}",
        length=dt.timedelta(hours=hours),
    )
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//entente//roster//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{scenario.name} roster")
    calendar.add("x-wr-timezone", zone.key)
    starts = day_starts(start, rosters.days, zone)
    for d, begin in enumerate(starts):
        for u, choice in enumerate(rosters.choices[d].tolist()):
            calendar.add_component(events.event(d + 1, u, choice, begin))
    if starts:
        calendar.add_missing_timezones(
            first_date=(starts[0] - dt.timedelta(days=366)).date(),
            last_date=(starts[-1] + dt.timedelta(days=366)).date(),
        )
    return bytes(calendar.to_ical())


class _Events:
    """Builds the event of one unit on one day."""

    def __init__(
        self, rosters: Rosters, *, stamp: dt.datetime, uid: str, length: dt.timedelta
    ) -> None:
        self.rosters = rosters
        self.stamp = stamp
        self.uid = uid
        self.length = length
        self.places = rosters.plan.places
        self.resources = rosters.plan.scenario.document["resources"]
        self.note = (
            f" Seeded draw (seed {rosters.seed}): reproducible, not for operational use."
            if rosters.seeded
            else ""
        )

    def event(self, day: int, u: int, choice: int, begin: dt.datetime) -> icalendar.Event:
        plan = self.rosters.plan
        r = int(plan.unit_resource[u])
        unit = int(plan.unit_number[u])
        resource = plan.resource_ids[r]
        targets = plan.routes[choice]
        route = [self.places.of_target(t) for t in targets]
        # the game's ids: ``site@slot`` with slots; a road's edge id
        ids = [
            p.id if self.places.roads else plan.target_ids[t]
            for p, t in zip(route, targets, strict=True)
        ]
        where = " → ".join(p.name for p in route) if route else "idle"
        visits = ", ".join(f"{p.name} ({i})" for p, i in zip(route, ids, strict=True)) or "idle"
        event = icalendar.Event()
        event.add("uid", f"{self.uid}-d{day}-{resource}-{unit}@entente")
        event.add("dtstamp", self.stamp)
        event.add("dtstart", begin)
        end = (begin.replace(tzinfo=None) + self.length).replace(tzinfo=begin.tzinfo)
        event.add("dtend", end)
        event.add("summary", f"{resource} {unit}: {where}")
        name = self.resources[r].get("name", resource)
        event.add(
            "description",
            f"Day {day} of {self.rosters.days}. {name}, unit {unit}: {visits}.{self.note}",
        )
        if route:
            event.add("location", where)
            _geo(event, route[0])
        return event


def _geo(event: icalendar.Event, place: Place) -> None:
    if place.lat is not None and place.lon is not None:
        event.add("geo", (place.lat, place.lon))


def occurrence_ics(rosters: OccurrenceRosters, *, stamp: dt.datetime | None = None) -> bytes:
    """One event per unit per slot occurrence, from its start to its end (local times)."""
    scenario = rosters.plan.scenario
    document = scenario.document
    token = f"seed{rosters.seed}" if rosters.seeded else secrets.token_hex(8)
    uid = f"{token}-{scenario.sha256()[:12]}"
    stamp = stamp or dt.datetime.now(dt.UTC)
    places = rosters.plan.places.sites
    slot_names = {s["id"]: s.get("name", s["id"]) for s in document.get("slots", [])}
    note = (
        f" Seeded draw (seed {rosters.seed}): reproducible, not for operational use."
        if rosters.seeded
        else ""
    )
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//entente//roster//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{scenario.name} roster")
    plan = rosters.plan
    for k, o in enumerate(rosters.occurrences):
        for draw in rosters.units(k):
            resource = plan.resource_ids[draw.resource]
            route = [places[s] for s in draw.sites]
            where = " → ".join(p.name for p in route) if route else "idle"
            visits = ", ".join(f"{p.name} ({p.id})" for p in route) or "idle"
            event = icalendar.Event()
            event.add("uid", f"{uid}-{o.date.isoformat()}-{o.slot}-{resource}-{draw.unit}@entente")
            event.add("dtstamp", stamp)
            event.add("dtstart", o.start)
            event.add("dtend", o.end)
            event.add("summary", f"{resource} {draw.unit}: {where}")
            name = document["resources"][draw.resource].get("name", resource)
            event.add(
                "description",
                f"{slot_names.get(o.slot, o.slot)} ({o.slot}), {o.date.isoformat()}. "
                f"{name}, unit {draw.unit}: {visits}.{note}",
            )
            if route:
                event.add("location", where)
                _geo(event, route[0])
            calendar.add_component(event)
    if rosters.occurrences:
        calendar.add("x-wr-timezone", str(rosters.occurrences[0].start.tzinfo))
        calendar.add_missing_timezones(
            first_date=rosters.occurrences[0].date - dt.timedelta(days=366),
            last_date=rosters.occurrences[-1].date + dt.timedelta(days=366),
        )
    return bytes(calendar.to_ical())
