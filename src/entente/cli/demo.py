"""``entente demo``: the built-in scenarios, end to end."""

from __future__ import annotations

from rich.console import Console

from entente.cli._errors import cli_errors
from entente.cli._render import render_plan
from entente.cli._render_deployments import render_deployments
from entente.scenario import builtin_scenarios, load_game
from entente.solvers import solve

__all__ = ["demo_command"]


@cli_errors
def demo_command() -> None:
    """Solve every built-in scenario and show the plans."""
    console = Console(width=100)
    for name in sorted(builtin_scenarios()):
        _, game = load_game(name)
        units = sum(r.count for r in game.resources)
        console.rule(
            f"{name}: {game.n_targets} targets, {game.n_types} attacker types, {units} units"
        )
        plan = solve(game)
        render_plan(console, name, game, plan, rows=10)
        render_deployments(console, game, plan)
        console.print()
