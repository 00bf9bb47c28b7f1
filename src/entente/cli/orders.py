"""``entente orders``: who goes where on one date, drawn from a plan; optionally printable."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from entente._exceptions import InputError
from entente._io import write_atomic
from entente.cli._errors import cli_errors
from entente.cli._forecast import ForecastOption, with_forecast
from entente.cli._output import PipeConsole, emit, note
from entente.cli._paths import check_output

if TYPE_CHECKING:
    from entente.operations.orders import Orders
    from entente.planfile import PlanRecord
    from entente.scenario.forecast import SlotWeather

__all__ = ["orders_command"]


@cli_errors
def orders_command(
    file: Annotated[
        str, typer.Argument(help="Plan file (entente solve -o) or scenario (solved first).")
    ],
    date: Annotated[
        str, typer.Option("--date", help="The date, YYYY-MM-DD: occurrences starting that day.")
    ],
    slot: Annotated[
        str | None, typer.Option("--slot", help="Only this slot's occurrence (a slot id).")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Also write a printable HTML page (A4) here."),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the records as JSON instead of tables.")
    ] = False,
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed", min=0, help="Reproducible draw (tests, reproduction); never for operations."
        ),
    ] = None,
    forecast: ForecastOption = None,
) -> None:
    """Draw tonight's orders: per unit, where to go and in what order, and the barriers.

    The plan's slots must say when they happen (start, hours, weekday); a plan
    without slots gives one draw for the day. Draws come from the operating
    system's secure generator unless --seed is given. --forecast (with a
    scenario, not a plan file) solves the week with that weather first.
    """
    from entente.operations import roster_plan
    from entente.operations.occurrence_export import occurrence_document
    from entente.operations.orders import draw_orders, parse_date
    from entente.planfile import dumps
    from entente.report import view_plan
    from entente.report.orders_html import render_orders
    from entente.scenario.occurrences import scenario_zone

    if output is not None and output.suffix.lower() not in (".html", ".htm"):
        raise InputError(f"-o {output}: the orders page is HTML: name it *.html")
    check_output(output, "--output", ("html", "htm"))
    day = parse_date(date)
    loaded = _plan(file, forecast, day, slot)
    note(loaded.note)
    plan = roster_plan(loaded)
    orders = draw_orders(plan, day, slot=slot, seed=seed)
    if seed is not None:
        note(f"SEEDED draw (seed {seed}): reproducible, NOT for operational use")
    else:
        note("drawn from the operating system's secure generator (secrets)")
    if output is not None:
        page = render_orders(view_plan(loaded), orders)
        write_atomic(output, page.encode())
        note(f"printable orders written to {output}")
    if as_json:
        zone = scenario_zone(plan.scenario.document).key
        document = {"date": day.isoformat(), **occurrence_document(orders.rosters, zone)}
        emit((dumps(document, indent=True), b"\n"), None)
    else:
        render_orders_text(PipeConsole(), orders)


def _plan(file: str, forecast: Path | None, day: dt.date, slot: str | None) -> PlanRecord:
    """The plan file as it is, or the scenario solved now (with the forecast's weather).

    With a forecast, the date and slot are checked before the solve (the week is the
    forecast's: weekly slots became dated ones).
    """
    from entente.operations.orders import occurrences_on
    from entente.planfile import is_plan_file, load_plan, solve_now
    from entente.scenario import load_scenario

    if forecast is None:
        return load_plan(file)
    if is_plan_file(file):
        raise InputError(
            f"--forecast {forecast}: {file} is a plan file, already solved with its weather; "
            f"give the scenario instead, or re-plan with: entente solve SCENARIO --forecast "
            f"{forecast} -o plan.json"
        )
    scenario, weather = with_forecast(load_scenario(file), forecast)
    occurrences_on(scenario.document, day, slot)
    _note_weather(weather or [])
    return solve_now(scenario, file)


def _note_weather(weather: list[SlotWeather]) -> None:
    for w in weather:
        grounded = f", grounded: {', '.join(w.grounded)}" if w.grounded else ""
        note(
            f"forecast {w.slot} ({w.date:%a} {w.date.isoformat()}): {w.band}, "
            f"waves {w.wave_height_m:.1f} m, wind {w.wind_kn:.0f} kn{grounded}"
        )


def render_orders_text(console: Console, orders: Orders) -> None:
    """For each occurrence: when, then a table of units and their sites in order."""
    from entente.operations.orders import offsets_text

    for k, occurrence in enumerate(orders.occurrences):
        start, end = occurrence.start, occurrence.end
        slot = f"{occurrence.slot}: " if occurrence.slot else ""
        console.print(f"{slot}{orders.slot_name(occurrence)}", highlight=False)
        console.print(
            f"{start.strftime('%a %d %b %Y %H:%M')} → {end.strftime('%a %d %b %H:%M')} "
            f"{start.tzinfo} ({offsets_text(occurrence)})",
            highlight=False,
        )
        table = Table(box=None, pad_edge=False, show_edge=False)
        table.add_column("unit", no_wrap=True)
        table.add_column("where, in order")
        units = orders.units(k)
        for u in sorted(units, key=lambda u: u.kind == "static"):
            where = " → ".join(u.names) if u.names else "idle: stand by"
            kind = " (barrier)" if u.kind == "static" else ""
            table.add_row(f"{u.resource} {u.unit}{kind}", where)
        console.print(table)
