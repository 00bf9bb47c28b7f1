"""The library API says what it does (issue 16, case 5)."""

from __future__ import annotations

import numpy as np
import pytest

from entente import METHODS, parse_scenario, register_method, solve
from entente._exceptions import MethodError
from entente.model import Game
from entente.solvers.bayesian.milp import milp
from entente.solvers.classic.origami import origami
from entente.solvers.plan import Plan
from tests.games import random_game


@pytest.fixture
def game() -> Game:
    return random_game(np.random.default_rng(5), 4, 1, 1)


def test_an_option_the_method_does_not_take_is_an_error(game: Game) -> None:
    with pytest.raises(MethodError, match=r"'brute-force' does not take option.*time_limit"):
        solve(game, "brute-force", time_limit=0.001)


def test_auto_drops_options_its_choice_does_not_take(game: Game) -> None:
    assert solve(game, time_limit=5.0).method == "origami"


def test_a_function_is_a_method(game: Game) -> None:
    plan = solve(game, origami)
    assert plan.success


def test_register_method_makes_a_name(game: Game) -> None:
    calls: list[int] = []

    def mine(g: Game) -> Plan:
        calls.append(1)
        return origami(g)

    register_method("mine-for-test", mine)
    try:
        assert solve(game, "mine-for-test").success
        assert calls == [1]
        with pytest.raises(MethodError, match="does not take option"):
            solve(game, "mine-for-test", gap=1e-3)
    finally:
        del METHODS["mine-for-test"]


def test_an_unknown_method_is_a_method_error(game: Game) -> None:
    with pytest.raises(MethodError, match="unknown method 'nope'"):
        solve(game, "nope")


def test_a_direct_call_reports_status_not_verification(game: Game) -> None:
    plan = milp(game)
    assert plan.status == "optimal"
    assert not plan.verified
    assert solve(game, "milp").success


def test_parse_scenario_takes_a_mapping() -> None:
    document = {
        "name": "m",
        "targets": [
            {
                "id": "a",
                "defender": {"covered": 0, "uncovered": -1},
                "attacker": {"covered": -1, "uncovered": 1},
            }
        ],
        "resources": [{"id": "team", "count": 1}],
    }
    text = parse_scenario(
        "name: m\ntargets:\n  - {id: a, defender: {covered: 0, uncovered: -1}, "
        "attacker: {covered: -1, uncovered: 1}}\nresources: [{id: team, count: 1}]\n"
    )
    assert parse_scenario(document).sha256() == text.sha256()


def test_method_options_name_what_each_method_takes() -> None:
    from entente.solvers import method_options

    assert method_options("origami") == frozenset()
    assert method_options("robust") == {"time_limit", "gap", "margin"}
    assert method_options("auto") == {"time_limit", "gap"}  # auto never chooses robust
    with pytest.raises(MethodError, match="unknown method 'nope'"):
        method_options("nope")
