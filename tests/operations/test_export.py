"""Exports: the CSV form outside checks read, JSON and iCalendar, all saying the same thing."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import numpy as np
import pytest

from entente import InputError
from entente.operations import CSV_HEADER, draw_rosters, roster_csv, roster_document
from entente.operations.ics import roster_ics
from tests.operations.plans import hand_plan, scenario_doc


def _reference_csv(rosters: Any) -> bytes:
    """The CSV written the slow, obvious way with the csv module."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["day", "resource", "unit", "targets"])
    plan = rosters.plan
    for d in range(1, rosters.days + 1):
        for u in range(plan.units):
            writer.writerow(
                [
                    d,
                    plan.resource_ids[plan.unit_resource[u]],
                    plan.unit_number[u],
                    ";".join(rosters.targets(d, u)),
                ]
            )
    return out.getvalue().encode()


def _route_plan(rng: np.random.Generator) -> dict[str, Any]:
    doc = scenario_doc(5, {"team": 2, "drone": 1, "spare": 0, "barrier": 1}, rng)
    doc["resources"][1].update(kind="patrol", schedules=[["t3", "t0", "t1"]])
    doc["resources"][3].update(kind="static", sites=["t2"])
    strategy = {
        "form": "mixture",
        "deployments": [
            {
                "probability": 0.6,
                "resources": {
                    "team": [["t4"], []],
                    "drone": [["t3", "t0", "t1"]],
                    "spare": [],
                    "barrier": [["t2"]],
                },
            },
            {
                "probability": 0.4,
                "resources": {"team": [["t0"], ["t1"]], "drone": [[]], "barrier": [["t2"]]},
            },
        ],
    }
    return hand_plan(doc, strategy)


def test_csv_matches_the_obvious_writer_across_digit_widths(
    paris_plan: dict[str, Any], rng: np.random.Generator
) -> None:
    # 12,345 days: one-to-five-digit days and several chunks of the vectorised writer
    rosters = draw_rosters(paris_plan, 12_345, seed=9)
    assert roster_csv(rosters) == _reference_csv(rosters)
    routes = draw_rosters(_route_plan(rng), 1_001, seed=4)
    assert roster_csv(routes) == _reference_csv(routes)


def test_csv_form(rng: np.random.Generator) -> None:
    rosters = draw_rosters(_route_plan(rng), 3, seed=1)
    text = roster_csv(rosters).decode()
    lines = text.splitlines()
    assert lines[0] == CSV_HEADER.decode().strip() == "day,resource,unit,targets"
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 3 * 4  # day x unit; the zero-count resource has no rows
    keys = [(int(r["day"]), r["resource"], int(r["unit"])) for r in rows]
    order = {"team": 0, "drone": 1, "barrier": 2}  # as in the scenario file
    assert keys == sorted(keys, key=lambda k: (k[0], order[k[1]], k[2]))
    assert {r["unit"] for r in rows if r["resource"] == "team"} == {"1", "2"}
    # the static barrier stands at the same site every day
    assert [r["targets"] for r in rows if r["resource"] == "barrier"] == ["t2"] * 3
    drone = {r["targets"] for r in rows if r["resource"] == "drone"}
    assert drone <= {"t3;t0;t1", ""}  # route order kept; empty when idle


def test_json_says_what_the_csv_says(rng: np.random.Generator) -> None:
    rosters = draw_rosters(_route_plan(rng), 4, seed=2)
    document = roster_document(rosters, dates=["2024-07-26", "a", "b", "c"])
    rows = list(csv.DictReader(io.StringIO(roster_csv(rosters).decode())))
    flat = [
        (str(day["day"]), unit["resource"], str(unit["unit"]), ";".join(unit["targets"]))
        for day in document["days"]
        for unit in day["units"]
    ]
    assert flat == [(r["day"], r["resource"], r["unit"], r["targets"]) for r in rows]
    assert document["days"][0]["date"] == "2024-07-26"
    assert document["scenario_sha256"] == rosters.plan.scenario.sha256()


def _events(data: bytes) -> list[icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(data)
    return [c for c in calendar.walk() if c.name == "VEVENT"]


def test_ics_one_event_per_day_and_unit_in_paris_time(paris_plan: dict[str, Any]) -> None:
    rosters = draw_rosters(paris_plan, 3, seed=8)
    stamp = dt.datetime(2024, 7, 1, tzinfo=dt.UTC)
    data = roster_ics(rosters, dt.datetime(2024, 10, 26, 20, 0), hours=10, stamp=stamp)
    events = _events(data)
    assert len(events) == 3 * 20
    paris = ZoneInfo("Europe/Paris")
    starts = sorted({e.decoded("dtstart") for e in events})
    # 20:00 local every night, across the end of summer time on 27 October
    assert [s.astimezone(paris).hour for s in starts] == [20, 20, 20]
    assert [s.astimezone(dt.UTC).hour for s in starts] == [18, 19, 19]
    assert b"TZID=Europe/Paris" in data
    assert b"BEGIN:VTIMEZONE" in data
    names = {t["id"]: t.get("name", t["id"]) for t in paris_plan["scenario"]["targets"]}
    first = events[0]
    assert str(first["summary"]) == f"fr-teams 1: {names[rosters.targets(1, 0)[0]]}"
    assert first.decoded("dtend") - first.decoded("dtstart") == dt.timedelta(hours=10)
    target = next(
        t for t in paris_plan["scenario"]["targets"] if t["id"] == rosters.targets(1, 0)[0]
    )
    geo = first["geo"]
    assert (geo.latitude, geo.longitude) == pytest.approx((target["lat"], target["lon"]))
    assert "Seeded draw (seed 8)" in str(first["description"])
    assert len({str(e["uid"]) for e in events}) == len(events)


def test_ics_time_zone_from_the_scenario_or_override(rng: np.random.Generator) -> None:
    doc = scenario_doc(3, {"team": 1}, rng)
    doc["timezone"] = "Europe/London"
    plan = hand_plan(
        doc,
        {"form": "mixture", "deployments": [{"probability": 1.0, "resources": {"team": [["t1"]]}}]},
    )
    rosters = draw_rosters(plan, 1)
    (event,) = _events(roster_ics(rosters, dt.date(2024, 1, 15)))
    assert event.decoded("dtstart") == dt.datetime(2024, 1, 15, tzinfo=ZoneInfo("Europe/London"))
    assert "Seeded" not in str(event["description"])
    (event,) = _events(roster_ics(rosters, dt.date(2024, 1, 15), timezone="Asia/Tokyo"))
    assert event.decoded("dtstart").utcoffset() == dt.timedelta(hours=9)
    with pytest.raises(InputError, match="time zone"):
        roster_ics(rosters, dt.date(2024, 1, 15), timezone="Mars/Olympus")
