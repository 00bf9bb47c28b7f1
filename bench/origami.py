"""ORIGAMI at scale, against numpy.argsort and the multiple-LPs baseline.

Run: .venv/bin/python bench/origami.py [--quick]

1. ORIGAMI solve time on 10^6 targets / 10^4 units, next to numpy.argsort
   on the same payoff array (the floor any sort-based method pays).
2. ORIGAMI against multiple LPs (Conitzer & Sandholm 2006, one HiGHS LP per
   candidate target) on 1,000 targets: speed-up and value agreement.
3. End to end: ``entente solve FILE --json`` on a 10^6-target JSON file,
   with the time of each stage measured in-process.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.games import random_game

from entente import solve
from entente.planfile import dumps, plan_summary
from entente.scenario import compile_scenario, load_scenario
from entente.solvers import origami


def _median_seconds(function, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def scale(n: int, units: int, repeat: int) -> None:
    game = random_game(np.random.default_rng(0), n, 1, units)
    solve_time = _median_seconds(lambda: origami(game), repeat)
    sort_time = _median_seconds(lambda: np.argsort(-game.attacker_uncovered[0]), repeat)
    plan = solve(game, "origami")
    print(
        f"ORIGAMI {n:,} targets / {units:,} units: {solve_time:.3f} s "
        f"(argsort {sort_time:.3f} s, ratio {solve_time / sort_time:.1f}x); "
        f"certified {plan.verified} (certificate {plan.certificate is not None})"
    )


def against_lps(n: int, units: int, seeds: int) -> None:
    ratios, errors, lp_times, origami_times = [], [], [], []
    for seed in range(seeds):
        game = random_game(np.random.default_rng(seed), n, 1, units)
        origami_time = _median_seconds(lambda game=game: origami(game), 5)
        start = time.perf_counter()
        lps = solve(game, "multiple-lps", verify=False)
        lp_time = time.perf_counter() - start
        errors.append(abs(lps.defender_utility - origami(game).defender_utility))
        ratios.append(lp_time / origami_time)
        lp_times.append(lp_time)
        origami_times.append(origami_time)
    print(
        f"{n:,} targets / {units} units, {seeds} seeds: multiple LPs median "
        f"{statistics.median(lp_times):.3f} s, "
        f"ORIGAMI median {statistics.median(origami_times) * 1e3:.3f} ms, "
        f"speed-up median {statistics.median(ratios):,.0f}x (min {min(ratios):,.0f}x); "
        f"largest value difference {max(errors):.2e}"
    )


def end_to_end(n: int, units: int) -> None:
    rng = np.random.default_rng(1)
    document = {
        "name": "million",
        "targets": [
            {
                "id": f"t{i}",
                "defender": {"covered": c, "uncovered": u},
                "attacker": {"covered": ac, "uncovered": au},
            }
            for i, (c, u, ac, au) in enumerate(
                zip(
                    rng.uniform(0, 100, n).tolist(),
                    (-rng.uniform(0, 100, n)).tolist(),
                    (-rng.uniform(0, 100, n)).tolist(),
                    rng.uniform(0, 100, n).tolist(),
                    strict=True,
                )
            )
        ],
        "resources": [{"id": "team", "count": units}],
    }
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "million.json"
        path.write_bytes(orjson.dumps(document))
        del document
        stages = {}
        start = time.perf_counter()
        scenario = load_scenario(path)
        stages["read + validate"] = time.perf_counter() - start
        start = time.perf_counter()
        game = compile_scenario(scenario)
        stages["compile"] = time.perf_counter() - start
        start = time.perf_counter()
        plan = solve(game)
        stages["solve + certify"] = time.perf_counter() - start
        stages["(solve alone)"] = plan.seconds
        start = time.perf_counter()
        dumps(plan_summary(game, plan))
        stages["JSON output"] = time.perf_counter() - start
        del scenario, game, plan
        start = time.perf_counter()
        completed = subprocess.run(
            [sys.executable, "-m", "entente", "solve", str(path), "--json"],
            capture_output=True,
            check=True,
        )
        wall = time.perf_counter() - start
        out = orjson.loads(completed.stdout)
    print(
        f"end to end, {n:,} targets: `entente solve --json` {wall:.2f} s wall ({out['status']}, "
        f"verified {out['verified']}, solve {out['seconds']:.3f} s)"
    )
    for stage, seconds in stages.items():
        print(f"  {stage:18s} {seconds:6.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    args = parser.parse_args()
    print(
        f"{platform.processor() or platform.machine()}, {platform.python_version()}, "
        f"{time.strftime('%Y-%m-%d')}"
    )
    if args.quick:
        scale(100_000, 1_000, 3)
        against_lps(1_000, 100, 2)
        end_to_end(50_000, 500)
        return
    scale(1_000_000, 10_000, 5)
    against_lps(1_000, 100, 5)
    end_to_end(1_000_000, 10_000)


if __name__ == "__main__":
    main()
