"""Priced routes agree with enumerated ones: pricing values, and whole games solved both ways."""

from __future__ import annotations

import numpy as np
import pytest

from entente import make_game
from entente.model import Game, Resource
from entente.model.pure_strategies import slot_options
from entente.model.route_space import RouteSpace, enumerated
from entente.solvers import solve
from entente.solvers.certify.deployments import deployment_problem
from entente.solvers.lp.highs import INF
from entente.solvers.schedules._pricing import SlotPricer

EFFECTIVENESS = (1.0, 0.8, 0.5)


def _space(rng: np.random.Generator, targets_by_slot: list[list[int]]) -> RouteSpace:
    sites = len(targets_by_slot[0])
    points = rng.uniform(0.0, 10.0, size=(sites + 1, 2))
    distances = np.linalg.norm(points[:, None, :] - points[None, :, :], axis=2)
    reach = 2 * distances[0, 1:]
    budget = float(rng.uniform(np.min(reach), 1.2 * np.max(reach) + 10.0))
    stop = float(rng.choice([0.0, 0.5]))
    max_sites = None if rng.random() < 0.7 else int(rng.integers(1, sites + 1))
    return RouteSpace(
        distances,
        tuple(tuple(ts) for ts in targets_by_slot),
        budget + stop,
        stop,
        max_sites,
    )


def random_routed_game(rng: np.random.Generator, *, max_sites: int = 6) -> Game:
    """Sites in a plane, 1-2 slots, 1-2 drone resources with priced routes, maybe a guard."""
    sites = int(rng.integers(2, max_sites + 1))
    n_slots = int(rng.integers(1, 3))
    n = sites * n_slots
    by_slot = [[s * sites + p for p in range(sites)] for s in range(n_slots)]
    resources = [
        Resource(
            f"drones{r}",
            int(rng.integers(1, 4)),
            "patrol",
            float(rng.choice(EFFECTIVENESS)),
            routes=_space(rng, by_slot),
        )
        for r in range(int(rng.integers(1, 3)))
    ]
    if rng.random() < 0.3:
        resources.append(Resource("guard", 1, "guard", 0.6))
    harm = rng.uniform(1.0, 10.0, n)
    return make_game(
        defender_covered=-rng.uniform(0.0, 1.0, n),
        defender_uncovered=-harm,
        attacker_covered=-rng.uniform(0.0, 2.0, n),
        attacker_uncovered=rng.uniform(1.0, 5.0, n),
        resources=resources,
        target_slots=np.repeat(np.arange(n_slots), sites) if n_slots > 1 else None,
        slot_ids=[f"s{s}" for s in range(n_slots)] if n_slots > 1 else None,
    )


def _best_listed(game: Game, w: np.ndarray) -> float:
    listed = enumerated(game)
    pricer = SlotPricer(listed, slot_options(listed)[0])
    return pricer.exact(w, tolerance=1e-9, time_limit=None).value


@pytest.mark.parametrize("seed", range(300))
def test_route_pricing_equals_pricing_over_every_route(seed: int) -> None:
    rng = np.random.default_rng(seed)
    game = random_routed_game(rng)
    pricer = SlotPricer(game, slot_options(game)[0])
    w = rng.normal(size=pricer.n)
    result = pricer.exact(w, tolerance=1e-9, time_limit=None)
    best = _best_listed(game, w)
    assert result.value == pytest.approx(best, abs=1e-6)
    assert best <= result.bound + 1e-6
    assert result.value <= result.bound + 1e-9
    for i, space in enumerate(pricer.spaces):  # every route it found flies within reach
        if space is not None:
            position = space.positions(0)
            for j in result.choice[i]:
                assert space.fits([position[t] for t in pricer.schedules[i][j]])


@pytest.mark.parametrize("seed", range(300))
def test_heuristic_never_claims_more_than_the_best(seed: int) -> None:
    rng = np.random.default_rng(1000 + seed)
    game = random_routed_game(rng)
    pricer = SlotPricer(game, slot_options(game)[0])
    w = rng.normal(size=pricer.n)
    guess = pricer.heuristic(w)
    assert guess.bound == INF
    assert guess.value <= _best_listed(game, w) + 1e-9


@pytest.mark.parametrize("seed", range(40))
def test_games_solved_with_priced_routes_equal_games_with_every_route(seed: int) -> None:
    rng = np.random.default_rng(5000 + seed)
    game = random_routed_game(rng, max_sites=5)
    priced = solve(game, "column-generation")
    listed = solve(enumerated(game), "column-generation")
    assert priced.status == listed.status == "optimal"
    assert priced.defender_utility == pytest.approx(listed.defender_utility, abs=1e-6)
    assert priced.verified
    assert priced.certificate is not None
    assert priced.certificate.passed


def _line_game(budget: float) -> Game:
    """Three sites 1, 2 and 3 km east of the base, on a line (one slot)."""
    points = np.array([0.0, 1.0, 2.0, 3.0])
    space = RouteSpace(np.abs(points[:, None] - points[None, :]), ((0, 1, 2),), budget)
    return make_game(
        defender_covered=np.zeros(3),
        defender_uncovered=-np.ones(3),
        attacker_covered=np.zeros(3),
        attacker_uncovered=np.ones(3),
        resources=[Resource("drone", 1, "patrol", 1.0, routes=space)],
    )


def test_the_certificate_checks_each_tour_against_the_endurance() -> None:
    game = _line_game(4.0)  # out to 2 km and back: sites 0 and 1, not 2
    assert deployment_problem(game, (((1, 0),),)) == ""
    assert deployment_problem(game, (((0, 1),),)) == ""
    assert "not a tour from its base within its endurance" in deployment_problem(game, (((2,),),))
    assert "not a tour" in deployment_problem(game, (((0, 0),),))


def test_enumeration_lists_exactly_the_sets_that_fit() -> None:
    routes = enumerated(_line_game(4.0)).resources[0].schedules
    assert sorted(map(sorted, routes)) == [[0], [0, 1], [1]]
    assert _line_game(6.0).resources[0].routes is not None
    assert len(enumerated(_line_game(6.0)).resources[0].schedules) == 7


def test_a_priced_game_is_solved_and_flies_the_longest_tour_it_needs() -> None:
    plan = solve(_line_game(6.0), "column-generation")
    assert plan.status == "optimal"
    assert plan.verified
    assert plan.coverage is not None
    assert np.allclose(plan.coverage, 1.0)
    assert plan.strategy is not None
    assert [sorted(d[0][0]) for d in plan.strategy.deployments] == [[0, 1, 2]]


@pytest.mark.parametrize("seed", range(50))
def test_shortened_tours_are_never_longer_and_keep_their_sites(seed: int) -> None:
    rng = np.random.default_rng(9000 + seed)
    space = random_routed_game(rng, max_sites=12).resources[0].routes
    assert space is not None
    route = [int(p) for p in rng.permutation(space.n_sites)]
    shorter = space.shortened(route)
    assert sorted(shorter) == sorted(route)
    assert space.length(shorter) <= space.length(route) + 1e-9
