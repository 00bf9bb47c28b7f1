"""``entente solve`` and ``entente validate``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from entente._interrupt import Interrupted, soft_stop
from entente._io import write_atomic
from entente.cli._errors import EXIT_NOT_OPTIMAL, cli_errors
from entente.cli._forecast import ForecastOption, forecast_json, with_forecast
from entente.cli._options import QuietOption
from entente.cli._output import PipeConsole
from entente.cli._paths import check_output
from entente.cli._progress import solve_progress

if TYPE_CHECKING:
    from entente.model import Game
    from entente.scenario import Scenario
    from entente.scenario.forecast import SlotWeather
    from entente.solvers import Plan

__all__ = ["METHOD_NAMES", "solve_command", "validate_command"]

METHOD_NAMES = (
    "auto",
    "origami",
    "multiple-lps",
    "milp",
    "brute-force",
    "column-generation",
    "gosaq",
    "pasaq",
    "robust",
    "double-oracle",
)
"""``auto`` and :data:`entente.solvers.METHODS`, spelled out so that ``--help`` need not load
the solvers (a test checks the two agree)."""
_METHODS = ", ".join(METHOD_NAMES)


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
    quiet: QuietOption = False,
    forecast: ForecastOption = None,
) -> None:
    """Solve a scenario: the optimal randomised deployment, certified."""
    from entente.cli._robust import robust_summary
    from entente.planfile import dumps, plan_document, plan_summary
    from entente.scenario import compile_scenario, load_scenario
    from entente.solvers import solve

    check_output(output, "--output", ("json",))
    scenario, weather = with_forecast(load_scenario(file), forecast)
    game = compile_scenario(scenario)
    with (
        soft_stop() as stop,  # Ctrl-C: the solver returns its best plan so far
        solve_progress(f"solving {scenario.name}", time_limit, quiet=quiet),
    ):
        plan = solve(game, method, time_limit=time_limit, gap=gap, margin=margin)
    status = "interrupted" if stop.is_set() and plan.status != "optimal" else None
    extra = robust_summary(game, plan, margin, time_limit) if not stop.is_set() else {}
    if weather is not None:
        extra["forecast"] = forecast_json(weather)
    if output is not None:
        document = _labelled(plan_document(scenario, game, plan), status)
        write_atomic(output, dumps(document, indent=True))
    if as_json:
        summary = _labelled(plan_summary(game, plan), status)
        sys.stdout.buffer.write(dumps({**summary, **extra}) + b"\n")
        sys.stdout.flush()
    else:
        _render(scenario, game, plan, status, extra, weather, output)
    if stop.is_set():
        raise Interrupted
    if plan.status != "optimal":
        raise typer.Exit(EXIT_NOT_OPTIMAL)


def _render(
    scenario: Scenario,
    game: Game,
    plan: Plan,
    status: str | None,
    extra: dict[str, Any],
    weather: list[SlotWeather] | None,
    output: Path | None,
) -> None:
    """The plan as tables: the forecast, the targets, deployments, checkpoints, robustness."""
    from entente.cli._forecast import render_forecast
    from entente.cli._render import render_plan
    from entente.cli._render_deployments import render_deployments
    from entente.cli._render_network import render_checkpoints
    from entente.cli._robust import render_robustness

    console = PipeConsole()
    if weather is not None:
        render_forecast(console, weather)
    render_plan(console, scenario.name, game, plan, status=status)
    render_deployments(console, game, plan)
    render_checkpoints(console, game, plan)
    render_robustness(console, extra)
    if output is not None:
        console.print(f"  plan written to {output}")


def _labelled(document: dict[str, Any], status: str | None) -> dict[str, Any]:
    """``document`` with status ``interrupted`` (Ctrl-C) and a message that says so."""
    if status is None:
        return document
    had = "the best plan found so far" if document["coverage"] is not None else "no plan yet"
    message = f"interrupted (Ctrl-C): {had}; {document['message']}"
    return {**document, "status": status, "message": message}


@cli_errors
def validate_command(
    file: Annotated[str, typer.Argument(help="Scenario file (YAML or JSON) or a built-in name.")],
) -> None:
    """Check a scenario without solving it (exit 0 valid, 2 invalid)."""
    from entente.scenario import load_game

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
