"""Bad input: every broken file exits 2 with one message naming the field."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from entente.cli import app

GOOD_TARGET = """
  - id: louvre
    defender: {covered: 2, uncovered: -10}
    attacker: {covered: -5, uncovered: 8}
"""
RESOURCES = """
resources:
  - {id: team, count: 1}
"""
TYPES = "attackers: [{id: cell, prior: 0.3}, {id: disorder, prior: 0.7}]\n"

BROKEN: dict[str, tuple[str, str]] = {
    "yaml syntax": ("targets: [\n  - id: a\n", "line"),
    "json syntax": ('{"targets": [1, }', "not valid JSON"),
    "missing targets": (RESOURCES, "targets: required field is missing"),
    "missing resources": ("targets:" + GOOD_TARGET, "resources: required field is missing"),
    "missing payoff": (
        "targets:\n  - id: a\n    defender: {covered: 1, uncovered: 0}\n" + RESOURCES,
        "targets[0].attacker: required field is missing",
    ),
    "missing uncovered": (
        "targets:\n  - id: a\n    defender: {covered: 1}\n    attacker: {covered: 0, uncovered: 1}\n"
        + RESOURCES,
        "targets[0].defender.uncovered: required field is missing",
    ),
    "unknown key": (
        "targets:" + GOOD_TARGET + "    colour: red\n" + RESOURCES,
        "targets[0].colour: unknown field",
    ),
    "typo at top level": ("targets:" + GOOD_TARGET + RESOURCES + "resorces: []\n", "resorces"),
    "string payoff": (
        "targets:\n  - id: a\n    defender: {covered: high, uncovered: 0}\n"
        "    attacker: {covered: 0, uncovered: 1}\n" + RESOURCES,
        "targets[0].defender.covered: must be a number",
    ),
    "nan payoff": (
        "targets:\n  - id: a\n    defender: {covered: .nan, uncovered: 0}\n"
        "    attacker: {covered: 0, uncovered: 1}\n" + RESOURCES,
        "targets[0].defender.covered: must be a finite number",
    ),
    "inf payoff": (
        "targets:\n  - id: a\n    defender: {covered: 1, uncovered: 0}\n"
        "    attacker: {covered: 0, uncovered: .inf}\n" + RESOURCES,
        "targets[0].attacker.uncovered: must be a finite number",
    ),
    "boolean id": (
        "targets:\n  - id: no\n    defender: {covered: 1, uncovered: 0}\n"
        "    attacker: {covered: 0, uncovered: 1}\n" + RESOURCES,
        "targets[0].id: must be a string, got False",
    ),
    "numeric id": (
        "targets:\n  - id: 2024\n    defender: {covered: 1, uncovered: 0}\n"
        "    attacker: {covered: 0, uncovered: 1}\n" + RESOURCES,
        "put this id in quotes",
    ),
    "bad id": (
        "targets:\n  - id: Louvre Museum\n    defender: {covered: 1, uncovered: 0}\n"
        "    attacker: {covered: 0, uncovered: 1}\n" + RESOURCES,
        "targets[0].id: 'Louvre Museum' is not a valid id",
    ),
    "duplicate ids": (
        "targets:" + GOOD_TARGET + GOOD_TARGET + RESOURCES,
        "targets[1].id: duplicate id",
    ),
    "duplicate key": (
        "targets:\n  - id: a\n    id: b\n    defender: {covered: 1, uncovered: 0}\n"
        "    attacker: {covered: 0, uncovered: 1}\n" + RESOURCES,
        "targets[0].id: duplicate key 'id'",
    ),
    "unknown attacker type": (
        TYPES + "targets:\n  - id: a\n    defender: {covered: 1, uncovered: 0}\n"
        "    attacker: {cell: {covered: 0, uncovered: 1}, disordr: {covered: 0, uncovered: 1}}\n"
        + RESOURCES,
        "targets[0].attacker.disordr: unknown attacker type",
    ),
    "type missing from payoffs": (
        TYPES + "targets:\n  - id: a\n    defender: {covered: 1, uncovered: 0}\n"
        "    attacker: {cell: {covered: 0, uncovered: 1}}\n" + RESOURCES,
        "targets[0].attacker: no payoffs for attacker type(s) disorder",
    ),
    "types without attackers list": (
        "targets:\n  - id: a\n    defender: {covered: 1, uncovered: 0}\n"
        "    attacker: {cell: {covered: 0, uncovered: 1}}\n" + RESOURCES,
        "need the types declared",
    ),
    "priors not summing to one": (
        "attackers: [{id: cell, prior: 0.3}, {id: disorder, prior: 0.6}]\n"
        "targets:\n  - id: a\n    defender: {covered: 1, uncovered: 0}\n"
        "    attacker: {cell: {covered: 0, uncovered: 1}, disorder: {covered: 0, uncovered: 1}}\n"
        + RESOURCES,
        "attackers: must sum to 1",
    ),
    "negative prior": (
        "attackers: [{id: cell, prior: -0.3}, {id: disorder, prior: 1.3}]\n"
        "targets:\n  - id: a\n    defender: {covered: 1, uncovered: 0}\n"
        "    attacker: {cell: {covered: 0, uncovered: 1}, disorder: {covered: 0, uncovered: 1}}\n"
        + RESOURCES,
        "attackers[0].prior: must be >= 0",
    ),
    "negative count": (
        "targets:" + GOOD_TARGET + "resources:\n  - {id: team, count: -2}\n",
        "resources[0].count: must be >= 0",
    ),
    "fractional count": (
        "targets:" + GOOD_TARGET + "resources:\n  - {id: team, count: 1.5}\n",
        "resources[0].count",
    ),
    "effectiveness above one": (
        "targets:" + GOOD_TARGET + "resources:\n  - {id: team, count: 1, effectiveness: 1.5}\n",
        "resources[0].effectiveness: must be <= 1",
    ),
    "defender covered worse": (
        "targets:\n  - id: a\n    defender: {covered: -5, uncovered: 0}\n"
        "    attacker: {covered: 0, uncovered: 1}\n" + RESOURCES,
        "targets[0].defender: the defender's covered payoff (-5) must be at least",
    ),
    "attacker covered better": (
        "targets:\n  - id: a\n    defender: {covered: 1, uncovered: 0}\n"
        "    attacker: {covered: 5, uncovered: 1}\n" + RESOURCES,
        "targets[0].attacker: the attacker's covered payoff (5) must be at most",
    ),
    "per-type payoff order": (
        TYPES + "targets:\n  - id: a\n    defender: {covered: 1, uncovered: 0}\n"
        "    attacker: {cell: {covered: 0, uncovered: 1}, disorder: {covered: 3, uncovered: 1}}\n"
        + RESOURCES,
        "targets[0].attacker.disorder: the attacker's covered payoff (3)",
    ),
    "floor above one": (
        "targets:" + GOOD_TARGET + "    min_coverage: 1.5\n" + RESOURCES,
        "targets[0].min_coverage: must be <= 1",
    ),
    "reserved type id": (
        "attackers: [{id: covered, prior: 1.0}]\n"
        "targets:\n  - id: a\n    defender: {covered: 1, uncovered: 0}\n"
        "    attacker: {covered: {covered: 0, uncovered: 1}}\n" + RESOURCES,
        "attackers[0].id",
    ),
    "no targets": ("targets: []\n" + RESOURCES, "targets: must not be empty"),
    "not a mapping": ("- just\n- a list\n", "must be a mapping"),
    "empty file": ("", "the file is empty"),
    "only a comment": ("# nothing here\n", "the file is empty"),
    "lat without lon": ("targets:" + GOOD_TARGET + "    lat: 48.8\n" + RESOURCES, "lat and lon"),
    "latitude out of range": (
        "targets:" + GOOD_TARGET + "    lat: 148.8\n    lon: 2.3\n" + RESOURCES,
        "targets[0].lat: must be <= 90",
    ),
}


@pytest.mark.parametrize("command", ["solve", "validate"])
@pytest.mark.parametrize(("case", "content_and_message"), BROKEN.items(), ids=list(BROKEN))
def test_broken_file_exits_2_naming_the_field(
    tmp_path: Path, case: str, content_and_message: tuple[str, str], command: str
) -> None:
    content, expected = content_and_message
    suffix = ".json" if case == "json syntax" else ".yaml"
    path = tmp_path / f"scenario{suffix}"
    path.write_text(content)
    result = CliRunner().invoke(app, [command, str(path)])
    assert result.exit_code == 2, result.stdout + result.stderr
    assert str(path) in result.stderr
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_missing_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["solve", str(tmp_path / "absent.yaml")])
    assert result.exit_code == 2
    assert "no such file" in result.stderr
    assert "paris-2024" in result.stderr


def test_directory(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 2
    assert "is a directory" in result.stderr


def test_json_duplicate_key_named(tmp_path: Path) -> None:
    path = tmp_path / "dup.json"
    path.write_text(
        '{"targets": [{"id": "a", "defender": {"covered": 1, "uncovered": 0, "covered": 2},'
        ' "attacker": {"covered": 0, "uncovered": 1}}], "resources": []}'
    )
    result = CliRunner().invoke(app, ["solve", str(path), "--json"])
    assert result.exit_code == 2
    assert "targets[0].defender.covered: duplicate key 'covered'" in result.stderr


def test_unknown_method_is_bad_input() -> None:
    result = CliRunner().invoke(
        app, ["solve", "tests/data/two-targets.yaml", "--method", "simplex"]
    )
    assert result.exit_code == 2
    assert "unknown method 'simplex'" in result.stderr


def test_inapplicable_method_is_bad_input() -> None:
    result = CliRunner().invoke(app, ["solve", "tests/data/bayesian.yaml", "--method", "origami"])
    assert result.exit_code == 2
    assert "one attacker type" in result.stderr
