"""The plan on a map, as a self-contained SVG drawn from shipped geography.

Projection: equirectangular with the longitude scaled by ``cos(mid latitude)``,
``x = (lon - lon_min) cos(phi_0) s``, ``y = (lat_max - lat) s``: exact enough at
the scale of a city or a stretch of coast. One map shows one slot (a night, a
session) of a slotted plan, the whole plan otherwise; every slot's map uses the
same frame, so maps of successive nights can be compared. Marks are drawn by
:mod:`entente.report.mapmarks`, names placed by :mod:`entente.report.maplabels`.

Where names cannot all be placed (central Paris: ten venues within a few
kilometres), the crowded area is drawn again, enlarged, in an inset below the
map, and framed on the map. The legend sits under the map and inset, inside
the drawing. Ids inside the SVG are prefixed (``id_prefix``), so several maps
can share one page.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from html import escape

from entente._exceptions import InputError
from entente.report import mapmarks
from entente.report.basemap import Basemap, BBox, basemaps_for
from entente.report.colours import coverage_colour, resource_colour
from entente.report.maplabels import FONT_SIZE, Candidate, Label, place_labels, short_name
from entente.report.maproads import attack_paths, checkpoint_edges, node_places
from entente.report.plan_view import Barrier, PlanView, Route, TargetView, slot_of
from entente.report.slot_maps import Post, SlotMap, slot_ids, slot_map

__all__ = ["map_svg", "view_box"]

WIDTH = 800
_INSET_HEIGHT = (220.0, 420.0)
_INSET_MIN_ZOOM = 1.8
_CROWDED = 24.0


def view_box(targets: tuple[TargetView, ...], points: Iterable[tuple[float, float]] = ()) -> BBox:
    """Targets' (and ``(lon, lat)`` points') extent plus a margin, widened to landscape-ish."""
    extra = list(points)
    lons = [t.lon for t in targets if t.lon is not None] + [p[0] for p in extra]
    lats = [t.lat for t in targets if t.lat is not None] + [p[1] for p in extra]
    lon_min, lon_max, lat_min, lat_max = min(lons), max(lons), min(lats), max(lats)
    k = math.cos(math.radians((lat_min + lat_max) / 2))
    margin = max((lon_max - lon_min) * k, lat_max - lat_min, 0.02) * 0.12
    lon_min, lon_max = lon_min - margin / k, lon_max + margin / k
    lat_min, lat_max = lat_min - margin, lat_max + margin
    return _aspect((lon_min, lat_min, lon_max, lat_max), low=0.6, high=1.25)


def _aspect(box: BBox, *, low: float, high: float) -> BBox:
    """``box`` widened or heightened about its centre so height / width lies in [low, high]."""
    lon_min, lat_min, lon_max, lat_max = box
    k = math.cos(math.radians((lat_min + lat_max) / 2))
    width, height = (lon_max - lon_min) * k, lat_max - lat_min
    if height > high * width:
        extra = (height / high - width) / (2 * k)
        lon_min, lon_max = lon_min - extra, lon_max + extra
    elif height < low * width:
        extra = (low * width - height) / 2
        lat_min, lat_max = lat_min - extra, lat_max + extra
    return lon_min, lat_min, lon_max, lat_max


class _Projection:
    def __init__(self, box: BBox, width: float, top: float = 0.0) -> None:
        self.box = box
        self.lon_min, self.lat_min, self.lon_max, self.lat_max = box
        self.k = math.cos(math.radians((self.lat_min + self.lat_max) / 2))
        self.scale = width / ((self.lon_max - self.lon_min) * self.k)
        self.width = width
        self.top = top
        self.height = (self.lat_max - self.lat_min) * self.scale

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        x = (lon - self.lon_min) * self.k * self.scale
        return x, self.top + (self.lat_max - lat) * self.scale

    def contains(self, lon: float, lat: float) -> bool:
        return self.lon_min <= lon <= self.lon_max and self.lat_min <= lat <= self.lat_max


def map_svg(
    view: PlanView,
    *,
    width: int = WIDTH,
    slot: str | None = None,
    routes: Sequence[Route] | None = None,
    barriers: Sequence[Barrier] | None = None,
    inset: bool = True,
    id_prefix: str | None = None,
    barriers_on_top: bool = True,
    posts: Sequence[Post] = (),
    roads: Mapping[str, float] | None = None,
) -> str | None:
    """The map of one slot or of an unslotted plan; None without coordinates.

    ``slot`` defaults to the slot of the first located target (the first slot
    of a whole plan; the one slot of a view cut down to it). ``routes`` and
    ``barriers`` replace the plan's (e.g. the routes of one drawn night);
    ``inset=False`` never adds the enlarged inset. Barriers are always drawn
    over the circles; ``barriers_on_top`` is accepted for callers written
    when that was optional. ``posts`` (one draw's guard teams) are marked
    by numbered diamonds at their sites. ``roads`` (a checkpoint game's
    draw: the roads held, probability 1) replace the plan's probabilities.
    """
    located = view.located
    if not located:
        return None
    slots = slot_ids(view)
    if slot is None and slots:
        slot = slot_of(located[0].id) or slots[0]
    if slot is not None and slot not in slots:
        known = ", ".join(slots) or "none"
        raise InputError(f"unknown slot {slot!r} (the plan's slots: {known})")
    content = slot_map(view, slot, routes=routes, barriers=barriers, posts=posts)
    points = [(b.lon, b.lat) for b in content.bases] + list(node_places(view).values())
    project = _Projection(view_box(located, points), width)
    prefix = id_prefix or f"map-{slot or 'plan'}"
    return _Drawing(view, content, project, prefix, roads).svg(inset)


class _Drawing:
    """One map: main panel, optional inset, legend."""

    def __init__(
        self,
        view: PlanView,
        content: SlotMap,
        project: _Projection,
        prefix: str,
        roads: Mapping[str, float] | None = None,
    ) -> None:
        self.view = view
        self.drawn_roads = roads is not None
        self.held = view.document.get("checkpoints") or {} if roads is None else roads
        self.content = content
        self.project = project
        self.prefix = prefix
        self.largest = max(t.value for t in view.located)
        self.resources = [r["id"] for r in view.scenario.document["resources"]]
        self.maps = basemaps_for(project.box)
        self.unlabelled: list[str] = []

    def svg(self, inset: bool) -> str:
        width, project = self.project.width, self.project
        labels, missing = self._labels(project, self.content.targets)
        zoom = self._inset() if inset and missing else None
        parts = [
            f'<g class="main" clip-path="url(#{self.prefix}-main-clip)">'
            f'<rect class="sea" width="{width}" height="{project.height:.1f}" fill="#dfeaf2"/>'
        ]
        if zoom is None:
            self.unlabelled = missing
            parts += [*self._panel(project, labels), "</g>"]
            bottom = project.height
        else:
            outside = tuple(t for t in self.content.targets if not zoom.contains(t.lon, t.lat))  # type: ignore[arg-type]
            frame = self._frame(zoom)
            labels, missing = self._labels(project, outside, blocked=[frame])
            parts += [*self._panel(project, labels), self._frame_mark(frame), "</g>"]
            parts += self._inset_panel(zoom)
            bottom = zoom.top + zoom.height
            self.unlabelled = missing + self.unlabelled
        legend, legend_height = self._legend(bottom + 10)
        height = bottom + 10 + legend_height
        return "\n".join(
            [
                f'<svg xmlns="http://www.w3.org/2000/svg" class="plan-map" role="img" '
                f'data-slot="{escape(self.content.slot or "")}" '
                f'viewBox="0 0 {width} {height:.0f}" width="{width}" height="{height:.0f}" '
                f'data-bbox="{",".join(f"{v:.5f}" for v in project.box)}">',
                f"<title>Map of {escape(self.view.scenario.name)}"
                f"{': ' + escape(self.content.name) if self.content.slot else ''}: "
                "targets coloured by coverage</title>",
                self._defs(),
                *parts,
                legend,
                "</svg>",
            ]
        )

    def _defs(self) -> str:
        stops = "".join(
            f'<stop offset="{v:.2f}" stop-color="{coverage_colour(v)}"/>'
            for v in (0.0, 0.25, 0.5, 0.75, 1.0)
        )
        return (
            f'<defs><linearGradient id="{self.prefix}-coverage-scale">{stops}</linearGradient>'
            f'<clipPath id="{self.prefix}-main-clip"><rect width="{self.project.width}" '
            f'height="{self.project.height:.1f}"/></clipPath></defs>'
        )

    def _candidates(self, project: _Projection, shown: tuple[TargetView, ...]) -> list[Candidate]:
        order = sorted(shown, key=lambda t: (not t.attacked_by, -t.value))
        return [
            Candidate(
                t.id,
                short_name(t.name),
                *project(t.lon, t.lat),  # type: ignore[arg-type]
                self._reach(t),
            )
            for t in order
        ]

    def _reach(self, target: TargetView) -> float:
        """How far a target's marks reach from its centre: its circle, or its barrier's square."""
        r = mapmarks.radius(target.value, self.largest)
        barred = any(b.target == target.id for b in self.content.barriers)
        return r + mapmarks.BARRIER_MARGIN * math.sqrt(2) + 2.0 if barred else r

    def _labels(
        self, project: _Projection, shown: tuple[TargetView, ...], blocked: Sequence[BBox] = ()
    ) -> tuple[list[Label], list[str]]:
        circles = [
            (*project(t.lon, t.lat), self._reach(t))  # type: ignore[arg-type]
            for t in self.content.targets
            if project.contains(t.lon, t.lat)  # type: ignore[arg-type]
        ]
        area = (2.0, project.top + 2.0, project.width - 2.0, project.top + project.height - 2.0)
        return place_labels(self._candidates(project, shown), circles, area, blocked)

    def _panel(self, project: _Projection, labels: list[Label], css: str = "target") -> list[str]:
        content = self.content
        shown = tuple(t for t in content.targets if project.contains(t.lon, t.lat))  # type: ignore[arg-type]
        return [
            *(_basemap(m, project) for m in self.maps),
            *checkpoint_edges(self.view, project, self.held),
            *attack_paths(self.view, project),
            *mapmarks.routes(content, project, self.resources),
            *mapmarks.targets(shown, project, self.largest, css),
            *mapmarks.bases(content, project),
            *mapmarks.barriers(content, project, self.largest),
            *mapmarks.posts(content, project, self.resources),
            *(_label(label) for label in labels),
        ]

    def _crowded(self) -> list[TargetView]:
        """The largest group of targets chained by neighbours closer than ``_CROWDED`` px."""
        shown = [t for t in self.content.targets]
        points = [self.project(t.lon, t.lat) for t in shown]  # type: ignore[arg-type]
        group = list(range(len(shown)))

        def root(i: int) -> int:
            while group[i] != i:
                i = group[i]
            return i

        for i, j in itertools.combinations(range(len(shown)), 2):
            if math.dist(points[i], points[j]) < _CROWDED:
                group[root(i)] = root(j)
        members: dict[int, list[TargetView]] = {}
        for i, target in enumerate(shown):
            members.setdefault(root(i), []).append(target)
        return max(members.values(), key=len) if members else []

    def _inset(self) -> _Projection | None:
        """An enlarged frame around the most crowded group of targets, or None if not worth it."""
        crowded = self._crowded()
        if len(crowded) < 3:
            return None
        lons = [float(t.lon) for t in crowded if t.lon is not None]
        lats = [float(t.lat) for t in crowded if t.lat is not None]
        k = self.project.k
        span = max((max(lons) - min(lons)) * k, max(lats) - min(lats), 0.004)
        margin = span * 0.12 + 6 / self.project.scale
        box = (
            min(lons) - margin / k,
            min(lats) - margin,
            max(lons) + margin / k,
            max(lats) + margin,
        )
        low, high = (h / self.project.width for h in _INSET_HEIGHT)
        box = _aspect(box, low=low, high=high)
        zoom = _Projection(box, self.project.width, top=self.project.height + 24)
        if zoom.scale < _INSET_MIN_ZOOM * self.project.scale:
            return None
        return zoom

    def _frame(self, zoom: _Projection) -> BBox:
        x0, y0 = self.project(zoom.lon_min, zoom.lat_max)
        x1, y1 = self.project(zoom.lon_max, zoom.lat_min)
        return x0, y0, x1, y1

    def _frame_mark(self, frame: BBox) -> str:
        x0, y0, x1, y1 = frame
        return (
            f'<rect class="inset-frame" x="{x0:.1f}" y="{y0:.1f}" width="{x1 - x0:.1f}" '
            f'height="{y1 - y0:.1f}" fill="none" stroke="#333" stroke-width="1" '
            'stroke-dasharray="4 2"><title>enlarged in the inset below</title></rect>'
        )

    def _inset_panel(self, zoom: _Projection) -> list[str]:
        shown = tuple(t for t in self.content.targets if zoom.contains(t.lon, t.lat))  # type: ignore[arg-type]
        labels, self.unlabelled = self._labels(zoom, shown)
        times = zoom.scale / self.project.scale
        top, width, height = zoom.top, zoom.width, zoom.height
        clip = f"{self.prefix}-inset-clip"
        return [
            f'<clipPath id="{clip}"><rect y="{top:.1f}" width="{width}" height="{height:.1f}"/>'
            "</clipPath>",
            f'<text class="inset-title" x="4" y="{top - 7:.1f}" font-family="sans-serif" '
            f'font-size="{FONT_SIZE}" font-weight="bold" fill="#222">Inset: the dashed frame, '
            f"enlarged {times:.1f}×</text>",
            f'<g class="inset" data-zoom="{times:.3f}" clip-path="url(#{clip})">'
            f'<rect class="sea" y="{top:.1f}" width="{width}" height="{height:.1f}" '
            'fill="#dfeaf2"/>',
            *self._panel(zoom, labels, "target-inset"),
            "</g>",
            f'<rect class="inset-border" y="{top:.1f}" width="{width}" height="{height:.1f}" '
            'fill="none" stroke="#333" stroke-width="1"/>',
        ]

    def _legend(self, top: float) -> tuple[str, float]:
        lines = ["Circles: targets; area ∝ value; colour: coverage; thick black ring: attacked."]
        lines += self._keys()
        rows = [
            f'<text x="190" y="{top + 11 + 14 * i:.0f}">{escape(line)}</text>'
            for i, line in enumerate(lines)
        ]
        y = top + 14 * len(lines) + 8
        swatches, y = self._swatches(y)
        notes = []
        if self.unlabelled:
            notes.append(f"{len(self.unlabelled)} target(s) too crowded to name: see the tables.")
        credit = [m.attribution for m in self.maps] or ["no shipped basemap covers this area"]
        notes += [f"Map data: {c}" for c in credit]
        for note in notes:
            y += 12
            rows.append(
                f'<text class="attribution" x="10" y="{y:.0f}" font-size="9" fill="#555">'
                f"{escape(note)}</text>"
            )
        return (
            f'<g class="legend" font-family="sans-serif" font-size="10.5" fill="#222">'
            f'<rect x="10" y="{top + 2:.0f}" width="160" height="12" '
            f'fill="url(#{self.prefix}-coverage-scale)" stroke="#555" stroke-width="0.5"/>'
            f'<text x="10" y="{top + 28:.0f}">0</text>'
            f'<text x="170" y="{top + 28:.0f}" text-anchor="end">1</text>'
            f'<text x="90" y="{top + 28:.0f}" text-anchor="middle">coverage</text>'
            + "".join(rows)
            + swatches
            + "</g>",
            y + 6 - top,
        )

    def _keys(self) -> list[str]:
        """One line per kind of mark this map draws (a key for marks it lacks only misleads)."""
        content, document = self.content, self.view.scenario.document
        keys = []
        if content.routes:
            keys += [
                "Lines: patrol routes from their base (▲); arrows show the flying order;",
                "line width grows with the expected number of units flying the route.",
            ]
        if content.barriers:
            keys.append("Black squares: barriers (dashed: not in every deployment).")
        if content.posts:
            keys.append("Numbered diamonds: where each unit without a route stands (its number).")
        if document.get("network", {}).get("edges"):
            held = "drawn for a checkpoint" if self.drawn_roads else "by checkpoint probability"
            keys += [
                f"Roads in colour: {held} (width grows with it; grey: none);",
                "red dashes: the road each attacker type judges safest.",
            ]
        return keys

    def _swatches(self, y: float) -> tuple[str, float]:
        """A colour key for the patrol resources whose routes this map draws, and posted units'."""
        routed = list(dict.fromkeys(r.resource for r in self.content.routes))
        posted = list(dict.fromkeys(p.resource for p in self.content.posts))
        drawn = [*((r, False) for r in routed), *((r, True) for r in posted)]
        out, x = [], 10.0
        y += 4
        for resource, post in drawn:
            width = 22 + 6.4 * len(resource)
            if x + width > self.project.width - 10:
                x, y = 10.0, y + 15
            colour = resource_colour(self.resources.index(resource))
            mark = (
                f'<path class="swatch-post" d="{mapmarks.diamond(x + 8, y, 6)}" fill="{colour}"/>'
                if post
                else f'<line class="swatch" x1="{x:.0f}" y1="{y:.0f}" x2="{x + 16:.0f}" '
                f'y2="{y:.0f}" stroke="{colour}" stroke-width="4"/>'
            )
            out.append(f'{mark}<text x="{x + 20:.0f}" y="{y + 4:.0f}">{escape(resource)}</text>')
            x += width + 12
        return "".join(out), (y + 6 if drawn else y - 4)


def _label(label: Label) -> str:
    leader = ""
    if label.leader is not None:
        x0, y0, x1, y1 = label.leader
        leader = (
            f'<line class="leader" x1="{x0:.1f}" y1="{y0:.1f}" x2="{x1:.1f}" y2="{y1:.1f}" '
            'stroke="#444" stroke-width="0.8"/>'
        )
    return (
        f'{leader}<text class="label" data-target="{escape(label.key)}" x="{label.x:.1f}" '
        f'y="{label.y:.1f}" text-anchor="{label.anchor}" font-size="{FONT_SIZE}" '
        'font-family="sans-serif" fill="#111" '
        f'stroke="#fff" stroke-width="3" paint-order="stroke">{escape(label.text)}</text>'
    )


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
