"""Rebuild the basemaps shipped in ``src/entente/report/geodata/`` (run by hand, rarely).

The report draws maps offline, so the geography ships with entente. This script
documents exactly where it comes from and how it was cut:

* ``channel-coast.json``: the eastern Channel from Normandy to Flanders and Kent.
  The French départements on the coast (Nord, Pas-de-Calais, Somme, Seine-Maritime
  and their neighbours) come from IGN ADMIN EXPRESS (Licence Ouverte / Etalab) as
  published by the france-geojson project of Grégoire David; the rest of the land
  (England, Belgium) is Natural Earth 1:10m land (public domain), as packaged in
  the npm registry package ``world-atlas`` 2.0.2 (``land-10m.json``, TopoJSON).
* ``ile-de-france.json``: the eight départements of Île-de-France, Paris first,
  from the same IGN / france-geojson source.

Usage (shapely is needed here only, not by entente)::

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python scripts/make_basemaps.py package/land-10m.json \
        regions/ile-de-france/departements-ile-de-france.geojson \
        regions/hauts-de-france/departements-hauts-de-france.geojson \
        departements-version-simplifiee.geojson
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from shapely.geometry import Polygon, box, mapping, shape
from shapely.ops import unary_union

OUT = Path(__file__).resolve().parent.parent / "src" / "entente" / "report" / "geodata"
CHANNEL_BOX = (-0.6, 49.3, 3.4, 51.6)  # lon_min, lat_min, lon_max, lat_max
DECIMALS = 4  # about 10 m: finer than any marker on the map


def _decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """TopoJSON arcs are delta-encoded integers under an affine transform."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _ring(arcs: list[list[tuple[float, float]]], indices: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def _topology_polygons(path: Path, name: str) -> list[Polygon]:
    topology = json.loads(path.read_text())
    arcs = _decode_arcs(topology)
    polygons = []
    for geometry in topology["objects"][name]["geometries"]:
        groups = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for rings in groups:
            outer, *holes = (_ring(arcs, r) for r in rings)
            polygons.append(Polygon(outer, holes))
    return polygons


def _rings(geometry) -> list[list[list[float]]]:
    """Exterior rings of a (multi)polygon, rounded; specks under 0.5 km² dropped."""
    parts = getattr(geometry, "geoms", [geometry])
    return [
        [[round(x, DECIMALS), round(y, DECIMALS)] for x, y in mapping(part)["coordinates"][0]]
        for part in parts
        if isinstance(part, Polygon) and part.area > 5e-5
    ]


NORTH_COAST = ("59", "62", "80", "60", "02")  # full IGN detail (Hauts-de-France)
NORMANDY = ("76", "27")  # from the simplified file of all départements


def _departements(path: Path, codes: tuple[str, ...]) -> list[dict]:
    features = json.loads(path.read_text())["features"]
    return [f for f in features if f["properties"]["code"] in codes]


def channel(land_topojson: Path, hauts_de_france: Path, all_departements: Path) -> dict:
    clip = box(*CHANNEL_BOX)
    features = _departements(hauts_de_france, NORTH_COAST)
    features += _departements(all_departements, NORMANDY)
    shapes = [shape(f["geometry"]).buffer(0) for f in features]
    france = unary_union(shapes)
    land = unary_union([p.buffer(0) for p in _topology_polygons(land_topojson, "land")])
    # The coarser Natural Earth coast sticks out past IGN's in thin slivers: an
    # opening (erode, then dilate by 1 km) removes them and keeps England and Belgium.
    other = land.intersection(clip).difference(france).buffer(-0.01).buffer(0.01)
    layers = [{"kind": "land", "name": "land", "rings": _rings(other.simplify(0.001))}]
    for feature, geometry in zip(features, shapes, strict=True):
        part = geometry.intersection(clip).simplify(0.001)
        if not part.is_empty:
            name = feature["properties"]["nom"]
            layers.append({"kind": "district", "name": name, "rings": _rings(part)})
    return {
        "name": "channel-coast",
        "attribution": (
            "IGN ADMIN EXPRESS (Licence Ouverte / Etalab) via france-geojson; "
            "Natural Earth 1:10m land (public domain) via world-atlas"
        ),
        "bbox": list(CHANNEL_BOX),
        "layers": layers,
    }


def ile_de_france(departements: Path) -> dict:
    features = json.loads(departements.read_text())["features"]
    features.sort(key=lambda f: (f["properties"]["code"] != "75", f["properties"]["code"]))
    layers = []
    for feature in features:
        geometry = shape(feature["geometry"]).simplify(0.001)
        kind = "city" if feature["properties"]["code"] == "75" else "district"
        layers.append(
            {"kind": kind, "name": feature["properties"]["nom"], "rings": _rings(geometry)}
        )
    union = unary_union([shape(f["geometry"]) for f in features])
    return {
        "name": "ile-de-france",
        "attribution": "IGN ADMIN EXPRESS (Licence Ouverte / Etalab), simplified by france-geojson",
        "bbox": [round(v, DECIMALS) for v in union.bounds],
        "layers": layers,
    }


def main() -> None:
    land, idf, hauts_de_france, everything = (Path(a) for a in sys.argv[1:5])
    OUT.mkdir(parents=True, exist_ok=True)
    for document in (channel(land, hauts_de_france, everything), ile_de_france(idf)):
        text = json.dumps(document, separators=(",", ":"))
        (OUT / f"{document['name']}.json").write_text(text + "\n")
        print(document["name"], len(text), "bytes")


if __name__ == "__main__":
    main()
