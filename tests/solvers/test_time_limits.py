"""Time limits are kept on large games: the plan comes back soon after the limit, certified.

Issue 12, item 4: every LP and MILP a solver starts gets the time left, and
every loop checks the deadline, so ``time_limit=T`` returns within about T
with the best plan found so far, its status ``time_limit`` (or ``optimal``
if the proof came first) and a gap that bounds the truth. The bounds on
wall-clock time here are generous (a loaded machine must not fail them);
what they catch is a solver that ignores its deadline for minutes.
"""

from __future__ import annotations

import time

import numpy as np
import pytest

from entente.model import Game, Resource
from entente.solvers import certify, column_generation, milp
from entente.solvers.schedules import _restricted_master as restricted_master
from tests.games import random_game, random_payoff_game

LIMIT = 2.0
LIVENESS = 30.0
"""Seconds past the limit a solve may take on a loaded machine (start-up, the last LP)."""


def _schedule_game(seed: int, targets: int, schedules: int, units: int) -> Game:
    """FAMS-like (as bench/schedule_instances.py): random short schedules, 5 resource types."""
    rng = np.random.default_rng(seed)
    pool: list[tuple[int, ...]] = []
    seen: set[tuple[int, ...]] = set()
    while len(pool) < schedules:
        size = int(rng.integers(1, 5))
        schedule = tuple(sorted(rng.choice(targets, size, replace=False).tolist()))
        if schedule not in seen:
            seen.add(schedule)
            pool.append(schedule)
    resources = [
        Resource(
            f"marshals-{i}",
            units // 5,
            "patrol",
            1.0,
            schedules=tuple(pool[j] for j in np.flatnonzero(rng.random(schedules) < 0.4)),
        )
        for i in range(5)
    ]
    return random_payoff_game(rng, targets, resources)


def _check(game: Game, solve: object) -> None:
    start = time.perf_counter()
    plan = solve(game, time_limit=LIMIT)  # type: ignore[operator]
    elapsed = time.perf_counter() - start
    assert elapsed < LIMIT + LIVENESS, plan.message
    assert plan.status in ("time_limit", "optimal"), plan.message
    assert plan.strategy is not None
    assert plan.defender_utility is not None
    assert plan.gap is not None
    assert 0.0 <= plan.gap < np.inf
    if plan.status == "optimal":
        assert plan.gap <= 1e-6 * game.defender_range() + 1e-9
    certificate = certify(game, plan, gap=max(plan.gap, 1e-6 * game.defender_range()))
    assert certificate.passed, certificate


@pytest.mark.slow
def test_column_generation_keeps_two_seconds_on_500_targets() -> None:
    _check(_schedule_game(0, 500, 2500, 50), column_generation)


@pytest.mark.slow
@pytest.mark.parametrize("formulation", ["hunter", "branch-and-cut", "perspective", "tight"])
def test_bayesian_keeps_two_seconds_on_20_types(formulation: str) -> None:
    game = random_game(np.random.default_rng(0), 50, 20, 10)

    def solve(game: Game, *, time_limit: float) -> object:
        return milp(game, time_limit=time_limit, formulation=formulation)

    _check(game, solve)


@pytest.mark.parametrize("checks", [2, 5, 12, 30])
def test_a_restricted_master_cut_short_gives_a_certified_mixture(
    checks: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The deadline passes at the restricted master's ``checks``-th look (deterministic):
    the plan is its last mixture, answered as the attacker answers it, and bounds hold."""
    game = _schedule_game(1, 60, 300, 10)
    optimum = column_generation(game)
    assert optimum.status == "optimal"
    seen = {"calls": 0}

    def expired_after(deadline: object) -> bool:
        seen["calls"] += 1
        return seen["calls"] >= checks

    monkeypatch.setattr(restricted_master, "expired", expired_after)
    plan = column_generation(game)
    assert plan.status in ("time_limit", "optimal")
    assert plan.defender_utility is not None
    assert plan.bound is not None
    assert plan.defender_utility <= optimum.defender_utility + 1e-6
    assert plan.bound >= optimum.defender_utility - 1e-6
    assert certify(game, plan, gap=max(plan.gap or 0.0, 1e-6)).passed
