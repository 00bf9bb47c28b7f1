"""Units beyond what can be placed stay idle (issue 16, cases 4 and 7)."""

from __future__ import annotations

import itertools
import time

import pytest

from entente import solve
from entente.model import Resource, listed_units, make_game


def _coast(barriers: int, guards: int = 1) -> object:
    return make_game(
        defender_covered=[0.0, 0.0],
        defender_uncovered=[-5.0, -3.0],
        attacker_covered=[-1.0, -1.0],
        attacker_uncovered=[5.0, 3.0],
        resources=[
            Resource("barrier", barriers, kind="static", schedules=((0,),), effectiveness=0.7),
            Resource("team", guards, effectiveness=0.5),
        ],
    )


@pytest.mark.parametrize("method", ["column-generation", "brute-force"])
def test_two_barriers_one_site(method: str) -> None:
    plan = solve(_coast(2), method)  # type: ignore[arg-type]
    assert plan.success
    assert plan.coverage is not None
    assert plan.coverage.tolist() == pytest.approx([0.7, 0.5])
    assert plan.defender_utility == pytest.approx(-1.5)


def test_a_sweep_over_the_barrier_count_never_gets_worse() -> None:
    values = [solve(_coast(b)).defender_utility for b in range(4)]  # type: ignore[arg-type]
    assert values[1] == pytest.approx(values[2])
    assert values[2] == pytest.approx(values[3])
    assert all(b >= a - 1e-9 for a, b in itertools.pairwise(values))  # type: ignore[operator]


def test_a_trillion_guards_and_a_patrol_answer_quickly() -> None:
    game = make_game(
        defender_covered=[0.0, 0.0, 0.0],
        defender_uncovered=[-5.0, -3.0, -2.0],
        attacker_covered=[-1.0, -1.0, -1.0],
        attacker_uncovered=[5.0, 3.0, 2.0],
        resources=[
            Resource("guard", 10**12),
            Resource("drone", 1, kind="patrol", schedules=((0, 1),), effectiveness=0.5),
        ],
    )
    assert listed_units(game, game.resources[0]) == 3
    start = time.perf_counter()
    plan = solve(game)
    assert time.perf_counter() - start < 20
    assert plan.success
    assert plan.defender_utility == 0.0
