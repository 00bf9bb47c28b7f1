"""Every output path is checked before any work; formats come from -f or the suffix.

The scenario given is one that does not exist: a command that checks its
output first names the output path, one that started work would name the
missing scenario instead.
"""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from entente.cli import app

ABSENT = "no-such-scenario.yaml"


def _commands(out: str) -> list[list[str]]:
    return [
        ["solve", ABSENT, "-o", out + ".json"],
        ["roster", ABSENT, "-o", out + ".csv"],
        ["sweep", ABSENT, "-r", "team", "--counts", "0..2", "--plot", out + ".png"],
        ["sweep", ABSENT, "-r", "team", "--counts", "0..2", "-o", out + ".json"],
        ["budget", ABSENT, "--budget", "10", "-o", out + ".json"],
        ["simulate", ABSENT, "-o", out + ".json"],
        ["report", ABSENT, "-o", out + ".html"],
        ["fit", ABSENT, "--scenario", "tests/data/two-targets.yaml", "-o", out + ".yaml"],
        ["demo", "--output-dir", out],
    ]


def _unwritable(tmp_path: Path) -> dict[str, str]:
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder")
    return {
        "missing folder": str(tmp_path / "absent" / "x"),
        "file as folder": str(a_file / "x"),
        "read-only folder": "/sys/entente-test",  # refused even to root
    }


@pytest.mark.parametrize("case", ["missing folder", "file as folder", "read-only folder"])
@pytest.mark.parametrize("index", range(9))
def test_an_unwritable_output_is_refused_before_any_work(
    tmp_path: Path, case: str, index: int
) -> None:
    out = _unwritable(tmp_path)[case]
    command = _commands(out)[index]
    started = time.perf_counter()
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 2, result.output
    assert time.perf_counter() - started < 5
    path = command[-1]
    assert path in result.stderr or str(Path(path).parent) in result.stderr
    assert ABSENT not in result.stderr, "the output must be checked before reading the input"
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_an_output_that_is_a_folder_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["solve", ABSENT, "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert f"--output {tmp_path}: is a folder" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-f", "ics", "-o", "x.csv"], "--format ics does not match --output {tmp}/x.csv"),
        (["-o", "r.xlsx"], "--output {tmp}/r.xlsx: .xlsx is not a format written here"),
        (["-f", "csv", "-o", "r.xlsx"], "--format csv does not match --output {tmp}/r.xlsx"),
    ],
)
def test_roster_format_mismatches_name_both(tmp_path: Path, args: list[str], message: str) -> None:
    args = [str(tmp_path / a) if a.endswith((".csv", ".xlsx")) else a for a in args]
    result = CliRunner().invoke(app, ["roster", ABSENT, *args])
    assert result.exit_code == 2
    assert message.format(tmp=tmp_path) in result.stderr
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    "command",
    [
        ["solve", ABSENT, "-o", "plan.csv"],
        ["simulate", ABSENT, "-o", "sim.csv"],
        ["report", ABSENT, "-o", "report.pdf"],
        ["sweep", ABSENT, "-r", "team", "--counts", "0..2", "--plot", "u.jpg"],
    ],
)
def test_a_suffix_naming_another_format_is_refused(command: list[str]) -> None:
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 2
    assert command[-1] in result.stderr
    assert ABSENT not in result.stderr


def test_roster_format_from_suffix_and_from_f(tmp_path: Path) -> None:
    ics = tmp_path / "week.ics"
    done = CliRunner().invoke(app, ["roster", "tests/data/two-targets.yaml", "-o", str(ics)])
    assert done.exit_code == 0, done.stderr
    assert ics.read_text().startswith("BEGIN:VCALENDAR")
    named = tmp_path / "week"  # no suffix: -f decides
    done = CliRunner().invoke(
        app, ["roster", "tests/data/two-targets.yaml", "-f", "csv", "-o", str(named)]
    )
    assert done.exit_code == 0, done.stderr
    rows = list(csv.reader(io.StringIO(named.read_text())))
    assert rows[0] == ["day", "resource", "unit", "targets"]
    assert len(rows) == 1 + 7


@pytest.mark.slow
def test_demo_writes_its_reports_where_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # a short path: the demo's console is 100 columns wide
    folder = Path("reports")
    done = CliRunner().invoke(app, ["demo", "--output-dir", str(folder)])
    assert done.exit_code == 0, done.stderr
    assert sorted(p.name for p in folder.iterdir()) == [
        "channel-coast.html",
        "paris-2024.html",
        "seine-2024.html",
    ]
    assert f"report: {folder}/paris-2024.html" in done.stdout
