"""Benchmark: certified plans against quantal / SUQR attackers vs scipy multistart.

Games follow PASAQ's experiments (Yang, Ordóñez & Tambe 2012): integer
payoffs in [-10, 10]. For each game, in the same run:

- ``gosaq`` (one type) / ``pasaq`` (mixtures), gap = 1e-3 x the defender's
  payoff range: value, proven bound, seconds;
- ``scipy.optimize.minimize`` (SLSQP) from ``STARTS`` random feasible starts
  on the same exact objective: best value and seconds. It has no bound.

Usage: ``python bench/quantal.py [--quick]``; prints a Markdown table.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.behaviour_games import behavioural_game, project

from entente import solve
from entente.evaluate import outcome
from entente.model import Behaviour, Quantal, Suqr

STARTS = 10


def multistart(game, starts: int, rng: np.random.Generator) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    budget = float(sum(r.count for r in game.resources))
    lower = np.zeros(game.n_targets)

    def value(c: np.ndarray) -> float:
        return outcome(game, project(c, lower, budget), "scenario").defender_utility

    start_time = time.perf_counter()
    best = -np.inf
    for _ in range(starts):
        x0 = project(rng.uniform(0, 1, game.n_targets) * budget / game.n_targets * 2, lower, budget)
        result = minimize(
            lambda c: -value(c),
            x0,
            method="SLSQP",
            bounds=[(0.0, 1.0)] * game.n_targets,
            constraints=[{"type": "ineq", "fun": lambda c: budget - c.sum()}],
            options={"maxiter": 200},
        )
        best = max(best, value(result.x))
    return best, time.perf_counter() - start_time


def run(label: str, n: int, units: int, behaviours: list[Behaviour], seeds: range) -> None:
    for seed in seeds:
        rng = np.random.default_rng(seed)
        game = behavioural_game(rng, n, behaviours, units=units)
        gap = 1e-3 * game.defender_range()
        plan = solve(game, gap=gap, time_limit=120)
        best, seconds = multistart(game, STARTS, rng)
        print(
            f"| {label} | {n} | {units} | {seed} | {plan.method} | {plan.status} | "
            f"{plan.defender_utility:.4f} | {plan.bound:.4f} | {plan.gap:.2e} | "
            f"{plan.seconds:.2f} | {best:.4f} | {seconds:.2f} |"
        )


def main() -> None:
    quick = "--quick" in sys.argv
    seeds = range(2) if quick else range(5)
    print(
        "| game | targets | units | seed | method | status | value | bound | gap | s | "
        f"SLSQP x{STARTS} best | SLSQP s |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    run("QR λ=0.76", 200, 20, [Quantal(0.76)], seeds)
    run("SUQR (-9, 0.5, 0.4)", 200, 20, [Suqr(-9.0, 0.5, 0.4)], seeds)
    run("QR + SUQR mixture", 10, 3, [Quantal(0.76), Suqr(-9.0, 0.5, 0.4)], seeds)


if __name__ == "__main__":
    main()
