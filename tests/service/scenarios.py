"""Scenario documents for the service tests."""

from __future__ import annotations

from typing import Any

import numpy as np

from tests.operations.plans import scenario_doc

TWO_TARGETS: dict[str, Any] = {
    "name": "example",
    "targets": [
        {
            "id": "louvre",
            "lat": 48.8606,
            "lon": 2.3376,
            "defender": {"covered": 2, "uncovered": -10},
            "attacker": {"covered": -5, "uncovered": 8},
        },
        {
            "id": "eiffel",
            "lat": 48.8584,
            "lon": 2.2945,
            "defender": {"covered": 1, "uncovered": -8},
            "attacker": {"covered": -4, "uncovered": 10},
        },
    ],
    "resources": [{"id": "team", "count": 1}],
}
"""The README's game: ORIGAMI's optimum is -3 for the defender (entente's doctest)."""


def slow_scenario(n: int = 1500, seed: int = 1) -> dict[str, Any]:
    """A one-type game that multiple LPs cannot finish within seconds (one LP per target)."""
    return scenario_doc(n, {"team": 200}, np.random.default_rng(seed))
