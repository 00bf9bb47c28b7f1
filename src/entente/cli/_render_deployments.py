"""What a mixture of joint deployments means on the ground: fixed sites, likely routes.

Static units stand in the same place in every deployment, so their sites
are listed once. For patrols, each slot's most flown route is shown with
the expected number of units flying it (the full mixture is in the plan
file, ``solve -o``).
"""

from __future__ import annotations

from collections import defaultdict

from rich.console import Console
from rich.table import Table

from entente.model import Game
from entente.solvers import MixtureStrategy, Plan

__all__ = ["render_deployments"]


def render_deployments(console: Console, game: Game, plan: Plan) -> None:
    """Static sites and each slot's most flown patrol routes (nothing for guard-only plans)."""
    strategy = plan.strategy
    if not isinstance(strategy, MixtureStrategy) or not strategy.deployments:
        return
    kinds = {r.kind for r in game.resources if r.count > 0}
    if not kinds & {"patrol", "static"}:
        return
    for r, resource in enumerate(game.resources):
        if resource.kind == "static" and resource.count > 0:
            units = strategy.deployments[0][r]
            sites = [_site(game, unit[0]) for unit in units if unit]
            shown = ", ".join(sites) if sites else "none placed"
            console.print(f"  {resource.id} (the same every slot): {shown}")
    console.print(
        f"  mixture of {len(strategy.deployments)} joint deployments (the plan file lists them all)"
    )
    patrols = [r for r, res in enumerate(game.resources) if res.kind == "patrol" and res.count]
    if patrols:
        console.print("  most flown route per slot (expected units flying it):")
        console.print(_route_table(game, strategy, patrols))


def _site(game: Game, target: int) -> str:
    return game.target_ids[target].split("@")[0]


def _route_table(game: Game, strategy: MixtureStrategy, patrols: list[int]) -> Table:
    slots = game.slot_of()
    flown: dict[tuple[int, int], dict[tuple[str, ...], float]] = defaultdict(
        lambda: defaultdict(float)
    )
    for p, deployment in zip(strategy.probabilities, strategy.deployments, strict=True):
        for r in patrols:
            for unit in deployment[r]:
                by_slot: dict[int, list[str]] = defaultdict(list)
                for t in unit:
                    by_slot[int(slots[t])].append(_site(game, t))
                for slot, sites in by_slot.items():
                    flown[(r, slot)][tuple(sites)] += float(p)
    table = Table(show_edge=False, pad_edge=False, box=None, header_style="bold")
    table.add_column("  slot" if game.slot_ids else "")
    for r in patrols:
        table.add_column(game.resources[r].id, overflow="fold")
    for slot in range(game.n_slots):
        cells = []
        for r in patrols:
            routes = flown.get((r, slot))
            if not routes:
                cells.append("grounded or idle")
                continue
            route, units = max(routes.items(), key=lambda item: item[1])
            cells.append(f"{'+'.join(route)} ({units:.2f})")
        table.add_row(f"  {game.slot_ids[slot]}" if game.slot_ids else "", *cells)
    return table
