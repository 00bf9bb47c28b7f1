"""Plans as rich tables for people (``--json`` is for programs)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from entente.model import Game
    from entente.solvers import Plan

__all__ = ["fixed", "render_plan"]


def fixed(value: float | None, digits: int = 3) -> str:
    """``value`` with ``digits`` decimals; ``-`` for a missing value."""
    return "-" if value is None else f"{value:.{digits}f}"


def render_plan(
    console: Console,
    title: str,
    game: Game,
    plan: Plan,
    *,
    rows: int = 15,
    status: str | None = None,
) -> None:
    """A summary line, then the targets by coverage (top ``rows``); ``status`` overrides
    the plan's (``interrupted``)."""
    import numpy as np

    verdict = "verified" if plan.verified else "NOT verified"
    shown = status or plan.status
    console.print(f"[bold]{title}[/bold]: {shown}, {verdict}, method {plan.method}")
    expected = f"defender expects {fixed(plan.defender_utility)}"
    console.print(
        f"  {expected}, attacker {fixed(plan.attacker_utility)}"
        f" (gap {fixed(plan.gap, 6)}, bound {fixed(plan.bound)})"
    )
    if plan.coverage is None:
        console.print(f"  {plan.message}")
        return
    for k, response in enumerate(plan.responses):
        if response.attacked is not None:
            target = game.target_ids[response.attacked]
            console.print(
                f"  {game.type_ids[k]} attacks {target}: attacker "
                f"{fixed(response.attacker_utility)}, defender {fixed(response.defender_utility)}"
            )
    table = Table(show_edge=False, pad_edge=False, box=None, header_style="bold")
    table.add_column("target")
    table.add_column("coverage", justify="right")
    for type_id in game.type_ids:
        table.add_column(f"Ua {type_id}" if game.n_types > 1 else "attacker", justify="right")
    table.add_column("defender", justify="right")
    coverage = plan.coverage
    attacker = game.attacker_utility(coverage)
    defender = game.defender_utility(coverage)
    order = np.argsort(-coverage, kind="stable")[:rows]
    weights = game.priors
    for t in order:
        table.add_row(
            game.target_ids[t],
            f"{coverage[t]:.3f}",
            *(f"{attacker[k, t]:.2f}" for k in range(game.n_types)),
            f"{float(weights @ defender[:, t]):.2f}",
        )
    console.print(table)
    hidden = game.n_targets - len(order)
    if hidden > 0:
        console.print(f"  ... {hidden} more targets (use --json for all)")
