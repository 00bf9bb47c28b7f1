"""When slots happen: each slot's occurrences in a range of calendar days.

A slot may carry its time, local to the scenario's ``timezone`` (default
Europe/Paris), DESIGN.md "Slots in time":

- dated: ``{id: d1, start: "2024-07-26T19:30", hours: 4.5}``, once;
- weekly: ``{id: n1, weekday: monday, start: "22:00", hours: 8}``, every week;
- neither: the slots are placed one after the other in file order from the
  caller's start (a roster's ``--start``), each the caller's ``hours`` long,
  round and round until the range ends.

Either every slot has a time or none has; dated and weekly slots may be
mixed. ``hours`` is *elapsed* time: the end is the start plus ``hours`` on
the clock of the world, shown in local time, so a 9-hour night from 21:00
on the night the clocks go forward ends at 07:00 local. A local start that
does not exist (02:30 when the clocks jump from 02:00 to 03:00) is read
with the offset in force before the jump (03:30 summer time); one that
exists twice (the autumn hour) means the first of the two.

An occurrence belongs to the range when the local *date* it starts on is
one of the range's days, so a night from 22:00 to 06:00 belongs to the
evening it starts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal
from zoneinfo import ZoneInfo

from entente._exceptions import FieldProblem, InputError
from entente.scenario.schema import WEEKDAYS, ScenarioDoc, SlotDoc

__all__ = [
    "DEFAULT_TIMEZONE",
    "MAX_OCCURRENCES",
    "Occurrence",
    "occurrences",
    "scenario_zone",
    "slot_time_problems",
    "slots_timing",
]

DEFAULT_TIMEZONE = "Europe/Paris"

MAX_OCCURRENCES = 1_000_000
"""The most occurrences one call lists (a guard against a mistyped range)."""

Timing = Literal["dated", "weekly", "untimed", "none"]


@dataclass(frozen=True)
class Occurrence:
    """One occurrence of a slot: local date it starts, start and end (timezone-aware).

    ``start`` and ``end`` share one ``ZoneInfo``, so ``end - start`` in Python is
    *wall-clock* time; compare them in UTC for the elapsed time.
    """

    slot: str
    slot_index: int
    date: dt.date
    start: dt.datetime
    end: dt.datetime


def scenario_zone(doc: ScenarioDoc) -> ZoneInfo:
    """The scenario's time zone (validated by the schema), default Europe/Paris."""
    return ZoneInfo(doc.get("timezone") or DEFAULT_TIMEZONE)


def slot_time_problems(doc: ScenarioDoc) -> Iterator[FieldProblem]:
    """What is wrong with the slots' times, beyond each field's own form."""
    slots = doc.get("slots", [])
    timed = [("start" in s or "hours" in s or "weekday" in s) for s in slots]
    for i, slot in enumerate(slots):
        path = f"slots[{i}]"
        start = slot.get("start")
        if start is None:
            for key in ("weekday", "hours"):
                if key in slot:
                    yield FieldProblem(f"{path}.{key}", "needs `start` (when the slot begins)")
            continue
        if "hours" not in slot:
            yield FieldProblem(f"{path}.hours", "required with `start` (elapsed hours, > 0)")
        dated = "T" in start
        if dated and "weekday" in slot:
            yield FieldProblem(
                f"{path}.weekday",
                f"a dated slot (start {start!r}) happens once: drop `weekday`, "
                "or give `start` as HH:MM for a weekly slot",
            )
        if not dated and "weekday" not in slot:
            yield FieldProblem(
                f"{path}.weekday",
                f"required with a time of day (start {start!r}): monday .. sunday; "
                "or give `start` as YYYY-MM-DDTHH:MM for a dated slot",
            )
    if any(timed) and not all(timed):
        first = timed.index(False)
        yield FieldProblem(
            f"slots[{first}].start",
            "either every slot says when it happens (start, hours) or none does",
        )


def slots_timing(doc: ScenarioDoc) -> Timing:
    """``none`` (no slots), ``untimed``, ``weekly`` (some weekly) or ``dated`` (all dated)."""
    slots = doc.get("slots", [])
    if not slots:
        return "none"
    if "start" not in slots[0]:
        return "untimed"
    return "weekly" if any("weekday" in s for s in slots) else "dated"


