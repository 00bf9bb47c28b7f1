"""YAML 1.2 numbers (``1e3``, ``-1e3``, ``.5``) are numbers; ids and duplicate keys as before."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from entente import ScenarioError
from entente.scenario import compile_scenario, parse_scenario

GAME = """
name: numbers
targets:
  - id: a
    defender: {{covered: {covered}, uncovered: {uncovered}}}
    attacker: {{covered: -5, uncovered: 8}}
  - id: b
    defender: {{covered: 1, uncovered: -8}}
    attacker: {{covered: -4, uncovered: 10}}
resources:
  - id: team
    count: 1
    effectiveness: {effectiveness}
"""


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1e3", 1000.0),
        ("-1e3", -1000.0),
        ("-1E3", -1000.0),
        ("+1E-3", 0.001),
        (".5", 0.5),
        ("-.5", -0.5),
        ("1.0e3", 1000.0),
        ("1.e-2", 0.01),
        ("-1.0e+3", -1000.0),  # YAML 1.1's only exponent form keeps working
        ("-1_000.5", -1000.5),  # and its underscores
    ],
)
def test_yaml_12_numbers_are_read_as_numbers(text: str, value: float) -> None:
    scenario = parse_scenario(GAME.format(covered=2, uncovered=text, effectiveness=1))
    assert scenario.document["targets"][0]["defender"]["uncovered"] == value


def test_exponents_reach_the_game() -> None:
    scenario = parse_scenario(GAME.format(covered="2e0", uncovered="-1e1", effectiveness=".5"))
    game = compile_scenario(scenario)
    assert game.defender_covered[0, 0] == 2.0
    assert game.defender_uncovered[0, 0] == -10.0
    assert game.resources[0].effectiveness == 0.5


def test_the_safe_loader_itself_is_left_alone() -> None:
    assert yaml.safe_load("x: 1e3") == {"x": "1e3"}  # we changed our loader, not PyYAML's


@pytest.mark.parametrize("text", ["1e", "e3", "1e3x", "'1e3'", "1..5"])
def test_things_that_are_not_numbers_stay_errors(text: str) -> None:
    with pytest.raises(ScenarioError, match=r"targets\[0\]\.defender\.uncovered"):
        parse_scenario(GAME.format(covered=2, uncovered=text, effectiveness=1))


@pytest.mark.parametrize("raw_id", ["2024", "no", "1e3"])
def test_unquoted_ids_that_yaml_reads_as_other_things_say_quote_it(raw_id: str) -> None:
    text = GAME.format(covered=2, uncovered=-10, effectiveness=1).replace("id: a", f"id: {raw_id}")
    with pytest.raises(ScenarioError, match="put this id in quotes"):
        parse_scenario(text)


def test_duplicate_keys_are_still_found() -> None:
    text = GAME.format(covered=2, uncovered="-1e3", effectiveness=1).replace(
        "count: 1", "count: 1\n    count: 2"
    )
    with pytest.raises(ScenarioError, match=r"resources\[0\]\.count: duplicate key 'count'"):
        parse_scenario(text)


@pytest.mark.slow
def test_the_cli_solves_a_file_written_with_minus_1e3(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_text(GAME.format(covered=2, uncovered="-1e3", effectiveness=1))
    done = subprocess.run(
        [sys.executable, "-m", "entente", "validate", str(path)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "valid scenario 'numbers'" in done.stdout
