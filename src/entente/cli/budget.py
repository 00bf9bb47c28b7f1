"""``entente budget``: the best mix of resources a budget buys, with the runner-ups."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from entente.cli._errors import cli_errors
from entente.cli._options import (
    ClusterOption,
    JsonOption,
    JsonOutputOption,
    MethodOption,
    QuietOption,
    TimeLimitOption,
    WorkersOption,
)
from entente.cli._output import note, report
from entente.cli._paths import check_output
from entente.cli._progress import progress_bar
from entente.cli._render import fixed

if TYPE_CHECKING:
    from entente.evaluate.budget import BudgetResult

__all__ = ["MAX_MIXES", "budget_command", "render_budget"]

MAX_MIXES = 2000
"""``--max-mixes``'s default: :data:`entente.evaluate.budget.DEFAULT_MAX_MIXES`, spelled out so
that ``--help`` need not load the solvers (a test checks the two agree)."""


def render_budget(console: Console, result: BudgetResult, top: int) -> None:
    """The best mix and the next ``top``, one row each."""
    costs = ", ".join(f"{r} {c:g}" for r, c in result.costs.items())
    console.print(
        f"[bold]{result.scenario}[/bold]: budget {result.budget:g} (per unit: {costs}); "
        f"{len(result.ranked)} maximal mixes solved"
    )
    table = Table(header_style="bold", box=None, pad_edge=False)
    table.add_column("rank", justify="right")
    for resource in result.costs:
        table.add_column(resource, justify="right")
    for column in ("cost", "defender", "interdicted", "status"):
        table.add_column(column, justify="left" if column == "status" else "right")
    for rank, point in enumerate(result.ranked[: top + 1], start=1):
        table.add_row(
            "best" if rank == 1 else str(rank),
            *(str(point["mix"][r]) for r in result.costs),
            f"{point['cost']:g}",
            fixed(point["defender_utility"], 4),
            fixed(point["interdiction_rate"]),
            point["status"],
        )
    console.print(table)


@cli_errors
def budget_command(
    file: Annotated[str, typer.Argument(help="Scenario file, built-in name or plan file.")],
    budget: Annotated[float, typer.Option("--budget", "-b", min=0.0, help="Money to spend.")],
    top: Annotated[int, typer.Option("--top", min=0, help="Runner-up mixes to show.")] = 5,
    max_mixes: Annotated[
        int, typer.Option("--max-mixes", min=1, help="Refuse searches larger than this.")
    ] = MAX_MIXES,
    cluster: ClusterOption = None,
    workers: WorkersOption = None,
    method: MethodOption = "auto",
    time_limit: TimeLimitOption = None,
    as_json: JsonOption = False,
    output: JsonOutputOption = None,
    quiet: QuietOption = False,
) -> None:
    """Find the mix of resources (each with a `cost:` per unit) that is best within the budget."""
    from entente.evaluate.budget import best_mix
    from entente.planfile import load_scenario_or_plan

    check_output(output, "--output", ("json",))
    scenario = load_scenario_or_plan(file)
    with progress_bar("solving mixes", 1, quiet=quiet) as update:
        result = best_mix(
            scenario,
            budget,
            max_mixes=max_mixes,
            method=method,
            time_limit=time_limit,
            cluster=cluster,
            workers=workers,
            progress=update,
        )
    note(f"{len(result.ranked)} maximal mixes of {scenario.name} solved")
    report(
        result.as_dict(top),
        lambda console: render_budget(console, result, top),
        as_json=as_json,
        output=output,
    )
