"""The one-unit neighbours column generation adds per round: their values and their moves."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from entente import make_game
from entente.model.pure_strategies import slot_options
from entente.solvers.schedules._pricing import SlotPricer
from entente.solvers.schedules._variants import neighbours
from tests.solvers.schedules.random_resources import random_resources


def _pricer(rng: np.random.Generator) -> SlotPricer:
    """Patrols (stacking) and guards (never two on a target), effectiveness below one too."""
    n = int(rng.integers(3, 8))
    resources = random_resources(rng, n, 6)
    game = make_game(
        defender_covered=np.zeros(n),
        defender_uncovered=-np.ones(n),
        attacker_covered=np.zeros(n),
        attacker_uncovered=np.ones(n),
        resources=resources,
    )
    return SlotPricer(game, slot_options(game)[0])


@pytest.mark.parametrize("seed", range(120))
def test_neighbours_are_one_move_away_and_valued_exactly(seed: int) -> None:
    rng = np.random.default_rng(seed)
    pricer = _pricer(rng)
    w = rng.uniform(-0.2, 1.0, pricer.n)
    choice = pricer.heuristic(w).choice
    found = neighbours(pricer, choice, w)
    values = [v for v, _ in found]
    assert values == sorted(values, reverse=True)
    for value, other in found:
        assert value == pytest.approx(float(w @ pricer.interdiction(other)), abs=1e-9)
        changed = [i for i in range(len(choice)) if other[i] != choice[i]]
        assert len(changed) == 1  # one resource, one unit: moved or idled
        i = changed[0]
        assert len(other[i]) in (len(choice[i]), len(choice[i]) - 1)
        assert sum((Counter(choice[i]) - Counter(other[i])).values()) == 1  # one unit left
        if not pricer.options.stacking[i]:
            assert np.max(pricer.counts(other)[i]) <= 1
