"""The marks of one map panel: routes with arrows, bases, target circles, barriers.

Drawing order is what a reader sees on top: routes first, then target
circles, bases (a base may share a site), then barriers (a black square
around the circle, over a white halo, so a barrier is never hidden by the
circle it protects), then posts (a diamond in the resource's colour with
the unit's number at the site's centre, one per unit standing there in a
drawn deployment), labels last.
Every mark carries ``data-*`` attributes with the numbers it shows, and a
``<title>`` tooltip.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from html import escape

from entente.report.colours import coverage_colour, resource_colour
from entente.report.plan_view import Route, TargetView
from entente.report.slot_maps import SlotMap

__all__ = [
    "BARRIER_MARGIN",
    "RADIUS",
    "Project",
    "barriers",
    "bases",
    "diamond",
    "posts",
    "radius",
    "routes",
    "targets",
]

RADIUS = (4.0, 16.0)
BARRIER_MARGIN = 4.0
"""A barrier's square reaches this far beyond its site's circle."""
Project = Callable[[float, float], tuple[float, float]]
"""``(lon, lat) -> (x, y)`` in the panel's drawing units."""


def radius(value: float, largest: float) -> float:
    """Circle radius: area proportional to the target's value."""
    low, high = RADIUS
    return low + (high - low) * math.sqrt(max(value, 0.0) / largest) if largest > 0 else low


def _arrow(a: tuple[float, float], b: tuple[float, float], size: float, colour: str) -> str:
    """A filled arrowhead at the middle of the leg from ``a`` to ``b``, pointing to ``b``."""
    length = math.hypot(b[0] - a[0], b[1] - a[1])
    if length < 3 * size:
        return ""
    ux, uy = (b[0] - a[0]) / length, (b[1] - a[1]) / length
    mx, my = (a[0] + b[0]) / 2 + ux * size / 2, (a[1] + b[1]) / 2 + uy * size / 2
    left = (mx - ux * size - uy * size * 0.6, my - uy * size + ux * size * 0.6)
    right = (mx - ux * size + uy * size * 0.6, my - uy * size - ux * size * 0.6)
    return (
        f'<path class="route-arrow" d="M{mx:.1f},{my:.1f}L{left[0]:.1f},{left[1]:.1f}'
        f'L{right[0]:.1f},{right[1]:.1f}Z" fill="{colour}"/>'
    )


def routes(content: SlotMap, project: Project, resources: list[str]) -> list[str]:
    """Each route from its base through its sites in flying order and back, arrows on each leg."""
    where = {t.id: t for t in content.targets}
    base_of = {b.resource: b for b in content.bases}
    out = []
    for route in content.routes:
        points = [project(where[t].lon, where[t].lat) for t in route.targets if t in where]  # type: ignore[arg-type]
        if not points:
            continue
        base = base_of.get(route.resource)
        if base is not None:
            home = project(base.lon, base.lat)
            points = [home, *points, home]
        colour = resource_colour(resources.index(route.resource))
        stroke = 1.0 + 4.0 * min(route.expected_units, 1.0)
        coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        arrows = "".join(_arrow(a, b, 3.0 + stroke, colour) for a, b in itertools.pairwise(points))
        out.append(
            '<g class="route-group">'
            f'<polyline class="route" data-resource="{escape(route.resource)}" '
            f'data-slot="{escape(route.slot or "")}" '
            f'data-targets="{escape(" ".join(route.targets))}" '
            f'data-expected-units="{route.expected_units:.6f}" points="{coords}" fill="none" '
            f'stroke="{colour}" stroke-width="{stroke:.2f}" stroke-opacity="0.75" '
            f'stroke-linejoin="round" stroke-linecap="round"><title>{escape(_tip(route, content))}'
            f"</title></polyline>{arrows}</g>"
        )
    return out


def _tip(route: Route, content: SlotMap) -> str:
    names = {t.id: t.name for t in content.targets}
    stops = [names.get(t, t) for t in route.targets]
    base = next((b.name for b in content.bases if b.resource == route.resource), None)
    if base is not None:
        stops = [base, *stops, base]
    return f"{route.resource}: {' → '.join(stops)} ({route.expected_units:.3f} units expected)"


def bases(content: SlotMap, project: Project) -> list[str]:
    """A small dark triangle at each patrol base."""
    out = []
    seen: set[str] = set()
    for base in content.bases:
        if base.name in seen:
            continue
        seen.add(base.name)
        x, y = project(base.lon, base.lat)
        users = ", ".join(b.resource for b in content.bases if b.name == base.name)
        out.append(
            f'<path class="base" data-base="{escape(base.name)}" '
            f'd="M{x:.1f},{y - 6:.1f}L{x + 5.5:.1f},{y + 4:.1f}L{x - 5.5:.1f},{y + 4:.1f}Z" '
            f'fill="#333" stroke="#fff" stroke-width="1"><title>base: {escape(base.name)} '
            f"({escape(users)})</title></path>"
        )
    return out


