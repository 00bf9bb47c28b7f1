"""Rosters for a game built in code (``make_game``, no scenario): ``(game, plan)`` in."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from entente import InputError, make_game, solve
from entente.model import Game, Resource
from entente.operations import draw_rosters, roster_csv, roster_document
from entente.operations.ics import roster_ics
from entente.planfile import record


def _game() -> Game:
    return make_game(
        defender_covered=[[1.0, 0.0, 2.0]],
        defender_uncovered=[[-5.0, -1.0, -3.0]],
        attacker_covered=[[-1.0, -1.0, -2.0]],
        attacker_uncovered=[[4.0, 2.0, 3.0]],
        resources=(
            Resource("team", 1),
            Resource("drone", 1, kind="patrol", effectiveness=0.5, schedules=((0, 1), (1, 2))),
        ),
    )


def test_rosters_follow_a_plan_of_a_game_in_code() -> None:
    game = _game()
    plan = solve(game)
    assert plan.success
    rosters = draw_rosters((game, plan), 20_000, seed=5)
    assert rosters.plan.scenario_name == "game"
    assert np.allclose(rosters.interdiction().mean(axis=0), plan.coverage, atol=0.02)
    document = roster_document(rosters)
    assert document["scenario"] == "game"
    assert document["scenario_sha256"] is None
    assert roster_csv(draw_rosters((game, plan), 1, seed=5)).startswith(
        b"day,resource,unit,targets\n1,team,1,"
    )
    # the same seed, the same draw: the record is the plan, nothing re-solved
    again = draw_rosters(record(game, plan), 20_000, seed=5)
    assert np.array_equal(again.choices, rosters.choices)


def test_a_plan_that_fails_its_certificate_is_refused() -> None:
    game = _game()
    plan = solve(game)
    assert plan.coverage is not None
    forged = plan.replace(coverage=np.ones(3))  # still carrying the solve's certificate
    with pytest.raises(InputError, match="fails its certificate"):
        draw_rosters((game, forged), 1)


def test_what_needs_a_scenario_says_so() -> None:
    game = _game()
    rosters = draw_rosters((game, solve(game)), 1, seed=1)
    with pytest.raises(InputError, match="needs the plan's scenario"):
        roster_ics(rosters, dt.date(2025, 1, 6))
