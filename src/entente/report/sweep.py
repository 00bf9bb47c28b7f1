"""Reading a sweep result (``entente sweep ... -o FILE.json``) for the report's chart.

The file is the sweep command's JSON: ``{"scenario": NAME, "parameter":
{"kind": "resource", "resource": ID} | {"kind": "payoff", "path": PATH},
"points": [{"value": X, "status": ..., "defender_utility": U | null, ...}]}``.
The chart plots the defender's utility against the swept value; points with
no plan (``defender_utility`` null: infeasible, or no plan within the time
limit) are left out and counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson

from entente._exceptions import InputError

__all__ = ["Sweep", "read_sweep"]

MEASURE = "defender_utility"
_PARAMETER_KEYS = {"resource": "resource", "payoff": "path"}


@dataclass(frozen=True)
class Sweep:
    """What was swept (a resource's count or one payoff), and the solved points."""

    kind: str
    swept: str
    points: tuple[tuple[float, float], ...]
    unsolved: int
    scenario: str | None = None

    @property
    def axis(self) -> str:
        return f"units of {self.swept}" if self.kind == "resource" else self.swept


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _parameter(document: dict[str, Any], source: str) -> tuple[str, str]:
    parameter = document.get("parameter")
    if not isinstance(parameter, dict) or parameter.get("kind") not in _PARAMETER_KEYS:
        raise InputError(
            f"{source}: parameter.kind: required, 'resource' or 'payoff' "
            "(write the file with entente sweep -o FILE.json)"
        )
    kind = parameter["kind"]
    key = _PARAMETER_KEYS[kind]
    swept = parameter.get(key)
    if not isinstance(swept, str):
        raise InputError(f"{source}: parameter.{key}: required, a string")
    return kind, swept


def read_sweep(data: bytes, *, source: str = "<sweep>") -> Sweep:
    """Parse a sweep file; InputError names the field that is wrong."""
    try:
        document = orjson.loads(data)
    except orjson.JSONDecodeError as error:
        raise InputError(f"{source}: not valid JSON ({error})") from None
    if not isinstance(document, dict):
        raise InputError(f"{source}: a sweep must be a JSON object with parameter and points")
    kind, swept = _parameter(document, source)
    points = document.get("points")
    if not isinstance(points, list) or not points:
        raise InputError(f"{source}: points: required, a non-empty list of {{value, ...}}")
    solved = []
    for i, point in enumerate(points):
        if not isinstance(point, dict) or not _number(point.get("value")):
            raise InputError(f"{source}: points[{i}].value: required, a number")
        utility = point.get(MEASURE)
        if utility is not None and not _number(utility):
            raise InputError(f"{source}: points[{i}].{MEASURE}: must be a number or null")
        if utility is not None:
            solved.append((float(point["value"]), float(utility)))
    if not solved:
        raise InputError(f"{source}: points: no point has a plan ({MEASURE} is null everywhere)")
    scenario = document.get("scenario")
    return Sweep(
        kind,
        swept,
        tuple(sorted(solved)),
        len(points) - len(solved),
        scenario if isinstance(scenario, str) else None,
    )
