"""Benchmark: PASAQ's segment refinement, one segment (before) against three (now).

When a MILP's coverage misled the search (a logit type's exact value fell
short of its level), PASAQ used to halve only the segment holding the
coverage. A breakpoint is lifted by the larger error of its two segments,
so a coverage on or near a breakpoint kept its neighbour's lift round after
round. Now the segment and its two neighbours are halved. This runs both on
the same games in one process: mixtures of 10 targets and 3 units as in
``bench/quantal.py``, gap 1e-3 x the defender's range, 60 s limit.

Usage: ``python bench/pasaq_refine.py``; prints a Markdown table (CPU s).
"""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.behaviour_games import behavioural_game

from entente import solve
from entente.model import Behaviour, Quantal, Rational, Suqr

search = importlib.import_module("entente.solvers.behaviour.pasaq")._Search
now = search._refine


def one_segment(self, coverage):  # type: ignore[no-untyped-def]
    """The rule before 2026-12-03: halve the segment that holds ``coverage[t]``."""
    for t, points in enumerate(self.breaks):
        j = int(np.clip(np.searchsorted(points, coverage[t]) - 1, 0, len(points) - 2))
        if points[j + 1] - points[j] > 1e-9:
            self.breaks[t] = np.insert(points, j + 1, 0.5 * (points[j] + points[j + 1]))


CASES: list[tuple[str, list[Behaviour]]] = [
    ("QR + SUQR", [Quantal(0.76), Suqr(-9.0, 0.5, 0.4)]),
    ("QR + rational", [Quantal(0.76), Rational()]),
]


def main() -> None:
    print("| mixture | seed | before | value | gap | MILPs | s | now | value | gap | MILPs | s |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for label, behaviours in CASES:
        for seed in range(5):
            game = behavioural_game(np.random.default_rng(seed), 10, behaviours, units=3)
            gap = 1e-3 * game.defender_range()
            row: list[object] = [label, seed]
            for refine in (one_segment, now):
                search._refine = refine
                start = time.process_time()
                plan = solve(game, "pasaq", gap=gap, time_limit=60)
                milps = plan.message.split(";")[0].split("after ")[-1].removesuffix(" MILPs")
                row += [
                    plan.status,
                    f"{plan.defender_utility:.4f}",
                    f"{plan.gap:.2e}",
                    milps,
                    f"{time.process_time() - start:.1f}",
                ]
            print("| " + " | ".join(map(str, row)) + " |", flush=True)
    search._refine = now


if __name__ == "__main__":
    main()
