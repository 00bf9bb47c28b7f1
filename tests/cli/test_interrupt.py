"""Ctrl-C (SIGINT sent to a real ``entente`` process): "interrupted", exit 130, no traceback.

At 0.5 s the process is still importing; at 5 s it is solving, and the best
plan so far is written where ``-o`` says, with status ``interrupted``. The
game is a random Bayesian game (60 targets, 16 types) whose MILP takes far
longer than the test waits.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import yaml
from typer.testing import CliRunner

from entente.cli import app


def _hard_game(path: Path, n: int = 60, k: int = 16, seed: int = 1) -> Path:
    rng = np.random.default_rng(seed)

    def pair(sign: float) -> dict[str, float]:
        return {
            "covered": round(float(sign * rng.uniform(0, 10)), 2),
            "uncovered": round(float(-sign * rng.uniform(0, 10)), 2),
        }

    document = {
        "name": "hard",
        "attackers": [{"id": f"t{j}", "prior": 1.0 / k} for j in range(k)],
        "targets": [
            {
                "id": f"s{i}",
                "defender": pair(1.0),
                "attacker": {f"t{j}": pair(-1.0) for j in range(k)},
            }
            for i in range(n)
        ],
        "resources": [{"id": "team", "count": n // 4}],
    }
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    return path


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _interrupt_after(
    seconds: float, args: list[str], cwd: Path, *, cpu: float = 0.0
) -> tuple[int, str, str]:
    """SIGINT at ``seconds``, or later, once the process has used ``cpu`` seconds of CPU
    (on a loaded machine imports alone can take seconds of wall time)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "entente", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(seconds)
    while process.poll() is None and len(list(Path(f"/proc/{process.pid}/task").iterdir())) < 2:
        time.sleep(0.05)  # a loaded machine: the handler's watcher thread is not up yet
    while process.poll() is None and _cpu_seconds(process.pid) < cpu:
        time.sleep(0.1)
    assert process.poll() is None, "the command ended before it could be interrupted"
    process.send_signal(signal.SIGINT)
    started = time.perf_counter()
    stdout, stderr = process.communicate(timeout=60)
    assert time.perf_counter() - started < 15, "too slow to stop"
    return process.returncode, stdout, stderr


@pytest.mark.parametrize("seconds", [0.5, 1.5])
def test_an_interrupt_while_starting_says_one_word(tmp_path: Path, seconds: float) -> None:
    game = _hard_game(tmp_path / "hard.yaml")
    code, stdout, stderr = _interrupt_after(seconds, ["solve", str(game)], tmp_path)
    assert code == 130
    assert "Traceback" not in stderr
    assert stderr.endswith("interrupted\n")
    if seconds == 0.5:  # still importing: nothing but the one line
        assert stderr == "interrupted\n"
        assert stdout == ""


@pytest.mark.slow
def test_an_interrupted_solve_writes_its_best_plan(tmp_path: Path) -> None:
    game = _hard_game(tmp_path / "hard.yaml")
    args = ["solve", str(game), "-o", "plan.json", "--json"]
    # importing and compiling take about 2 s of CPU: at 3.5 s the MILP is running
    code, stdout, stderr = _interrupt_after(5.0, args, tmp_path, cpu=3.5)
    assert code == 130
    assert stderr == "interrupted\n"
    printed = json.loads(stdout)
    plan = json.loads((tmp_path / "plan.json").read_text())
    for document in (printed, plan):
        assert document["status"] == "interrupted"
        assert document["message"].startswith("interrupted (Ctrl-C): the best plan found so far")
        assert document["verified"] is True  # certified like any time-limited plan
        assert document["gap"] >= 0
    assert plan["coverage"] == printed["coverage"]
    assert sum(plan["coverage"].values()) == pytest.approx(15, abs=1e-6)  # every unit placed
    # rosters read it like any plan file, and say what it is
    done = CliRunner().invoke(
        app, ["roster", str(tmp_path / "plan.json"), "--days", "1", "--seed", "3"]
    )
    assert done.exit_code == 0, done.stderr
    assert "interrupted (verified" in done.stderr


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def test_an_interrupted_sweep_stops_its_workers(tmp_path: Path) -> None:
    game = _hard_game(tmp_path / "hard.yaml", n=40, k=12)
    args = ["sweep", str(game), "-r", "team", "--counts", "5..12", "--workers", "2"]
    process = subprocess.Popen(
        [sys.executable, "-m", "entente", *args],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    workers: list[int] = []
    while len(workers) < 2 and time.monotonic() < deadline:  # the pool is up
        time.sleep(0.2)
        workers = [p for p in _children(process.pid) if _is_python(p)]
    time.sleep(1.0)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 130
    assert "Traceback" not in stderr
    assert stderr.splitlines()[-1] == "interrupted"
    time.sleep(0.5)
    assert not [p for p in workers if Path(f"/proc/{p}").exists() and not _zombie(p)]


def _is_python(pid: int) -> bool:
    try:
        return "python" in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return False


def _zombie(pid: int) -> bool:
    try:
        return (Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]) == "Z"
    except OSError:
        return True


def test_a_background_job_keeps_ignoring_ctrl_c(tmp_path: Path) -> None:
    """Started with SIGINT ignored (``cmd &`` in a script, nohup), it is not interrupted."""
    game = tmp_path / "two.yaml"
    game.write_text(Path("tests/data/two-targets.yaml").read_text())
    process = subprocess.Popen(
        [sys.executable, "-m", "entente", "solve", str(game), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
    )
    time.sleep(0.3)
    if process.poll() is None:
        os.kill(process.pid, signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 0, stderr
    assert json.loads(stdout)["status"] == "optimal"


def test_an_interrupt_inside_an_import_waits_for_the_watcher(tmp_path: Path) -> None:
    """Ctrl-C while a module is being imported raises nothing there (a C extension's init
    can crash on it): the watcher says "interrupted" and exits 130 within its grace."""
    (tmp_path / "slow_module.py").write_text(
        "import signal, time\nsignal.raise_signal(signal.SIGINT)\ntime.sleep(30)\n"
    )
    started = time.perf_counter()
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            "from entente._interrupt import install\ninstall()\nimport slow_module",
        ],
        cwd=tmp_path,
        env={
            **os.environ,
            "PYTHONPATH": f"{tmp_path}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
        },
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert (run.returncode, run.stdout, run.stderr) == (130, "", "interrupted\n")
    assert time.perf_counter() - started < 10
