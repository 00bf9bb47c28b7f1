"""One solve of one variant of a scenario: the unit of work of sweeps and budget searches.

A :class:`SolveTask` carries a whole (validated) scenario document, so it
pickles to any worker, local or on a Dask cluster, and :func:`solve_point`
is a pure function of it: the same task gives the same numbers anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from entente.model import Game
from entente.scenario import Scenario, compile_scenario
from entente.scenario.schema import ScenarioDoc
from entente.solvers import Plan, solve

__all__ = ["SolveTask", "checked_game", "interdiction_rate", "solve_point"]


@dataclass(frozen=True)
class SolveTask:
    """Solve ``document`` by ``method``; ``key`` labels the result (a count, a value, a mix)."""

    document: ScenarioDoc
    key: Any
    method: str = "auto"
    time_limit: float | None = None


def checked_game(document: ScenarioDoc, source: str) -> Game:
    """Compile ``document``; a ScenarioError names ``source`` (which variant) and the field."""
    return compile_scenario(Scenario(document, source))


def interdiction_rate(game: Game, plan: Plan) -> float | None:
    """Prior-weighted probability that the attack is interdicted (rational responses)."""
    if plan.coverage is None or any(r.attacked is None for r in plan.responses):
        return None
    return float(
        sum(
            p * plan.coverage[r.attacked]
            for p, r in zip(game.priors, plan.responses, strict=True)
            if r.attacked is not None
        )
    )


def solve_point(task: SolveTask) -> dict[str, Any]:
    """Solve one variant: status, method, utilities, interdiction rate, gap, seconds."""
    game = compile_scenario(Scenario(task.document, "<sweep>"))
    plan = solve(game, task.method, time_limit=task.time_limit)
    return {
        "key": task.key,
        "status": plan.status,
        "method": plan.method,
        "defender_utility": plan.defender_utility,
        "attacker_utility": plan.attacker_utility,
        "interdiction_rate": interdiction_rate(game, plan),
        "gap": plan.gap,
        "verified": plan.verified,
        "seconds": plan.seconds,
    }
