"""Scenario files: the schema, loading with field-level errors, compiling to a game."""

from pathlib import Path

from entente.model import Game
from entente.scenario.compile import compile_scenario
from entente.scenario.load import (
    Scenario,
    builtin_scenarios,
    load_scenario,
    parse_scenario,
    resolve_scenario_path,
)

__all__ = [
    "Scenario",
    "builtin_scenarios",
    "compile_scenario",
    "load_game",
    "load_scenario",
    "parse_scenario",
    "resolve_scenario_path",
]


def load_game(name_or_path: str | Path) -> tuple[Scenario, Game]:
    """Load a scenario file (or a built-in scenario by name) and compile it."""
    scenario = load_scenario(name_or_path)
    return scenario, compile_scenario(scenario)
