"""The forecast decides the week: a CSV of dated sea states sets each slot's weather.

File (``--forecast FILE``): a header naming ``date,wave_height_m,wind_kn``
and optionally ``rag``, in any order, then one row per local date
(``YYYY-MM-DD``; wave height in metres, mean wind in knots, both >= 0;
``rag`` a band id such as ``red``, e.g. the Met Office's published rating,
which then overrides the numbers). Blank lines and lines starting with
``#`` are skipped.

Each slot that says when it happens takes the forecast of the local date it
*starts* on (a night from 22:00 Monday takes Monday's row):

* a dated slot, its own date;
* a weekly slot, the date on its weekday within the **week from the
  forecast's first date** (first date .. first date + 6 days): a forecast
  starting on a Thursday plans Thursday to Wednesday. The plan is then for
  that week only: weekly slots become dated slots of that week.

The scenario's ``weather:`` section states the rule (default
:data:`DEFAULT_WEATHER`): ordered ``bands``; a day takes the first band
whose ``max_wave_m`` and ``max_wind_kn`` (each optional) it does not exceed,
or the band its ``rag`` names; the band's ``scale`` replaces the slot's (no
``scale``: payoffs unchanged). A patrol resource with ``max_wind_kn`` is
grounded (0 units) in a slot whose wind exceeds it, and flies all its units
otherwise: the forecast replaces that resource's ``slot_counts``.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from entente._exceptions import FieldProblem, InputError
from entente.scenario.load import Scenario
from entente.scenario.occurrences import slots_timing
from entente.scenario.schema import WEEKDAYS, ScenarioDoc

__all__ = [
    "DEFAULT_WEATHER",
    "DayForecast",
    "Forecast",
    "SlotWeather",
    "apply_forecast",
    "band_for",
    "load_forecast",
    "read_forecast",
    "weather_problems",
]

DEFAULT_WEATHER: dict[str, Any] = {
    "bands": [
        {"id": "red", "name": "red: crossing likely", "max_wave_m": 0.5, "max_wind_kn": 10.0},
        {
            "id": "amber",
            "name": "amber: crossing possible",
            "max_wave_m": 1.0,
            "max_wind_kn": 15.0,
            "scale": {"attacker": {"uncovered": 0.7}, "defender": {"uncovered": 1.2}},
        },
        {
            "id": "green",
            "name": "green: crossing unlikely",
            "scale": {"attacker": {"uncovered": 0.35}, "defender": {"uncovered": 1.6}},
        },
    ]
}
"""The rule when a scenario states none (an assumption; README "Forecasts" gives the sources).

The bands follow the Met Office's crossing-conditions rating for the Home
Office (red: crossing activity more than 55 % likely; green: less than 35 %;
gov.uk "Small boat arrivals and the impact of crossing conditions", 2025);
that rating is not published as thresholds, so the numbers are ours: launches
are rare with waves above about 0.5 m, and none were seen with mean winds of
15-25 mph (13-22 kn) in late March 2025. The scales are channel-coast's.
"""

_COLUMNS = ("date", "wave_height_m", "wind_kn")


@dataclass(frozen=True)
class DayForecast:
    """One row: a local date's sea state, and where it was read (line, ``rag`` column)."""

    date: dt.date
    wave_height_m: float
    wind_kn: float
    rag: str | None
    line: int
    rag_column: int


@dataclass(frozen=True)
class Forecast:
    """A forecast file read: rows by date."""

    source: str
    days: Mapping[dt.date, DayForecast]


@dataclass(frozen=True)
class SlotWeather:
    """What the forecast made of one slot."""

    slot: str
    date: dt.date
    wave_height_m: float
    wind_kn: float
    band: str
    grounded: tuple[str, ...]


def load_forecast(path: str | Path) -> Forecast:
    """Read a forecast file; InputError names the file and what is wrong."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise InputError(f"{path}: cannot read the forecast: {reason}") from None
    return read_forecast(text, source=str(path))


def read_forecast(text: str, *, source: str = "<forecast>") -> Forecast:
    """Parse forecast CSV text; errors name the source, line and column."""
    rows = [
        (n, row)
        for n, row in enumerate(csv.reader(io.StringIO(text)), start=1)
        if row and any(c.strip() for c in row) and not row[0].lstrip().startswith("#")
    ]
    if not rows:
        raise InputError(f"{source}: empty forecast: expected a header date,wave_height_m,wind_kn")
    line, header = rows[0]
    columns = [c.strip().lower() for c in header]
    unknown = [c for c in columns if c not in (*_COLUMNS, "rag")]
    missing = [c for c in _COLUMNS if c not in columns]
    if unknown or missing or len(set(columns)) != len(columns):
        raise InputError(
            f"{source}, line {line}: the header must name date, wave_height_m, wind_kn "
            f"and optionally rag, each once; got {','.join(columns)}"
        )
    where = {c: columns.index(c) for c in columns}
    days: dict[dt.date, DayForecast] = {}
    for line, row in rows[1:]:
        day = _row(row, where, source, line)
        if day.date in days:
            raise InputError(
                f"{source}, line {line}, column {where['date'] + 1}: date {day.date} "
                f"already given on line {days[day.date].line}"
            )
        days[day.date] = day
    if not days:
        raise InputError(f"{source}: the forecast has a header but no rows")
    return Forecast(source, days)


def _row(row: list[str], where: dict[str, int], source: str, line: int) -> DayForecast:
    if len(row) != len(where):
        raise InputError(f"{source}, line {line}: expected {len(where)} columns, got {len(row)}")

    def cell(name: str) -> tuple[str, str]:
        return row[where[name]].strip(), f"{source}, line {line}, column {where[name] + 1} ({name})"

    text, at = cell("date")
    try:
        date = dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{at}: {text!r} is not a date YYYY-MM-DD") from None
    values = []
    for name in ("wave_height_m", "wind_kn"):
        text, at = cell(name)
        try:
            value = float(text)
        except ValueError:
            raise InputError(f"{at}: {text!r} is not a number") from None
        if not math.isfinite(value) or value < 0:
            raise InputError(f"{at}: {text!r} must be a finite number >= 0")
        values.append(value)
    rag = row[where["rag"]].strip().lower() or None if "rag" in where else None
    column = where.get("rag", -1) + 1
    return DayForecast(date, values[0], values[1], rag, line, column)


def weather_problems(doc: ScenarioDoc) -> Iterator[FieldProblem]:
    """What is wrong with a ``weather:`` rule beyond each field's own form."""
    weather = doc.get("weather")
    if weather is None:
        return
    bands = weather["bands"]
    seen: set[str] = set()
    for i, band in enumerate(bands):
        if band["id"] in seen:
            yield FieldProblem(f"weather.bands[{i}].id", f"duplicate band id {band['id']!r}")
        seen.add(band["id"])
        limited = "max_wave_m" in band or "max_wind_kn" in band
        if not limited and i < len(bands) - 1:
            yield FieldProblem(
                f"weather.bands[{i}]",
                "a band without max_wave_m or max_wind_kn takes every forecast: "
                "it must be the last; the bands after it are never used",
            )
    if "max_wave_m" in bands[-1] or "max_wind_kn" in bands[-1]:
        yield FieldProblem(
            f"weather.bands[{len(bands) - 1}]",
            "the last band takes every forecast the others do not: give it no "
            "max_wave_m or max_wind_kn",
        )


