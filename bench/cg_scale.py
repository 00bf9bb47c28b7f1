"""Column generation at 500-1,000 targets (issue 12, item 2): time, status, gap, mixture size.

    python bench/cg_scale.py --targets 500 --schedules 2500 --units 50 --time-limit 60
    python bench/cg_scale.py ... --profile 25     # cProfile, the 25 costliest functions
    python bench/cg_scale.py ... --gap 1e-4       # stop at a gap of 1e-4 of the payoff range

The instances are :func:`schedule_instances.fams_game` (FAMS-like, 5 resource types).
The gap is printed in payoff units and as a share of the defender's payoff range.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from entente import solve
from schedule_instances import fams_game


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--targets", type=int, default=500)
    parser.add_argument("--schedules", type=int, default=2500)
    parser.add_argument("--units", type=int, default=50)
    parser.add_argument("--seeds", type=int, nargs="+", default=[0])
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument(
        "--gap", type=float, default=None, help="optimality gap, share of the payoff range"
    )
    parser.add_argument("--profile", type=int, default=0, help="print the N costliest functions")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} cores")
    print("| targets | schedules | units | seed | status | s | gap | gap / range | deployments |")
    print("|---|---|---|---|---|---|---|---|---|")
    for seed in args.seeds:
        game = fams_game(seed, targets=args.targets, schedules=args.schedules, units=args.units)
        profiler = cProfile.Profile() if args.profile else None
        start = time.perf_counter()
        if profiler:
            profiler.enable()
        gap = None if args.gap is None else args.gap * game.defender_range()
        plan = solve(game, "column-generation", time_limit=args.time_limit, gap=gap)
        if profiler:
            profiler.disable()
        elapsed = time.perf_counter() - start
        share = plan.gap / game.defender_range()
        print(
            f"| {args.targets} | {args.schedules} | {args.units} | {seed} | {plan.status} | "
            f"{elapsed:.1f} | {plan.gap:.3g} | {share:.2%} | {len(plan.strategy.deployments)} |"
        )
        print(f"  {plan.message}")
        if profiler:
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.profile)


if __name__ == "__main__":
    main()