def occurrences(
    doc: ScenarioDoc,
    start: dt.date | dt.datetime,
    days: int,
    *,
    hours: float = 24.0,
    zone: ZoneInfo | None = None,
) -> list[Occurrence]:
    """The occurrences of the scenario's slots that start on ``days`` calendar days from ``start``.

    Timed slots use ``start``'s date only; untimed slots are laid end to
    end from ``start`` (a date means midnight), each ``hours`` long.
    ``zone`` defaults to the scenario's. Sorted by start, then file order.
    Raises InputError for a scenario whose slot times are inconsistent,
    or a bad range.
    """
    if isinstance(days, bool) or not isinstance(days, int) or days < 0:
        raise InputError(f"days must be a non-negative integer, got {days!r}")
    problems = list(slot_time_problems(doc))
    if problems:
        raise InputError("; ".join(str(p) for p in problems))
    slots = doc.get("slots", [])
    if not slots:
        raise InputError("the scenario has no slots")
    zone = zone or scenario_zone(doc)
    first = start.date() if isinstance(start, dt.datetime) else start
    if days > (dt.date.max - first).days - 1:
        raise InputError(f"days: {days:,} days from {first.isoformat()} end after the year 9999")
    if "start" in slots[0]:
        found = list(_timed(slots, first, days, zone))
    else:
        if not hours > 0:
            raise InputError(f"hours must be positive, got {hours!r}")
        begin = _aware(start, zone)
        found = list(_end_to_end(slots, begin, begin.date(), days, hours, zone))
    return sorted(found, key=lambda o: (o.start, o.slot_index))


def _aware(start: dt.date | dt.datetime, zone: ZoneInfo) -> dt.datetime:
    if isinstance(start, dt.datetime):
        return start.astimezone(zone) if start.tzinfo else _local(start, zone)
    return _local(dt.datetime.combine(start, dt.time(0, 0)), zone)


def _local(wall: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """A wall-clock time in ``zone``, normalised through UTC (nonexistent times move forward)."""
    return wall.replace(tzinfo=zone, fold=0).astimezone(dt.UTC).astimezone(zone)


def _occurrence(index: int, slot_id: str, begin: dt.datetime, hours: float) -> Occurrence:
    zone = begin.tzinfo
    end = (begin.astimezone(dt.UTC) + dt.timedelta(hours=hours)).astimezone(zone)
    return Occurrence(slot_id, index, begin.date(), begin, end)


def _timed(
    slots: Sequence[SlotDoc], first: dt.date, days: int, zone: ZoneInfo
) -> Iterator[Occurrence]:
    last = first + dt.timedelta(days=days)
    weekly: dict[int, list[int]] = {}
    for i, slot in enumerate(slots):
        text = slot["start"]
        if "weekday" in slot:
            weekly.setdefault(WEEKDAYS.index(slot["weekday"]), []).append(i)
            continue
        begin = _local(dt.datetime.strptime(text, "%Y-%m-%dT%H:%M"), zone)
        if first <= begin.date() < last:
            yield _occurrence(i, slot["id"], begin, slot["hours"])
    if not weekly:
        return
    count = days * sum(map(len, weekly.values())) // 7
    if count > MAX_OCCURRENCES:
        raise InputError(f"{count:,} slot occurrences: at most {MAX_OCCURRENCES:,} at once")
    for d in range(days):
        day = first + dt.timedelta(days=d)
        for i in weekly.get(day.weekday(), []):
            clock = dt.datetime.strptime(slots[i]["start"], "%H:%M").time()
            begin = _local(dt.datetime.combine(day, clock), zone)
            yield _occurrence(i, slots[i]["id"], begin, slots[i]["hours"])


def _end_to_end(
    slots: Sequence[SlotDoc],
    begin: dt.datetime,
    first: dt.date,
    days: int,
    hours: float,
    zone: ZoneInfo,
) -> Iterator[Occurrence]:
    last = first + dt.timedelta(days=days)
    step = dt.timedelta(hours=hours)
    span = dt.datetime.combine(last, dt.time(0, 0), tzinfo=zone) - begin
    if span / step > MAX_OCCURRENCES:
        raise InputError(
            f"{span / step:,.0f} slot occurrences of {hours:g} h: "
            f"at most {MAX_OCCURRENCES:,} at once"
        )
    instant = begin.astimezone(dt.UTC)
    k = 0
    while True:
        local = instant.astimezone(zone)
        if local.date() >= last:
            return
        i = k % len(slots)
        yield _occurrence(i, slots[i]["id"], local, hours)
        instant += step
        k += 1
