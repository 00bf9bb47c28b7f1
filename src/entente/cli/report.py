"""``entente report``: the plan as one self-contained HTML file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from entente._exceptions import InputError
from entente._io import write_atomic
from entente.cli._errors import cli_errors
from entente.cli._paths import check_output

__all__ = ["report_command"]


def _read(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot read the {what}: {error.strerror}") from None


@cli_errors
def report_command(
    file: Annotated[
        str, typer.Argument(help="A plan file (solve -o), or a scenario to solve first.")
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write.")] = Path(
        "report.html"
    ),
    sweep: Annotated[
        Path | None, typer.Option("--sweep", help="A sweep result (JSON) to chart.")
    ] = None,
) -> None:
    """Write an HTML report that opens offline: map, charts, response, certificate."""
    from entente.planfile import load_plan
    from entente.report import read_sweep, render_report, view_plan

    check_output(output, "--output", ("html", "htm"))
    loaded = load_plan(file)
    view = view_plan(loaded)
    chart = None if sweep is None else read_sweep(_read(sweep, "sweep file"), source=str(sweep))
    if chart is not None and chart.scenario not in (None, view.scenario.name):
        raise InputError(
            f"{sweep}: a sweep of scenario {chart.scenario!r}, not of {view.scenario.name!r}"
        )
    write_atomic(output, render_report(view, sweep=chart).encode())
    print(f"report written to {output}")
