"""Loading: JSON fast path and its duplicate-key guard, YAML ids, built-ins."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import orjson
import pytest

from entente import ScenarioError
from entente.scenario import builtin_scenarios, compile_scenario, load_game, parse_scenario
from entente.scenario import load as load_module


def _big_document(n: int) -> dict:
    rng = np.random.default_rng(n)
    return {
        "name": "big",
        "targets": [
            {
                "id": f"t{i}",
                "defender": {
                    "covered": float(rng.uniform(0, 100)),
                    "uncovered": float(-rng.uniform(0, 100)),
                },
                "attacker": {
                    "covered": float(-rng.uniform(0, 100)),
                    "uncovered": float(rng.uniform(0, 100)),
                },
            }
            for i in range(n)
        ],
        "resources": [{"id": "team", "count": n // 10}],
    }


def test_large_json_loads_through_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = orjson.dumps(_big_document(20_000))

    def no_slow_path(raw: bytes) -> list:
        raise AssertionError("the exact duplicate check should not be needed")

    monkeypatch.setattr(load_module, "_exact_json_duplicates", no_slow_path)
    game = compile_scenario(parse_scenario(raw, format="json"))
    assert game.n_targets == 20_000
    assert game.resources[0].count == 2_000


@pytest.mark.parametrize(
    ("raw", "found"),
    [
        (b'"name": "a", "name": "b"', "name: duplicate key"),
        (b'"name" : "a", "name": "b"', "name: duplicate key"),
        (b'"na\\u006de": "a", "name": "b"', "name: duplicate key"),
    ],
)
def test_json_duplicates_are_found_however_keys_are_written(raw: bytes, found: str) -> None:
    target = b'{"id": "a", "defender": {"covered": 1, "uncovered": 0}, "attacker": {"covered": 0, "uncovered": 1}}'
    document = b'{"targets": [' + target + b"], " + raw + b', "resources": []}'
    with pytest.raises(ScenarioError, match=found):
        parse_scenario(document, format="json")


def test_spaced_keys_without_duplicates_are_fine() -> None:
    raw = (
        b'{"targets" : [{"id" : "a", "defender" : {"covered" : 1, "uncovered" : 0},'
        b' "attacker" : {"covered" : 0, "uncovered" : 1}}], "resources" : []}'
    )
    assert compile_scenario(parse_scenario(raw, format="json")).n_targets == 1


def test_quoted_numeric_id_is_a_string() -> None:
    _, game = load_game("tests/data/bayesian.yaml")
    assert "2024" in game.target_ids


def test_shared_and_per_type_defender_payoffs() -> None:
    _, game = load_game("tests/data/bayesian.yaml")
    fan = game.target_ids.index("fan-zone")
    assert game.defender_uncovered[:, fan].tolist() == [-70, -20]
    assert game.defender_uncovered[:, 0].tolist() == [-100, -100]
    assert game.min_coverage[fan] == 0.2
    assert game.priors.tolist() == [0.3, 0.7]


def test_errors_list_every_problem_with_its_path() -> None:
    text = """
targets:
  - id: a
    defender: {covered: x, uncovered: 0}
    attacker: {covered: 0, uncovered: 1, extra: 2}
resources: [{id: team, count: -1}]
"""
    with pytest.raises(ScenarioError) as error:
        parse_scenario(text, source="s.yaml")
    paths = [p.path for p in error.value.problems]
    assert paths == [
        "targets[0].defender.covered",
        "targets[0].attacker.extra",
        "resources[0].count",
    ]
    assert str(error.value).startswith("s.yaml: 3 problems:")


@pytest.mark.parametrize("name", sorted(builtin_scenarios()))
def test_builtin_scenarios_are_valid_and_located(name: str) -> None:
    scenario, game = load_game(name)
    for target in scenario.document["targets"]:
        assert ("lat" in target) == ("lon" in target)
    assert any("lat" in t for t in scenario.document["targets"])
    assert scenario.document.get("assumptions"), "built-in payoffs must state their assumptions"
    assert game.n_targets >= (5 if game.network is not None else 10)  # roads: 5 places


def test_paris_has_real_venues_and_several_types() -> None:
    scenario, game = load_game("paris-2024")
    ids = set(game.target_ids)
    assert {"stade-de-france", "roland-garros", "parc-des-princes"} <= ids
    assert game.n_types >= 2
    stade = next(t for t in scenario.document["targets"] if t["id"] == "stade-de-france")
    assert stade["lat"] == pytest.approx(48.924, abs=0.01)
    assert stade["lon"] == pytest.approx(2.360, abs=0.01)


def test_scenario_hash_ignores_layout(tmp_path: Path) -> None:
    a = parse_scenario(
        "targets: [{id: a, defender: {covered: 1, uncovered: 0}, attacker: {covered: 0, uncovered: 1}}]\nresources: []\n"
    )
    b = parse_scenario(
        "resources: []\ntargets:\n  - id: a\n    attacker: {uncovered: 1, covered: 0}\n    defender: {uncovered: 0, covered: 1}\n"
    )
    assert a.sha256() == b.sha256()
