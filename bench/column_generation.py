"""Column generation over joint deployments: FAMS-like games, the channel-coast week, and
the normal-form baseline (multiple LPs over every joint pure deployment) side by side.

    python bench/column_generation.py            # everything (tens of minutes)
    python bench/column_generation.py --quick    # one instance of each part

Prints markdown tables (the numbers in bench/RESULTS.md come from here).
Anchors: ERASER-C solved the FAMS instance with ~85,000 defender actions in
1.57 s where DOBSS ran out of memory (Kiekintveld et al., AAMAS 2009);
ASPEN scaled column generation to schedules of any length (Jain et al.,
AAAI 2010).
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from entente import load_game, solve
from entente.model import Game
from entente.solvers import brute_force
from entente.solvers.classic.brute_force import normal_form_size
from schedule_instances import fams_game

FAMS = {"targets": 200, "schedules": 1000, "units": 20, "resource_types": 5, "longest": 4}


def fams(seeds: list[int], *, effectiveness: float, time_limit: float) -> list[str]:
    """Each seed's solve time, status and gap; the median at the end."""
    rows, times = [], []
    for seed in seeds:
        game = fams_game(seed, effectiveness=effectiveness, **FAMS)
        start = time.perf_counter()
        plan = solve(game, "column-generation", time_limit=time_limit)
        elapsed = time.perf_counter() - start
        times.append(elapsed)
        rows.append(
            f"| {seed} | {effectiveness} | {plan.status} | {elapsed:.1f} | {plan.gap:.2e} | "
            f"{len(plan.strategy.deployments)} | {plan.message.split('; ')[0]} |"
        )
    rows.append(f"| **median** | | | **{statistics.median(times):.1f}** | | | |")
    return rows


def channel_coast(runs: int) -> list[str]:
    _, game = load_game("channel-coast")
    times = []
    for _ in range(runs):
        plan = solve(game)
        times.append(plan.seconds)
    return [
        f"| channel-coast | {game.n_targets} | {plan.status} | {statistics.median(times):.2f} | "
        f"{min(times):.2f} | {plan.gap:.2e} | {plan.message.split('; ')[0]} |"
    ]


BASELINE_SIZES = [
    # targets, schedules, units, resource types
    (6, 8, 2, 1),
    (8, 12, 3, 1),
    (8, 16, 4, 2),
    (10, 20, 4, 2),
    (12, 24, 6, 3),
    (14, 30, 6, 3),
    (16, 40, 6, 3),
    (20, 60, 8, 4),
    (40, 150, 10, 5),
]


def baseline(limit_deployments: int, time_limit: float) -> list[str]:
    """Column generation and the normal form solved by multiple LPs, on the same games."""
    rows = []
    for targets, schedules, units, kinds in BASELINE_SIZES:
        game = fams_game(
            7, targets=targets, schedules=schedules, units=units, resource_types=kinds, longest=3
        )
        deployments = normal_form_size(game) // game.n_targets
        start = time.perf_counter()
        generated = solve(game, "column-generation", time_limit=time_limit)
        cg_time = time.perf_counter() - start
        normal = _normal_form(game, deployments, limit_deployments)
        rows.append(
            f"| {targets} | {schedules} | {units} | {deployments:,} | {cg_time:.2f} | {normal} | "
            f"{generated.defender_utility:.4f} |"
        )
    return rows


def _normal_form(game: Game, deployments: int, limit: int) -> str:
    if deployments > limit:
        gib = deployments * game.n_targets * 8 / 2**30
        return f"not run: {deployments:,} deployments ({gib:.1f} GiB for the matrix alone)"
    start = time.perf_counter()
    plan = brute_force(game, max_size=math.inf)  # type: ignore[arg-type]
    return f"{time.perf_counter() - start:.2f} (value {plan.defender_utility:.4f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="one instance of each part")
    parser.add_argument("--time-limit", type=float, default=300.0)
    args = parser.parse_args()
    seeds = [0] if args.quick else [0, 1, 2, 3, 4]
    print("## FAMS-like: 200 targets, 1000 schedules (size 1-4), 20 units in 5 resource types\n")
    print("| seed | effectiveness | status | seconds | gap | deployments in plan | work |")
    print("|---|---|---|---|---|---|---|")
    for row in fams(seeds, effectiveness=1.0, time_limit=args.time_limit):
        print(row, flush=True)
    for row in fams(seeds[:3], effectiveness=0.8, time_limit=args.time_limit):
        print(row, flush=True)
    print("\n## channel-coast, a week of nights\n")
    print("| scenario | targets | status | median s | best s | gap | work |")
    print("|---|---|---|---|---|---|---|")
    for row in channel_coast(1 if args.quick else 5):
        print(row, flush=True)
    print("\n## Normal form (multiple LPs over every joint deployment) vs column generation\n")
    print("| targets | schedules | units | joint deployments | CG s | normal form s | value |")
    print("|---|---|---|---|---|---|---|")
    for row in baseline(2_500_000 if not args.quick else 20_000, args.time_limit):
        print(row, flush=True)


if __name__ == "__main__":
    main()
