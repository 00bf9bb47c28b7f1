"""Forecasts: the CSV, the rule that turns a sea state into a band and grounding, and its errors."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest

from entente import InputError
from entente.scenario import compile_scenario, load_scenario, parse_scenario
from entente.scenario.forecast import (
    DEFAULT_WEATHER,
    DayForecast,
    apply_forecast,
    band_for,
    read_forecast,
)
from entente.solvers import solve
from tests.service.server import entente_cli

WEEK = """date,wave_height_m,wind_kn
2026-12-07,1.4,19
2026-12-08,0.9,14
2026-12-09,0.4,8
2026-12-10,0.3,6
2026-12-11,0.8,13
2026-12-12,1.8,24
2026-12-13,2.1,27
"""


def _day(wave: float, wind: float, rag: str | None = None) -> DayForecast:
    return DayForecast(dt.date(2026, 12, 7), wave, wind, rag, 5, 4)


@pytest.mark.parametrize(
    ("wave", "wind", "band"),
    [
        (0.0, 0.0, "red"),
        (0.5, 10.0, "red"),  # the maxima are inclusive
        (0.51, 5.0, "amber"),  # waves above 0.5 m: no longer red
        (0.3, 10.5, "amber"),  # nor wind above 10 kn
        (1.0, 15.0, "amber"),
        (1.01, 3.0, "green"),
        (0.2, 15.5, "green"),
        (4.0, 40.0, "green"),
    ],
)
def test_default_rule_bands(wave: float, wind: float, band: str) -> None:
    assert band_for(DEFAULT_WEATHER, _day(wave, wind))["id"] == band


def test_rag_column_overrides_the_numbers_and_must_name_a_band() -> None:
    assert band_for(DEFAULT_WEATHER, _day(2.5, 30, rag="red"))["id"] == "red"
    with pytest.raises(InputError, match=r"week.csv, line 5, column 4 \(rag\): 'purple'"):
        band_for(DEFAULT_WEATHER, _day(0.1, 1, rag="purple"), "week.csv")


def test_read_forecast_any_column_order_comments_and_rag() -> None:
    text = "# a comment\nwind_kn,date,rag,wave_height_m\n12,2026-12-07,Amber,0.6\n\n3,2026-12-08,,0.2\n"
    forecast = read_forecast(text, source="f.csv")
    first, second = forecast.days.values()
    assert (first.date, first.wave_height_m, first.wind_kn, first.rag) == (
        dt.date(2026, 12, 7),
        0.6,
        12.0,
        "amber",
    )
    assert (first.line, first.rag_column) == (3, 3)
    assert (second.rag, second.line) == (None, 5)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "f.csv: empty forecast"),
        ("date,wave,wind_kn\n", "f.csv, line 1: the header must name date, wave_height_m, wind_kn"),
        ("date,wave_height_m,wind_kn\n", "f.csv: the forecast has a header but no rows"),
        (
            "date,wave_height_m,wind_kn\n2026-12-07,0.4,8\n2026-12-08,calm,8\n",
            "f.csv, line 3, column 2 (wave_height_m): 'calm' is not a number",
        ),
        (
            "date,wave_height_m,wind_kn\n2026-13-07,0.4,8\n",
            "f.csv, line 2, column 1 (date): '2026-13-07' is not a date YYYY-MM-DD",
        ),
        (
            "date,wave_height_m,wind_kn\n2026-12-07,0.4,-3\n",
            "f.csv, line 2, column 3 (wind_kn): '-3' must be a finite number >= 0",
        ),
        (
            "date,wave_height_m,wind_kn\n2026-12-07,0.4,nan\n",
            "f.csv, line 2, column 3 (wind_kn): 'nan' must be a finite number >= 0",
        ),
        (
            "date,wave_height_m,wind_kn\n2026-12-07,0.4\n",
            "f.csv, line 2: expected 3 columns, got 2",
        ),
        (
            "date,wave_height_m,wind_kn\n2026-12-07,0.4,3\n2026-12-07,0.5,3\n",
            "f.csv, line 3, column 1: date 2026-12-07 already given on line 2",
        ),
    ],
)
def test_bad_forecast_files(text: str, message: str) -> None:
    with pytest.raises(InputError) as error:
        read_forecast(text, source="f.csv")
    assert str(error.value).startswith(message)


def test_channel_coast_week_dates_bands_and_grounding() -> None:
    coast = load_scenario("channel-coast")
    scenario, weather = apply_forecast(coast, read_forecast(WEEK, source="week.csv"))
    assert [(w.slot, w.date.isoformat(), w.band) for w in weather] == [
        ("n1", "2026-12-07", "green"),
        ("n2", "2026-12-08", "amber"),
        ("n3", "2026-12-09", "red"),
        ("n4", "2026-12-10", "red"),
        ("n5", "2026-12-11", "amber"),
        ("n6", "2026-12-12", "green"),
        ("n7", "2026-12-13", "green"),
    ]
    drones = ("drones-coquelles", "drone-marck", "drone-boulogne")
    assert [w.grounded for w in weather] == [(), (), (), (), (), drones, drones]
    doc = scenario.document
    slots = {s["id"]: s for s in doc["slots"]}
    # weekly slots become that week's dated nights, same time of day and length
    assert slots["n1"]["start"] == "2026-12-07T22:00"
    assert "weekday" not in slots["n1"]
    assert slots["n1"]["hours"] == 8
    assert slots["n1"]["name"] == "Mon 7 Dec (green: rough sea, strong wind)"
    # the band's scale replaces the slot's; red has none: payoffs unchanged
    assert slots["n1"]["scale"] == {"attacker": {"uncovered": 0.35}, "defender": {"uncovered": 1.6}}
    assert "scale" not in slots["n3"]
    assert slots["n3"]["meta"]["crossing_conditions"] == "red"
    assert slots["n3"]["meta"]["forecast_wind_kn"] == 8.0
    # wind 24 and 27 kn > 20: grounded; the illustrative week's n4/n5 grounding is gone
    for resource in doc["resources"]:
        if resource["id"] in drones:
            assert resource["slot_counts"] == {"n6": 0, "n7": 0}
    assert coast.document["slots"][0]["weekday"] == "monday"  # the original is untouched
    game = compile_scenario(scenario)
    assert game.slot_ids == ("n1", "n2", "n3", "n4", "n5", "n6", "n7")


def test_a_week_starting_on_thursday_plans_thursday_to_wednesday() -> None:
    rows = "".join(f"2026-12-{d:02d},0.3,5\n" for d in range(10, 17))
    _, weather = apply_forecast(
        load_scenario("channel-coast"), read_forecast("date,wave_height_m,wind_kn\n" + rows)
    )
    dates = {w.slot: w.date for w in weather}
    assert dates["n4"] == dt.date(2026, 12, 10)  # thursday, the first date
    assert dates["n1"] == dt.date(2026, 12, 14)  # the monday after
    assert dates["n3"] == dt.date(2026, 12, 16)  # wednesday, the last day of the week


def test_forecast_errors_name_the_file_and_the_missing_date() -> None:
    coast = load_scenario("channel-coast")
    short = read_forecast(WEEK.replace("2026-12-10,0.3,6\n", ""), source="week.csv")
    with pytest.raises(InputError, match=r"week.csv: no forecast for 2026-12-10 \(thursday\), "):
        apply_forecast(coast, short)
    unslotted = load_scenario("paris-2024")
    with pytest.raises(InputError, match="scenario 'paris-2024' has no slots"):
        apply_forecast(unslotted, read_forecast(WEEK, source="week.csv"))
    untimed = parse_scenario(
        json.dumps({**_two_nights(), "slots": [{"id": "s1"}, {"id": "s2"}]}), format="json"
    )
    with pytest.raises(InputError, match="slots that do not say when they happen"):
        apply_forecast(untimed, read_forecast(WEEK, source="week.csv"))


def _two_nights(**drone: object) -> dict:
    """Two sites, two weekly nights, one guard (and optionally one drone)."""
    resources: list[dict] = [{"id": "team", "count": 1}]
    if drone:
        resources.append({"id": "drone", "kind": "patrol", "count": 1, **drone})
    return {
        "name": "two-nights",
        "targets": [
            {
                "id": s,
                "defender": {"covered": 0, "uncovered": -10},
                "attacker": {"covered": -5, "uncovered": 10},
            }
            for s in ("a", "b")
        ],
        "resources": resources,
        "slots": [
            {"id": "s1", "weekday": "monday", "start": "22:00", "hours": 8},
            {"id": "s2", "weekday": "tuesday", "start": "22:00", "hours": 8},
        ],
    }


def _solve_with(doc: dict, rows: str) -> tuple[float, list[str], dict[str, float]]:
    scenario = parse_scenario(json.dumps(doc), format="json")
    forecast = read_forecast("date,wave_height_m,wind_kn\n" + rows, source="f.csv")
    game = compile_scenario(apply_forecast(scenario, forecast)[0])
    plan = solve(game)
    assert plan.coverage is not None
    attacked = [game.target_ids[r.attacked] for r in plan.responses if r.attacked is not None]
    return plan.defender_utility, attacked, dict(zip(game.target_ids, plan.coverage, strict=True))


def test_a_night_turning_red_draws_the_attack_and_costs_the_defender() -> None:
    """Hand-worked. One team a night over two equal sites: coverage 1/2 each.
    Green nights scale the attacker's success by 0.35 (10 -> 3.5) and the
    defender's loss by 1.6 (-10 -> -16): attacker 3.5 - 8.5 c = -0.75, defender
    -8. A red night keeps 10 and -10: attacker 10 - 15 c = 2.5 > -0.75, so he
    strikes that night and the defender expects -10 / 2 = -5."""
    both_green = "2026-12-07,1.5,18\n2026-12-08,1.5,18\n"
    utility, _, _ = _solve_with(_two_nights(), both_green)
    assert utility == pytest.approx(-8.0, abs=1e-6)
    second_red = "2026-12-07,1.5,18\n2026-12-08,0.3,5\n"
    utility, attacked, _ = _solve_with(_two_nights(), second_red)
    assert utility == pytest.approx(-5.0, abs=1e-6)
    assert attacked[0].endswith("@s2")


def test_a_drone_grounded_by_the_wind() -> None:
    """Hand-worked. A drone with max_wind_kn 20 beside the team: both sites
    covered (defender 0) while it flies; at 25 kn it is grounded on s2 and that
    night falls back to one team over two sites (green: defender -16 / 2 = -8)."""
    doc = _two_nights(schedules=[["a"], ["b"]], max_wind_kn=20)
    utility, _, coverage = _solve_with(doc, "2026-12-07,1.5,18\n2026-12-08,1.5,20\n")
    assert utility == pytest.approx(0.0, abs=1e-6)
    assert coverage["a@s2"] + coverage["b@s2"] == pytest.approx(2.0, abs=1e-6)
    utility, _, coverage = _solve_with(doc, "2026-12-07,1.5,18\n2026-12-08,1.5,25\n")
    assert utility == pytest.approx(-8.0, abs=1e-6)
    assert coverage["a@s2"] == pytest.approx(0.5, abs=1e-6)  # one team left for two sites
    assert coverage["b@s2"] == pytest.approx(0.5, abs=1e-6)


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        (
            lambda d: d["resources"][0].update(max_wind_kn=20),
            "resources[0].max_wind_kn",
            "only patrols",
        ),
        (
            lambda d: d.update(
                weather={"bands": [{"id": "calm", "max_wave": 0.5}, {"id": "rough"}]}
            ),
            "weather.bands[0].max_wave",
            "",
        ),
        (
            lambda d: d.update(weather={"bands": [{"id": "calm"}, {"id": "rough"}]}),
            "weather.bands[0]",
            "it must be the last",
        ),
        (
            lambda d: d.update(weather={"bands": [{"id": "calm", "max_wind_kn": 9}]}),
            "weather.bands[0]",
            "the last band takes every forecast",
        ),
        (
            lambda d: d.update(weather={"bands": [{"id": "x", "max_wind_kn": 9}, {"id": "x"}]}),
            "weather.bands[1].id",
            "duplicate band id 'x'",
        ),
        (
            lambda d: d.update(weather={"bands": [{"id": "x", "max_wind_kn": -1}, {"id": "y"}]}),
            "weather.bands[0].max_wind_kn",
            "",
        ),
    ],
)
def test_weather_schema_errors_name_the_field(change, path: str, message: str) -> None:
    doc = copy.deepcopy(_two_nights())
    change(doc)
    with pytest.raises(InputError) as error:
        compile_scenario(parse_scenario(json.dumps(doc), source="w.json", format="json"))
    assert f"{path}:" in str(error.value)
    assert message in str(error.value)


def test_cli_solve_with_a_forecast_and_its_errors(tmp_path: Path) -> None:
    (tmp_path / "week.csv").write_text(WEEK)
    done = entente_cli("solve", "channel-coast", "--forecast", "week.csv", "--json", cwd=tmp_path)
    assert done.exit_code == 0, done.stderr
    result = json.loads(done.stdout)
    assert [f["band"] for f in result["forecast"]] == [
        "green",
        "amber",
        "red",
        "red",
        "amber",
        "green",
        "green",
    ]
    assert result["forecast"][5]["grounded"] == [
        "drones-coquelles",
        "drone-marck",
        "drone-boulogne",
    ]
    (tmp_path / "bad.csv").write_text(
        "date,wave_height_m,wind_kn\n2026-12-07,0.4,8\n2026-12-08,x,8\n"
    )
    bad = entente_cli("solve", "channel-coast", "--forecast", "bad.csv", cwd=tmp_path)
    assert bad.exit_code == 2
    assert "bad.csv, line 3, column 2 (wave_height_m): 'x' is not a number" in bad.stderr
    assert "Traceback" not in bad.stderr
    missing = entente_cli("solve", "channel-coast", "--forecast", "none.csv", cwd=tmp_path)
    assert missing.exit_code == 2
    assert "none.csv: cannot read the forecast" in missing.stderr
    paris = entente_cli("solve", "paris-2024", "--forecast", "week.csv", cwd=tmp_path)
    assert paris.exit_code == 2
    assert "has no slots" in paris.stderr


def test_without_a_forecast_channel_coast_is_solved_as_before() -> None:
    """The weather rule is only read with a forecast: the illustrative week's plan is unchanged."""
    coast = load_scenario("channel-coast")
    plan = solve(compile_scenario(coast))
    assert plan.defender_utility == pytest.approx(-29.3934018679403, abs=1e-6)


