"""The plan on a map, as a self-contained SVG drawn from shipped geography.

Projection: equirectangular with the longitude scaled by ``cos(mid latitude)``,
``x = (lon - lon_min) cos(phi_0) s``, ``y = (lat_max - lat) s``: exact enough at
the scale of a city or a stretch of coast. Targets are circles coloured by
coverage (:mod:`entente.report.colours`) with area proportional to their value;
patrol routes are polylines whose width grows with the expected number of units
flying them; barriers are squares at their sites. Each drawn element carries
``data-*`` attributes with the numbers it shows, and a ``<title>`` tooltip.
"""

from __future__ import annotations

import math
from html import escape

from entente.report.basemap import Basemap, BBox, basemaps_for
from entente.report.colours import coverage_colour, resource_colour
from entente.report.plan_view import PlanView, TargetView

__all__ = ["map_svg", "view_box"]

WIDTH = 800
_LEGEND_HEIGHT = 56
_RADIUS = (4.0, 16.0)
_LABELS = 8


def view_box(targets: tuple[TargetView, ...]) -> BBox:
    """Targets' extent plus a margin, widened to a landscape-ish aspect."""
    lons = [t.lon for t in targets if t.lon is not None]
    lats = [t.lat for t in targets if t.lat is not None]
    lon_min, lon_max, lat_min, lat_max = min(lons), max(lons), min(lats), max(lats)
    k = math.cos(math.radians((lat_min + lat_max) / 2))
    margin = max((lon_max - lon_min) * k, lat_max - lat_min, 0.02) * 0.12
    lon_min, lon_max = lon_min - margin / k, lon_max + margin / k
    lat_min, lat_max = lat_min - margin, lat_max + margin
    width, height = (lon_max - lon_min) * k, lat_max - lat_min
    if height > width:  # portrait: widen
        extra = (height - width) / (2 * k)
        lon_min, lon_max = lon_min - extra, lon_max + extra
    elif height < 0.6 * width:  # a thin strip: heighten
        extra = (0.6 * width - height) / 2
        lat_min, lat_max = lat_min - extra, lat_max + extra
    return lon_min, lat_min, lon_max, lat_max


class _Projection:
    def __init__(self, box: BBox, width: float) -> None:
        self.lon_min, self.lat_min, self.lon_max, self.lat_max = box
        self.k = math.cos(math.radians((self.lat_min + self.lat_max) / 2))
        self.scale = width / ((self.lon_max - self.lon_min) * self.k)
        self.width = width
        self.height = (self.lat_max - self.lat_min) * self.scale

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return (lon - self.lon_min) * self.k * self.scale, (self.lat_max - lat) * self.scale


def map_svg(view: PlanView, *, width: int = WIDTH) -> str | None:
    """The map of ``view``'s located targets, or None when no target has coordinates."""
    located = view.located
    if not located:
        return None
    box = view_box(located + _road_nodes(view))
    project = _Projection(box, width)
    maps = basemaps_for(box)
    height = project.height + _LEGEND_HEIGHT
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="plan-map" role="img" '
        f'viewBox="0 0 {width} {height:.0f}" width="{width}" height="{height:.0f}" '
        f'data-bbox="{",".join(f"{v:.5f}" for v in box)}">',
        f"<title>Map of {escape(view.scenario.name)}: targets coloured by coverage</title>",
        _defs(),
        f'<rect class="sea" width="{width}" height="{project.height:.1f}" fill="#dfeaf2"/>',
        *(_basemap(m, project) for m in maps),
        *_checkpoint_edges(view, project),
        *_attack_paths(view, project),
        *_routes(view, project),
        *_barriers(view, project),
        *_targets(located, project),
        _legend(project, maps),
        "</svg>",
    ]
    return "\n".join(p for p in parts if p)


