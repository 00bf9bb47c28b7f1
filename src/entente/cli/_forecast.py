"""``--forecast FILE`` for solve and sweep: the scenario with the weather set, and a table."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from entente.scenario import Scenario
    from entente.scenario.forecast import SlotWeather

__all__ = ["ForecastOption", "forecast_json", "render_forecast", "with_forecast"]

ForecastOption = Annotated[
    Path | None,
    typer.Option(
        "--forecast",
        help=(
            "CSV date,wave_height_m,wind_kn[,rag]: sets each slot's weather "
            "(README: The forecast decides the week)."
        ),
    ),
]


def with_forecast(
    scenario: Scenario, forecast: Path | None
) -> tuple[Scenario, list[SlotWeather] | None]:
    """``scenario`` unchanged without a forecast; else with each slot's weather set."""
    if forecast is None:
        return scenario, None
    from entente.scenario.forecast import apply_forecast, load_forecast

    return apply_forecast(scenario, load_forecast(forecast))


def forecast_json(weather: list[SlotWeather]) -> list[dict[str, Any]]:
    """The slots' weather as JSON records."""
    return [
        {
            "slot": w.slot,
            "date": w.date.isoformat(),
            "wave_height_m": w.wave_height_m,
            "wind_kn": w.wind_kn,
            "band": w.band,
            "grounded": list(w.grounded),
        }
        for w in weather
    ]


def render_forecast(console: Console, weather: list[SlotWeather]) -> None:
    """One line per slot: date, sea state, band, how many resources are grounded."""
    table = Table(show_edge=False, pad_edge=False, box=None, header_style="bold")
    for name, justify in (
        ("slot", "left"),
        ("date", "left"),
        ("wave m", "right"),
        ("wind kn", "right"),
        ("band", "left"),
        ("grounded", "right"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for w in weather:
        table.add_row(
            w.slot,
            f"{w.date:%a} {w.date.isoformat()}",
            f"{w.wave_height_m:.1f}",
            f"{w.wind_kn:.0f}",
            w.band,
            str(len(w.grounded)),
        )
    console.print("  forecast (each slot takes the weather of the date it starts on):")
    console.print(table)
    grounded = list(dict.fromkeys(r for w in weather for r in w.grounded))
    if grounded:
        console.print("  grounded where the wind exceeds their max_wind_kn:")
        console.print(f"    {', '.join(grounded)}")
