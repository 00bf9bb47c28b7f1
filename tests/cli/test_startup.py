"""The ``entente`` command starts fast: ``--help`` loads typer and rich, not the library.

``entente --help`` loads no numpy, scipy, HiGHS, YAML or pydantic (each command
imports what it needs when it runs), and prints what it always printed. Timings
are in bench/RESULTS.md, not asserted here.
"""

from __future__ import annotations

import os
import subprocess
import sys

from entente.cli.budget import MAX_MIXES
from entente.cli.solve import METHOD_NAMES

HEAVY = (
    "numpy",
    "scipy",
    "highspy",
    "networkx",
    "yaml",
    "pydantic",
    "fastapi",
    "sqlalchemy",
    "uvicorn",
    "matplotlib",
    "jinja2",
)

ROOT_HELP = """\
 Usage: entente [OPTIONS] COMMAND [ARGS]...

 Certified Stackelberg security plans: scenario in, optimal randomised deployment out.

╭─ Options ────────────────────────────────────────────────────────────────────────────────────────╮
│ --version          Print the version and exit.                                                   │
│ --help             Show this message and exit.                                                   │
╰──────────────────────────────────────────────────────────────────────────────────────────────────╯
╭─ Commands ───────────────────────────────────────────────────────────────────────────────────────╮
│ solve     Solve a scenario: the optimal randomised deployment, certified.                        │
│ validate  Check a scenario without solving it (exit 0 valid, 2 invalid).                         │
│ demo      Solve every built-in scenario, show the plans and write their HTML reports.            │
│ fit       Fit SUQR weights by maximum likelihood and write them into a scenario.                 │
│ evaluate  Exact expected outcome of a plan under each model: scenario, rational, pessimistic.    │
│ roster    Draw daily rosters from a plan: which unit covers which targets each day.              │
│ orders    Draw tonight's orders: per unit, where to go and in what order, and the barriers.      │
│ simulate  Monte Carlo of operations: rosters drawn day by day against the adversary types.       │
│ sweep     Solve the scenario for each count of a resource (or each value of a payoff).           │
│ budget    Find the mix of resources (each with a `cost:` per unit) that is best within the       │
│           budget.                                                                                │
│ report    Write an HTML report that opens offline: map, charts, response, certificate.           │
│ serve     Serve the HTTP API and the planners' web page.                                         │
│ token     Create, list and revoke API tokens.                                                    │
│ org       Create and list organisations (each sees only its own work).                           │
╰──────────────────────────────────────────────────────────────────────────────────────────────────╯
"""


def _run(code: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR", "TERM")}
    env["COLUMNS"] = "100"
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )


def test_root_help_is_unchanged() -> None:
    done = _run(
        "import sys; sys.argv = ['entente', '--help']; from entente._launch import main; main()"
    )
    assert done.returncode == 0, done.stderr
    shown = "\n".join(line.rstrip() for line in done.stdout.splitlines()).strip("\n")
    assert shown + "\n" == ROOT_HELP


def test_root_help_loads_nothing_heavy() -> None:
    code = (
        "import sys; sys.argv = ['entente', '--help']\n"
        "from entente._launch import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print(sorted(set({HEAVY!r}) & {{m.split('.')[0] for m in sys.modules}}), file=sys.stderr)"
    )
    done = _run(code)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == "[]"


def test_method_names_are_the_solvers() -> None:
    from entente.solvers import METHODS

    assert ("auto", *METHODS) == METHOD_NAMES


def test_max_mixes_is_the_library_default() -> None:
    from entente.evaluate.budget import DEFAULT_MAX_MIXES

    assert MAX_MIXES == DEFAULT_MAX_MIXES
