"""Scenario files with resource kinds, time slots, places and generated routes."""

from __future__ import annotations

import json

import numpy as np
import pytest
import yaml

from entente import ScenarioError, compile_scenario, parse_scenario, solve
from entente.model.routes import enumerate_routes, haversine_km

SITES = ["gravelines", "oye-plage", "calais-east", "sangatte", "wissant"]
MOUTHS = ["aa-mouth", "canche-mouth", "authie-mouth", "slack-wimereux"]


def _targets(ids: list[str]) -> str:
    return "".join(
        f"  - {{id: {t}, defender: {{covered: -1, uncovered: -{10 + i}}}, "
        f"attacker: {{covered: -5, uncovered: {4 + i % 5}}}}}\n"
        for i, t in enumerate(ids)
    )


ISSUE_FORM = (
    "targets:\n"
    + _targets(SITES + MOUTHS)
    + """resources:
  - {id: team, kind: guard, count: 3}                      # one target per deployment (default kind)
  - id: drone
    kind: patrol
    count: 2
    effectiveness: 0.8        # probability that covering a target interdicts there
    schedules: [[gravelines, oye-plage], [calais-east, sangatte, wissant]]   # explicit routes
  - id: barrier
    kind: static              # one placement, the same every deployment: not randomised
    count: 2
    effectiveness: 0.9
    sites: [aa-mouth, canche-mouth, authie-mouth, slack-wimereux]
"""
)


def test_the_explicit_schedules_form_of_the_issue_compiles_and_solves() -> None:
    game = compile_scenario(parse_scenario(ISSUE_FORM))
    team, drone, barrier = game.resources
    ids = game.target_ids
    assert (team.kind, team.count, team.effectiveness, team.targets) == ("guard", 3, 1.0, None)
    assert drone.kind == "patrol"
    assert [[ids[t] for t in s] for s in drone.schedules] == [
        ["gravelines", "oye-plage"],
        ["calais-east", "sangatte", "wissant"],
    ]
    assert barrier.kind == "static"
    assert [[ids[t] for t in s] for s in barrier.schedules] == [[m] for m in MOUTHS]
    plan = solve(game)
    assert plan.success
    assert plan.method == "column-generation"


def test_json_and_yaml_give_the_same_game() -> None:
    as_json = json.dumps(yaml.safe_load(ISSUE_FORM))
    a = compile_scenario(parse_scenario(ISSUE_FORM))
    b = compile_scenario(parse_scenario(as_json))
    assert a.resources == b.resources
    assert a.target_ids == b.target_ids


SLOTTED = """slots:
  - {id: mon}
  - {id: tue, scale: {attacker: {uncovered: 0.5}, defender: {uncovered: 2}}}
targets:
  - {id: a, min_coverage: 0.1, defender: {covered: -1, uncovered: -10}, attacker: {covered: -4, uncovered: 6}}
  - {id: b, defender: {covered: 0, uncovered: -8}, attacker: {covered: -2, uncovered: 8}}
resources:
  - {id: team, count: 2, effectiveness: 0.7, targets: [a, b@tue], slot_counts: {tue: 1}}
  - {id: drone, kind: patrol, count: 1, schedules: [[a, b], [b@mon]]}
"""


def test_sites_and_slots_declared_once_give_every_pair() -> None:
    game = compile_scenario(parse_scenario(SLOTTED))
    assert game.target_ids == ("a@mon", "b@mon", "a@tue", "b@tue")
    assert game.slot_ids == ("mon", "tue")
    assert game.slot_of().tolist() == [0, 0, 1, 1]
    assert game.attacker_uncovered[0].tolist() == [6, 8, 3, 4]
    assert game.attacker_covered[0].tolist() == [-4, -2, -4, -2]
    assert game.defender_uncovered[0].tolist() == [-10, -8, -20, -16]
    assert game.min_coverage.tolist() == [0.1, 0.0, 0.1, 0.0]
    team, drone = game.resources
    assert team.targets == (0, 2, 3)
    assert team.slot_counts == (2, 1)
    assert set(drone.schedules) == {(0, 1), (2, 3), (1,)}
    plan = solve(game)
    assert plan.success
    assert plan.defender_utility == pytest.approx(solve(game, "brute-force").defender_utility)


