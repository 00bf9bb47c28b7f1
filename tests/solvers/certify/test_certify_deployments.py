"""The certificate rejects mixtures that break a rule of their resources."""

from __future__ import annotations

import numpy as np
import pytest

from entente import certify, make_game, solve
from entente.model import Deployment, Game, Resource
from entente.solvers import MixtureStrategy, Plan


@pytest.fixture(scope="module")
def game() -> Game:
    """Two slots of two sites; a restricted guard, a patrol, a barrier."""
    return make_game(
        defender_covered=[0, 0, 0, 0],
        defender_uncovered=[-4, -3, -2, -5],
        attacker_covered=[-1, -1, -1, -1],
        attacker_uncovered=[3, 4, 2, 5],
        resources=[
            Resource("team", 1, "guard", 0.6, targets=(0, 2, 3), slot_counts=(1, 0)),
            Resource("drone", 1, "patrol", 0.5, schedules=((0, 1), (2,), (3,))),
            Resource("barrier", 1, "static", 0.9, schedules=((0, 2), (1, 3))),
        ],
        target_ids=["a@n1", "b@n1", "a@n2", "b@n2"],
        slot_ids=["n1", "n2"],
        target_slots=[0, 0, 1, 1],
    )


@pytest.fixture(scope="module")
def plan(game: Game) -> Plan:
    plan = solve(game)
    assert plan.method == "column-generation"
    return plan


def _with(plan: Plan, *deployments: Deployment, weights: list[float] | None = None) -> Plan:
    p = np.full(len(deployments), 1 / len(deployments)) if weights is None else np.array(weights)
    return plan.replace(strategy=MixtureStrategy(p, deployments))


def _strategy_detail(game: Game, plan: Plan) -> str:
    check = next(c for c in certify(game, plan).checks if c.name == "strategy")
    assert not check.passed
    return check.detail


def test_the_solved_plan_passes(game: Game, plan: Plan) -> None:
    assert certify(game, plan).passed


GOOD: Deployment = (((0,),), ((0, 1, 3),), ((1, 3),))


def test_barriers_moving_between_deployments_fail(game: Game, plan: Plan) -> None:
    moved: Deployment = (((0,),), ((0, 1, 3),), ((0, 2),))
    assert "different places" in _strategy_detail(game, _with(plan, GOOD, moved))


def test_a_route_that_is_not_a_schedule_fails(game: Game, plan: Plan) -> None:
    stray: Deployment = (((0,),), ((1,),), ((1, 3),))
    assert "not one of its routes" in _strategy_detail(game, _with(plan, stray))


def test_an_unlisted_route_in_the_second_slot_fails(game: Game, plan: Plan) -> None:
    across: Deployment = (((0,),), ((0, 1, 2, 3),), ((1, 3),))
    assert "not one of its routes" in _strategy_detail(game, _with(plan, across))


def test_a_guard_outside_its_targets_fails(game: Game, plan: Plan) -> None:
    outside: Deployment = (((1,),), ((0, 1),), ((1, 3),))
    assert "outside the targets" in _strategy_detail(game, _with(plan, outside))


def test_a_guard_in_a_slot_without_units_fails(game: Game, plan: Plan) -> None:
    late: Deployment = (((2,),), ((0, 1),), ((1, 3),))
    assert "only 0 are available" in _strategy_detail(game, _with(plan, late))


def test_a_barrier_off_its_sites_fails(game: Game, plan: Plan) -> None:
    off: Deployment = (((0,),), ((0, 1),), ((0, 3),))
    assert "not one of its sites" in _strategy_detail(game, _with(plan, off))


def test_two_barriers_on_one_site_fail() -> None:
    game = make_game(
        defender_covered=[0, 0],
        defender_uncovered=[-1, -1],
        attacker_covered=[0, 0],
        attacker_uncovered=[1, 1],
        resources=[Resource("barrier", 2, "static", 0.5, schedules=((0,), (1,)))],
    )
    plan = solve(game)
    shared: Deployment = (((0,), (0,)),)
    assert "share a site" in _strategy_detail(game, _with(plan, shared))


def test_a_mixture_that_misses_the_coverage_fails(game: Game, plan: Plan) -> None:
    assert "reproduces the coverage" in _strategy_detail(game, _with(plan, GOOD))


def test_an_infeasibility_claim_on_a_feasible_schedule_game_fails(game: Game) -> None:
    claim = Plan(status="infeasible", method="x", message="")
    assert not certify(game, claim).passed