def _defs() -> str:
    stops = "".join(
        f'<stop offset="{v:.2f}" stop-color="{coverage_colour(v)}"/>'
        for v in (0.0, 0.25, 0.5, 0.75, 1.0)
    )
    return f'<defs><linearGradient id="coverage-scale">{stops}</linearGradient></defs>'


def _path(ring: tuple[tuple[float, float], ...], project: _Projection) -> str:
    points = [project(lon, lat) for lon, lat in ring]
    return "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in points) + "Z"


_STYLE = {
    "land": 'fill="#f4f1ea" stroke="#9c9484" stroke-width="0.8"',
    "district": 'fill="#f4f1ea" stroke="#b9b2a3" stroke-width="0.6"',
    "city": 'fill="#ebe6dc" stroke="#6f6757" stroke-width="1.4"',
}


def _basemap(basemap: Basemap, project: _Projection) -> str:
    groups = []
    for layer in basemap.layers:
        d = "".join(_path(ring, project) for ring in layer.rings)
        groups.append(
            f'<path class="basemap-{layer.kind}" d="{d}" {_STYLE.get(layer.kind, _STYLE["land"])}>'
            f"<title>{escape(layer.name)}</title></path>"
        )
    return f'<g class="basemap" data-basemap="{escape(basemap.name)}">' + "".join(groups) + "</g>"


def _where(view: PlanView) -> dict[str, TargetView]:
    return {t.id: t for t in view.located}


def _routes(view: PlanView, project: _Projection) -> list[str]:
    where = _where(view)
    resources = [r["id"] for r in view.scenario.document["resources"]]
    out = []
    for route in view.routes:
        points = [project(where[t].lon, where[t].lat) for t in route.targets if t in where]  # type: ignore[arg-type]
        if not points:
            continue
        colour = resource_colour(resources.index(route.resource))
        stroke = 1.0 + 5.0 * min(route.expected_units, 1.0)
        coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        label = f"{route.resource}: {' → '.join(route.targets)} ({route.expected_units:.3f} units)"
        out.append(
            f'<polyline class="route" data-resource="{escape(route.resource)}" '
            f'data-targets="{escape(" ".join(route.targets))}" '
            f'data-expected-units="{route.expected_units:.6f}" points="{coords}" fill="none" '
            f'stroke="{colour}" stroke-width="{stroke:.2f}" stroke-opacity="0.7" '
            f'stroke-linejoin="round" stroke-linecap="round"><title>{escape(label)}</title>'
            "</polyline>"
        )
    return out


def _barriers(view: PlanView, project: _Projection) -> list[str]:
    where = _where(view)
    out = []
    for barrier in view.barriers:
        target = where.get(barrier.target)
        if target is None:
            continue
        x, y = project(target.lon, target.lat)  # type: ignore[arg-type]
        label = f"{barrier.resource} at {target.name} (probability {barrier.probability:.3f})"
        out.append(
            f'<rect class="barrier" data-resource="{escape(barrier.resource)}" '
            f'data-target="{escape(barrier.target)}" data-probability="{barrier.probability:.6f}" '
            f'x="{x - 7:.1f}" y="{y - 7:.1f}" width="14" height="14" fill="none" '
            f'stroke="#222" stroke-width="3"><title>{escape(label)}</title></rect>'
        )
    return out


def _radius(value: float, largest: float) -> float:
    low, high = _RADIUS
    return low + (high - low) * math.sqrt(max(value, 0.0) / largest) if largest > 0 else low


