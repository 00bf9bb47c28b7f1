"""``entente orders``: one date's draw per unit, in a table, as JSON, or as a printable page."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from entente.cli import app

OLYMPIC = "examples/olympic-evenings.yaml"


def _run(*args: str) -> tuple[str, str]:
    result = CliRunner().invoke(app, ["orders", *args])
    assert result.exit_code == 0, result.stderr
    return result.stdout, result.stderr


@pytest.fixture(scope="module")
def olympic_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("plans") / "olympic-plan.json"
    result = CliRunner().invoke(app, ["solve", OLYMPIC, "-o", str(path)])
    assert result.exit_code == 0, result.stderr
    return path


@pytest.fixture(scope="module")
def weekly_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/data/coast.yaml with its nights on Fridays and Saturdays, 21:00 for 9 hours."""
    document = yaml.safe_load(Path("tests/data/coast.yaml").read_text())
    for slot, day in zip(document["slots"], ("friday", "saturday"), strict=True):
        slot.update(weekday=day, start="21:00", hours=9)
    folder = tmp_path_factory.mktemp("weekly")
    (folder / "weekly.yaml").write_text(yaml.safe_dump(document, allow_unicode=True))
    plan = folder / "weekly-plan.json"
    result = CliRunner().invoke(app, ["solve", str(folder / "weekly.yaml"), "-o", str(plan)])
    assert result.exit_code == 0, result.stderr
    return plan


def test_table_names_the_sites_in_order_and_the_barrier(olympic_plan: Path) -> None:
    out, err = _run(str(olympic_plan), "--date", "2024-07-26", "--seed", "3")
    lines = [line.rstrip() for line in out.splitlines()]
    assert lines[0] == "d1: Fri 26 July, opening ceremony evening"
    assert lines[1] == "Fri 26 Jul 2024 19:30 → Sat 27 Jul 00:00 Europe/Paris (UTC+02:00)"
    assert lines[2].split() == ["unit", "where,", "in", "order"]
    assert lines[-1].split() == ["barrier", "1", "(barrier)", "Hôtel", "de", "Ville"]
    units = [line.split()[:2] for line in lines[3:] if not line.startswith(" ")]
    assert units == [["teams", "1"], ["teams", "2"], ["drone", "1"], ["barrier", "1"]]
    assert "SEEDED draw (seed 3): reproducible, NOT for operational use" in err


def test_orders_are_the_rosters_draw_for_that_day(olympic_plan: Path) -> None:
    out, _ = _run(str(olympic_plan), "--date", "2024-07-26", "--seed", "8", "--json")
    document = json.loads(out)
    assert document["date"] == "2024-07-26"
    assert document["generator"] == "seeded"
    roster = CliRunner().invoke(
        app, ["roster", str(olympic_plan), "--days", "1", "--start", "2024-07-26", "--seed", "8"]
    )
    rows = list(csv.DictReader(io.StringIO(roster.stdout)))
    assert [
        {**r, "unit": str(r["unit"]), "targets": ";".join(r["targets"])}
        for r in document["records"]
    ] == rows


def test_weekly_night_across_the_autumn_change_and_one_slot(weekly_plan: Path) -> None:
    out, _ = _run(str(weekly_plan), "--date", "2024-10-26", "--slot", "sat", "--seed", "1")
    assert [line.rstrip() for line in out.splitlines()[:2]] == [
        "sat: Saturday night, rough sea",
        "Sat 26 Oct 2024 21:00 → Sun 27 Oct 05:00 Europe/Paris "
        "(UTC+02:00, then UTC+01:00 when the clocks go back: 9 hours)",
    ]
    assert "drone 1" in out  # grounded on Saturdays: idle
    assert "idle: stand by" in out


@pytest.mark.parametrize(
    ("date", "when"),
    [
        (
            "2025-03-29",  # 21:00 + 9 elapsed hours is 07:00 once the clocks go forward
            "Sat 29 Mar 21:00 to Sun 30 Mar 07:00 (Europe/Paris, "
            "UTC+01:00, then UTC+02:00 when the clocks go forward: 9 hours)",
        ),
        ("2025-06-07", "Sat 07 Jun 21:00 to Sun 08 Jun 06:00 (Europe/Paris, UTC+02:00)"),
    ],
)
def test_page_says_when_the_clocks_change(
    weekly_plan: Path, tmp_path: Path, date: str, when: str
) -> None:
    page = tmp_path / "night.html"
    _run(str(weekly_plan), "--date", date, "--seed", "1", "-o", str(page))
    assert f'<p class="meta">{when}</p>' in page.read_text()


def test_page_written_with_that_nights_map(olympic_plan: Path, tmp_path: Path) -> None:
    page = tmp_path / "tonight.html"
    _, err = _run(str(olympic_plan), "--date", "2024-07-28", "-o", str(page))
    assert "secure generator" in err
    html = page.read_text()
    assert html.count('<section class="occurrence"') == 1
    assert 'data-slot="d3"' in html
    assert html.count('class="target"') == 6
    assert "@d1" not in html
    assert "@d2" not in html
    assert html.index('class="target"') < html.index('class="barrier"')
    assert "@page{size:A4" in html


