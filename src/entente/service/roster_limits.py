"""A cap on the size of a roster request, checked on the plan document before any draw.

A roster lists every unit on every day, so its memory and its answer grow
with ``days x units``; a scenario may count a billion units (most of them
idle: no plan can place more units than it has places). The service refuses
a request above :data:`MAX_ROSTER_CELLS` with 422 before anything is drawn.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from entente._exceptions import FieldProblem, ScenarioError

__all__ = ["MAX_ROSTER_CELLS", "check_roster_size", "plan_units"]

MAX_ROSTER_CELLS = 1_000_000
"""Most unit-days (days x units of the plan) one roster request may draw."""


def plan_units(document: Mapping[str, Any]) -> int | None:
    """The number of units a plan's scenario counts, or None if the document has no such list."""
    scenario = document.get("scenario")
    resources = scenario.get("resources") if isinstance(scenario, Mapping) else None
    if not isinstance(resources, list):
        return None
    counts = [r.get("count") for r in resources if isinstance(r, Mapping)]
    if not all(isinstance(c, int) and not isinstance(c, bool) for c in counts):
        return None
    return sum(counts)  # type: ignore[arg-type]


def check_roster_size(document: Mapping[str, Any], days: int) -> None:
    """ScenarioError (422 on ``days``) if ``days x units`` passes MAX_ROSTER_CELLS."""
    units = plan_units(document)
    if units is not None and days * units > MAX_ROSTER_CELLS:
        most = MAX_ROSTER_CELLS // max(units, 1)
        raise ScenarioError(
            "request body",
            [
                FieldProblem(
                    "days",
                    f"{days:,} days x {units:,} units is more than the {MAX_ROSTER_CELLS:,} "
                    f"unit-days a roster request may draw"
                    + (f": ask for at most {most:,} days" if most >= 1 else ""),
                )
            ],
        )
