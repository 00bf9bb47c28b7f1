"""Checkpoint plans as tables: where checkpoints stand, and each type's best path."""

from __future__ import annotations

import numpy as np
from rich.console import Console
from rich.table import Table

from entente.model import Game
from entente.solvers import Plan
from entente.solvers.plan import CheckpointStrategy

__all__ = ["render_checkpoints"]


def render_checkpoints(console: Console, game: Game, plan: Plan, *, rows: int = 12) -> None:
    """The edges most often held (top ``rows``), then each attacker type's path."""
    network = game.network
    strategy = plan.strategy
    if network is None or not isinstance(strategy, CheckpointStrategy):
        return
    presence = strategy.presence(network)
    # equal to 1e-9 (a mixture's rounding) keep the file's order
    order = [
        e for e in np.argsort(-np.round(presence, 9), kind="stable")[:rows] if presence[e] > 1e-9
    ]
    table = Table(show_edge=False, pad_edge=False, box=None, header_style="bold")
    table.add_column("checkpoint edge")
    table.add_column("between")
    table.add_column("probability", justify="right")
    for e in order:
        ends = f"{network.node_ids[network.edge_from[e]]} - {network.node_ids[network.edge_to[e]]}"
        table.add_row(network.edge_ids[e], ends, f"{presence[e]:.3f}")
    console.print(table)
    held = int(np.sum(presence > 1e-9))
    if held > len(order):
        console.print(f"  ... {held - len(order)} more edges (use --json for all)")
    for k, response in enumerate(plan.responses):
        if response.path is None or response.source is None:
            continue
        nodes = network.path_nodes(response.source, response.path)
        route = " > ".join(network.node_ids[v] for v in nodes)
        console.print(f"  {game.type_ids[k]}'s best path: {route}")
