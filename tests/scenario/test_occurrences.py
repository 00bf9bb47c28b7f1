"""Slots in time: the schema's checks and the occurrences of dated, weekly and untimed slots."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from entente import ScenarioError
from entente.scenario import compile_scenario, parse_scenario
from entente.scenario.occurrences import occurrences, slots_timing

HEAD = """
targets:
  - {id: a, defender: {covered: 0, uncovered: -1}, attacker: {covered: -1, uncovered: 1}}
resources:
  - {id: team, count: 1}
"""


def scenario(slots: list[dict[str, Any]], timezone: str | None = None) -> Any:
    text = HEAD + yaml.safe_dump({"slots": slots})
    if timezone:
        text += f"timezone: {timezone}\n"
    loaded = parse_scenario(text, source="s.yaml")
    compile_scenario(loaded)
    return loaded.document


def problems(slots: list[dict[str, Any]]) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        scenario(slots)
    return [str(p) for p in caught.value.problems]


def spans(found: list[Any]) -> list[tuple[str, str, str, str]]:
    return [(o.slot, o.date.isoformat(), o.start.isoformat(), o.end.isoformat()) for o in found]


# --- the schema ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("slot", "field", "message"),
    [
        ({"start": "22:00", "weekday": "funday", "hours": 8}, "slots[0].weekday", "monday"),
        ({"start": "22h00", "weekday": "monday", "hours": 8}, "slots[0].start", "HH:MM"),
        ({"start": "2024-07-26 19:30", "hours": 4}, "slots[0].start", "YYYY-MM-DDTHH:MM"),
        ({"start": "2024-02-30T19:30", "hours": 4}, "slots[0].start", "not a valid date"),
        ({"start": "25:00", "weekday": "monday", "hours": 8}, "slots[0].start", "not a valid"),
        ({"start": "22:00", "weekday": "monday", "hours": 0}, "slots[0].hours", "> 0"),
        (
            {"start": "22:00", "weekday": "monday", "hours": "8"},
            "slots[0].hours",
            "must be a number",
        ),
        ({"start": "22:00", "weekday": "monday"}, "slots[0].hours", "required with `start`"),
        ({"start": "22:00", "hours": 8}, "slots[0].weekday", "required with a time of day"),
        (
            {"start": "2024-07-26T19:30", "weekday": "friday", "hours": 4},
            "slots[0].weekday",
            "once",
        ),
        ({"weekday": "monday"}, "slots[0].weekday", "needs `start`"),
        ({"hours": 3}, "slots[0].hours", "needs `start`"),
    ],
)
def test_bad_slot_times_name_the_field(slot: dict[str, Any], field: str, message: str) -> None:
    found = problems([{"id": "n1", **slot}])
    assert any(p.startswith(f"{field}:") and message in p for p in found), found


def test_timed_and_untimed_slots_do_not_mix() -> None:
    found = problems(
        [{"id": "n1", "start": "22:00", "weekday": "monday", "hours": 8}, {"id": "n2"}]
    )
    assert found == [
        "slots[1].start: either every slot says when it happens (start, hours) or none does"
    ]


def test_dated_and_weekly_slots_may_mix() -> None:
    doc = scenario(
        [
            {"id": "d1", "start": "2024-07-26T19:30", "hours": 4.5},
            {"id": "n1", "weekday": "friday", "start": "22:00", "hours": 8},
        ]
    )
    assert slots_timing(doc) == "weekly"
    found = occurrences(doc, dt.date(2024, 7, 26), 8)
    assert [(o.slot, o.date.day) for o in found] == [("d1", 26), ("n1", 26), ("n1", 2)]


# --- occurrences --------------------------------------------------------------------------


def test_dated_slots_happen_once_on_their_date() -> None:
    doc = scenario(
        [
            {"id": "d1", "start": "2024-07-26T19:30", "hours": 4.5},
            {"id": "d2", "start": "2024-07-27T10:00", "hours": 3},
            {"id": "d3", "start": "2024-07-28T21:00", "hours": 2},
        ]
    )
    assert slots_timing(doc) == "dated"
    assert spans(occurrences(doc, dt.date(2024, 7, 26), 3)) == [
        ("d1", "2024-07-26", "2024-07-26T19:30:00+02:00", "2024-07-27T00:00:00+02:00"),
        ("d2", "2024-07-27", "2024-07-27T10:00:00+02:00", "2024-07-27T13:00:00+02:00"),
        ("d3", "2024-07-28", "2024-07-28T21:00:00+02:00", "2024-07-28T23:00:00+02:00"),
    ]
    assert [o.slot for o in occurrences(doc, dt.date(2024, 7, 27), 1)] == ["d2"]
    assert occurrences(doc, dt.date(2024, 7, 29), 30) == []


def test_weekly_slots_recur_every_matching_weekday_and_cross_midnight() -> None:
    week = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    doc = scenario(
        [
            {"id": f"n{i + 1}", "weekday": d, "start": "22:00", "hours": 8}
            for i, d in enumerate(week)
        ]
    )
    found = occurrences(doc, dt.date(2025, 6, 4), 14)  # a Wednesday
    assert len(found) == 14
    assert [o.slot for o in found[:7]] == ["n3", "n4", "n5", "n6", "n7", "n1", "n2"]
    first = found[0]
    assert (first.date, first.start.isoformat(), first.end.isoformat()) == (
        dt.date(2025, 6, 4),
        "2025-06-04T22:00:00+02:00",
        "2025-06-05T06:00:00+02:00",
    )
    assert all(o.date == o.start.date() and o.end.date() == o.date + dt.timedelta(1) for o in found)


@pytest.mark.parametrize(
    ("zone", "night", "start", "end"),
    [
        # clocks go forward: the last Sunday of March (02:00 -> 03:00 Paris, 01:00 -> 02:00 London)
        ("Europe/Paris", "2024-03-30", "2024-03-30T21:00:00+01:00", "2024-03-31T07:00:00+02:00"),
        ("Europe/London", "2024-03-30", "2024-03-30T21:00:00+00:00", "2024-03-31T07:00:00+01:00"),
        # clocks go back: the last Sunday of October
        ("Europe/Paris", "2024-10-26", "2024-10-26T21:00:00+02:00", "2024-10-27T05:00:00+01:00"),
        ("Europe/London", "2024-10-26", "2024-10-26T21:00:00+01:00", "2024-10-27T05:00:00+00:00"),
        # an ordinary night: 9 hours are 06:00
        ("Europe/Paris", "2024-06-01", "2024-06-01T21:00:00+02:00", "2024-06-02T06:00:00+02:00"),
    ],
)
def test_hours_are_elapsed_across_daylight_saving_changes(
    zone: str, night: str, start: str, end: str
) -> None:
    doc = scenario([{"id": "n", "weekday": "saturday", "start": "21:00", "hours": 9}], zone)
    (found,) = occurrences(doc, dt.date.fromisoformat(night), 1)
    assert (found.start.isoformat(), found.end.isoformat()) == (start, end)
    elapsed = found.end.astimezone(dt.UTC) - found.start.astimezone(dt.UTC)
    assert elapsed == dt.timedelta(hours=9)
    assert str(found.start.tzinfo) == zone


def test_a_start_in_the_spring_gap_moves_forward_and_the_autumn_hour_is_the_first() -> None:
    doc = scenario(
        [
            {"id": "spring", "start": "2024-03-31T02:30", "hours": 1},
            {"id": "autumn", "start": "2024-10-27T02:30", "hours": 1},
        ]
    )
    spring, autumn = occurrences(doc, dt.date(2024, 3, 1), 366)
    assert spring.start.isoformat() == "2024-03-31T03:30:00+02:00"
    assert (autumn.start.isoformat(), autumn.end.isoformat()) == (
        "2024-10-27T02:30:00+02:00",
        "2024-10-27T02:30:00+01:00",
    )


def test_weekly_dst_night_in_the_range_of_a_whole_week() -> None:
    doc = scenario([{"id": "sat", "weekday": "saturday", "start": "21:00", "hours": 9}])
    found = occurrences(doc, dt.date(2024, 3, 25), 14)
    assert [o.end.isoformat() for o in found] == [
        "2024-03-31T07:00:00+02:00",
        "2024-04-07T06:00:00+02:00",
    ]


def test_untimed_slots_are_laid_end_to_end_from_the_start() -> None:
    doc = scenario([{"id": "fri"}, {"id": "sat"}, {"id": "sun"}])
    assert slots_timing(doc) == "untimed"
    start = dt.datetime(2024, 3, 29, 22, 0)
    found = occurrences(doc, start, 3, hours=12)
    assert spans(found) == [
        ("fri", "2024-03-29", "2024-03-29T22:00:00+01:00", "2024-03-30T10:00:00+01:00"),
        ("sat", "2024-03-30", "2024-03-30T10:00:00+01:00", "2024-03-30T22:00:00+01:00"),
        ("sun", "2024-03-30", "2024-03-30T22:00:00+01:00", "2024-03-31T11:00:00+02:00"),
        ("fri", "2024-03-31", "2024-03-31T11:00:00+02:00", "2024-03-31T23:00:00+02:00"),
        ("sat", "2024-03-31", "2024-03-31T23:00:00+02:00", "2024-04-01T11:00:00+02:00"),
    ]
    daily = occurrences(doc, dt.date(2024, 7, 1), 4)
    assert [(o.slot, o.start.isoformat()) for o in daily] == [
        ("fri", "2024-07-01T00:00:00+02:00"),
        ("sat", "2024-07-02T00:00:00+02:00"),
        ("sun", "2024-07-03T00:00:00+02:00"),
        ("fri", "2024-07-04T00:00:00+02:00"),
    ]


def test_zone_override_and_range_guards() -> None:
    doc = scenario([{"id": "fri"}])
    (found,) = occurrences(doc, dt.date(2024, 7, 1), 1, zone=ZoneInfo("Europe/London"))
    assert found.start.isoformat() == "2024-07-01T00:00:00+01:00"
    with pytest.raises(ValueError, match="at most"):
        occurrences(doc, dt.date(2024, 7, 1), 10_000, hours=0.01)
    with pytest.raises(ValueError, match="non-negative"):
        occurrences(doc, dt.date(2024, 7, 1), -1)
    with pytest.raises(ValueError, match="after the year 9999"):
        occurrences(doc, dt.date(2024, 7, 1), 10**9)


ZONES = ["Europe/Paris", "Europe/London", "America/New_York", "Australia/Sydney", "UTC"]


@settings(max_examples=60, deadline=None)
@given(
    zone=st.sampled_from(ZONES),
    weekday=st.integers(0, 6),
    hour=st.integers(0, 23),
    minute=st.sampled_from([0, 15, 30, 45]),
    hours=st.floats(0.25, 30.0),
    first=st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
    days=st.integers(0, 60),
)
def test_weekly_occurrences_property(
    zone: str, weekday: int, hour: int, minute: int, hours: float, first: dt.date, days: int
) -> None:
    """Every matching weekday once; on its date; wall-clock start unless in a gap; elapsed hours."""
    week = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    start = f"{hour:02d}:{minute:02d}"
    doc = {
        "targets": [],
        "resources": [],
        "timezone": zone,
        "slots": [{"id": "s", "weekday": week[weekday], "start": start, "hours": hours}],
    }
    found = occurrences(doc, first, days)  # type: ignore[arg-type]
    expected = [
        first + dt.timedelta(d)
        for d in range(days)
        if (first + dt.timedelta(d)).weekday() == weekday
    ]
    assert [o.date for o in found] == expected
    for o in found:
        assert o.start.date() == o.date
        assert str(o.start.tzinfo) == zone
        elapsed = o.end.astimezone(dt.UTC) - o.start.astimezone(dt.UTC)
        assert abs(elapsed - dt.timedelta(hours=hours)) < dt.timedelta(microseconds=2)
        wall = (o.start.hour, o.start.minute)
        if wall != (hour, minute):  # only when the wall time does not exist that day
            naive = dt.datetime.combine(o.date, dt.time(hour, minute))
            there = naive.replace(tzinfo=ZoneInfo(zone))
            assert there.astimezone(dt.UTC).astimezone(ZoneInfo(zone)).time() != naive.time()