def test_the_report_of_a_forecast_week_names_dates_bands_and_grounding() -> None:
    from entente.planfile import plan_document
    from entente.report import render_report, view_plan
    from tests.report.htmlparse import parse

    scenario, _ = apply_forecast(load_scenario("channel-coast"), read_forecast(WEEK))
    game = compile_scenario(scenario)
    tree = parse(render_report(view_plan(plan_document(scenario, game, solve(game)))))
    labels = [label.all_text() for label in tree.find("label", **{"class": "pick"})]
    assert labels[0] == "Mon 7 Dec · green"
    assert labels[3] == "Thu 10 Dec · red"
    (n6,) = tree.find("div", id="slot-n6")
    assert n6.find("h3")[0].all_text() == "Sat 12 Dec (green: rough sea, strong wind)"
    (note,) = n6.find("p", **{"class": "idle"})
    assert note.all_text() == (
        "Grounded by the forecast's wind (24 kn, above their max_wind_kn): "
        "drones-coquelles, drone-marck, drone-boulogne."
    )
    assert not n6.find("polyline", **{"class": "route"})
    (n5,) = tree.find("div", id="slot-n5")
    assert n5.find("polyline", **{"class": "route"})  # 13 kn: the drones fly
    assert not n5.find("p", **{"class": "idle"})


def test_cli_sweep_with_a_forecast(tmp_path: Path) -> None:
    """The two-nights game with s2 red: no team, the attacker takes 10 on s2 (defender -10);
    one team a night, -5 (hand-worked above)."""
    (tmp_path / "two.json").write_text(json.dumps(_two_nights()))
    (tmp_path / "f.csv").write_text(
        "date,wave_height_m,wind_kn\n2026-12-07,1.5,18\n2026-12-08,0.3,5\n"
    )
    args = ("sweep", "two.json", "--resource", "team", "--counts", "0..1", "--forecast", "f.csv")
    done = entente_cli(*args, "--workers", "1", "--json", cwd=tmp_path)
    assert done.exit_code == 0, done.stderr
    points = json.loads(done.stdout)["points"]
    assert [p["defender_utility"] for p in points] == pytest.approx([-10.0, -5.0], abs=1e-6)
    bad = entente_cli(*args[:-1], "nothere.csv", cwd=tmp_path)
    assert bad.exit_code == 2
    assert "nothere.csv: cannot read the forecast" in bad.stderr