def targets(
    located: tuple[TargetView, ...], project: Project, largest: float, css: str = "target"
) -> list[str]:
    """Circles coloured by coverage, area by value; small ones drawn last (on top).

    ``css`` is the circles' class: ``target`` on the map, ``target-inset`` in an
    inset, so that each target has exactly one ``circle.target``.
    """
    out = []
    for t in sorted(located, key=lambda t: -t.value):
        x, y = project(t.lon, t.lat)  # type: ignore[arg-type]
        r = radius(t.value, largest)
        attacked = f"; attacked by {', '.join(t.attacked_by)}" if t.attacked_by else ""
        tip = f"{t.name}: coverage {t.coverage:.3f}, value {t.value:.3g}{attacked}"
        ring = (
            'stroke="#000" stroke-width="2.5"'
            if t.attacked_by
            else 'stroke="#333" stroke-width="0.8"'
        )
        out.append(
            f'<circle class="{css}" data-target="{escape(t.id)}" '
            f'data-coverage="{t.coverage:.6f}" data-value="{t.value:.6g}" '
            f'data-attacked-by="{escape(" ".join(t.attacked_by))}" cx="{x:.1f}" cy="{y:.1f}" '
            f'r="{r:.2f}" fill="{coverage_colour(t.coverage)}" fill-opacity="0.9" {ring}>'
            f"<title>{escape(tip)}</title></circle>"
        )
    return out


def barriers(content: SlotMap, project: Project, largest: float) -> list[str]:
    """A black square around each barrier site's circle, over a white halo: drawn after circles."""
    where = {t.id: t for t in content.targets}
    out = []
    for barrier in content.barriers:
        target = where.get(barrier.target)
        if target is None:
            continue
        x, y = project(target.lon, target.lat)  # type: ignore[arg-type]
        half = radius(target.value, largest) + BARRIER_MARGIN
        label = (
            f"barrier ({barrier.resource}) at {target.name}: probability {barrier.probability:.3f}"
        )
        geometry = (
            f'x="{x - half:.1f}" y="{y - half:.1f}" width="{2 * half:.1f}" height="{2 * half:.1f}"'
        )
        dashed = ' stroke-dasharray="5 3"' if barrier.probability < 0.999 else ""
        out.append(
            f'<rect class="barrier-halo" {geometry} fill="none" stroke="#fff" stroke-width="5"/>'
            f'<rect class="barrier" data-resource="{escape(barrier.resource)}" '
            f'data-target="{escape(barrier.target)}" data-probability="{barrier.probability:.6f}" '
            f'{geometry} fill="none" stroke="#111" stroke-width="2.5"{dashed}>'
            f"<title>{escape(label)}</title></rect>"
        )
    return out


def diamond(x: float, y: float, half: float) -> str:
    """The path of a diamond centred on ``(x, y)``."""
    top, right = f"{x:.1f},{y - half:.1f}", f"{x + half:.1f},{y:.1f}"
    bottom, left = f"{x:.1f},{y + half:.1f}", f"{x - half:.1f},{y:.1f}"
    return f"M{top}L{right}L{bottom}L{left}Z"


POST_HALF = 8.0
"""Half the width of a post's diamond (one digit; each further digit adds 3)."""


def posts(content: SlotMap, project: Project, resources: list[str]) -> list[str]:
    """A numbered diamond per unit posted at a site; several units side by side, centred."""
    where = {t.id: t for t in content.targets}
    at: dict[str, list[tuple[str, int]]] = {}
    for post in content.posts:
        at.setdefault(post.target, []).append((post.resource, post.unit))
    out = []
    for target_id, units in at.items():
        target = where.get(target_id)
        if target is None:
            continue
        x0, y = project(target.lon, target.lat)  # type: ignore[arg-type]
        halves = [POST_HALF + 3.0 * (len(str(unit)) - 1) for _, unit in units]
        x = x0 - (sum(halves) + 0.5 * (len(units) - 1)) + halves[0]
        for k, (resource, unit) in enumerate(units):
            if k:
                x += halves[k - 1] + halves[k] + 1
            half = halves[k]
            colour = resource_colour(resources.index(resource))
            out.append(
                f'<g class="post" data-resource="{escape(resource)}" data-unit="{unit}" '
                f'data-target="{escape(target_id)}">'
                f'<path d="{diamond(x, y, half)}" fill="{colour}" stroke="#fff" '
                f'stroke-width="1.5"/><text x="{x:.1f}" y="{y + 3.4:.1f}" text-anchor="middle" '
                f'font-family="sans-serif" font-size="9.5" font-weight="700" fill="#fff">{unit}'
                f"</text><title>{escape(f'{resource} {unit}: posted at {target.name}')}</title></g>"
            )
    return out