def test_page_map_marks_each_guard_teams_post(olympic_plan: Path, tmp_path: Path) -> None:
    """Each guard team of the draw has a numbered diamond at its site; the same draw as --json."""
    page = tmp_path / "tonight.html"
    out, _ = _run(str(olympic_plan), "--date", "2024-07-27", "--seed", "5", "--json")
    _run(str(olympic_plan), "--date", "2024-07-27", "--seed", "5", "-o", str(page))
    records = json.loads(out)["records"]
    expected = {
        ("teams", str(r["unit"]), f"{r['targets'][0]}@d2")
        for r in records
        if r["resource"] == "teams" and r["targets"]  # an idle team has no post
    }
    assert expected
    html = page.read_text()
    posts = set(
        re.findall(
            r'<g class="post" data-resource="([^"]+)" data-unit="(\d+)" '
            r'data-target="([^"]+)">',
            html,
        )
    )
    teams = {p for p in posts if p[0] == "teams"}
    assert teams == expected
    # a drone on one site only is a post too; a drone on several is a route, never both
    drone = next(r for r in records if r["resource"] == "drone")
    drone_posts = {p for p in posts if p[0] == "drone"}
    assert len(drone_posts) == (1 if len(drone["targets"]) == 1 else 0)
    assert "Numbered diamonds: where each unit without a route stands" in html
    assert 'class="swatch-post"' in html


def test_unslotted_plan_is_one_draw_for_the_day() -> None:
    out, _ = _run("tests/data/two-targets.yaml", "--date", "2024-07-26", "--json")
    records = json.loads(out)["records"]
    assert {(r["slot"], r["start"], r["end"]) for r in records} == {
        ("", "2024-07-26T00:00:00+02:00", "2024-07-27T00:00:00+02:00")
    }


def _forecast(folder: Path) -> Path:
    """Fri 25 and Sat 26 Oct 2024: a calm night, then a gale that grounds the drone."""
    path = folder / "forecast.csv"
    path.write_text("date,wave_height_m,wind_kn\n2024-10-25,0.3,6\n2024-10-26,2.0,30\n")
    return path


def test_forecast_with_a_scenario_solves_that_week_first(weekly_plan: Path, tmp_path: Path) -> None:
    """orders SCENARIO --forecast F is solve SCENARIO --forecast F -o plan, then orders plan."""
    scenario, forecast = weekly_plan.parent / "weekly.yaml", _forecast(tmp_path)
    plan = tmp_path / "plan.json"
    solved = CliRunner().invoke(
        app, ["solve", str(scenario), "--forecast", str(forecast), "-o", str(plan)]
    )
    assert solved.exit_code == 0, solved.stderr
    args = ["--date", "2024-10-26", "--seed", "4", "--json"]
    direct, err = _run(str(scenario), "--forecast", str(forecast), *args)
    assert "forecast sat (Sat 2024-10-26): " in err
    assert "solved now" in err
    via_plan, _ = _run(str(plan), *args)
    assert json.loads(direct) == json.loads(via_plan)
    drone = [r for r in json.loads(direct)["records"] if r["resource"] == "drone"]
    assert drone
    assert all(r["targets"] == [] for r in drone)  # 30 kn: grounded


@pytest.mark.parametrize(
    ("which", "date", "message"),
    [
        ("plan", "2024-10-26", "is a plan file, already solved with its weather"),
        ("scenario", "2024-11-01", "--date 2024-11-01: no slot of the plan starts that day"),
    ],
)
def test_forecast_refused_on_a_plan_and_dates_outside_its_week(
    weekly_plan: Path, tmp_path: Path, which: str, date: str, message: str
) -> None:
    file = weekly_plan if which == "plan" else weekly_plan.parent / "weekly.yaml"
    result = CliRunner().invoke(
        app, ["orders", str(file), "--forecast", str(_forecast(tmp_path)), "--date", date]
    )
    assert result.exit_code == 2, result.stdout
    assert message in result.stderr
    assert "solved now" not in result.stderr  # checked before any solve
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([OLYMPIC, "--date", "2024-08-01"], "--date 2024-08-01: no slot of the plan starts"),
        ([OLYMPIC, "--date", "2024-07-26", "--slot", "d2"], "slot 'd2' does not start that day"),
        ([OLYMPIC, "--date", "2024-07-26", "--slot", "d9"], "not a slot of the plan"),
        ([OLYMPIC, "--date", "26/07/2024"], "--date: expected a date YYYY-MM-DD"),
        ([OLYMPIC, "--date", "2024-07-26T19:30"], "--date: expected a date YYYY-MM-DD"),
        ([OLYMPIC, "--date", "2024-07-26", "-o", "x.pdf"], "the orders page is HTML"),
        (["tests/data/coast.yaml", "--date", "2024-07-26"], "slots do not say when they happen"),
        (
            ["tests/data/two-targets.yaml", "--date", "2024-07-26", "--slot", "a"],
            "the plan has no slots",
        ),
    ],
)
def test_bad_requests_exit_2_with_a_message(args: list[str], message: str) -> None:
    result = CliRunner().invoke(app, ["orders", *args])
    assert result.exit_code == 2, result.stdout
    assert message in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["orders", "coast\0.yaml", "--date", "2025-06-07"],
        ["roster", "coast\0.yaml", "--days", "2"],
        ["solve", "coast\0.yaml"],
    ],
)
def test_a_nul_byte_in_a_file_name_is_bad_input(args: list[str]) -> None:
    """Reachable from Python or a wrapper, not a shell: exit 2 naming it, no traceback."""
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2, result.stdout
    assert "'coast\\x00.yaml': not a file name: it contains a NUL byte" in result.stderr
