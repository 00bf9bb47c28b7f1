"""General-sum checkpoint games: the maximin plan against the second stage's Stackelberg plan.

Run: .venv/bin/python bench/network_general_sum.py [--games 120] [--two-types 30]
     [--roads 1000 --time-limit 60]

Random small general-sum games (``tests/solvers/network/network_games.random_game``,
seeds 0.., one attacker type, then seeds 0.. with two types), each solved by
``double-oracle`` with the second stage off (before: the maximin plan) and on
(after), on one HiGHS thread. Per game: the plan's value (the defender's
utility in the user's units), the solve time, whether the plan (status,
coverage to 1e-9, value to 1e-6 of the scale) is the same after a random
rescale of both players' payoffs (drawn once per seed, the same for before
and after), and for one type the brute-force optimum (every allocation x
every simple path, multiple LPs), which no plan may exceed.

``--roads E``: instead, bench/network.py's grid and planar graphs of about
``E`` roads made general-sum (the defender loses a value drawn apart from
the attacker's gain), each solved before and after within ``--time-limit``.
"""

from __future__ import annotations

import argparse
import dataclasses
import platform
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.solvers.network.network_games import random_game
from tests.solvers.test_scales import _rescaled

from entente import solve
from entente.model import Game, make_game
from entente.solvers.lp.highs import pin_threads
from entente.solvers.network import double_oracle, network_brute_force
from entente.solvers.plan import Plan


def maximin_only(game: Game, **options: Any) -> Plan:
    """The baseline: double-oracle without its general-sum second stage."""
    return double_oracle(game, second_stage=False, **options)


def rescale(game: Game, rng: np.random.Generator) -> tuple[Game, float, float]:
    """The game with payoffs ``f x + c`` for random ``f``, ``c`` per player; (game, fd, cd)."""
    fd, cd = float(rng.uniform(1e-3, 1e4)), float(rng.uniform(-1e3, 1e3))
    fa = [float(rng.uniform(1e-3, 1e4)) for _ in range(game.n_types)]
    ca = [float(rng.uniform(-1e3, 1e3)) for _ in range(game.n_types)]
    scaled = _rescaled(game, fd, cd * fd, fa, [c * f for c, f in zip(ca, fa, strict=True)])
    return dataclasses.replace(scaled, network=game.network), fd, cd * fd


def same(base: Plan, scaled: Plan, fd: float, cd: float) -> bool:
    assert base.coverage is not None
    assert scaled.coverage is not None
    assert base.defender_utility is not None
    assert scaled.defender_utility is not None
    return (
        base.status == scaled.status
        and bool(np.allclose(base.coverage, scaled.coverage, atol=1e-9, rtol=0))
        and abs(fd * base.defender_utility + cd - scaled.defender_utility) <= 1e-6 * fd
    )


def measure(game: Game, seed: int) -> dict[str, Any]:
    scaled, fd, cd = rescale(game, np.random.default_rng(seed + 10**6))
    row: dict[str, Any] = {}
    for name, method in (("before", maximin_only), ("after", "double-oracle")):
        start = time.perf_counter()
        plan = solve(game, method)
        row[f"{name}_seconds"] = time.perf_counter() - start
        row[name] = plan.defender_utility
        row[f"{name}_optimal"] = plan.status == "optimal"
        row[f"{name}_same"] = same(plan, solve(scaled, method), fd, cd)
    row["exact"] = network_brute_force(game, zero_sum=False).value if game.n_types == 1 else None
    return row


def roads(edges: int, limit: float) -> None:
    """Before and after on the road instances of bench/network.py, made general-sum."""
    from network import instance  # bench/network.py, beside this file

    for kind in ("grid", "planar"):
        game = instance(kind, edges, 0)
        loss = np.random.default_rng(1).uniform(1, 10, game.n_targets)
        general = make_game(
            defender_covered=np.zeros(game.n_targets),
            defender_uncovered=-loss,
            attacker_covered=game.attacker_covered[0],
            attacker_uncovered=game.attacker_uncovered[0],
            resources=(),
            name=game.name,
        )
        general = dataclasses.replace(general, network=game.network)
        for name, method in (("before", maximin_only), ("after", "double-oracle")):
            start = time.perf_counter()
            plan = solve(general, method, time_limit=limit)
            print(
                f"{kind} {game.network.n_edges} edges, {name}: {plan.status}, "
                f"value {plan.defender_utility:.4f}, gap {plan.gap:.4f}, "
                f"{time.perf_counter() - start:.1f} s; {plan.message}",
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--games", type=int, default=120)
    parser.add_argument("--two-types", type=int, default=30)
    parser.add_argument("--roads", type=int)
    parser.add_argument("--time-limit", type=float, default=60.0)
    args = parser.parse_args()
    pin_threads(1)
    print(
        f"{platform.node()} {platform.processor() or platform.machine()}, python "
        f"{platform.python_version()}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
    )
    if args.roads is not None:
        roads(args.roads, args.time_limit)
        return
    draws = [(s, 1) for s in range(args.games)] + [(s, 2) for s in range(args.two_types)]
    rows = []
    for seed, n_types in draws:
        rows.append(measure(random_game(seed, zero_sum=False, n_types=n_types), seed))
    report(rows)


def report(rows: list[dict[str, Any]]) -> None:
    before = np.array([r["before"] for r in rows])
    after = np.array([r["after"] for r in rows])
    lift = after - before
    print(f"games: {len(rows)}")
    print(
        f"(a) improved {int(np.sum(lift > 1e-9))}, worse {int(np.sum(lift < -1e-9))}, "
        f"mean lift {lift.mean():.4f} (over improved {lift[lift > 1e-9].mean():.4f}), "
        f"proven optimal {sum(r['before_optimal'] for r in rows)} -> "
        f"{sum(r['after_optimal'] for r in rows)}"
    )
    print(
        f"(b) plan differs after rescale: before {sum(not r['before_same'] for r in rows)}, "
        f"after {sum(not r['after_same'] for r in rows)}"
    )
    for name in ("before", "after"):
        t = np.array([r[f"{name}_seconds"] for r in rows])
        print(f"(c) {name}: mean {t.mean():.3f} s, median {np.median(t):.3f}, max {t.max():.3f}")
    one = [r for r in rows if r["exact"] is not None]
    exact = np.array([r["exact"] for r in one])
    for name in ("before", "after"):
        value = np.array([r[name] for r in one])
        reached, above = int(np.sum(value >= exact - 1e-6)), int(np.sum(value > exact + 1e-6))
        print(
            f"(d) {name} vs brute force ({len(one)} one-type games): reaches {reached}, "
            f"above it {above}, mean shortfall {float(np.mean(exact - value)):.4f}"
        )


if __name__ == "__main__":
    main()