def _targets(located: tuple[TargetView, ...], project: _Projection) -> list[str]:
    largest = max(t.value for t in located)
    out = []
    for t in sorted(located, key=lambda t: -t.value):  # small circles drawn on top
        x, y = project(t.lon, t.lat)  # type: ignore[arg-type]
        r = _radius(t.value, largest)
        attacked = f"; attacked by {', '.join(t.attacked_by)}" if t.attacked_by else ""
        tip = f"{t.name}: coverage {t.coverage:.3f}, value {t.value:.3g}{attacked}"
        ring = (
            'stroke="#000" stroke-width="2.5"'
            if t.attacked_by
            else 'stroke="#333" stroke-width="0.8"'
        )
        out.append(
            f'<circle class="target" data-target="{escape(t.id)}" '
            f'data-coverage="{t.coverage:.6f}" data-value="{t.value:.6g}" '
            f'data-attacked-by="{escape(" ".join(t.attacked_by))}" cx="{x:.1f}" cy="{y:.1f}" '
            f'r="{r:.2f}" fill="{coverage_colour(t.coverage)}" fill-opacity="0.9" {ring}>'
            f"<title>{escape(tip)}</title></circle>"
        )
    return out + _labels(located, project, largest)


def _labels(located: tuple[TargetView, ...], project: _Projection, largest: float) -> list[str]:
    """Names of attacked targets, then the most valuable, skipping any that would overlap."""
    order = sorted(located, key=lambda t: (not t.attacked_by, -t.value))
    placed: list[tuple[float, float, float, float]] = []
    out = []
    for t in order:
        if len(placed) >= _LABELS and not t.attacked_by:
            break
        x, y = project(t.lon, t.lat)  # type: ignore[arg-type]
        r = _radius(t.value, largest)
        width = 6.2 * len(t.name)
        left = x + r + 2 if x + r + 2 + width <= project.width else x - r - 2 - width
        if left < 0:
            continue
        box = (left, y - 8, left + width, y + 6)
        if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed):
            continue
        placed.append(box)
        out.append(
            f'<text class="label" x="{left:.1f}" y="{y + 4:.1f}" font-size="11" '
            f'font-family="sans-serif" fill="#111" stroke="#fff" stroke-width="3" '
            f'paint-order="stroke">{escape(t.name)}</text>'
        )
    return out


def _node_places(view: PlanView) -> dict[str, tuple[float, float]]:
    """Checkpoint games: node id -> (lon, lat), for nodes with coordinates."""
    nodes = view.scenario.document.get("network", {}).get("nodes", [])
    return {n["id"]: (n["lon"], n["lat"]) for n in nodes if "lat" in n and "lon" in n}


def _road_nodes(view: PlanView) -> tuple[TargetView, ...]:
    """The located road nodes, as points the view box must hold."""
    return tuple(
        TargetView(node, node, lat, lon, 0.0, 0.0, 0.0, {}, ())
        for node, (lon, lat) in _node_places(view).items()
    )


def _checkpoint_edges(view: PlanView, project: _Projection) -> list[str]:
    """Roads as lines coloured by the probability that a checkpoint stands there."""
    where = _node_places(view)
    held = view.document.get("checkpoints") or {}
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


def _attack_paths(view: PlanView, project: _Projection) -> list[str]:
    """Each attacker type's best path, dashed, over the roads."""
    where = _node_places(view)
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


def _legend(project: _Projection, maps: tuple[Basemap, ...]) -> str:
    top = project.height + 10
    credit = "; ".join(m.attribution for m in maps) or "no shipped basemap covers this area"
    return (
        f'<g class="legend" font-family="sans-serif" font-size="11" fill="#222">'
        f'<rect x="10" y="{top:.0f}" width="160" height="12" fill="url(#coverage-scale)" '
        f'stroke="#555" stroke-width="0.5"/>'
        f'<text x="10" y="{top + 26:.0f}">0</text>'
        f'<text x="170" y="{top + 26:.0f}" text-anchor="end">1</text>'
        f'<text x="90" y="{top + 26:.0f}" text-anchor="middle">coverage</text>'
        f'<text x="185" y="{top + 10:.0f}">circle area ∝ value; thick ring: attacked; '
        f"lines: patrol routes; squares: barriers</text>"
        f'<text class="attribution" x="185" y="{top + 26:.0f}" font-size="9" fill="#555">'
        f"Map data: {escape(credit)}</text></g>"
    )
