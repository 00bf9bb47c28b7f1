"""``entente roster``: concrete deployments drawn from a plan, per day or per slot occurrence.

A plan without slots gives one roster per day (``day,resource,unit,targets``);
a plan with slots one per unit per slot occurrence in the ``--days``
calendar days from ``--start`` (``date,slot,start,end,...``; DESIGN.md
"Slots in time, rosters and orders").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated
from zoneinfo import ZoneInfo

import typer

from entente._exceptions import InputError
from entente.cli._errors import cli_errors
from entente.cli._output import emit, note
from entente.cli._paths import check_output, output_format

if TYPE_CHECKING:
    from entente.operations import RosterPlan, Rosters
    from entente.operations.occurrence_roster import OccurrenceRosters

__all__ = ["roster_command"]


class RosterFormat(StrEnum):
    csv = "csv"
    json = "json"
    ics = "ics"


def _start(text: str | None, zone: ZoneInfo) -> dt.date | dt.datetime:
    if text is None:
        today = dt.datetime.now(zone).date()
        note(f"first day: today, {today.isoformat()} (--start chooses another)")
        return today
    try:
        return dt.date.fromisoformat(text) if len(text) <= 10 else dt.datetime.fromisoformat(text)
    except ValueError:
        raise InputError(
            f"--start: expected a date (2024-07-26) or a date and time (2024-07-26T20:00), "
            f"got {text!r}"
        ) from None


def _format(chosen: RosterFormat | None, output: Path | None) -> RosterFormat:
    formats = [f.value for f in RosterFormat]
    name = output_format(chosen and chosen.value, output, formats, default="csv")
    check_output(output, "--output")
    return RosterFormat(name)


def _export(
    rosters: Rosters,
    chosen: RosterFormat,
    *,
    start: str | None,
    timezone: str | None,
    hours: float | None,
) -> Iterable[bytes | memoryview]:
    from entente.operations import iter_roster_csv, roster_document
    from entente.operations.ics import day_starts, roster_ics, roster_timezone
    from entente.planfile import dumps

    zone = roster_timezone(rosters, timezone)
    if chosen is RosterFormat.csv:
        if start is not None:
            _start(start, zone)  # checked, although the daily CSV numbers its days
        return iter_roster_csv(rosters)
    first = _start(start, zone)
    if chosen is RosterFormat.ics:
        return (roster_ics(rosters, first, timezone=timezone, hours=hours or 24.0),)
    dates = [d.date().isoformat() for d in day_starts(first, rosters.days, zone)]
    document = roster_document(rosters, dates=dates if start is not None else None)
    return (dumps(document, indent=True), b"\n")


def _occurrence_rosters(
    plan: RosterPlan,
    days: int,
    *,
    seed: int | None,
    start: str | None,
    timezone: str | None,
    hours: float | None,
) -> OccurrenceRosters:
    """The draw for every slot occurrence in the range (a plan with slots)."""
    from entente.operations.ics import roster_timezone
    from entente.operations.occurrence_roster import draw_occurrence_rosters
    from entente.scenario.occurrences import occurrences, scenario_zone, slots_timing

    doc = plan.scenario.document
    zone = scenario_zone(doc)
    if slots_timing(doc) in ("dated", "weekly"):
        if timezone is not None and timezone != zone.key:
            raise InputError(
                f"--timezone: the slots' times are in the scenario's time zone {zone.key}; "
                "drop --timezone"
            )
        if hours is not None:
            raise InputError("--hours: the scenario's slots give their own hours; drop --hours")
        if start is not None and len(start) > 10:
            raise InputError(
                f"--start: the scenario's slots say when they happen: give the first day "
                f"as a date (YYYY-MM-DD), got {start!r}"
            )
    else:
        zone = roster_timezone(plan, timezone)
    first = _start(start, zone)
    found = occurrences(doc, first, days, hours=hours or 24.0, zone=zone)
    return draw_occurrence_rosters(plan, found, seed=seed)


def _export_occurrences(
    rosters: OccurrenceRosters, chosen: RosterFormat
) -> Iterable[bytes | memoryview]:
    from entente.operations.ics import occurrence_ics
    from entente.operations.occurrence_export import iter_occurrence_csv, occurrence_document
    from entente.planfile import dumps
    from entente.scenario.occurrences import scenario_zone

    if chosen is RosterFormat.csv:
        return iter_occurrence_csv(rosters)
    if chosen is RosterFormat.ics:
        return (occurrence_ics(rosters),)
    zone = rosters.occurrences[0].start.tzinfo if rosters.occurrences else None
    document = occurrence_document(
        rosters, str(zone or scenario_zone(rosters.plan.scenario.document))
    )
    return (dumps(document, indent=True), b"\n")


@cli_errors
def roster_command(
    file: Annotated[
        str, typer.Argument(help="Plan file (entente solve -o) or scenario (solved first).")
    ],
    days: Annotated[
        int,
        typer.Option(
            "--days", min=1, help="Number of days (calendar days with slots: every occurrence)."
        ),
    ] = 7,
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed", min=0, help="Reproducible draw (tests, reproduction); never for operations."
        ),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option("--start", help="First day, YYYY-MM-DD[THH:MM] local time; default today."),
    ] = None,
    fmt: Annotated[
        RosterFormat | None,
        typer.Option(
            "--format", "-f", help="csv, json or ics; default from -o's suffix, else csv."
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here (atomically), not stdout.")
    ] = None,
    hours: Annotated[
        float | None,
        typer.Option(
            "--hours",
            min=0.01,
            help="Length of each day's shift (ics), or of each untimed slot; default 24.",
        ),
    ] = None,
    timezone: Annotated[
        str | None,
        typer.Option(
            "--timezone", help="IANA time zone; default the scenario's, else Europe/Paris."
        ),
    ] = None,
) -> None:
    """Draw daily rosters from a plan: which unit covers which targets each day.

    Each target is covered exactly as often as the plan says. Draws come from
    the operating system's secure generator unless --seed is given.
    """
    from entente.operations import draw_rosters, roster_plan
    from entente.planfile import load_plan

    _format(fmt, output)  # a bad -o or format is refused before any work
    loaded = load_plan(file)
    note(loaded.note)
    plan = roster_plan(loaded)
    chosen = _format(fmt, output)
    where = f" to {output}" if output is not None else ""
    if plan.scenario.document.get("slots"):
        slotted = _occurrence_rosters(
            plan, days, seed=seed, start=start, timezone=timezone, hours=hours
        )
        _announce(seed)
        emit(_export_occurrences(slotted, chosen), output)
        count = len(slotted.occurrences)
        what = "slot occurrence" if count == 1 else "slot occurrences"
        note(f"{count} {what} x {plan.units} units written as {chosen.value}{where}")
        return
    rosters = draw_rosters(plan, days, seed=seed)
    _announce(seed)
    chunks = _export(rosters, chosen, start=start, timezone=timezone, hours=hours)
    emit(chunks, output)
    note(f"{rosters.days} days x {plan.units} units written as {chosen.value}{where}")


def _announce(seed: int | None) -> None:
    if seed is not None:
        note(f"seeded draw (seed {seed}): reproducible, NOT for operational use")
    else:
        note("drawn from the operating system's secure generator (secrets)")
