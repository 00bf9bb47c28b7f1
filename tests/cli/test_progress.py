"""Progress on stderr when it is a terminal (a pseudo-terminal here), never with --quiet
or when piped; sweeps refuse more than --max-solves before starting."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from entente.cli import app
from tests.cli.test_interrupt import _hard_game


def _with_terminal_stderr(args: list[str], cwd: Path | None = None) -> tuple[int, str, str]:
    """Run ``entente ARGS`` with stderr on a pseudo-terminal; (exit code, stdout, terminal)."""
    master, slave = pty.openpty()
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE")
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "entente", *args],
        stdout=subprocess.PIPE,
        stderr=slave,
        cwd=cwd,
        env={**env, "TERM": "xterm", "COLUMNS": "120"},
    )
    os.close(slave)
    screen = bytearray()
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the process closed the terminal
            break
        if not chunk:
            break
        screen.extend(chunk)
    os.close(master)
    assert process.stdout is not None
    with process.stdout:
        stdout = process.stdout.read().decode()
    process.wait(timeout=120)
    return process.returncode, stdout, screen.decode(errors="replace")


def test_sweep_shows_counts_and_eta_on_a_terminal() -> None:
    args = ["sweep", "tests/data/two-targets.yaml", "-r", "team", "--counts", "0..3"]
    code, stdout, screen = _with_terminal_stderr([*args, "--workers", "1"])
    assert code == 0
    assert "sweeping" in screen
    assert "/4" in screen
    assert "ETA" in screen
    assert "sweeping" not in stdout  # the table on stdout is untouched
    assert stdout.splitlines()[0].startswith("example: units of team")


def test_quiet_turns_the_bar_off() -> None:
    args = ["sweep", "tests/data/two-targets.yaml", "-r", "team", "--counts", "0..3", "--quiet"]
    code, _, screen = _with_terminal_stderr([*args, "--workers", "1"])
    assert code == 0
    assert "sweeping" not in screen
    assert "4 solves of example" in screen  # notes still go to stderr


def test_a_piped_stderr_gets_no_bar() -> None:
    args = ["sweep", "tests/data/two-targets.yaml", "-r", "team", "--counts", "0..3"]
    result = CliRunner().invoke(app, [*args, "--workers", "1"])
    assert result.exit_code == 0
    assert result.stderr == "4 solves of example on a local process pool\n"


@pytest.mark.slow
def test_a_solve_longer_than_two_seconds_shows_progress(tmp_path: Path) -> None:
    game = _hard_game(tmp_path / "hard.yaml")
    code, stdout, screen = _with_terminal_stderr(["solve", str(game), "--time-limit", "4"])
    assert code == 3  # time limit: the best plan so far
    assert "solving hard" in screen
    assert "of the time limit" in screen
    assert stdout.startswith("hard: time_limit, verified")


def test_a_short_solve_stays_silent() -> None:
    code, stdout, screen = _with_terminal_stderr(["solve", "tests/data/two-targets.yaml"])
    assert code == 0
    assert screen == ""
    assert stdout.startswith("example: optimal")


@pytest.mark.parametrize(
    ("counts", "extra", "message"),
    [
        (
            "0..100000",
            [],
            "--counts 0..100000 asks for 100,001 solves, more than --max-solves 10,000",
        ),
        ("0..1000000000000", [], "asks for 1,000,000,000,001 solves"),
        ("0..3", ["--max-solves", "3"], "asks for 4 solves, more than --max-solves 3"),
    ],
)
def test_sweeps_beyond_max_solves_are_refused_at_once(
    counts: str, extra: list[str], message: str
) -> None:
    started = time.perf_counter()
    result = CliRunner().invoke(
        app, ["sweep", "paris-2024", "-r", "uk-teams", "--counts", counts, *extra]
    )
    assert time.perf_counter() - started < 5
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_payoff_sweeps_are_bounded_too() -> None:
    result = CliRunner().invoke(
        app,
        [
            "sweep",
            "paris-2024",
            "--payoff",
            "louvre.attacker.cell.uncovered",
            "--values",
            "0..20000",
        ],
    )
    assert result.exit_code == 2
    assert "--values 0..20000 asks for 20,001 solves" in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["simulate", "tests/data/two-targets.yaml", "--runs", "40", "--days", "5"], "simulating"),
        (
            ["budget", "examples/harbour.yaml", "--budget", "60", "-m", "brute-force"],
            "solving mixes",
        ),
    ],
)
def test_simulate_and_budget_show_progress_unless_quiet(args: list[str], shown: str) -> None:
    code, _, screen = _with_terminal_stderr(args)
    assert code == 0
    assert shown in screen
    assert "ETA" in screen
    code, _, screen = _with_terminal_stderr([*args, "--quiet"])
    assert code == 0
    assert shown not in screen
