"""Bayesian MILP formulations side by side: time to proven optimality, gap at a limit.

Run: .venv/bin/python bench/bayesian.py [--types 2 3 5 10 15 20 30] [--seeds 5]
     [--time-limit 60] [--formulations hunter branch-and-cut perspective tight naive]
     [--targets 50] [--units 10] [--json bench/bayesian.json] [--run-all]

Games follow Kiekintveld et al.'s random protocol (AAMAS 2009;
``tests/games.py::random_game``), seeds 0 .. S-1, priors from a flat
Dirichlet. Every (types, formulation, seed) is one ``milp`` call with the
time limit, the formulations taking turns seed by seed; the plan is
certified afterwards (outside the timing). Per
(types, formulation) the table gives the seeds proven optimal, the median
wall and CPU seconds over all seeds (a time-out counts as the limit, so a
median at the limit means most seeds timed out) and the median and worst
absolute gap (payoff units; payoffs lie in [-100, 100]), and the worst gap as
a percentage of the defender's payoff range. Values of the
formulations that proved optimality must agree to 1e-6: any disagreement is
printed and recorded. Without ``--run-all`` a formulation that solved no
seed at two type counts in a row is not run at larger ones (it is listed as
skipped). CPU seconds count every thread of the process; on a shared
machine they are the steadier measure, wall seconds are what a user waits.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import sys
import time
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np
import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.games import random_game

from entente._io import write_atomic
from entente.solvers import certify, milp
from entente.solvers.bayesian.milp import FORMULATIONS

AGREEMENT = 1e-6


def run_one(types: int, formulation: str, seed: int, args: argparse.Namespace) -> dict[str, Any]:
    game = random_game(np.random.default_rng(seed), args.targets, types, args.units)
    load = os.getloadavg()[0]
    cpu = time.process_time()
    plan = milp(game, time_limit=args.time_limit, formulation=formulation)
    cpu = time.process_time() - cpu
    certificate = certify(game, plan)
    return {
        "types": types,
        "formulation": formulation,
        "seed": seed,
        "status": plan.status,
        "seconds": plan.seconds,
        "cpu_seconds": cpu,
        "value": plan.defender_utility,
        "bound": plan.bound,
        "gap": plan.gap,
        "gap_percent": None if plan.gap is None else 100 * plan.gap / game.defender_range(),
        "certified": certificate.passed,
        "message": plan.message,
        "load": load,
    }


def summarise(runs: list[dict[str, Any]], limit: float) -> dict[str, Any]:
    solved = [r for r in runs if r["status"] == "optimal"]
    wall = [r["seconds"] if r["status"] == "optimal" else limit for r in runs]
    cpu = [r["cpu_seconds"] for r in runs]
    gaps = [r["gap"] for r in runs]
    return {
        "solved": len(solved),
        "seeds": len(runs),
        "median_seconds": statistics.median(wall),
        "median_cpu_seconds": statistics.median(cpu),
        "median_gap": statistics.median(gaps),
        "worst_gap": max(gaps),
        "worst_gap_percent": max(r["gap_percent"] for r in runs),
        "all_certified": all(r["certified"] for r in runs),
    }


def disagreements(runs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Seeds where two formulations proved optimality with values apart by more than 1e-6."""
    found = []
    keys = {(r["types"], r["seed"]) for r in runs}
    for types, seed in sorted(keys):
        proven = {
            r["formulation"]: r["value"]
            for r in runs
            if (r["types"], r["seed"]) == (types, seed) and r["status"] == "optimal"
        }
        if proven and max(proven.values()) - min(proven.values()) > AGREEMENT:
            found.append({"types": types, "seed": seed, "values": proven})
    return found


def _processor() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _gap(value: float) -> str:
    return "0" if abs(value) < 1e-9 else f"{value:.3g}"


def row(types: int, formulation: str, s: dict[str, Any] | None, limit: float) -> str:
    if s is None:
        return f"{types:>5}  {formulation:<15} {'skipped (solved no seed at two smaller counts)'}"
    wall = s["median_seconds"]
    wall_text = f">{limit:.0f}" if wall >= limit else f"{wall:.2f}"
    return (
        f"{types:>5}  {formulation:<15} {s['solved']:>2}/{s['seeds']:<3} {wall_text:>9} "
        f"{s['median_cpu_seconds']:>9.2f} {_gap(s['median_gap']):>10} {_gap(s['worst_gap']):>10}"
        f" {_gap(s['worst_gap_percent']):>9}"
        f"{'' if s['all_certified'] else '  CERTIFICATE FAILED'}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--types", type=int, nargs="+", default=[2, 3, 5, 10, 15, 20, 30])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--formulations", nargs="+", choices=FORMULATIONS, default=FORMULATIONS)
    parser.add_argument("--targets", type=int, default=50)
    parser.add_argument("--units", type=int, default=10)
    parser.add_argument("--json", type=Path, default=Path(__file__).with_name("bayesian.json"))
    parser.add_argument("--run-all", action="store_true", help="never skip a formulation")
    args = parser.parse_args()

    started = datetime.datetime.now(datetime.UTC)
    load_before = os.getloadavg()
    print(
        f"{args.targets} targets, {args.units} units, seeds 0-{args.seeds - 1}, "
        f"limit {args.time_limit:g} s; {_processor()}, "
        f"{os.cpu_count()} cores, load {load_before[0]:.1f}; highspy {version('highspy')}"
    )
    print(
        f"{'types':>5}  {'formulation':<15} {'solved':<6} {'median s':>9} {'median cpu':>9} "
        f"{'median gap':>10} {'worst gap':>10} {'worst %':>9}"
    )
    runs: list[dict[str, Any]] = []
    summary: list[dict[str, Any]] = []
    failures = {f: 0 for f in args.formulations}
    for types in args.types:
        active = [f for f in args.formulations if failures[f] < 2 or args.run_all]
        # seed by seed, every formulation in turn: a shared machine's load shifts
        # over minutes, and this spreads it evenly over the formulations
        done = [run_one(types, f, seed, args) for seed in range(args.seeds) for f in active]
        runs.extend(done)
        for formulation in args.formulations:
            if formulation not in active:
                summary.append({"types": types, "formulation": formulation, "skipped": True})
                print(row(types, formulation, None, args.time_limit), flush=True)
                continue
            these = [r for r in done if r["formulation"] == formulation]
            s = summarise(these, args.time_limit)
            failures[formulation] = failures[formulation] + 1 if s["solved"] == 0 else 0
            summary.append({"types": types, "formulation": formulation, **s})
            print(row(types, formulation, s, args.time_limit), flush=True)
    wrong = disagreements(runs)
    for w in wrong:
        print(f"DISAGREEMENT at {w['types']} types, seed {w['seed']}: {w['values']}")
    load_after = os.getloadavg()
    print(
        f"load average {load_before[0]:.1f} before, {load_after[0]:.1f} after; "
        f"{len(wrong)} disagreements between proven values"
    )
    report = {
        "started": started.isoformat(timespec="seconds"),
        "machine": {
            "processor": _processor(),
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "highspy": version("highspy"),
            "numpy": np.__version__,
        },
        "load_before": load_before,
        "load_after": load_after,
        "arguments": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
        "summary": summary,
        "disagreements": wrong,
        "runs": runs,
    }
    write_atomic(args.json, orjson.dumps(report, option=orjson.OPT_INDENT_2))
    print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
