"""Reading a sweep result for the report's sweep chart.

A sweep file is JSON: ``{"resource": ID, "points": [{"count": N,
"defender_utility": U, ...}, ...]}``; further keys per point are kept (the
first numeric one other than ``count`` is what is plotted when
``defender_utility`` is absent).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson

from entente._exceptions import InputError

__all__ = ["Sweep", "read_sweep"]


@dataclass(frozen=True)
class Sweep:
    resource: str
    measure: str
    points: tuple[tuple[float, float], ...]


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def read_sweep(data: bytes, *, source: str = "<sweep>") -> Sweep:
    """Parse a sweep file; InputError names the field that is wrong."""
    try:
        document = orjson.loads(data)
    except orjson.JSONDecodeError as error:
        raise InputError(f"{source}: not valid JSON ({error})") from None
    if not isinstance(document, dict):
        raise InputError(f"{source}: a sweep must be a JSON object with resource and points")
    resource = document.get("resource")
    points = document.get("points")
    if not isinstance(resource, str):
        raise InputError(f"{source}: resource: required, the id of the resource swept")
    if not isinstance(points, list) or not points:
        raise InputError(f"{source}: points: required, a non-empty list of {{count, ...}}")
    measure = "defender_utility"
    if not all(isinstance(p, dict) and measure in p for p in points):
        first = points[0] if isinstance(points[0], dict) else {}
        numeric = [k for k, v in first.items() if k != "count" and _number(v)]
        if not numeric:
            raise InputError(f"{source}: points[0]: no numeric measure besides count")
        measure = numeric[0]
    out = []
    for i, point in enumerate(points):
        if not isinstance(point, dict) or not _number(point.get("count")):
            raise InputError(f"{source}: points[{i}].count: required, a number")
        if not _number(point.get(measure)):
            raise InputError(f"{source}: points[{i}].{measure}: required, a number")
        out.append((float(point["count"]), float(point[measure])))
    return Sweep(resource, measure, tuple(sorted(out)))
