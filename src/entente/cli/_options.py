"""Options shared by the evaluation commands (sweep, budget, simulate)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

__all__ = [
    "ClusterOption",
    "JsonOption",
    "JsonOutputOption",
    "MethodOption",
    "QuietOption",
    "TimeLimitOption",
    "WorkersOption",
]

ClusterOption = Annotated[
    str | None,
    typer.Option(
        "--cluster",
        help="Run on Dask: 'local' starts a LocalCluster, or a scheduler address "
        "(tcp://host:8786). Default: a local process pool.",
    ),
]
WorkersOption = Annotated[
    int | None,
    typer.Option("--workers", min=1, help="Worker processes (default: one per core)."),
]
MethodOption = Annotated[str, typer.Option("--method", "-m", help="Solver for each variant.")]
TimeLimitOption = Annotated[
    float | None, typer.Option("--time-limit", min=0.0, help="Seconds per solve.")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON object, nothing else.")]
QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="No progress bar (never shown when piped).")
]
JsonOutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Also write the JSON here.")
]
