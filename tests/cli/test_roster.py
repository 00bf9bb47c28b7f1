"""``entente roster``: the export alone on stdout, notes on stderr, atomic files."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import entente.operations as operations_module
from entente.cli import app


@pytest.fixture(scope="module")
def plan_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("plans") / "bayesian-plan.json"
    result = CliRunner().invoke(app, ["solve", "tests/data/bayesian.yaml", "-o", str(path)])
    assert result.exit_code == 0
    return path


@pytest.mark.slow
def test_csv_on_stdout_notes_on_stderr_in_a_real_process(plan_file: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "entente", "roster", str(plan_file), "--days", "7"],
        capture_output=True,
        check=False,
    )
    assert completed.returncode == 0
    rows = list(csv.DictReader(io.StringIO(completed.stdout.decode())))
    assert completed.stdout.startswith(b"day,resource,unit,targets\n")
    assert len(rows) == 7 * 3
    assert [r["day"] for r in rows[:4]] == ["1", "1", "1", "2"]
    stderr = completed.stderr.decode()
    assert "secure generator" in stderr
    assert "seeded" not in stderr


def test_seed_is_reproducible_and_announced(plan_file: Path) -> None:
    runner = CliRunner()
    first = runner.invoke(app, ["roster", str(plan_file), "--seed", "42"])
    second = runner.invoke(app, ["roster", str(plan_file), "--seed", "42"])
    assert first.exit_code == 0
    assert first.stdout == second.stdout
    assert "seeded draw (seed 42)" in first.stderr
    assert "seeded" not in first.stdout


def test_scenario_is_solved_first(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["roster", "tests/data/two-targets.yaml", "--days", "3"])
    assert result.exit_code == 0
    assert "solved now" in result.stderr
    assert len(result.stdout.splitlines()) == 1 + 3


def test_format_from_suffix_and_json_dates(plan_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "week.json"
    result = CliRunner().invoke(
        app, ["roster", str(plan_file), "--days", "2", "--start", "2024-07-26", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    document = json.loads(out.read_bytes())
    assert [d["date"] for d in document["days"]] == ["2024-07-26", "2024-07-27"]
    ics = tmp_path / "week.ics"
    result = CliRunner().invoke(
        app,
        ["roster", str(plan_file), "--days", "2", "--start", "2024-07-26T21:30", "-o", str(ics)],
    )
    assert result.exit_code == 0
    assert ics.read_bytes().count(b"BEGIN:VEVENT") == 6
    assert b"DTSTART;TZID=Europe/Paris:20240726T213000" in ics.read_bytes()


def test_interrupted_write_leaves_nothing(
    plan_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "roster.csv"
    out.write_text("the previous roster\n")
    real = operations_module.iter_roster_csv

    def failing(rosters: object):  # type: ignore[no-untyped-def]
        chunks = real(rosters)  # type: ignore[arg-type]
        yield next(chunks)
        raise KeyboardInterrupt

    monkeypatch.setattr(operations_module, "iter_roster_csv", failing)
    result = CliRunner().invoke(app, ["roster", str(plan_file), "--days", "5", "-o", str(out)])
    assert result.exit_code != 0
    assert out.read_text() == "the previous roster\n"  # untouched: no half roster
    assert sorted(p.name for p in tmp_path.iterdir()) == ["roster.csv"]  # no temp file left


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--days", "0"], "--days"),
        (["--seed", "-3"], "--seed"),
        (["--start", "26/07/2024", "-f", "ics"], "--start"),
        (["--timezone", "Mars/Olympus", "-f", "ics"], "time zone"),
        (
            ["-o", "/no/such/folder/r.csv"],
            "/no/such/folder/r.csv: the folder /no/such/folder does not",
        ),
    ],
)
def test_bad_options_exit_2(plan_file: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(app, ["roster", str(plan_file), *args])
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_tampered_plan_exits_2(plan_file: Path, tmp_path: Path) -> None:
    document = json.loads(plan_file.read_bytes())
    document["scenario"]["targets"][0]["defender"]["uncovered"] = -1.0
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document))
    result = CliRunner().invoke(app, ["roster", str(bad)])
    assert result.exit_code == 2
    assert "scenario_sha256" in result.stderr
