"""Plan records from a file that is a plan or a scenario, or from a game and a plan in code.

Commands that work from a plan (``roster``, ``orders``, ``simulate``,
``report``) accept either a plan file written by ``entente solve -o`` (read
and verified by :func:`entente.planfile.read_plan`) or a scenario (a file or
a built-in name), which is then solved first. A plan file is recognised by
its ``format`` key (``entente-plan/...``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from entente._exceptions import InputError
from entente.model import Game
from entente.planfile.read import PlanRecord, embedded_scenario, is_plan_document, read_plan
from entente.planfile.write import plan_document
from entente.scenario import Scenario, compile_scenario, load_scenario
from entente.solvers import Plan, solve
from entente.solvers.certify import certify

__all__ = ["is_plan_file", "load_plan", "load_scenario_or_plan", "record", "solve_now"]


def _plan_json(path: Path) -> dict[str, Any] | None:
    """The plan document in ``path``, or None if the file is not a plan file."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    if raw.lstrip()[:1] != b"{":
        return None
    try:
        document = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    return document if is_plan_document(document) else None


def load_plan(
    file: str | Path, *, method: str = "auto", time_limit: float | None = None
) -> PlanRecord:
    """A plan file read and verified, or a scenario solved into a plan now."""
    path = Path(file)
    document = _plan_json(path) if path.is_file() else None
    if document is not None:
        return read_plan(document, source=str(file))
    return solve_now(load_scenario(file), str(file), method=method, time_limit=time_limit)


def solve_now(
    scenario: Scenario, source: str, *, method: str = "auto", time_limit: float | None = None
) -> PlanRecord:
    """``scenario`` (e.g. with a forecast applied) solved into a plan record now."""
    game = compile_scenario(scenario)
    plan = solve(game, method, time_limit=time_limit)
    document = plan_document(scenario, game, plan)
    return PlanRecord(game, plan, scenario, document, source, solved=True)


def record(game: Game, plan: Plan, *, source: str = "<plan>") -> PlanRecord:
    """The record of a plan for a game built in code (no scenario, no file).

    The certificate is re-run here (whatever the plan carries); InputError if
    it fails.
    """
    certificate = certify(game, plan)
    if not certificate.passed:
        shown = "; ".join(f"{c.name}: {c.detail}" for c in certificate.failures()[:3])
        raise InputError(f"{source}: the plan fails its certificate ({shown})")
    plan = plan.replace(certificate=certificate, verified=True)
    return PlanRecord(game, plan, None, None, source)


def is_plan_file(file: str | Path) -> bool:
    """``file`` is a plan file written by ``entente solve -o`` (not a scenario)."""
    path = Path(file)
    return path.is_file() and _plan_json(path) is not None


def load_scenario_or_plan(file: str | Path) -> Scenario:
    """A scenario file, or the scenario embedded in a plan file."""
    path = Path(file)
    document = _plan_json(path) if path.is_file() else None
    if document is not None:
        return embedded_scenario(document, str(file))
    return load_scenario(file)
