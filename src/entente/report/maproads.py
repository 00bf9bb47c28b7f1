"""A checkpoint game on the map: its roads, coloured by checkpoint probability, and the
road each attacker type judges safest (dashed), between the network's located nodes.

:mod:`entente.report.mapsvg` draws them under the targets; a draw's roads
(``entente orders``) are passed as held with probability 1.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from html import escape

from entente.report.colours import coverage_colour
from entente.report.plan_view import PlanView

__all__ = ["Projection", "attack_paths", "checkpoint_edges", "node_places"]

Projection = Callable[[float, float], tuple[float, float]]
"""(lon, lat) -> (x, y) on the drawing."""


def node_places(view: PlanView) -> dict[str, tuple[float, float]]:
    """Checkpoint games: node id -> (lon, lat), for nodes with coordinates."""
    nodes = view.scenario.document.get("network", {}).get("nodes", [])
    return {n["id"]: (n["lon"], n["lat"]) for n in nodes if "lat" in n and "lon" in n}


def checkpoint_edges(view: PlanView, project: Projection, held: Mapping[str, float]) -> list[str]:
    """Roads as lines coloured by the probability that a checkpoint stands there."""
    where = node_places(view)
    out = []
    for edge in view.scenario.document.get("network", {}).get("edges", []):
        start, end = where.get(edge["from"]), where.get(edge["to"])
        if start is None or end is None:
            continue
        (x1, y1), (x2, y2) = project(*start), project(*end)
        p = float(held.get(edge["id"], 0.0))
        style = (
            f'stroke="{coverage_colour(p)}" stroke-width="{2.5 + 4 * p:.2f}"'
            if p > 1e-9
            else 'stroke="#8a8a8a" stroke-width="1.2"'
        )
        tip = f"{edge.get('name', edge['id'])}: checkpoint probability {p:.3f}"
        out.append(
            f'<line class="road" data-edge="{escape(edge["id"])}" data-probability="{p:.6f}" '
            f'x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" {style} '
            f'stroke-linecap="round"><title>{escape(tip)}</title></line>'
        )
    return out


def attack_paths(view: PlanView, project: Projection) -> list[str]:
    """Each attacker type's best path, dashed, over the roads."""
    where = node_places(view)
    out = []
    for type_id, response in view.document.get("types", {}).items():
        path = response.get("path")
        if not isinstance(path, dict):
            continue
        points = [project(*where[n]) for n in path.get("nodes", []) if n in where]
        if len(points) < 2:
            continue
        coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        tip = f"{type_id}'s best path: {' > '.join(path['nodes'])}"
        out.append(
            f'<polyline class="attack-path" data-type="{escape(type_id)}" '
            f'data-nodes="{escape(" ".join(path["nodes"]))}" points="{coords}" fill="none" '
            f'stroke="#c0392b" stroke-width="2" stroke-dasharray="6 4"><title>{escape(tip)}'
            "</title></polyline>"
        )
    return out
