"""Bad resource kinds, routes, sites and slots: exit 2, one message naming the field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from entente.cli import app
from tests.cli.test_bad_input import (
    test_broken_file_exits_2_naming_the_field as check_broken_file,
)

COAST = """places: [{id: base, lat: 50.9356, lon: 1.80}]
targets:
  - {id: calais, lat: 50.9481, lon: 1.8564, defender: {covered: 0, uncovered: -5}, attacker: {covered: -1, uncovered: 5}}
  - {id: sangatte, lat: 50.9475, lon: 1.7575, defender: {covered: 0, uncovered: -5}, attacker: {covered: -1, uncovered: 5}}
"""
SLOTS = "slots: [{id: mon}, {id: tue}]\n"


def _resource(line: str) -> str:
    return COAST + "resources:\n  - " + line + "\n"


BROKEN: dict[str, tuple[str, str]] = {
    "unknown site in a schedule": (
        _resource("{id: drone, kind: patrol, count: 1, schedules: [[calais, wisant]]}"),
        "resources[0].schedules[0][1]: unknown target 'wisant'",
    ),
    "route longer than endurance": (
        _resource(
            "{id: drone, kind: patrol, count: 1, schedules: [[calais, sangatte]], "
            "routes: {base: base, endurance_km: 5}}"
        ),
        "resources[0].schedules[0]: the route from 'base' through calais, sangatte is 14.4 km",
    ),
    "effectiveness above one": (
        _resource("{id: drone, kind: patrol, count: 1, effectiveness: 1.5, schedules: [[calais]]}"),
        "resources[0].effectiveness: must be <= 1",
    ),
    "effectiveness below zero": (
        _resource("{id: barrier, kind: static, count: 1, effectiveness: -0.1, sites: [calais]}"),
        "resources[0].effectiveness: must be >= 0",
    ),
    "empty schedule list": (
        _resource("{id: drone, kind: patrol, count: 1, schedules: []}"),
        "resources[0].schedules: must not be empty",
    ),
    "empty schedule": (
        _resource("{id: drone, kind: patrol, count: 1, schedules: [[calais], []]}"),
        "resources[0].schedules[1]: must not be empty",
    ),
    "patrol without routes": (
        _resource("{id: drone, kind: patrol, count: 1}"),
        "resources[0]: a patrol needs `schedules`",
    ),
    "no route within reach": (
        _resource("{id: drone, kind: patrol, count: 1, routes: {base: base, endurance_km: 2}}"),
        "resources[0].routes: no route fits",
    ),
    "unknown base": (
        _resource("{id: drone, kind: patrol, count: 1, routes: {base: dover, endurance_km: 20}}"),
        "resources[0].routes.base: unknown place or target 'dover'",
    ),
    "minutes without speed": (
        _resource("{id: drone, kind: patrol, count: 1, routes: {base: base, endurance_min: 30}}"),
        "resources[0].routes.endurance_min: needs `speed_kmh`",
    ),
    "typo in routes": (
        _resource("{id: drone, kind: patrol, count: 1, routes: {base: base, endurance: 20}}"),
        "resources[0].routes.endurance: unknown field (allowed: base, endurance_km",
    ),
    "unknown kind": (
        _resource("{id: drone, kind: sentry, count: 1}"),
        "resources[0].kind: input should be 'guard', 'patrol', 'static' or 'checkpoint'",
    ),
    "schedules on a guard": (
        _resource("{id: team, count: 1, schedules: [[calais]]}"),
        "resources[0].schedules: not allowed for kind 'guard'",
    ),
    "unknown guard target": (
        _resource("{id: team, count: 1, targets: [calais, dover]}"),
        "resources[0].targets[1]: unknown target 'dover'",
    ),
    "static without sites": (
        _resource("{id: barrier, kind: static, count: 1}"),
        "resources[0]: a static resource needs `sites`",
    ),
    "slot of a site that has no slots": (
        _resource("{id: team, count: 1, targets: [calais@mon]}"),
        "resources[0].targets[0]: 'calais@mon' names a slot, but the scenario declares no `slots`",
    ),
    "unknown slot": (
        SLOTS + _resource("{id: team, count: 1, targets: [calais@sun]}"),
        "resources[0].targets[0]: unknown slot 'sun'",
    ),
    "route across slots": (
        SLOTS
        + _resource("{id: drone, kind: patrol, count: 1, schedules: [[calais@mon, sangatte@tue]]}"),
        "resources[0].schedules[0]: a route lies within one slot",
    ),
    "slot count above count": (
        SLOTS + _resource("{id: team, count: 1, slot_counts: {mon: 2}}"),
        "resources[0].slot_counts.mon: 2 units, more than the resource's count (1)",
    ),
    "duplicate slot": (
        "slots: [{id: mon}, {id: mon}]\n" + _resource("{id: team, count: 1}"),
        "slots[1].id: duplicate id 'mon'",
    ),
    "place reusing a target id": (
        COAST.replace("{id: base,", "{id: calais,") + "resources: []\n",
        "places[0].id: 'calais' is also a target id",
    ),
    "graph edge to nowhere": (
        COAST + "graph: [{between: [base, dover], km: 3}]\nresources: []\n",
        "graph[0].between[1]: unknown place or target 'dover'",
    ),
    "place without coordinates for routes": (
        COAST.replace("{id: base, lat: 50.9356, lon: 1.80}", "{id: base}")
        + "resources:\n  - {id: drone, kind: patrol, count: 1, routes: {base: base, endurance_km: 20}}\n",
        "resources[0].routes: places[0] ('base') has no lat/lon",
    ),
}


@pytest.mark.parametrize("command", ["solve", "validate"])
@pytest.mark.parametrize(("case", "content_and_message"), BROKEN.items(), ids=list(BROKEN))
def test_broken_resource_exits_2_naming_the_field(
    tmp_path: Path, case: str, content_and_message: tuple[str, str], command: str
) -> None:
    check_broken_file(tmp_path, case, content_and_message, command)


def test_quantal_types_with_patrols_are_refused_with_a_way_forward(tmp_path: Path) -> None:
    """Quantal/SUQR plans need a pooled guard budget; the message says what to do instead,
    and that way works. Hand-worked: the drone flies each beach half the time (coverage
    0.8 / 2 = 0.4), the quantal crew splits evenly, the defender expects 0.6 x -5 = -3."""
    rational = tmp_path / "rational.yaml"
    rational.write_text(
        "attackers: [{id: crew, prior: 1}]\n"
        + _resource(
            "{id: drone, kind: patrol, count: 1, "
            "schedules: [[calais], [sangatte]], effectiveness: 0.8}"
        )
    )
    quantal = tmp_path / "quantal.yaml"
    quantal.write_text(
        rational.read_text().replace(
            "prior: 1}", "prior: 1, behaviour: {model: quantal, lambda: 1}}"
        )
    )
    runner = CliRunner()
    refused = runner.invoke(app, ["solve", str(quantal)])
    assert refused.exit_code == 2
    assert "patrols, barriers, restricted guards or time slots" in refused.stderr
    assert "entente evaluate" in refused.stderr
    plan = tmp_path / "plan.json"
    assert runner.invoke(app, ["solve", str(rational), "-o", str(plan)]).exit_code == 0
    evaluated = runner.invoke(app, ["evaluate", str(quantal), "--plan", str(plan), "--json"])
    assert evaluated.exit_code == 0, evaluated.stderr
    result = json.loads(evaluated.stdout)
    assert result["coverage"] == pytest.approx({"calais": 0.4, "sangatte": 0.4})
    crew = result["models"]["scenario"]["types"]["crew"]
    assert crew["distribution"] == pytest.approx({"calais": 0.5, "sangatte": 0.5})
    assert crew["defender_utility"] == pytest.approx(-3.0)
