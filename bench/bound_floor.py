"""How strong and how costly the certificate's bound floor is (``solvers/certify/_floor``).

For Kiekintveld-style random Bayesian games (50 targets, 10 units), the
floor (the best guaranteed value of the certificate's own search) against
the MILP's proven optimum, in payoff units and as a share of the payoff
range, with the floor's time and the whole certificate's. A wrong bound is
caught only when it lies below the floor, so the distance from the floor
to the optimum is the smallest error the check can see.

    python bench/bound_floor.py [--types 2 5 10] [--seeds 3] [--time-limit 60]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.games import random_game

from entente.model import coverage_box
from entente.model.scales import normalise, payoff_scales
from entente.solvers import certify, milp
from entente.solvers.certify._floor import bound_floor


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--types", type=int, nargs="+", default=[2, 5, 10, 20])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--targets", type=int, default=50)
    parser.add_argument("--units", type=int, default=10)
    parser.add_argument("--time-limit", type=float, default=60.0)
    args = parser.parse_args()
    print(
        "| types | seed | MILP status | MILP value | floor | below by (% of range) "
        "| floor s | certificate s |"
    )
    print("|---:|---:|---|---:|---:|---:|---:|---:|")
    for types in args.types:
        for seed in range(args.seeds):
            game = random_game(np.random.default_rng(seed), args.targets, types, args.units)
            scales = payoff_scales(game)
            unit = normalise(game, scales)
            box = coverage_box(unit)
            assert box is not None
            start = time.perf_counter()
            floor = scales.defender_user(bound_floor(unit, box))
            floor_seconds = time.perf_counter() - start
            plan = milp(game, time_limit=args.time_limit)
            start = time.perf_counter()
            passed = certify(game, plan).passed
            certify_seconds = time.perf_counter() - start
            assert passed
            assert plan.defender_utility is not None
            below = 100 * (plan.defender_utility - floor) / game.defender_range()
            print(
                f"| {types} | {seed} | {plan.status} | {plan.defender_utility:.4f} "
                f"| {floor:.4f} | {below:.2f} | {floor_seconds:.3f} | {certify_seconds:.3f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
