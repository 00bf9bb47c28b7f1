"""Solves on many threads leave the process's stdout alone (issue 16, case 5)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    from concurrent.futures import ThreadPoolExecutor

    import numpy as np

    from entente import solve
    from tests.games import random_game

    games = [random_game(np.random.default_rng(s), 6, 2, 2) for s in range(16)]
    with ThreadPoolExecutor(8) as pool:
        plans = list(pool.map(lambda g: solve(g, "milp"), games))
    assert all(p.success for p in plans)
    print("still here", flush=True)
    """
)


def test_sixteen_solves_on_eight_threads_then_print_reaches_stdout() -> None:
    for _ in range(3):
        result = subprocess.run(
            [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=False, timeout=300
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.splitlines()[-1] == "still here"


def test_the_cli_prints_only_json_on_stdout() -> None:
    import json

    result = subprocess.run(
        [sys.executable, "-m", "entente", "solve", "tests/data/bayesian.yaml", "--json"],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["verified"] is True
