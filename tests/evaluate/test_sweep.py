"""Sweeps: hand-worked values, validation of every variant, and the parsing of ranges."""

from __future__ import annotations

import pytest

from entente import InputError, ScenarioError
from entente.evaluate.sweep import (
    parse_payoff_path,
    payoff_variants,
    resource_variants,
    run_sweep,
)
from entente.scenario import load_scenario

TWO = "tests/data/two-targets.yaml"
BAYES = "tests/data/bayesian.yaml"


def test_resource_sweep_hand_worked() -> None:
    """tests/data/two-targets.yaml with 0..3 teams.

    0 teams: the attacker takes eiffel (10 > 8), the defender gets -8.
    1 team: -3 (the reference game). 2 teams: covering eiffel fully and louvre
    at 12/13 makes the attacker indifferent (8 - 13c = -4), the tie goes to
    louvre where the defender gets 12 * 12/13 - 10 = 14/13, better than the 1
    of covering both fully; a third team adds nothing.
    """
    scenario = load_scenario(TWO)
    variants = resource_variants(scenario, "team", [0, 1, 2, 3])
    result = run_sweep(scenario, {"kind": "resource", "resource": "team"}, variants, workers=1)
    values = [p["defender_utility"] for p in result.points]
    assert values == pytest.approx([-8, -3, 14 / 13, 14 / 13])
    assert [p["gain"] for p in result.points] == [
        None,
        pytest.approx(5),
        pytest.approx(3 + 14 / 13),
        pytest.approx(0),
    ]
    assert [p["interdiction_rate"] for p in result.points] == pytest.approx(
        [0, 5 / 9, 12 / 13, 12 / 13]
    )
    assert [p["value"] for p in result.points] == [0, 1, 2, 3]
    assert all(p["status"] == "optimal" and p["verified"] for p in result.points)


def test_payoff_sweep_hand_worked() -> None:
    """eiffel's attacker reward 10 -> 20 with one team (ORIGAMI by hand).

    At 20 both targets sit at attacker level 140/37 with coverage louvre 12/37,
    eiffel 25/37; the tie goes to eiffel, where the defender gets 9c - 8 = -71/37.
    """
    scenario = load_scenario(TWO)
    path = parse_payoff_path("eiffel.attacker.uncovered")
    variants = payoff_variants(scenario, path, [10.0, 20.0])
    assert variants[1][1]["targets"][1]["attacker"]["uncovered"] == 20.0
    assert scenario.document["targets"][1]["attacker"]["uncovered"] == 10.0  # not mutated
    result = run_sweep(scenario, {"kind": "payoff", "path": str(path)}, variants, workers=1)
    assert [p["defender_utility"] for p in result.points] == pytest.approx([-3, -71 / 37])
    assert result.points[1]["gain"] == pytest.approx((-71 / 37 + 3) / 10)


def test_shared_payoff_is_split_by_type_when_one_type_is_named() -> None:
    scenario = load_scenario(BAYES)
    path = parse_payoff_path("louvre.defender.cell.uncovered")
    ((_, document),) = payoff_variants(scenario, path, [-90.0])
    defender = document["targets"][1]["defender"]
    assert defender == {
        "cell": {"covered": 0.0, "uncovered": -90.0},
        "disorder": {"covered": 0.0, "uncovered": -60.0},
    }


@pytest.mark.parametrize(
    ("path", "values", "message"),
    [
        ("atlantis.attacker.cell.covered", [1.0], "no target 'atlantis'"),
        ("louvre.attacker.spy.covered", [1.0], "no attacker type 'spy'"),
        ("louvre.attacker.covered", [1.0], "differ by attacker type"),
        ("louvre.attacker.cell.covered", [-50.0, 90.0], "louvre.attacker.cell.covered = 90"),
    ],
)
def test_bad_payoff_sweeps_name_the_problem(path: str, values: list[float], message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        payoff_variants(load_scenario(BAYES), parse_payoff_path(path), values)
    if isinstance(caught.value, ScenarioError):
        assert "targets[1].attacker.cell" in str(caught.value)


@pytest.mark.parametrize(
    "text",
    [
        "louvre.attacker",
        "louvre.side.covered",
        "a.attacker.b.c.covered",
        "louvre.attacker.cell.paid",
    ],
)
def test_bad_payoff_paths(text: str) -> None:
    with pytest.raises(InputError, match="--payoff"):
        parse_payoff_path(text)


def test_bad_resource_sweeps() -> None:
    scenario = load_scenario(BAYES)
    with pytest.raises(InputError, match="resources: fr-teams, uk-teams"):
        resource_variants(scenario, "drones", [1])
    with pytest.raises(InputError, match="non-negative"):
        resource_variants(scenario, "fr-teams", [-1])
