"""``entente solve`` and ``entente validate``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from entente._io import write_atomic
from entente.cli._errors import EXIT_NOT_OPTIMAL, cli_errors
from entente.cli._output import PipeConsole
from entente.cli._render import render_plan
from entente.cli._render_deployments import render_deployments
from entente.cli._render_network import render_checkpoints
from entente.cli._robust import render_robustness, robust_summary
from entente.planfile import dumps, plan_document, plan_summary
from entente.scenario import load_game
from entente.solvers import METHODS, solve

__all__ = ["solve_command", "validate_command"]

_METHODS = ", ".join(["auto", *METHODS])


@cli_errors
def solve_command(
    file: Annotated[str, typer.Argument(help="Scenario file (YAML or JSON) or a built-in name.")],
    method: Annotated[str, typer.Option("--method", "-m", help=f"One of: {_METHODS}.")] = "auto",
    time_limit: Annotated[
        float | None,
        typer.Option("--time-limit", min=0.0, help="Seconds before the best plan so far."),
    ] = None,
    gap: Annotated[
        float | None,
        typer.Option(
            "--gap", min=0.0, help="Absolute optimality gap; default 1e-6 x payoff range."
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print one JSON object, nothing else.")
    ] = False,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the plan file.")
    ] = None,
    margin: Annotated[
        float | None,
        typer.Option("--margin", min=0.0, help="robust: tie margin (attacker prefers by this)."),
    ] = None,
) -> None:
    """Solve a scenario: the optimal randomised deployment, certified."""
    scenario, game = load_game(file)
    plan = solve(game, method, time_limit=time_limit, gap=gap, margin=margin)
    extra = robust_summary(game, plan, margin, time_limit)
    if output is not None:
        write_atomic(output, dumps(plan_document(scenario, game, plan), indent=True))
    if as_json:
        sys.stdout.buffer.write(dumps({**plan_summary(game, plan), **extra}) + b"\n")
        sys.stdout.flush()
    else:
        console = PipeConsole()
        render_plan(console, scenario.name, game, plan)
        render_deployments(console, game, plan)
        render_checkpoints(console, game, plan)
        render_robustness(console, extra)
        if output is not None:
            console.print(f"  plan written to {output}")
    if plan.status != "optimal":
        raise typer.Exit(EXIT_NOT_OPTIMAL)


@cli_errors
def validate_command(
    file: Annotated[str, typer.Argument(help="Scenario file (YAML or JSON) or a built-in name.")],
) -> None:
    """Check a scenario without solving it (exit 0 valid, 2 invalid)."""
    scenario, game = load_game(file)
    units = sum(r.count for r in game.resources)
    roads = ""
    if game.network is not None:
        units += sum(r.count for r in game.network.checkpoints)
        roads = f", {game.network.n_nodes} nodes, {game.network.n_edges} edges"
    print(
        f"{file}: valid scenario {scenario.name!r}: {game.n_targets} targets, "
        f"{game.n_types} attacker type(s), {units} resource units{roads}"
    )
