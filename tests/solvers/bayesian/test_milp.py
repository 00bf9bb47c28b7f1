"""The Bayesian MILP: formulations agree, time limits answer honestly."""

from __future__ import annotations

import numpy as np
import pytest

from entente import MethodError, solve
from entente.model import Game
from entente.solvers import milp, multiple_lps
from entente.solvers.bayesian.milp import FORMULATIONS, default_formulation
from tests.games import random_game
from tests.solvers.bayesian.stopped import assert_brackets, search


@pytest.mark.parametrize("seed", range(8))
def test_every_formulation_agrees_with_multiple_lps(seed: int) -> None:
    game = random_game(np.random.default_rng(seed), 12, 3, 3)
    lps = solve(game, "multiple-lps")
    for formulation in FORMULATIONS:
        plan = milp(game, formulation=formulation)
        assert plan.status == "optimal"
        assert plan.defender_utility == pytest.approx(lps.defender_utility, abs=1e-6)
        assert formulation in plan.message


@pytest.mark.slow
@pytest.mark.parametrize(
    ("types", "formulation"),
    [(1, "branch-and-cut"), (10, "branch-and-cut"), (12, "perspective"), (16, "hunter")],
)
def test_default_formulation_follows_the_benchmark(types: int, formulation: str) -> None:
    """Measured in bench/bayesian.py: HiGHS on the perspective MILP wins at 11-15 types,
    the hunter search from 16."""
    assert default_formulation(types) == formulation
    game = random_game(np.random.default_rng(types), 6, types, 2)
    plan = milp(game)
    assert plan.status == "optimal"
    assert f"({formulation} formulation)" in plan.message
    other = "tight" if formulation != "tight" else "branch-and-cut"
    reference = milp(game, formulation=other)
    assert plan.defender_utility == pytest.approx(reference.defender_utility, abs=1e-6)


def test_unknown_formulation_is_refused() -> None:
    game = random_game(np.random.default_rng(0), 5, 2, 2)
    with pytest.raises(MethodError, match="unknown MILP formulation 'dobss'"):
        milp(game, formulation="dobss")  # type: ignore[arg-type]


@pytest.mark.parametrize("nodes", [0, 1, 2, 4, 8, 16, None])
def test_branch_and_cut_bound_holds_whenever_it_stops(
    stopped_game: tuple[Game, float], nodes: int | None
) -> None:
    """Cut short at any moment, the search's bound is still above the optimum
    and its plan below it (the optimum from multiple LPs, an independent method)."""
    game, optimum = stopped_game
    outcome = search(game, nodes, lean=False)
    assert outcome.finished == (nodes is None)
    if nodes is not None:
        assert outcome.nodes == nodes
    assert_brackets(outcome, optimum)


def test_time_limit_returns_the_best_plan_with_its_gap() -> None:
    game = random_game(np.random.default_rng(0), 60, 12, 10)
    plan = solve(game, "milp", time_limit=0.05)
    assert plan.status == "time_limit"
    assert "(perspective formulation)" in plan.message
    assert plan.verified  # the plan found so far is still certified
    assert plan.gap is not None
    assert plan.gap > 0
    assert plan.bound is not None
    assert plan.bound >= plan.defender_utility


def test_gap_option_is_absolute() -> None:
    game = random_game(np.random.default_rng(4), 15, 3, 3)
    loose = solve(game, "milp", gap=5.0)
    exact = solve(game, "milp")
    assert loose.gap is not None
    assert loose.gap <= 5.0 + 1e-9
    assert loose.defender_utility <= exact.defender_utility + 1e-6
    assert loose.defender_utility >= exact.defender_utility - 5.0 - 1e-6


def test_multiple_lps_refuses_too_many_profiles() -> None:
    game = random_game(np.random.default_rng(1), 30, 6, 3)
    with pytest.raises(MethodError, match="use method 'milp'"):
        multiple_lps(game, max_profiles=100)


def test_multiple_lps_time_limit() -> None:
    game = random_game(np.random.default_rng(2), 300, 1, 5)
    plan = solve(game, "multiple-lps", time_limit=0.0)
    assert plan.status == "time_limit"
    assert plan.verified


# Games on which HiGHS 1.16's presolve misjudged bounds 1e-9 wide (tie tolerances):
# a wrong "optimal" from the perspective MILP, an "infeasible" root LP in the
# branch-and-cut. Found by an independent probe against multiple LPs.
_TIED = {
    "ties-and-floors": (
        {
            "defender_covered": [[1, 1, -1, 1, -1, 1, 1]] * 3,
            "defender_uncovered": [[0, 0, -1, -1, -1, -1, 1]] * 3,
            "attacker_covered": [
                [-1, -1, 0, -1, 0, -1, -1],
                [1, 1, -1, -1, 0, 0, 1],
                [-1, -1, -1, 0, -1, -1, -1],
            ],
            "attacker_uncovered": [
                [-1, 1, 0, 0, 1, 1, 1],
                [1, 1, 0, -1, 0, 0, 1],
                [1, 0, -1, 1, 0, 0, 0],
            ],
            "min_coverage": [1, 0, 1, 0.1, 0, 0, 1],
            "resources": 4,
            "priors": [1 / 3] * 3,
        },
        2 / 3,
    ),
    "large-payoffs": (
        {
            "defender_covered": [[3e4, 3e4, 0, 2e4, 3e4], [1e4, 0, -1e4, 3e4, -3e4]],
            "defender_uncovered": [[-2e4, 1e4, -1e4, -2e4, 1e4], [-1e4, -2e4, -3e4, 2e4, -3e4]],
            "attacker_covered": [[0, -1e4, -2e4, -1e4, 0], [-1e4, -2e4, -2e4, 1e4, 2e4]],
            "attacker_uncovered": [[3e4, 0, 3e4, 3e4, 1e4], [1e4, -2e4, -2e4, 3e4, 2e4]],
            "resources": 4,
            "priors": [0.1, 0.9],
        },
        23833.333333333332,
    ),
    "floor-at-the-cap": (
        {
            "defender_covered": [[0], [0]],
            "defender_uncovered": [[-1], [0]],
            "attacker_covered": [[0], [0]],
            "attacker_uncovered": [[0], [1]],
            "resources": 1,
            "priors": [0.5, 0.5],
            "min_coverage": [1.0],
        },
        0.0,
    ),
}


@pytest.mark.parametrize("name", list(_TIED))
def test_tie_tolerances_do_not_fool_the_solver(name: str) -> None:
    from entente.model import make_game

    arguments, expected = _TIED[name]
    game = make_game(
        **{k: np.asarray(v, float) if "covered" in k else v for k, v in arguments.items()}
    )
    assert solve(game, "multiple-lps").defender_utility == pytest.approx(expected, abs=1e-6)
    for formulation in FORMULATIONS:
        plan = milp(game, formulation=formulation)
        assert plan.status == "optimal", (formulation, plan.message)
        assert plan.defender_utility == pytest.approx(expected, abs=1e-6), formulation
        assert plan.bound is not None
        assert plan.bound >= expected - 1e-6, formulation
