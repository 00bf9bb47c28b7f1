"""Rosters as CSV and JSON.

CSV (the form outside checks read; keep it): header ``day,resource,unit,targets``,
one row per day x unit, ordered by day, then resource as in the scenario
file, then unit; ``day`` counts from 1, ``unit`` from 1 within its resource;
``targets`` joins the targets the unit covers that day with ``;`` in route
order, empty for an idle unit. Ids match ``[a-z0-9][a-z0-9_-]*`` and need
no quoting; a checkpoint plan's roads are named by their ends (``Pont
d'Iéna, rive droite - ...``), so a ``targets`` field with a comma or quote
is quoted as RFC 4180 says.

The CSV is assembled in numpy rather than row by row, so that writing is
not the bottleneck of drawing a year (or a hundred thousand days) of
rosters: every row is ``<day>`` followed by one of the few ``,resource,unit,route\\n``
pieces (one per unit and route); both are gathered as fixed-width,
NUL-padded byte rows and the padding is squeezed out with one boolean mask
(ids never contain NUL). Chunks are handed out as memoryviews, not copied.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import numpy as np
import numpy.typing as npt
import orjson

from entente.operations.jsonstream import coalesce, json_object
from entente.operations.roster import Rosters

__all__ = [
    "CSV_HEADER",
    "ROSTER_FORMAT",
    "iter_roster_csv",
    "iter_roster_json",
    "roster_csv",
    "roster_document",
]

CSV_HEADER = b"day,resource,unit,targets\n"
JSON_CHUNK_CELLS = 1 << 14
"""Records (unit-days) of the JSON assembled per numpy pass."""
ROSTER_FORMAT = "entente-roster/1"
_CHUNK_DAYS = 4096

Bytes2D = npt.NDArray[np.uint8]


def _padded(parts: list[bytes]) -> Bytes2D:
    width = max((len(p) for p in parts), default=0)
    table = np.zeros((len(parts), width), dtype=np.uint8)
    for i, part in enumerate(parts):
        table[i, : len(part)] = np.frombuffer(part, dtype=np.uint8)
    return table


def _day_digits(first: int, count: int) -> Bytes2D:
    """ASCII digits of days ``first .. first+count-1``, left-aligned, NUL-padded."""
    return _digits(np.arange(first, first + count, dtype=np.int64))


def _digits(numbers: npt.NDArray[np.int64]) -> Bytes2D:
    """ASCII digits of non-negative ``numbers``, left-aligned, NUL-padded."""
    width = len(str(int(numbers.max()))) if len(numbers) else 1
    lengths = np.ones(len(numbers), dtype=np.int64)
    for k in range(1, width):
        lengths += numbers >= 10**k
    out = np.zeros((len(numbers), width), dtype=np.uint8)
    for k in range(width):
        power = np.maximum(lengths - 1 - k, 0)
        digit = (numbers // 10**power) % 10
        out[:, k] = np.where(k < lengths, 48 + digit, 0)
    return out


def iter_roster_csv(rosters: Rosters) -> Iterator[bytes | memoryview]:
    """The CSV in chunks (header first): bytes-like; join them or write them in turn."""
    plan = rosters.plan
    yield CSV_HEADER
    units = plan.units
    if units == 0 or rosters.days == 0:
        return
    ids = plan.target_ids
    routes = [(_field(";".join(ids[t] for t in route)) + "\n").encode() for route in plan.routes]
    # one padded piece per (unit, route): ",resource,unit,route\n"
    pieces = _padded(
        [
            f",{plan.resource_ids[r]},{n},".encode() + route
            for r, n in zip(plan.unit_resource, plan.unit_number, strict=True)
            for route in routes
        ]
    )
    first_piece = (np.arange(units) * len(routes))[None, :]
    for start in range(0, rosters.days, _CHUNK_DAYS):
        size = min(_CHUNK_DAYS, rosters.days - start)
        digits = _day_digits(start + 1, size)
        width = digits.shape[1]
        rows = np.empty((size, units, width + pieces.shape[1]), dtype=np.uint8)
        rows[:, :, :width] = digits[:, None, :]
        rows[:, :, width:] = pieces[rosters.choices[start : start + size] + first_piece]
        flat = rows.reshape(-1)
        yield memoryview(flat[flat != 0])


def _field(text: str) -> str:
    """``text`` as one CSV field: quoted (quotes doubled) when it holds a comma or a quote."""
    return '"' + text.replace('"', '""') + '"' if "," in text or '"' in text else text


def roster_csv(rosters: Rosters) -> bytes:
    """The whole CSV as bytes."""
    return b"".join(iter_roster_csv(rosters))


def roster_document(rosters: Rosters, *, dates: list[str] | None = None) -> dict[str, Any]:
    """The rosters as a JSON-ready object (``entente-roster/1``).

    ``{"format", "scenario", "scenario_sha256", "generator": "secrets" |
    "seeded", "seed", "days": [{"day", ["date"], "units": [{"resource",
    "unit", "targets"}]}]}``; units in CSV order.
    """
    units = _Units(rosters)
    days = [
        {**_day_head(d, dates), "units": list(units.day(row))}
        for d, row in enumerate(rosters.choices.tolist())
    ]
    return {**_head(rosters), "days": days}


def iter_roster_json(rosters: Rosters, *, dates: list[str] | None = None) -> Iterator[bytes]:
    """``orjson.dumps(roster_document(rosters, dates=dates))``, in chunks.

    Memory stays that of :data:`JSON_CHUNK_CELLS` records whatever the number
    of days and units (the service streams rosters of up to a million
    unit-days). As for the CSV, every record ``{"resource":R,"unit":N,
    "targets":[...]},`` is three NUL-padded pieces gathered by index (the
    resource's opening, the unit's number in digits, the route's ending,
    each formatted once) and squeezed with one mask (orjson never writes a
    raw NUL); only the days' openings and closings are written in Python.
    """
    return coalesce(json_object(_head(rosters), "days", _json_days(rosters, dates)))


def _json_days(rosters: Rosters, dates: list[str] | None) -> Iterator[bytes]:
    units, days = rosters.plan.units, rosters.days
    if units == 0:
        for d in range(days):
            yield (b"," if d else b"") + orjson.dumps({**_day_head(d, dates), "units": []})
        return
    pieces = _RecordPieces(rosters)
    for start in range(0, days * units, JSON_CHUNK_CELLS):
        cells = np.arange(start, min(days * units, start + JSON_CHUNK_CELLS))
        day, unit = np.divmod(cells, units)
        rows = pieces.rows(unit, rosters.choices[day, unit])
        kept = rows != 0
        ends = np.cumsum(kept.sum(axis=1))
        data = rows[kept].tobytes()
        cuts = [0, *(np.flatnonzero(unit[1:] == 0) + 1).tolist(), len(cells)]  # days begin
        for a, b in itertools.pairwise(cuts):
            if unit[a] == 0:
                opening = orjson.dumps({**_day_head(int(day[a]), dates), "units": []})[:-2]
                yield (b"," if day[a] else b"") + opening
            yield data[int(ends[a - 1]) if a else 0 : int(ends[b - 1])]
            if unit[b - 1] == units - 1:
                yield b"]}"


class _RecordPieces:
    """Every record's padded pieces: resource openings, unit digits, route endings."""

    def __init__(self, rosters: Rosters) -> None:
        plan = rosters.plan
        ids = plan.target_ids
        self.openings = _padded(
            [b'{"resource":' + orjson.dumps(r) + b',"unit":' for r in plan.resource_ids]
        )
        self.unit_resource = plan.unit_resource
        self.digits = _digits(plan.unit_number.astype(np.int64))
        self.endings = _padded(
            [b',"targets":' + orjson.dumps([ids[t] for t in r]) + b"}," for r in plan.routes]
        )
        self.last = plan.units - 1

    def rows(self, unit: npt.NDArray[np.intp], choice: npt.NDArray[np.intp]) -> Bytes2D:
        """One padded row per record; a day's last record without its trailing comma."""
        a, b = self.openings.shape[1], self.digits.shape[1]
        rows = np.zeros((len(unit), a + b + self.endings.shape[1]), dtype=np.uint8)
        rows[:, :a] = self.openings[self.unit_resource[unit]]
        rows[:, a : a + b] = self.digits[unit]
        ending = self.endings[choice]
        last = np.flatnonzero(unit == self.last)
        ending[last, (ending[last] != 0).sum(axis=1) - 1] = 0
        rows[:, a + b :] = ending
        return rows


class _Units:
    """A day's units as records: labels and routes formatted once."""

    def __init__(self, rosters: Rosters) -> None:
        plan = rosters.plan
        ids = plan.target_ids
        self.routes = [[ids[t] for t in route] for route in plan.routes]
        self.labels = [
            (plan.resource_ids[r], int(n))
            for r, n in zip(plan.unit_resource, plan.unit_number, strict=True)
        ]

    def day(self, row: list[int]) -> Iterator[dict[str, Any]]:
        for (resource, unit), c in zip(self.labels, row, strict=True):
            yield {"resource": resource, "unit": unit, "targets": self.routes[c]}


def _day_head(d: int, dates: list[str] | None) -> dict[str, Any]:
    return {"day": d + 1} if dates is None else {"day": d + 1, "date": dates[d]}


def _head(rosters: Rosters) -> dict[str, Any]:
    plan = rosters.plan
    return {
        "format": ROSTER_FORMAT,
        "scenario": plan.scenario_name,
        "scenario_sha256": plan.scenario_sha256,
        "generator": "seeded" if rosters.seeded else "secrets",
        "seed": rosters.seed,
    }
