"""Checkpoint games at scale: the double oracle with and without warm starts.

Run: .venv/bin/python bench/network.py [--edges 1000 10000 20000] [--time-limit 60 300]

Grid graphs and random planar graphs (Delaunay triangulations of random
points), each with about the given number of two-way edges, 10 checkpoint
units (effectiveness 0.9), 10 sources and 5 targets at random nodes,
zero-sum payoffs drawn in [1, 10] (seeded). For each graph: the double
oracle with warm starts (marginal relaxation and min-cut allocations,
better responses before the exact oracles) and the plain double oracle
(neither), in the same run; time to proven optimality (gap <= 1e-6 x the
payoff range) or the gap at each time limit (a variant proven within one
limit is not run again at the longer ones); then the certificate's time and
verdict for the warm plan, and the load average when the row ended.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.solvers.network.network_games import grid_roads, planar_roads, road_game

from entente.model import Game
from entente.solvers import certify
from entente.solvers.network import double_oracle


def instance(kind: str, edges: int, seed: int) -> Game:
    """A grid (the side that gives about ``edges`` roads) or a random planar graph."""
    rng = np.random.default_rng(seed)
    if kind == "grid":
        points, pairs = grid_roads(int(np.ceil(np.sqrt(edges / 2))) + 1)
    else:
        points, pairs = planar_roads(edges, rng)
    return road_game(points, pairs, rng, name=f"{kind}-{len(pairs)}")


def run(game: Game, warm: bool, limit: float) -> tuple[str, float, float, object]:
    start = time.perf_counter()
    plan = double_oracle(game, time_limit=limit, warm_start=warm)
    seconds = time.perf_counter() - start
    return plan.status, seconds, float(plan.gap) if plan.gap is not None else float("nan"), plan


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--edges", type=int, nargs="+", default=[1000, 10000, 20000])
    parser.add_argument("--kinds", nargs="+", default=["grid", "planar"])
    parser.add_argument("--time-limit", type=float, nargs="+", default=[60.0, 300.0])
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(
        f"# {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load {os.getloadavg()}"
    )
    print(
        "| graph | edges | variant | limit (s) | status | seconds | gap | gap / range "
        "| certificate | load (1 min) |"
    )
    print("|---|---:|---|---:|---|---:|---:|---:|---|---:|")
    for edges in args.edges:
        for kind in args.kinds:
            game = instance(kind, edges, args.seed)
            for warm in (True, False):
                for limit in sorted(args.time_limit):
                    status = _row(game, warm, limit)
                    if status == "optimal":
                        break


def _row(game: Game, warm: bool, limit: float) -> str:
    """Run one variant within ``limit`` seconds and print its row; returns the status."""
    network = game.network
    assert network is not None
    status, seconds, gap, plan = run(game, warm, limit)
    verdict = "-"
    if warm and plan.coverage is not None:  # type: ignore[attr-defined]
        start = time.perf_counter()
        passed = certify(game, plan).passed  # type: ignore[arg-type]
        verdict = f"{'passed' if passed else 'FAILED'} in {time.perf_counter() - start:.1f} s"
    span = game.defender_range()
    print(
        f"| {game.name.split('-')[0]} | {network.n_edges:,} | {'warm' if warm else 'plain'} "
        f"| {limit:g} | {status} | {seconds:.1f} | {gap:.3g} | {100 * gap / span:.3g} % "
        f"| {verdict} | {os.getloadavg()[0]:.1f} |",
        flush=True,
    )
    return status


if __name__ == "__main__":
    main()
