"""``entente sweep``: the value of each extra unit of a resource, or sensitivity to a payoff."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from entente._exceptions import InputError
from entente.cli._errors import cli_errors
from entente.cli._forecast import ForecastOption, with_forecast
from entente.cli._options import (
    ClusterOption,
    JsonOption,
    JsonOutputOption,
    MethodOption,
    QuietOption,
    TimeLimitOption,
    WorkersOption,
)
from entente.cli._output import emit, note, report
from entente.cli._paths import check_output
from entente.cli._progress import progress_bar
from entente.cli._render import fixed

if TYPE_CHECKING:
    from entente.evaluate.sweep import SweepResult
    from entente.scenario import Scenario
    from entente.scenario.schema import ScenarioDoc

__all__ = ["render_sweep", "sweep_command"]


def render_sweep(console: Console, result: SweepResult) -> None:
    """One row per value: status, utilities, interdiction rate and the gain from the last row."""
    parameter = result.parameter
    swept = parameter.get("resource") or parameter.get("path")
    if parameter["kind"] == "resource":
        console.print(
            f"[bold]{result.scenario}[/bold]: units of {swept}; gain = defender utility "
            "added by each extra unit"
        )
    else:
        console.print(
            f"[bold]{result.scenario}[/bold]: payoff {swept}; gain = change in defender "
            "utility per unit of payoff"
        )
    table = Table(header_style="bold", box=None, pad_edge=False)
    for column in ("value", "status", "defender", "attacker", "interdicted", "gain", "method"):
        table.add_column(column, justify="left" if column in ("status", "method") else "right")
    for p in result.points:
        table.add_row(
            f"{p['value']:g}",
            p["status"],
            fixed(p["defender_utility"], 4),
            fixed(p["attacker_utility"], 4),
            fixed(p["interdiction_rate"]),
            fixed(p["gain"], 4),
            p["method"],
        )
    console.print(table)


DEFAULT_MAX_SOLVES = 10_000


def _values(
    option: str, text: str | None, *, integer: bool, example: str, max_solves: int
) -> list[Any]:
    from entente.evaluate.value_lists import count_values, parse_values

    if text is None:
        raise InputError(f"{option} is needed (e.g. {option} {example})")
    total = count_values(option, text, integer=integer)
    if total > max_solves:
        raise InputError(
            f"{option} {text} asks for {total:,} solves, more than --max-solves "
            f"{max_solves:,}: sweep fewer values (a step, as in 0..1000:50) or raise "
            "--max-solves"
        )
    return parse_values(option, text, integer=integer)


def _variants(
    file: str,
    resource: str | None,
    counts: str | None,
    payoff: str | None,
    values: str | None,
    max_solves: int,
    forecast: Path | None,
) -> tuple[Scenario, dict[str, Any], list[tuple[Any, ScenarioDoc]]]:
    from entente.evaluate.sweep import parse_payoff_path, payoff_variants, resource_variants
    from entente.planfile import load_scenario_or_plan

    if resource is not None and payoff is None:
        numbers = _values("--counts", counts, integer=True, example="0..12", max_solves=max_solves)
        scenario, _ = with_forecast(load_scenario_or_plan(file), forecast)
        variants = resource_variants(scenario, resource, numbers)
        return scenario, {"kind": "resource", "resource": resource}, list(variants)
    if payoff is not None and resource is None:
        path = parse_payoff_path(payoff)
        numbers = _values(
            "--values", values, integer=False, example="40,60,80", max_solves=max_solves
        )
        scenario, _ = with_forecast(load_scenario_or_plan(file), forecast)
        variants_ = payoff_variants(scenario, path, numbers)
        return scenario, {"kind": "payoff", "path": str(path)}, list(variants_)
    raise InputError("give either --resource with --counts, or --payoff with --values")


@cli_errors
def sweep_command(
    file: Annotated[str, typer.Argument(help="Scenario file, built-in name or plan file.")],
    resource: Annotated[
        str | None, typer.Option("--resource", "-r", help="Resource whose count is swept.")
    ] = None,
    counts: Annotated[
        str | None, typer.Option("--counts", help="Counts: 0..12, 0..12:2 or 1,2,5.")
    ] = None,
    payoff: Annotated[
        str | None,
        typer.Option(
            "--payoff", help="Payoff swept: TARGET.defender|attacker[.TYPE].covered|uncovered."
        ),
    ] = None,
    values: Annotated[
        str | None, typer.Option("--values", help="Payoff values: 40,60,80 or 40..80:10.")
    ] = None,
    cluster: ClusterOption = None,
    workers: WorkersOption = None,
    method: MethodOption = "auto",
    time_limit: TimeLimitOption = None,
    as_json: JsonOption = False,
    output: JsonOutputOption = None,
    plot: Annotated[
        Path | None, typer.Option("--plot", help="Draw the sweep to a .png, .svg or .pdf file.")
    ] = None,
    max_solves: Annotated[
        int, typer.Option("--max-solves", min=1, help="Refuse sweeps of more solves than this.")
    ] = DEFAULT_MAX_SOLVES,
    quiet: QuietOption = False,
    forecast: ForecastOption = None,
) -> None:
    """Solve the scenario for each count of a resource (or each value of a payoff)."""
    from entente.evaluate.plot import plot_format, sweep_plot
    from entente.evaluate.sweep import run_sweep

    kind = plot_format(plot) if plot is not None else None
    check_output(plot, "--plot")
    check_output(output, "--output", ("json",))
    scenario, parameter, variants = _variants(
        file, resource, counts, payoff, values, max_solves, forecast
    )
    where = f"Dask ({cluster})" if cluster else "a local process pool"
    note(f"{len(variants)} solves of {scenario.name} on {where}")
    with progress_bar("sweeping", len(variants), quiet=quiet) as update:
        result = run_sweep(
            scenario,
            parameter,
            variants,
            method=method,
            time_limit=time_limit,
            cluster=cluster,
            workers=workers,
            progress=update,
        )
    if plot is not None and kind is not None:
        emit((sweep_plot(result, kind),), plot)
        note(f"plot written to {plot}")
    report(
        result.as_dict(),
        lambda console: render_sweep(console, result),
        as_json=as_json,
        output=output,
    )
