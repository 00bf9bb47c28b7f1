"""A game whose search takes 21 nodes to prove, with its optimum from multiple LPs."""

from __future__ import annotations

import numpy as np
import pytest

from entente import solve
from entente.model import Game
from tests.games import random_game


@pytest.fixture(scope="module")
def stopped_game() -> tuple[Game, float]:
    game = random_game(np.random.default_rng(4), 18, 3, 5)  # 21 nodes to prove
    optimum = solve(game, "multiple-lps").defender_utility
    assert optimum is not None
    return game, optimum
