"""The best mix within a budget: maximal mixes suffice, checked against every feasible mix."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from entente import InputError, ScenarioError
from entente.evaluate.budget import best_mix, maximal_mixes
from entente.evaluate.solve_task import SolveTask, solve_point
from entente.scenario import Scenario, load_scenario, parse_scenario

COSTLY = """
name: costly
targets:
  - {id: a, defender: {covered: 0, uncovered: -10}, attacker: {covered: -5, uncovered: 8}}
  - {id: b, defender: {covered: 0, uncovered: -8}, attacker: {covered: -4, uncovered: 10}}
  - {id: c, defender: {covered: 0, uncovered: -6}, attacker: {covered: -2, uncovered: 6}}
resources:
  - {id: officers, count: 1, cost: 10, effectiveness: 0.9}
  - {id: drones, count: 1, cost: 25, effectiveness: 0.6}
  - {id: dogs, count: 1}
"""


def _all_feasible(costs: list[float], caps: list[int], budget: float) -> list[tuple[int, ...]]:
    ranges = [range(cap + 1) for cap in caps]
    return [
        n
        for n in itertools.product(*ranges)
        if sum(a * c for a, c in zip(n, costs, strict=True)) <= budget + 1e-9
    ]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(1, 9), min_size=1, max_size=3),
    st.lists(st.integers(0, 5), min_size=3, max_size=3),
    st.integers(0, 40),
)
def test_maximal_mixes_are_exactly_the_undominated_feasible_ones(
    costs: list[int], caps: list[int], budget: int
) -> None:
    caps = caps[: len(costs)]
    feasible = set(_all_feasible(costs, caps, budget))
    maximal = list(maximal_mixes([float(c) for c in costs], caps, float(budget)))
    assert len(maximal) == len(set(maximal))
    expected = {
        n
        for n in feasible
        if not any(tuple(a + (i == r) for i, a in enumerate(n)) in feasible for r in range(len(n)))
    }
    assert set(maximal) == expected
    # every feasible mix is dominated by a maximal one, so the best is among them
    for n in feasible:
        assert any(all(a <= b for a, b in zip(n, m, strict=True)) for m in maximal)


def test_best_mix_equals_the_best_of_every_feasible_mix() -> None:
    """Officers (cost 10, e 0.9) and drones (cost 25, e 0.6) do not pool: brute force solves."""
    scenario = parse_scenario(COSTLY, source="costly.yaml")
    result = best_mix(scenario, 60, method="brute-force", workers=1)
    every = []
    for officers, drones in _all_feasible([10, 25], [3, 3], 60):
        document: Any = scenario.document
        variant = {**document, "resources": [
            {**document["resources"][0], "count": officers},
            {**document["resources"][1], "count": drones},
            document["resources"][2],
        ]}  # fmt: skip
        every.append(solve_point(SolveTask(variant, (officers, drones), "brute-force")))
    best = max(p["defender_utility"] for p in every)
    assert result.best["defender_utility"] == pytest.approx(best, abs=1e-9)
    assert len(result.ranked) < len(every)  # only maximal mixes were solved
    assert result.best["cost"] <= 60
    utilities = [p["defender_utility"] for p in result.ranked]
    assert utilities == sorted(utilities, reverse=True)
    assert set(result.best["mix"]) == {"officers", "drones"}  # dogs have no cost: not bought
    assert result.as_dict(top=1)["runner_ups"] == result.ranked[1:2]


def test_pooled_teams_hand_worked() -> None:
    """Two pooled guard resources of effectiveness 1: the best mix buys the most units.

    Budget 60 at costs 10 and 25: 6 cheap units beat 3 + 1 and 1 + 2, but
    two targets cap each resource at 2 units, so the maximal mixes are
    (2, 1) for 45 and (1, 2) for 60, both 3 units, and 3 units cover both
    targets: the two tie and the cheaper one ranks first.
    """
    document = load_scenario("tests/data/two-targets.yaml").document
    document = {
        **document,
        "resources": [
            {"id": "fr", "count": 0, "cost": 10.0},
            {"id": "uk", "count": 0, "cost": 25.0},
        ],
    }
    result = best_mix(Scenario(document, "two.yaml"), 60, workers=1)  # type: ignore[arg-type]
    assert [p["mix"] for p in result.ranked] == [{"fr": 2, "uk": 1}, {"fr": 1, "uk": 2}]
    assert [p["cost"] for p in result.ranked] == [45, 60]
    assert result.best["defender_utility"] == pytest.approx(14 / 13)


def test_no_costs_and_too_many_mixes() -> None:
    with pytest.raises(ScenarioError, match="no resource has a cost"):
        best_mix(load_scenario("tests/data/two-targets.yaml"), 10)
    with pytest.raises(InputError, match="--max-mixes"):
        best_mix(parse_scenario(COSTLY), 60, max_mixes=1)
