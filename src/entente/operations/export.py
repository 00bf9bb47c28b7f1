"""Rosters as CSV and JSON.

CSV (the form outside checks read; keep it): header ``day,resource,unit,targets``,
one row per day x unit, ordered by day, then resource as in the scenario
file, then unit; ``day`` counts from 1, ``unit`` from 1 within its resource;
``targets`` joins the targets the unit covers that day with ``;`` in route
order, empty for an idle unit. Ids match ``[a-z0-9][a-z0-9_-]*``, so no
field ever needs quoting.

The CSV is assembled in numpy rather than row by row, so that writing is
not the bottleneck of drawing a year (or a hundred thousand days) of
rosters: every row is ``<day>`` followed by one of the few ``,resource,unit,route\\n``
pieces (one per unit and route); both are gathered as fixed-width,
NUL-padded byte rows and the padding is squeezed out with one boolean mask
(ids never contain NUL). Chunks are handed out as memoryviews, not copied.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import numpy.typing as npt

from entente.operations.roster import Rosters

__all__ = ["CSV_HEADER", "ROSTER_FORMAT", "iter_roster_csv", "roster_csv", "roster_document"]

CSV_HEADER = b"day,resource,unit,targets\n"
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
    days = np.arange(first, first + count, dtype=np.int64)
    width = len(str(first + count - 1))
    lengths = np.ones(count, dtype=np.int64)
    for k in range(1, width):
        lengths += days >= 10**k
    out = np.zeros((count, width), dtype=np.uint8)
    for k in range(width):
        power = np.maximum(lengths - 1 - k, 0)
        digit = (days // 10**power) % 10
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
    routes = [(";".join(ids[t] for t in route) + "\n").encode() for route in plan.routes]
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


def roster_csv(rosters: Rosters) -> bytes:
    """The whole CSV as bytes."""
    return b"".join(iter_roster_csv(rosters))


def roster_document(rosters: Rosters, *, dates: list[str] | None = None) -> dict[str, Any]:
    """The rosters as a JSON-ready object (``entente-roster/1``).

    ``{"format", "scenario", "scenario_sha256", "generator": "secrets" |
    "seeded", "seed", "days": [{"day", ["date"], "units": [{"resource",
    "unit", "targets"}]}]}``; units in CSV order.
    """
    plan = rosters.plan
    ids = plan.target_ids
    routes = [[ids[t] for t in route] for route in plan.routes]
    labels = [
        (plan.resource_ids[r], int(n))
        for r, n in zip(plan.unit_resource, plan.unit_number, strict=True)
    ]
    days = []
    for d, row in enumerate(rosters.choices.tolist()):
        day: dict[str, Any] = {"day": d + 1}
        if dates is not None:
            day["date"] = dates[d]
        day["units"] = [
            {"resource": resource, "unit": unit, "targets": routes[c]}
            for (resource, unit), c in zip(labels, row, strict=True)
        ]
        days.append(day)
    return {
        "format": ROSTER_FORMAT,
        "scenario": plan.scenario_name,
        "scenario_sha256": plan.scenario_sha256,
        "generator": "seeded" if rosters.seeded else "secrets",
        "seed": rosters.seed,
        "days": days,
    }
