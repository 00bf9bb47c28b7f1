"""Sweeps and budgets as jobs: ``POST /api/scenarios/{id}/sweep`` and ``.../budget`` (planner),
``GET /api/jobs/{id}/result`` (viewer).

The request is checked before a job is queued: the values parse, there are
at most ``max_solves`` of them (the CLI's ``--max-solves``), the resource,
target and attacker type named exist, some resource has a cost. The same
per-user quota as solves applies, and the job belongs to the scenario's
organisation. Each variant is validated in the worker before any solve
starts; an impossible one fails the job with the CLI's message.
"""

from __future__ import annotations

from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Depends, HTTPException, Request
from sqlalchemy.orm import Session

from entente._exceptions import FieldProblem, InputError
from entente.evaluate.sweep import parse_payoff_path
from entente.evaluate.value_lists import count_values
from entente.scenario import parse_scenario
from entente.service.auth import Caller, get_session, require
from entente.service.models import Job, ScenarioRow
from entente.service.queueing import enqueue, job_time_limit
from entente.service.routes import found
from entente.service.routes.scenarios import PROBLEMS, problem_response
from entente.service.schemas import BudgetRequest, Identifier, JobCreated, SweepRequest
from entente.solvers import METHODS

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["sweeps and budgets"])

_QUEUED = {
    **PROBLEMS,
    429: {
        "description": "The user has max_jobs_per_user jobs queued or running",
        "headers": {"Retry-After": {"schema": {"type": "integer"}}},
    },
}


def _count(
    field: str, text: str | None, *, integer: bool, most: int, example: str
) -> FieldProblem | None:
    if text is None:
        return FieldProblem(field, f"is needed (e.g. {example})")
    try:
        total = count_values(field, text, integer=integer)
    except InputError as error:
        return FieldProblem(field, str(error).removeprefix(f"{field}: "))
    if total > most:
        return FieldProblem(
            field,
            f"{text} asks for {total:,} solves, more than this server's {most:,}: sweep fewer "
            "values (a step, as in 0..1000:50)",
        )
    return None


def _sweep_problems(document: Any, chosen: SweepRequest, most: int) -> list[FieldProblem]:
    """What is wrong with ``chosen`` for this scenario, before any work is queued."""
    if (chosen.resource is None) == (chosen.payoff is None):
        return [FieldProblem("resource", "give either resource with counts, or payoff with values")]
    if chosen.resource is not None:
        ids = [r["id"] for r in document["resources"]]
        if chosen.resource not in ids:
            known = ", ".join(ids) or "none"
            return [
                FieldProblem("resource", f"not a resource of this scenario (resources: {known})")
            ]
        problem = _count("counts", chosen.counts, integer=True, most=most, example="0..12")
        return [problem] if problem else []
    try:
        path = parse_payoff_path(chosen.payoff or "")
    except InputError as error:
        return [FieldProblem("payoff", str(error).removeprefix("--payoff "))]
    targets = [t["id"] for t in document["targets"]]
    types = [a["id"] for a in document.get("attackers") or []]
    if path.target not in targets:
        return [FieldProblem("payoff", f"no target {path.target!r} in this scenario")]
    if path.type_id is not None and path.type_id not in types:
        return [FieldProblem("payoff", f"no attacker type {path.type_id!r} in this scenario")]
    problem = _count("values", chosen.values, integer=False, most=most, example="40..80:10")
    return [problem] if problem else []


def _method_problem(method: str) -> FieldProblem | None:
    if method != "auto" and method not in METHODS:
        known = ", ".join(["auto", *METHODS])
        return FieldProblem("method", f"unknown method {method!r}; choose one of {known}")
    return None


@router.post(
    "/scenarios/{scenario_id}/sweep",
    status_code=202,
    response_model=JobCreated,
    responses=_QUEUED,
    summary="Sweep a resource's count or a payoff in the background, as `entente sweep` (planner)",
)
def sweep_scenario(
    scenario_id: Identifier,
    chosen: SweepRequest,
    request: Request,
    session: Annotated[Session, Depends(get_session)],
    caller: Annotated[Caller, Depends(require("planner"))],
) -> Any:
    scenario = found(session, ScenarioRow, scenario_id, "scenario", caller=caller)
    document = parse_scenario(scenario.body, source="scenario", format="json").document
    most = request.app.state.settings.max_solves
    problems = [p for p in (_method_problem(chosen.method),) if p] or _sweep_problems(
        document, chosen, most
    )
    if problems:
        return problem_response(problems)
    stored = chosen.model_dump(exclude_none=True)
    stored["time_limit"] = job_time_limit(request, chosen.time_limit)
    return enqueue(request, session, caller, scenario, "sweep", stored, action="sweep.create")


@router.post(
    "/scenarios/{scenario_id}/budget",
    status_code=202,
    response_model=JobCreated,
    responses=_QUEUED,
    summary="The best mix of resources within a budget, in the background, as `entente budget` "
    "(planner)",
)
def budget_scenario(
    scenario_id: Identifier,
    chosen: BudgetRequest,
    request: Request,
    session: Annotated[Session, Depends(get_session)],
    caller: Annotated[Caller, Depends(require("planner"))],
) -> Any:
    scenario = found(session, ScenarioRow, scenario_id, "scenario", caller=caller)
    document = parse_scenario(scenario.body, source="scenario", format="json").document
    problem = _method_problem(chosen.method)
    if problem is None and not any("cost" in r for r in document["resources"]):
        problem = FieldProblem(
            "budget", "no resource of this scenario has a cost: add `cost:` (per unit) to the "
            "resources the budget buys"
        )  # fmt: skip
    if problem is not None:
        return problem_response([problem])
    most = request.app.state.settings.max_solves
    stored = chosen.model_dump(exclude_none=True)
    stored["max_mixes"] = min(chosen.max_mixes or most, most)
    stored["time_limit"] = job_time_limit(request, chosen.time_limit)
    return enqueue(request, session, caller, scenario, "budget", stored, action="budget.create")


@router.get(
    "/jobs/{job_id}/result",
    summary="A finished sweep's or budget's result, as `entente sweep/budget --json` (viewer)",
    responses={
        200: {"content": {"application/json": {"schema": {"type": "object"}}}},
        409: {"description": "The job has no result (yet): a solve, or not done"},
    },
)
def get_result(
    job_id: Identifier,
    session: Annotated[Session, Depends(get_session)],
    caller: Annotated[Caller, Depends(require("viewer"))],
) -> Any:
    job = found(session, Job, job_id, "job", caller=caller)
    if job.result is None:
        why = "a solve: its plan is /api/plans/ID" if job.kind == "solve" else f"{job.status}"
        raise HTTPException(409, f"job {job_id} has no result: it is {why}")
    return orjson.loads(job.result)
