"""A 13-point resource sweep on a Dask LocalCluster: 2 workers against 1, side by side.

Run: .venv/bin/python bench/sweep_dask.py [--scenario NAME] [--resource ID] [--counts 0..12]

Both clusters are real ``distributed.LocalCluster``s of one-thread worker
processes (HiGHS pinned to one thread per worker); the sweep is timed
against an already running cluster (startup reported apart), alternating
1 and 2 workers ``--repeat`` times; the best run of each is compared (the
least disturbed by other work on a shared machine), the medians too. The local process pool
(the default backend) with 2 workers and an in-process run give context.
Every backend's numbers are checked identical.
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from distributed import LocalCluster

from entente.evaluate.sweep import SweepResult, resource_variants, run_sweep
from entente.evaluate.value_lists import parse_values
from entente.scenario import load_scenario


def _numbers(result: SweepResult) -> list[dict[str, Any]]:
    return [{k: v for k, v in p.items() if k != "seconds"} for p in result.points]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scenario", default="channel-coast")
    parser.add_argument("--resource", default="drones-coquelles")
    parser.add_argument("--counts", default="0..12")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    scenario = load_scenario(args.scenario)
    counts = parse_values("--counts", args.counts, integer=True)
    variants = resource_variants(scenario, args.resource, counts)
    parameter = {"kind": "resource", "resource": args.resource}
    print(f"# {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"{args.scenario}: sweep of {args.resource} over {len(variants)} counts")

    start = time.perf_counter()
    inline = run_sweep(scenario, parameter, variants, workers=1)
    inline_seconds = time.perf_counter() - start
    solve_seconds = sum(p["seconds"] for p in inline.points)
    print(f"in process (no pool): {inline_seconds:.2f} s ({solve_seconds:.2f} s in solvers)")

    times: dict[int, list[float]] = {1: [], 2: []}
    clusters = {}
    for workers in (1, 2):
        start = time.perf_counter()
        clusters[workers] = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address="127.0.0.1:0",
            silence_logs=logging.ERROR,
        )
        print(
            f"LocalCluster with {workers} worker(s) started in {time.perf_counter() - start:.2f} s"
        )
    try:
        # warm the workers' imports once, then alternate 1 and 2 workers
        for workers, cluster in clusters.items():
            run_sweep(scenario, parameter, variants[:workers], cluster=cluster.scheduler_address)
        for _ in range(args.repeat):
            for workers, cluster in clusters.items():
                start = time.perf_counter()
                result = run_sweep(scenario, parameter, variants, cluster=cluster.scheduler_address)
                times[workers].append(time.perf_counter() - start)
                assert _numbers(result) == _numbers(inline), "Dask results differ"
    finally:
        for cluster in clusters.values():
            cluster.close()
    start = time.perf_counter()
    pool = run_sweep(scenario, parameter, variants, workers=2)
    pool_seconds = time.perf_counter() - start
    assert _numbers(pool) == _numbers(inline), "pool results differ"

    for workers in (1, 2):
        runs = ", ".join(f"{t:.2f}" for t in times[workers])
        print(f"Dask, {workers} worker(s): best {min(times[workers]):.2f} s (runs: {runs})")
    one, two = min(times[1]), min(times[2])
    median = statistics.median(times[1]) / statistics.median(times[2])
    print(f"speed-up 2 vs 1 workers: {one / two:.2f}x best-of-{args.repeat}, {median:.2f}x median")
    print(f"load average at the end: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print(f"local process pool, 2 workers (spawn included): {pool_seconds:.2f} s")
    print("results identical on every backend: yes")


if __name__ == "__main__":
    main()
