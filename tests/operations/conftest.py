"""A solved paris-2024 plan, shared by the roster tests (solving it takes a few seconds)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from entente.planfile import plan_document
from entente.scenario import load_game
from entente.solvers import solve


@pytest.fixture(scope="session")
def _paris_plan() -> dict[str, Any]:
    scenario, game = load_game("paris-2024")
    return plan_document(scenario, game, solve(game))


@pytest.fixture
def paris_plan(_paris_plan: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(_paris_plan)
