"""``entente demo``: the built-in scenarios, end to end."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from entente._io import write_atomic
from entente.cli._errors import cli_errors
from entente.cli._options import QuietOption
from entente.cli._output import PipeConsole
from entente.cli._paths import check_folder
from entente.cli._progress import progress_bar
from entente.cli._render import render_plan

__all__ = ["REPORTS", "demo_command"]

REPORTS = Path("entente-demo")
"""Where the demo writes each scenario's HTML report (relative to the working directory)."""


@cli_errors
def demo_command(
    folder: Annotated[
        Path,
        typer.Option("--output-dir", "-o", help="Folder for the HTML reports (made if missing)."),
    ] = REPORTS,
    quiet: QuietOption = False,
) -> None:
    """Solve every built-in scenario, show the plans and write their HTML reports."""
    from entente.cli._render_deployments import render_deployments
    from entente.cli._render_network import render_checkpoints
    from entente.planfile import plan_document
    from entente.report import render_report, view_plan
    from entente.scenario import builtin_scenarios, load_game
    from entente.solvers import solve

    check_folder(folder, "--output-dir")
    console = PipeConsole(width=100)
    names = sorted(builtin_scenarios())
    for done, name in enumerate(names):
        with progress_bar(f"demo: solving {name}", len(names), quiet=quiet) as update:
            update(done, len(names))
            scenario, game = load_game(name)
            plan = solve(game)
        units = sum(r.count for r in game.resources)
        if game.network is not None:
            units += sum(r.count for r in game.network.checkpoints)
        console.rule(
            f"{name}: {game.n_targets} targets, {game.n_types} attacker types, {units} units"
        )
        render_plan(console, name, game, plan, rows=10)
        render_deployments(console, game, plan)
        render_checkpoints(console, game, plan, rows=6)
        report = folder / f"{name}.html"
        write_atomic(report, render_report(view_plan(plan_document(scenario, game, plan))).encode())
        console.print(f"  report: {report}")
        console.print()
