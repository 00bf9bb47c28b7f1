"""The model's own rules, for games built in code."""

from __future__ import annotations

import numpy as np
import pytest

from entente import GameError, make_game
from entente.model import Resource, coverage_box


def _game(**overrides: object):  # type: ignore[no-untyped-def]
    arguments: dict[str, object] = {
        "defender_covered": [1.0, 2.0],
        "defender_uncovered": [-1.0, -2.0],
        "attacker_covered": [-1.0, -2.0],
        "attacker_uncovered": [1.0, 2.0],
        "resources": 1,
    }
    arguments.update(overrides)
    return make_game(**arguments)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"defender_covered": [np.nan, 2.0]}, r"defender_covered\[0, 0\]: must be a finite number"),
        ({"attacker_uncovered": [1.0, np.inf]}, r"attacker_uncovered\[0, 1\]"),
        ({"defender_covered": [-5.0, 2.0]}, "must be at least its uncovered payoff"),
        ({"attacker_covered": [3.0, -2.0]}, "being caught is worse"),
        ({"min_coverage": [1.5, 0.0]}, r"min_coverage\[0\]"),
        ({"resources": [Resource("a", -1)]}, "count.*at least 0"),
        ({"resources": [Resource("a", 1, effectiveness=2.0)]}, r"effectiveness\[0\]"),
        ({"resources": [Resource("a", 1), Resource("a", 2)]}, "duplicate id 'a'"),
        ({"target_ids": ["x", "x"]}, "duplicate id 'x'"),
        (
            {
                "attacker_covered": [[-1.0, -2.0]] * 2,
                "attacker_uncovered": [[1.0, 2.0]] * 2,
                "priors": [0.5, 0.6],
            },
            "sum to 1",
        ),
        ({"attacker_covered": [-1.0, -2.0, 0.0]}, "shape"),
    ],
)
def test_invalid_games_are_refused(overrides: dict, message: str) -> None:
    with pytest.raises(GameError, match=message):
        _game(**overrides)


def test_arrays_are_read_only() -> None:
    game = _game()
    with pytest.raises(ValueError, match="read-only"):
        game.defender_covered[0, 0] = 5.0


def test_shared_defender_payoffs_broadcast_over_types() -> None:
    game = _game(attacker_covered=[[-1.0, -2.0]] * 3, attacker_uncovered=[[1.0, 2.0]] * 3)
    assert game.n_types == 3
    assert game.defender_covered.shape == (3, 2)
    assert game.priors.tolist() == pytest.approx([1 / 3] * 3)


def test_utilities_are_linear_in_coverage() -> None:
    game = _game()
    coverage = np.array([0.25, 0.5])
    assert game.defender_utility(coverage).tolist() == [[-0.5, 0.0]]
    assert game.attacker_utility(coverage).tolist() == [[0.5, 0.0]]


@pytest.mark.parametrize(
    ("resources", "expected"),
    [
        ([Resource("a", 2), Resource("b", 3)], (1.0, 5.0)),
        ([Resource("a", 4, effectiveness=0.5)], (0.5, 2.0)),
        ([Resource("a", 4, effectiveness=0.5), Resource("b", 0, effectiveness=0.9)], (0.5, 2.0)),
        ([], (1.0, 0.0)),
    ],
)
def test_coverage_box_pools_guards(resources: list, expected: tuple) -> None:
    box = coverage_box(_game(resources=resources))
    assert box is not None
    assert (float(box.upper[0]), box.budget) == expected


def test_guards_of_different_effectiveness_do_not_pool() -> None:
    assert (
        coverage_box(_game(resources=[Resource("a", 1, effectiveness=0.5), Resource("b", 1)]))
        is None
    )
