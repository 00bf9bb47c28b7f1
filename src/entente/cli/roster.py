"""``entente roster``: concrete daily deployments drawn from a plan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from entente._exceptions import InputError
from entente.cli._errors import cli_errors
from entente.cli._output import emit, note
from entente.cli._paths import check_output, output_format
from entente.operations import Rosters, draw_rosters, iter_roster_csv, roster_document
from entente.operations.ics import day_starts, roster_ics, roster_timezone
from entente.planfile import dumps
from entente.planload import load_plan

__all__ = ["roster_command"]


class RosterFormat(StrEnum):
    csv = "csv"
    json = "json"
    ics = "ics"


def _start(text: str | None, rosters: Rosters, timezone: str | None) -> dt.date | dt.datetime:
    if text is None:
        today = dt.datetime.now(roster_timezone(rosters, timezone)).date()
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
    hours: float,
) -> Iterable[bytes | memoryview]:
    if chosen is RosterFormat.csv:
        return iter_roster_csv(rosters)
    first = _start(start, rosters, timezone)
    if chosen is RosterFormat.ics:
        return (roster_ics(rosters, first, timezone=timezone, hours=hours),)
    zone = roster_timezone(rosters, timezone)
    dates = [d.date().isoformat() for d in day_starts(first, rosters.days, zone)]
    document = roster_document(rosters, dates=dates if start is not None else None)
    return (dumps(document, indent=True), b"\n")


@cli_errors
def roster_command(
    file: Annotated[
        str, typer.Argument(help="Plan file (entente solve -o) or scenario (solved first).")
    ],
    days: Annotated[int, typer.Option("--days", min=1, help="Number of days to draw.")] = 7,
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
        float, typer.Option("--hours", min=0.01, help="Length of each day's shift (ics).")
    ] = 24.0,
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
    _format(fmt, output)  # a bad -o or format is refused before any work
    loaded = load_plan(file)
    note(loaded.note)
    rosters = draw_rosters(loaded.document, days, seed=seed, source=str(file))
    if rosters.seeded:
        note(f"seeded draw (seed {seed}): reproducible, NOT for operational use")
    else:
        note("drawn from the operating system's secure generator (secrets)")
    chosen = _format(fmt, output)
    chunks = _export(rosters, chosen, start=start, timezone=timezone, hours=hours)
    emit(chunks, output)
    units = rosters.plan.units
    where = f" to {output}" if output is not None else ""
    note(f"{rosters.days} days x {units} units written as {chosen.value}{where}")
