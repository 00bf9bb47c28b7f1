"""What runs inside a solve's worker process.

The parent sends nothing after the start; the child reports on its end of a
pipe: ``("stage", name)`` as it goes, then exactly one of ``("done",
plan_json_bytes)`` or ``("failed", message)``. A process, not a thread:
neither scipy's ``milp`` nor ``linprog`` can be interrupted inside a thread,
and cancelling a job must stop its solve at once (the parent kills the
process). The process dies with its server (``kill -9`` included), so a
job taken over by another server never runs twice at once.
"""

from __future__ import annotations

import traceback
from multiprocessing.connection import Connection
from typing import Any

from entente._exceptions import CertificateError, InputError
from entente.planfile import dumps, plan_document
from entente.scenario import compile_scenario, parse_scenario
from entente.scenario.forecast import apply_forecast, read_forecast
from entente.service.lifeline import die_with_reader
from entente.solvers import method_options, solve

__all__ = ["failure_message", "run_solve"]


def run_solve(channel: Connection, body: bytes, options: dict[str, Any]) -> None:
    """Solve the scenario ``body`` (JSON) with ``options``; report on ``channel``."""
    try:
        die_with_reader(channel)
        channel.send(("stage", "compiling"))
        scenario = parse_scenario(body, source="scenario", format="json")
        if options.get("forecast") is not None:
            forecast = read_forecast(options["forecast"], source="forecast")
            scenario, _ = apply_forecast(scenario, forecast)
        game = compile_scenario(scenario)
        channel.send(("stage", "solving"))
        method = options.get("method", "auto")
        # the job's time limit bounds every job; only the methods that take it see it
        takes = method_options(method)
        given = {k: options.get(k) if k in takes else None for k in ("time_limit", "gap", "margin")}
        plan = solve(
            game,
            method,
            time_limit=given["time_limit"],
            gap=given["gap"],
            margin=given["margin"],
        )
        channel.send(("stage", "storing"))
        channel.send(("done", dumps(plan_document(scenario, game, plan))))
    except Exception as error:
        channel.send(("failed", failure_message(error)))
    finally:
        channel.close()


def failure_message(error: Exception) -> str:
    """What a job that raised ``error`` says: the user's mistake as the CLI says it, else a bug."""
    if isinstance(error, InputError):
        return str(error)
    if isinstance(error, CertificateError):
        return f"internal error: {error}"
    detail = traceback.format_exception_only(error)[-1].strip()
    return f"internal error: {detail}. This is a bug in entente: please report it."
