"""What runs inside a sweep's or budget's worker process (as :mod:`worker` for solves).

The same pipe protocol as a solve, plus ``("progress", fraction)`` after each
solve, and the same death with the server. The work is :func:`entente.evaluate.sweep.run_sweep` or
:func:`entente.evaluate.budget.best_mix`, the CLI's own, run in this one
process (the service's worker count already bounds its cores). The job's
``time_limit`` is the whole job's: each solve gets it as its own limit, and
a job still solving past it stops between two solves with a message saying
how far it got.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from entente.evaluate.budget import best_mix
from entente.evaluate.sweep import parse_payoff_path, payoff_variants, resource_variants, run_sweep
from entente.evaluate.value_lists import parse_values
from entente.planfile import dumps
from entente.scenario import Scenario, parse_scenario
from entente.scenario.schema import ScenarioDoc
from entente.service.lifeline import die_with_reader
from entente.service.worker import failure_message

__all__ = ["run_sweep_job", "sweep_result"]


class _Overran(Exception):
    def __init__(self, done: int, total: int) -> None:
        super().__init__(f"{done} of {total} solves done")
        self.done, self.total = done, total


def sweep_result(
    scenario: Scenario,
    kind: str,
    options: dict[str, Any],
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """The result of a ``sweep`` or ``budget`` job, as ``entente sweep/budget --json`` prints."""
    method, limit = options.get("method", "auto"), options.get("time_limit")
    if kind == "budget":
        return best_mix(
            scenario,
            options["budget"],
            max_mixes=options["max_mixes"],
            method=method,
            time_limit=limit,
            workers=1,
            progress=progress,
        ).as_dict()
    if options.get("resource") is not None:
        counts = parse_values("counts", options["counts"], integer=True)
        variants: list[tuple[Any, ScenarioDoc]] = list(
            resource_variants(scenario, options["resource"], counts)
        )
        parameter = {"kind": "resource", "resource": options["resource"]}
    else:
        path = parse_payoff_path(options["payoff"])
        values = parse_values("values", options["values"], integer=False)
        variants = list(payoff_variants(scenario, path, values))
        parameter = {"kind": "payoff", "path": str(path)}
    return run_sweep(
        scenario, parameter, variants, method=method, time_limit=limit, workers=1, progress=progress
    ).as_dict()


def run_sweep_job(channel: Connection, body: bytes, options: dict[str, Any], kind: str) -> None:
    """Run the job; report stages, progress and the result (or why not) on ``channel``."""
    deadline = time.monotonic() + float(options["time_limit"])

    def progress(done: int, total: int) -> None:
        channel.send(("progress", done / total))
        if done < total and time.monotonic() > deadline:
            raise _Overran(done, total)

    try:
        die_with_reader(channel)
        channel.send(("stage", "preparing"))
        scenario = parse_scenario(body, source="scenario", format="json")
        channel.send(("stage", "solving"))
        result = sweep_result(scenario, kind, options, progress)
        channel.send(("stage", "storing"))
        channel.send(("done", dumps(result)))  # numpy-safe, as the CLI writes it
    except _Overran as stop:
        channel.send(
            (
                "failed",
                f"the {kind} passed its time limit of {options['time_limit']:g} s after "
                f"{stop.done} of {stop.total} solves: give it more time or solve fewer values",
            )
        )
    except Exception as error:
        channel.send(("failed", failure_message(error)))
    finally:
        channel.close()
