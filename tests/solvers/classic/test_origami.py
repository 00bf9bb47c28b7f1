"""ORIGAMI at scale, against an independent bisection, and where it does not apply."""

from __future__ import annotations

import numpy as np
import pytest

from entente import MethodError, make_game, solve
from entente.model import Resource, coverage_box
from entente.solvers import origami
from entente.solvers.certify.certificate import independent_value
from tests.games import random_game


@pytest.mark.parametrize(("n", "units"), [(1, 1), (10, 3), (1_000, 100), (100_000, 1_000)])
def test_matches_bisection_at_scale(n: int, units: int) -> None:
    game = random_game(np.random.default_rng(n), n, 1, units)
    plan = origami(game)
    box = coverage_box(game)
    assert box is not None
    assert plan.defender_utility == pytest.approx(independent_value(game, box, 0), abs=1e-7)
    assert plan.coverage is not None
    assert plan.coverage.sum() <= units + 1e-9
    assert plan.gap == 0.0


def test_matches_multiple_lps_on_a_thousand_targets() -> None:
    game = random_game(np.random.default_rng(5), 1_000, 1, 50)
    assert solve(game, "origami").defender_utility == pytest.approx(
        solve(game, "multiple-lps").defender_utility, abs=1e-6
    )


def test_equal_level_on_the_attack_set() -> None:
    """Every attacked-set target sits at the attacker's level; the rest below it."""
    game = random_game(np.random.default_rng(11), 200, 1, 20)
    plan = origami(game)
    utilities = game.attacker_utility(plan.coverage)[0]
    level = plan.responses[0].attacker_utility
    covered = plan.coverage > 1e-12
    assert np.allclose(utilities[covered], level, atol=1e-9)
    assert np.all(utilities <= level + 1e-9)


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({"min_coverage": [0.1, 0]}, "min_coverage"),
        ({"priors": [0.5, 0.5], "two_types": True}, "one attacker type"),
        ({"resources": [Resource("a", 1, effectiveness=0.5), Resource("b", 1)]}, "pool"),
    ],
)
def test_refuses_games_it_does_not_solve(kwargs: dict, reason: str) -> None:
    two = kwargs.pop("two_types", False)
    shape = (2, 2) if two else (2,)
    game = make_game(
        defender_covered=np.zeros(shape),
        defender_uncovered=-np.ones(shape),
        attacker_covered=np.zeros(shape),
        attacker_uncovered=np.ones(shape),
        **{"resources": 1, **kwargs},
    )
    with pytest.raises(MethodError, match=reason):
        origami(game)
