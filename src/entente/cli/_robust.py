"""What ``solve --method robust`` adds: the price of robustness."""

from __future__ import annotations

from typing import Any

from rich.console import Console

from entente.evaluate.robustness import robustness
from entente.model import Game
from entente.solvers import Plan

__all__ = ["render_robustness", "robust_summary"]


def robust_summary(
    game: Game, plan: Plan, margin: float | None, time_limit: float | None
) -> dict[str, Any]:
    """``{"robustness": {...}}`` for a robust plan, else nothing."""
    if plan.method != "robust" or plan.coverage is None:
        return {}
    r = robustness(game, plan, margin=margin or 0.0, time_limit=time_limit)
    return {
        "robustness": {
            "margin": margin or 0.0,
            "point_plan_value": r.point_plan_value,
            "point_plan_worst_case": r.point_plan_worst_case,
            "robust_plan_value": r.robust_plan_value,
            "robust_plan_worst_case": r.robust_plan_worst_case,
            "price": r.price,
        }
    }


def render_robustness(console: Console, extra: dict[str, Any]) -> None:
    r = extra.get("robustness")
    if r is None:
        return
    console.print(
        f"  price of robustness {r['price']:.3f}: at the point estimate the robust plan gets "
        f"{r['robust_plan_value']:.3f}, the point plan {r['point_plan_value']:.3f}; in the worst "
        f"case {r['robust_plan_worst_case']:.3f} against {r['point_plan_worst_case']:.3f}"
    )
