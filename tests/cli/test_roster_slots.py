"""Rosters and calendars of plans with time slots: one entry per unit per slot occurrence."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import icalendar
import pytest
from typer.testing import CliRunner

from entente.cli import app

HEADER = "date,slot,start,end,resource,unit,targets"


def _solve(tmp: pytest.TempPathFactory, scenario: str, name: str) -> Path:
    path = tmp.mktemp("plans") / name
    result = CliRunner().invoke(app, ["solve", scenario, "-o", str(path)])
    assert result.exit_code == 0, result.stderr
    return path


@pytest.fixture(scope="module")
def plan_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/data/coast.yaml: untimed slots fri and sat."""
    return _solve(tmp_path_factory, "tests/data/coast.yaml", "coast-plan.json")


@pytest.fixture(scope="module")
def olympic_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """examples/olympic-evenings.yaml: three dated sessions, 26-28 July 2024."""
    return _solve(tmp_path_factory, "examples/olympic-evenings.yaml", "olympic-plan.json")


@pytest.fixture(scope="module")
def channel_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """channel-coast: weekly nights n1 (Monday) .. n7 (Sunday), 22:00, 8 hours."""
    return _solve(tmp_path_factory, "channel-coast", "channel-plan.json")


def _rows(*args: str) -> list[dict[str, str]]:
    result = CliRunner().invoke(app, ["roster", *args])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == HEADER
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_untimed_slots_follow_one_another_from_start(plan_file: Path) -> None:
    rows = _rows(str(plan_file), "--days", "2", "--start", "2025-06-06T22:00", "--hours", "12")
    # 22:00 fri, 10:00 sat (next day), 22:00 fri: three occurrences x three units
    assert [(r["date"], r["slot"], r["start"]) for r in rows[::3]] == [
        ("2025-06-06", "fri", "2025-06-06T22:00:00+02:00"),
        ("2025-06-07", "sat", "2025-06-07T10:00:00+02:00"),
        ("2025-06-07", "fri", "2025-06-07T22:00:00+02:00"),
    ]
    assert [r["targets"] for r in rows if r["resource"] == "barrier"] == ["canche-mouth"] * 3
    assert [r["targets"] for r in rows if r["slot"] == "sat" and r["resource"] == "drone"] == [""]
    team = {r["targets"] for r in rows if r["resource"] == "team"}
    assert team - {""} <= {"calais", "sangatte", "wissant"}  # one site (or idle), no @slot


@pytest.mark.slow
def test_channel_coast_week_is_one_row_per_unit_per_night(channel_plan: Path) -> None:
    rows = _rows(str(channel_plan), "--days", "14", "--start", "2025-06-02", "--seed", "2")
    plan = json.loads(channel_plan.read_text())
    units = sum(r["count"] for r in plan["scenario"]["resources"])
    assert len(rows) == 14 * units
    nights = [r for r in rows if r["resource"] == "police-nord" and r["unit"] == "1"]
    assert [n["slot"] for n in nights] == [f"n{i % 7 + 1}" for i in range(14)]
    assert nights[0]["date"] == "2025-06-02"  # a Monday: n1
    assert nights[0]["start"] == "2025-06-02T22:00:00+02:00"
    assert nights[0]["end"] == "2025-06-03T06:00:00+02:00"
    sites = {t["id"] for t in plan["scenario"]["targets"]}
    for row in rows:
        assert set(filter(None, row["targets"].split(";"))) <= sites
    drones = [r for r in rows if r["resource"].startswith("drone") and r["slot"] in ("n4", "n5")]
    assert drones
    assert all(r["targets"] == "" for r in drones)
    barriers = [r for r in rows if r["resource"] == "barriers"]
    assert len({(r["unit"], r["targets"]) for r in barriers}) == 2  # on every night, in place


def test_dst_week_in_october_keeps_22_00_and_ends_8_hours_later(channel_plan: Path) -> None:
    rows = _rows(str(channel_plan), "--days", "1", "--start", "2025-10-25", "--seed", "1")
    # Saturday 25 October 2025: n6, 22:00 summer time; clocks go back in the night
    assert {(r["slot"], r["start"], r["end"]) for r in rows} == {
        ("n6", "2025-10-25T22:00:00+02:00", "2025-10-26T05:00:00+01:00")
    }
    result = CliRunner().invoke(
        app, ["roster", str(channel_plan), "--days", "1", "--start", "2025-10-25", "-f", "ics"]
    )
    assert result.exit_code == 0, result.stderr
    events = list(icalendar.Calendar.from_ical(result.stdout).walk("VEVENT"))
    assert len(events) == len(rows)
    for event in events:
        start, end = event.decoded("dtstart"), event.decoded("dtend")
        assert (start.isoformat(), end.isoformat()) == (
            "2025-10-25T22:00:00+02:00",
            "2025-10-26T05:00:00+01:00",
        )
        assert end.astimezone(dt.UTC) - start.astimezone(dt.UTC) == dt.timedelta(hours=8)


def test_dated_sessions_json_and_ics(olympic_plan: Path) -> None:
    args = [str(olympic_plan), "--days", "3", "--start", "2024-07-26", "--seed", "9"]
    rows = _rows(*args)
    assert [r["slot"] for r in rows[::4]] == ["d1", "d2", "d3"]
    result = CliRunner().invoke(app, ["roster", *args, "-f", "json"])
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["generator"] == "seeded"
    assert document["seed"] == 9
    assert document["timezone"] == "Europe/Paris"
    records = [
        {**r, "unit": str(r["unit"]), "targets": ";".join(r["targets"])}
        for r in document["records"]
    ]
    assert records == rows
    result = CliRunner().invoke(app, ["roster", *args, "-f", "ics"])
    assert result.exit_code == 0, result.stderr
    events = list(icalendar.Calendar.from_ical(result.stdout).walk("VEVENT"))
    assert len(events) == len(rows) == 12
    for event, row in zip(events, rows, strict=True):
        assert event.decoded("dtstart") == dt.datetime.fromisoformat(row["start"])
        assert event.decoded("dtend") == dt.datetime.fromisoformat(row["end"])
    first = events[0].decoded("dtstart")
    assert (first.hour, first.minute, str(first.tzinfo)) == (19, 30, "Europe/Paris")
    assert "reproducible, not for operational use" in str(events[0]["description"])
    empty = _rows(str(olympic_plan), "--days", "7", "--start", "2024-08-01")
    assert empty == []


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--start", "26/07/2024"], "--start: expected a date"),
        (["--start", "2024-07-26T20:00"], "give the first day as a date"),
        (["--hours", "3"], "--hours: the scenario's slots give their own hours"),
        (["--timezone", "Europe/London"], "--timezone: the slots' times are in"),
    ],
)
@pytest.mark.parametrize("fmt", ["csv", "json", "ics"])
def test_bad_options_exit_2_in_every_format(
    olympic_plan: Path, extra: list[str], message: str, fmt: str
) -> None:
    result = CliRunner().invoke(app, ["roster", str(olympic_plan), "-f", fmt, *extra])
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("fmt", ["csv", "json", "ics"])
def test_unslotted_and_untimed_plans_check_start_in_every_format(plan_file: Path, fmt: str) -> None:
    for plan in (str(plan_file), "tests/data/two-targets.yaml"):
        result = CliRunner().invoke(app, ["roster", plan, "-f", fmt, "--start", "2024-13-01"])
        assert result.exit_code == 2, result.stdout
        assert "--start: expected a date" in result.stderr
