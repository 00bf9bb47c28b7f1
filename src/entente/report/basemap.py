"""The maps shipped with entente (``geodata/``), chosen by where the targets are.

Each file holds WGS84 ``[lon, lat]`` rings in layers (``land``, ``district``,
``city``) and its bounding box; ``geodata/NOTICE.md`` gives sources and
licences. Nothing is fetched at run time.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

import orjson

__all__ = ["Basemap", "Layer", "basemaps", "basemaps_for"]

BBox = tuple[float, float, float, float]
"""``(lon_min, lat_min, lon_max, lat_max)``."""


@dataclass(frozen=True)
class Layer:
    kind: str
    name: str
    rings: tuple[tuple[tuple[float, float], ...], ...]


@dataclass(frozen=True)
class Basemap:
    name: str
    attribution: str
    bbox: BBox
    layers: tuple[Layer, ...]


@functools.cache
def basemaps() -> tuple[Basemap, ...]:
    """Every shipped basemap, read once."""
    folder = resources.files("entente.report") / "geodata"
    maps = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".json"):
            continue
        raw = orjson.loads(entry.read_bytes())
        layers = tuple(
            Layer(
                kind=layer["kind"],
                name=layer["name"],
                rings=tuple(tuple((x, y) for x, y in ring) for ring in layer["rings"]),
            )
            for layer in raw["layers"]
        )
        maps.append(Basemap(raw["name"], raw["attribution"], tuple(raw["bbox"]), layers))
    return tuple(maps)


def _overlap(a: BBox, b: BBox) -> float:
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return max(width, 0.0) * max(height, 0.0)


def basemaps_for(view: BBox) -> tuple[Basemap, ...]:
    """The shipped basemaps that cover part of ``view``, largest overlap first."""
    scored = [(m, _overlap(m.bbox, view)) for m in basemaps()]
    return tuple(m for m, area in sorted(scored, key=lambda s: -s[1]) if area > 0)
