"""The bound floor: plans found by the certificate's own search, which no valid bound is below."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from entente import certify, make_game, solve
from entente.model import Resource, coverage_box
from entente.model.scales import normalise, payoff_scales
from entente.solvers import CombStrategy
from entente.solvers.certify._floor import bound_floor, guaranteed_value
from entente.solvers.classic.brute_force import brute_force
from entente.solvers.plan import plan_from_coverage
from tests.games import random_game


def _unit_floor(game):  # type: ignore[no-untyped-def]
    scales = payoff_scales(game)
    unit = normalise(game, scales)
    box = coverage_box(unit)
    assert box is not None
    return scales.defender_user(bound_floor(unit, box))


def test_the_floor_finds_the_optimum_of_a_two_type_game() -> None:
    """50 targets, 10 units: the climb reaches the MILP's optimum 42.91624, less what the
    strict margin (1e-7 of the attacker's range) costs."""
    game = random_game(np.random.default_rng(0), 50, 2, 10)
    floor = _unit_floor(game)
    assert solve(game).defender_utility == pytest.approx(42.916245, abs=1e-6)
    assert 42.91620 < floor < 42.916245


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    targets=st.integers(2, 4),
    types=st.integers(2, 3),
    units=st.integers(1, 2),
)
def test_the_floor_never_beats_brute_force(seed: int, targets: int, types: int, units: int) -> None:
    rng = np.random.default_rng(seed)
    floors = np.where(rng.random(targets) < 0.3, 0.2, 0.0)
    game = random_game(rng, targets, types, units, integer=bool(seed % 2), floors=floors)
    optimum = brute_force(game)
    if optimum.defender_utility is None:  # infeasible floors
        return
    assert _unit_floor(game) <= optimum.defender_utility + 1e-9 * game.defender_range()


def test_a_bound_below_a_plan_the_certificate_finds_fails() -> None:
    """A weak plan that claims optimality with a bound equal to its value (the proof is wrong)."""
    game = random_game(np.random.default_rng(0), 12, 3, 3)
    coverage = np.full(game.n_targets, 3 / 12)
    attacked = [int(np.argmax(row)) for row in game.attacker_utility(coverage)]
    weak = plan_from_coverage(
        game,
        coverage,
        attacked,
        method="x",
        status="optimal",
        bound=None,
        message="",
        strategy=CombStrategy(coverage, 3, 1.0),
    )
    claimed = weak.replace(bound=weak.defender_utility, gap=0.0)
    failed = {c.name for c in certify(game, claimed).failures()}
    assert failed == {"bound floor"}
    assert certify(game, solve(game)).passed


def test_ties_count_against_the_defender() -> None:
    """Two targets tied for the attacker: the guaranteed value is the defender's worse one."""
    game = make_game(
        defender_covered=np.array([0.0, 0.0]),
        defender_uncovered=np.array([-1.0, -3.0]),
        attacker_covered=np.array([[0.0, 0.0]]),
        attacker_uncovered=np.array([[1.0, 1.0]]),
        resources=[Resource("guard", 1)],
    )
    assert guaranteed_value(game, np.array([0.5, 0.5])) == -1.5
