"""Games whose searches take tens of nodes to prove, with their optima from other methods."""

from __future__ import annotations

import numpy as np
import pytest

from entente import solve
from entente.model import Game
from entente.solvers import milp
from tests.games import random_game


@pytest.fixture(scope="module")
def stopped_game() -> tuple[Game, float]:
    game = random_game(np.random.default_rng(4), 18, 3, 5)  # branch-and-cut: 19 nodes
    optimum = solve(game, "multiple-lps").defender_utility
    assert optimum is not None
    return game, optimum


@pytest.fixture(scope="module")
def deeper_game() -> tuple[Game, float]:
    """41 nodes for the lean search (reliability branching; 111 with the cheap rule), so
    a cut short search has dived twice; the optimum from HiGHS on the big-M MILP
    (multiple LPs over 20^4 profiles take two minutes)."""
    game = random_game(np.random.default_rng(7), 20, 4, 5)
    optimum = milp(game, formulation="tight").defender_utility
    assert optimum is not None
    return game, optimum
