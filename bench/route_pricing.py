"""Route pricing against route enumeration on a real coastline, growing the number of sites.

Sites are spread evenly (by length) along a polyline of the French Channel
coast from Dunkirk to Le Havre, written down from the towns' coordinates
(WGS84, rounded to 0.001 degree); the drone base is the coastal point
halfway along. Each run compiles the scenario (``routes: {base,
endurance_km}``) with routes listed (enumeration, the old way, forced) and
with routes priced (the default beyond a handful of sites), then solves it
by column generation. Enumeration is skipped where it is known to blow up.

    PYTHONPATH=src .venv/bin/python bench/route_pricing.py [--sites 8,12,...]
"""

from __future__ import annotations

import argparse
import os
import time
from typing import Any

import numpy as np

import entente.scenario.resources as compiled_resources
from entente.model.routes import haversine_km
from entente.scenario import compile_scenario, parse_scenario
from entente.solvers import solve

COAST = [  # (lat, lon) from Dunkirk south-west to Le Havre
    (51.038, 2.377),  # Dunkerque
    (50.995, 2.221),  # Loon-Plage
    (50.951, 1.856),  # Calais
    (50.930, 1.712),  # Sangatte
    (50.870, 1.584),  # Cap Gris-Nez
    (50.726, 1.614),  # Boulogne-sur-Mer
    (50.640, 1.568),  # Hardelot
    (50.521, 1.586),  # Le Touquet
    (50.408, 1.592),  # Berck
    (50.216, 1.626),  # Le Crotoy
    (50.181, 1.493),  # Cayeux-sur-Mer
    (50.060, 1.372),  # Le Tréport
    (49.925, 1.078),  # Dieppe
    (49.870, 0.713),  # Saint-Valery-en-Caux
    (49.757, 0.375),  # Fécamp
    (49.707, 0.205),  # Étretat
    (49.494, 0.108),  # Le Havre
]


def coast_points(n: int, fraction: float = 1.0) -> np.ndarray:
    """``n`` points evenly spaced along the first ``fraction`` of the coast, then its midpoint."""
    coast = np.array(COAST)
    legs = np.array(
        [
            haversine_km(coast[i : i + 2, 0], coast[i : i + 2, 1])[0, 1]
            for i in range(len(coast) - 1)
        ]
    )
    along = np.concatenate([[0.0], np.cumsum(legs)])
    span = along[-1] * fraction
    wanted = np.append(np.linspace(0.0, span, n), span / 2)
    lat = np.interp(wanted, along, coast[:, 0])
    lon = np.interp(wanted, along, coast[:, 1])
    return np.column_stack([lat, lon])


def coastline(
    n_sites: int,
    *,
    drones: int,
    slots: int,
    endurance_km: float,
    seed: int,
    fraction: float = 1.0,
) -> dict[str, Any]:
    """A scenario document: ``n_sites`` launch sites, one smuggling network, ``slots`` nights."""
    rng = np.random.default_rng(seed)
    points = coast_points(n_sites, fraction)
    targets = []
    for i, (lat, lon) in enumerate(points[:-1]):
        harm = float(rng.uniform(10, 60))
        gain = float(rng.uniform(2, 10))
        targets.append(
            {
                "id": f"site-{i:03d}",
                "lat": round(float(lat), 5),
                "lon": round(float(lon), 5),
                "defender": {"covered": -float(rng.uniform(0, 5)), "uncovered": -harm},
                "attacker": {"covered": -float(rng.uniform(1, 6)), "uncovered": gain},
            }
        )
    base_lat, base_lon = points[-1]
    return {
        "name": f"coastline-{n_sites}",
        "places": [{"id": "base", "lat": float(base_lat), "lon": float(base_lon)}],
        "slots": [{"id": f"n{s + 1}"} for s in range(slots)],
        "targets": targets,
        "resources": [
            {
                "id": "drones",
                "kind": "patrol",
                "count": drones,
                "effectiveness": 0.5,
                "routes": {"base": "base", "endurance_km": endurance_km},
            }
        ],
    }


def run(doc: dict[str, Any], *, enumerate_routes: bool, time_limit: float) -> dict[str, Any]:
    threshold = compiled_resources.ENUMERATE_UP_TO
    compiled_resources.ENUMERATE_UP_TO = 10**9 if enumerate_routes else 0
    try:
        start = time.perf_counter()
        game = compile_scenario(parse_scenario(doc))
        compile_s = time.perf_counter() - start
    finally:
        compiled_resources.ENUMERATE_UP_TO = threshold
    routes = sum(len(r.schedules) for r in game.resources)
    start = time.perf_counter()
    plan = solve(game, "column-generation", time_limit=time_limit)
    solve_s = time.perf_counter() - start
    span = game.defender_range()
    value = float(plan.defender_utility or 0.0)
    gap = (plan.bound - value) / span if plan.bound is not None else float("nan")
    return {
        "compile": compile_s,
        "routes": routes,
        "solve": solve_s,
        "status": plan.status,
        "value": value,
        "gap": gap,
        "message": plan.message,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", default="8,12,16,18,40,100,200")
    parser.add_argument("--enumerate-up-to", type=int, default=18)
    parser.add_argument("--drones", type=int, default=10)
    parser.add_argument("--slots", type=int, default=7)
    parser.add_argument("--endurance-km", type=float, default=0.0, help="0: reach every site")
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--seeds", default="0")
    parser.add_argument("--fraction", type=float, default=1.0, help="of the coast the sites span")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()}")
    for n in (int(v) for v in args.sites.split(",")):
        for seed in (int(v) for v in args.seeds.split(",")):
            doc = coastline(
                n,
                drones=args.drones,
                slots=args.slots,
                endurance_km=1.0,
                seed=seed,
                fraction=args.fraction,
            )
            endurance = args.endurance_km or _reach_all(doc)
            doc["resources"][0]["routes"]["endurance_km"] = endurance
            rows = {"priced": run(doc, enumerate_routes=False, time_limit=args.time_limit)}
            if n <= args.enumerate_up_to:
                rows["enumerated"] = run(doc, enumerate_routes=True, time_limit=args.time_limit)
            for mode, r in rows.items():
                print(
                    f"sites {n:4d} seed {seed} endurance {endurance:6.1f} km {mode:10s} "
                    f"compile {r['compile']:7.3f} s routes {r['routes']:8d} "
                    f"solve {r['solve']:7.2f} s "
                    f"{r['status']:10s} value {r['value']:.9f} gap/range {r['gap']:.1e}",
                    flush=True,
                )
            if "enumerated" in rows:
                difference = abs(rows["priced"]["value"] - rows["enumerated"]["value"])
                print(f"  |priced - enumerated| = {difference:.2e}", flush=True)
    print(f"load average after: {os.getloadavg()}")


def _reach_all(doc: dict[str, Any]) -> float:
    """An endurance that reaches the farthest site out and back, with 10 % to spare."""
    lat = [t["lat"] for t in doc["targets"]] + [doc["places"][0]["lat"]]
    lon = [t["lon"] for t in doc["targets"]] + [doc["places"][0]["lon"]]
    d = haversine_km(lat, lon)
    return float(round(2.2 * np.max(d[-1, :-1]), 1))


if __name__ == "__main__":
    main()