def band_for(weather: Mapping[str, Any], day: DayForecast, source: str = "<forecast>") -> Any:
    """The band a day falls in: the one its ``rag`` names, or the first whose maxima hold."""
    bands = weather["bands"]
    if day.rag is not None:
        for band in bands:
            if band["id"] == day.rag:
                return band
        known = ", ".join(b["id"] for b in bands)
        raise InputError(
            f"{source}, line {day.line}, column {day.rag_column} (rag): {day.rag!r} is not a "
            f"band of the scenario's weather rule ({known})"
        )
    for band in bands:
        if day.wave_height_m <= band.get("max_wave_m", math.inf) and day.wind_kn <= band.get(
            "max_wind_kn", math.inf
        ):
            return band
    return bands[-1]


def apply_forecast(scenario: Scenario, forecast: Forecast) -> tuple[Scenario, list[SlotWeather]]:
    """The scenario with each slot's weather set from the forecast, and what was set."""
    doc = scenario.document
    slots = doc.get("slots", [])
    timing = slots_timing(doc)
    if timing in ("none", "untimed"):
        what = "has no slots" if timing == "none" else "has slots that do not say when they happen"
        raise InputError(
            f"{forecast.source}: a forecast sets the weather of slots with dates, but scenario "
            f"{scenario.name!r} {what} (give each slot start and hours, e.g. "
            '{id: n1, weekday: monday, start: "22:00", hours: 8})'
        )
    first = min(forecast.days)
    weather = doc.get("weather") or DEFAULT_WEATHER
    new: Any = copy.deepcopy(doc)
    report = []
    for i, slot in enumerate(slots):
        date = _slot_date(slot, first)
        day = forecast.days.get(date)
        if day is None:
            week = f"; the week planned runs {first} to {first + dt.timedelta(days=6)}"
            raise InputError(
                f"{forecast.source}: no forecast for {date} ({WEEKDAYS[date.weekday()]}), "
                f"the date of slot {slot['id']!r}{week if 'weekday' in slot else ''}"
            )
        band = band_for(weather, day, forecast.source)
        grounded = _ground(new, i, slot["id"], day)
        new["slots"][i] = _dated_slot(slot, date, day, band)
        report.append(
            SlotWeather(slot["id"], date, day.wave_height_m, day.wind_kn, band["id"], grounded)
        )
    return Scenario(new, f"{scenario.source} with {forecast.source}"), report


def _slot_date(slot: Mapping[str, Any], first: dt.date) -> dt.date:
    if "weekday" not in slot:
        return dt.date.fromisoformat(slot["start"][:10])
    ahead = (WEEKDAYS.index(slot["weekday"]) - first.weekday()) % 7
    return first + dt.timedelta(days=ahead)


def _dated_slot(
    slot: Mapping[str, Any], date: dt.date, day: DayForecast, band: Mapping[str, Any]
) -> dict[str, Any]:
    out = {k: v for k, v in slot.items() if k not in ("weekday", "scale")}
    out["start"] = f"{date.isoformat()}T{slot['start'][-5:]}"
    out["name"] = f"{date:%a} {date.day} {date:%b} ({band.get('name', band['id'])})"
    if "scale" in band:
        out["scale"] = copy.deepcopy(band["scale"])
    out["meta"] = {
        **slot.get("meta", {}),
        "crossing_conditions": band["id"],
        "forecast_wave_height_m": day.wave_height_m,
        "forecast_wind_kn": day.wind_kn,
    }
    return out


def _ground(doc: Any, index: int, slot: str, day: DayForecast) -> tuple[str, ...]:
    """Set each wind-limited resource's count in this slot; the ids grounded."""
    grounded = []
    for resource in doc["resources"]:
        limit = resource.get("max_wind_kn")
        if limit is None:
            continue
        counts = resource.setdefault("slot_counts", {})
        if index == 0:
            counts.clear()  # the forecast replaces the file's per-slot counts
        if day.wind_kn > limit:
            counts[slot] = 0
            grounded.append(resource["id"])
        if not counts:
            del resource["slot_counts"]
    return tuple(grounded)
