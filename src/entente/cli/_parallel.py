"""Options shared by the commands that solve many variants in parallel."""

from __future__ import annotations

from typing import Annotated

import typer

__all__ = ["ClusterOption", "MethodOption", "TimeLimitOption", "WorkersOption"]

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