PLACES = """places:
  - {id: base, lat: 50.9356, lon: 1.8000}
targets:
  - {id: calais, lat: 50.9481, lon: 1.8564, defender: {covered: 0, uncovered: -5}, attacker: {covered: -1, uncovered: 5}}
  - {id: sangatte, lat: 50.9475, lon: 1.7575, defender: {covered: 0, uncovered: -4}, attacker: {covered: -1, uncovered: 4}}
  - {id: wissant, lat: 50.8861, lon: 1.6636, defender: {covered: 0, uncovered: -6}, attacker: {covered: -1, uncovered: 6}}
  - {id: marck, lat: 50.9486, lon: 1.9508, defender: {covered: 0, uncovered: -3}, attacker: {covered: -1, uncovered: 3}}
resources:
  - id: drone
    kind: patrol
    count: 1
    effectiveness: 0.5
"""


@pytest.mark.parametrize("budget", [10.0, 20.0, 30.0, 45.0])
def test_generated_routes_are_every_route_within_endurance(budget: float) -> None:
    text = PLACES + f"    routes: {{base: base, endurance_km: {budget}}}\n"
    game = compile_scenario(parse_scenario(text))
    lat = [50.9481, 50.9475, 50.8861, 50.9486, 50.9356]
    lon = [1.8564, 1.7575, 1.6636, 1.9508, 1.8000]
    expected = enumerate_routes(haversine_km(lat, lon), 4, [0, 1, 2, 3], budget)
    assert {frozenset(s) for s in game.resources[0].schedules} == {
        frozenset(r) for r, _ in expected
    }
    assert solve(game).success


def test_an_explicit_graph_replaces_coordinates() -> None:
    text = (
        PLACES
        + "    routes: {base: base, endurance_km: 10}\n"
        + "graph:\n"
        + "  - {between: [base, calais], km: 2}\n"
        + "  - {between: [calais, marck], km: 2}\n"
        + "  - {between: [base, wissant], km: 6}\n"
    )
    game = compile_scenario(parse_scenario(text))
    ids = game.target_ids
    routes = {frozenset(ids[t] for t in s) for s in game.resources[0].schedules}
    # base-calais-marck-calais-base is 8 km; wissant is 12 km out and back; sangatte unreachable
    assert routes == {frozenset({"calais"}), frozenset({"marck"}), frozenset({"calais", "marck"})}


def test_speed_and_watch_time_set_the_budget() -> None:
    text = PLACES + "    routes: {base: base, endurance_min: 24, speed_kmh: 50, watch_min: 3}\n"
    game = compile_scenario(parse_scenario(text))
    lat = [50.9481, 50.9475, 50.8861, 50.9486, 50.9356]
    lon = [1.8564, 1.7575, 1.6636, 1.9508, 1.8000]
    expected = enumerate_routes(haversine_km(lat, lon), 4, [0, 1, 2, 3], 20.0, stop_cost=2.5)
    assert {frozenset(s) for s in game.resources[0].schedules} == {
        frozenset(r) for r, _ in expected
    }


def test_payoffs_a_slot_breaks_are_located_in_the_file() -> None:
    """a's defender payoffs on tue: covered -1 x 30 = -30 < uncovered -10 x 2 = -20."""
    text = SLOTTED.replace("defender: {uncovered: 2}", "defender: {uncovered: 2, covered: 30}")
    with pytest.raises(ScenarioError, match=r"targets\[0\]\.defender: in slot 'tue': the defender"):
        compile_scenario(parse_scenario(text))


def test_the_minimal_form_is_unchanged() -> None:
    text = (
        "targets:\n"
        "  - {id: louvre, defender: {covered: 2, uncovered: -10}, attacker: {covered: -5, uncovered: 8}}\n"
        "resources:\n  - {id: team, count: 2}\n"
    )
    game = compile_scenario(parse_scenario(text))
    assert game.classic
    assert game.slot_ids == ()
    assert game.target_slots is None
    assert np.array_equal(game.attacker_uncovered, [[8.0]])
