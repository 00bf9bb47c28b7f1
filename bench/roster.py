"""Daily rosters per second for paris-2024 on one core, sampling and CSV writing counted.

Run: .venv/bin/python bench/roster.py [--days N] [--repeat R]

The process is pinned to one core. Measured side by side in the same run:

1. entente: ``draw_rosters`` (comb sampling on a fresh order per day, from
   ``secrets``; and seeded, for comparison) + ``roster_csv`` (bytes in
   memory), then the whole ``entente roster -o FILE`` path (atomic write,
   fsync included) through the CLI's own functions.
2. Baseline: the obvious implementation, one day at a time in Python:
   ``random.SystemRandom().shuffle`` of the targets, the comb walked with
   ``bisect`` on the cumulative marginals, rows through ``csv.writer``.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import io
import os
import platform
import random
import sys
import tempfile
import timeit
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from entente._io import write_atomic_chunks
from entente.operations import draw_rosters, iter_roster_csv, roster_csv, roster_plan
from entente.planfile import plan_document
from entente.scenario import load_game
from entente.solvers import solve


def _best(function: Any, repeat: int) -> float:
    """Best of ``repeat`` runs: the least disturbed by other work on a shared machine."""
    return min(timeit.repeat(function, number=1, repeat=repeat))


def baseline_csv(document: dict[str, Any], days: int) -> bytes:
    """One day at a time: shuffle, walk the comb, write rows with the csv module."""
    strategy = document["strategy"]
    targets = list(strategy["marginals"])
    units = strategy["units"]
    labels = [
        (r["id"], j + 1) for r in document["scenario"]["resources"] for j in range(r["count"])
    ]
    system = random.SystemRandom()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["day", "resource", "unit", "targets"])
    for day in range(1, days + 1):
        order = targets[:]
        system.shuffle(order)
        cumulative, total = [], 0.0
        for t in order:
            total += strategy["marginals"][t]
            cumulative.append(total)
        u = system.random()
        for j in range(units):
            i = bisect.bisect_right(cumulative, u + j)
            target = order[i] if i < len(order) else ""
            writer.writerow([day, labels[j][0], labels[j][1], target])
    return out.getvalue().encode()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--days", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--baseline-days", type=int, default=5_000)
    args = parser.parse_args()
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    scenario, game = load_game("paris-2024")
    document = plan_document(scenario, game, solve(game))
    prepared = roster_plan(document)
    days = args.days
    print(f"# {platform.processor() or platform.machine()}, Python {platform.python_version()}")
    print(f"paris-2024: {game.n_targets} targets, {prepared.units} units; {days:,} days; one core")

    secure = _best(lambda: roster_csv(draw_rosters(prepared, days)), args.repeat)
    seeded = _best(lambda: roster_csv(draw_rosters(prepared, days, seed=1)), args.repeat)
    sampling = _best(lambda: draw_rosters(prepared, days), args.repeat)
    from_document = _best(lambda: roster_csv(draw_rosters(document, days)), args.repeat)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "roster.csv"
        to_file = _best(
            lambda: write_atomic_chunks(path, iter_roster_csv(draw_rosters(prepared, days))),
            args.repeat,
        )
        size = path.stat().st_size
    baseline = _best(lambda: baseline_csv(document, args.baseline_days), max(1, args.repeat // 2))

    def rate(seconds: float, n: int = days) -> str:
        return f"{n / seconds:>11,.0f} rosters/s ({seconds:.3f} s)"

    base_rate = args.baseline_days / baseline
    print(f"entente, secure, sample + CSV bytes      {rate(secure)}")
    print(f"entente, seeded, sample + CSV bytes      {rate(seeded)}")
    print(f"entente, secure, sampling only           {rate(sampling)}")
    print(f"entente, secure, from the plan document  {rate(from_document)}  (parse + validate too)")
    print(f"entente, secure, to a file (atomic+fsync){rate(to_file)}  ({size / 1e6:.1f} MB)")
    print(f"baseline (Python loop, csv module)       {rate(baseline, args.baseline_days)}")
    print(
        f"speed-up over the baseline: {days / secure / base_rate:.0f}x (in memory), "
        f"{days / to_file / base_rate:.0f}x (to a file)"
    )


if __name__ == "__main__":
    main()
