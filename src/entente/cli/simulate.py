"""``entente simulate``: a year (or more) of operations, simulated."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from entente.cli._errors import cli_errors
from entente.cli._options import JsonOption, JsonOutputOption, QuietOption
from entente.cli._output import note, report
from entente.cli._paths import check_output
from entente.cli._progress import progress_bar

if TYPE_CHECKING:
    from entente.evaluate.simulate import Estimate, Simulation

__all__ = ["simulate_command"]

_LABELS = {
    "attacks": "attacks per run",
    "interdictions": "interdictions per run",
    "interdiction_rate": "interdicted share of attacks",
    "defender_per_attack": "defender payoff per attack",
    "attacker_per_attack": "attacker payoff per attack",
    "defender_total": "defender payoff per run",
    "attacker_total": "attacker payoff per run",
}


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:,.4g}"


def render_simulation(console: Console, result: Simulation) -> None:
    """The estimates against the exact expectations, as a table."""
    table = Table(header_style="bold", box=None, pad_edge=False)
    level = f"{result.confidence:.0%} interval"
    for column in ("quantity", "simulated", level, "exact"):
        table.add_column(column, justify="left" if column == "quantity" else "right")
    for name, estimate in result.estimates().items():
        table.add_row(_LABELS[name], _fmt(estimate.mean), _interval(estimate), _fmt(estimate.exact))
    console.print(table)


def _interval(estimate: Estimate) -> str:
    return f"[{_fmt(estimate.low)}, {_fmt(estimate.high)}]"


@cli_errors
def simulate_command(
    file: Annotated[
        str, typer.Argument(help="Plan file (entente solve -o) or scenario (solved first).")
    ],
    days: Annotated[int, typer.Option("--days", min=1, help="Periods per run.")] = 365,
    runs: Annotated[int, typer.Option("--runs", min=2, help="Independent runs.")] = 1000,
    seed: Annotated[
        int | None, typer.Option("--seed", min=0, help="Reproduce a run; default: a fresh seed.")
    ] = None,
    attacks: Annotated[
        float | None,
        typer.Option("--attacks-per-period", min=0.0, help="Override the scenario's rate."),
    ] = None,
    confidence: Annotated[
        float, typer.Option("--confidence", min=0.5, max=0.9999, help="Interval level.")
    ] = 0.95,
    as_json: JsonOption = False,
    output: JsonOutputOption = None,
    quiet: QuietOption = False,
) -> None:
    """Monte Carlo of operations: rosters drawn day by day against the adversary types."""
    from entente.evaluate.simulate import simulate
    from entente.planfile import load_plan

    check_output(output, "--output", ("json",))
    loaded = load_plan(file)
    note(loaded.note)
    with progress_bar(f"simulating {runs} x {days} days", runs, quiet=quiet) as update:
        result = simulate(
            loaded,
            days=days,
            runs=runs,
            seed=seed,
            attacks_per_period=attacks,
            confidence=confidence,
            progress=update,
            source=str(file),
        )
    note(f"seed {result.seed} (pass --seed {result.seed} to reproduce)")

    def render(console: Console) -> None:
        console.print(
            f"[bold]{loaded.source}[/bold]: {runs} runs x {days} periods, "
            f"{result.attacks_per_period:g} attack(s) per period"
        )
        render_simulation(console, result)

    report(result.as_dict(), render, as_json=as_json, output=output)
