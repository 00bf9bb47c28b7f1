"""Rosters per slot occurrence: each slot's coverage exact, each occurrence kept to its slot."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import icalendar
import numpy as np
import orjson
import pytest

from entente.operations import roster_plan
from entente.operations.ics import occurrence_ics
from entente.operations.occurrence_export import (
    OCCURRENCE_CSV_HEADER,
    iter_occurrence_csv,
    iter_occurrence_json,
    occurrence_document,
)
from entente.operations.occurrence_roster import _slot_parts, draw_occurrence_rosters
from entente.operations.sampling import MIXTURE_BITS
from entente.planfile import dumps, plan_document
from entente.scenario import load_game
from entente.scenario.occurrences import occurrences
from entente.solvers import solve

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def olympic() -> dict[str, Any]:
    scenario, game = load_game(ROOT / "examples" / "olympic-evenings.yaml")
    return orjson.loads(dumps(plan_document(scenario, game, solve(game))))


def _slot_coverage(plan: dict[str, Any]) -> np.ndarray:
    """``(slots, sites)`` plan coverage of ``site@slot``."""
    doc = plan["scenario"]
    return np.array(
        [[plan["coverage"][f"{t['id']}@{s['id']}"] for t in doc["targets"]] for s in doc["slots"]]
    )


def test_each_slots_part_of_the_mixture_gives_exactly_its_coverage(olympic: dict[str, Any]) -> None:
    """Exact: weight each deployment's slot part by its quantised probability."""
    prepared = roster_plan(olympic)
    sampler = prepared.sampler
    sites, slots = len(olympic["scenario"]["targets"]), len(olympic["scenario"]["slots"])
    table, parts = _slot_parts(prepared.routes, sites, slots)
    quanta = np.diff(np.concatenate([[0], sampler.cumulative])) / 2.0**MIXTURE_BITS
    expected = np.zeros((slots, sites))
    for q, row in zip(quanta, sampler.choices, strict=True):  # type: ignore[union-attr]
        for k in range(slots):
            escape = np.ones(sites)
            for u, c in enumerate(row):
                part = parts[table[c, k]]
                assert all(t // sites == k for t in part)  # only that slot's targets
                assert list(part) == [t for t in prepared.routes[c] if t // sites == k]
                for t in part:
                    escape[t % sites] *= 1 - prepared.unit_effectiveness[u]
            expected[k] += q * (1 - escape)
    assert np.max(np.abs(expected - _slot_coverage(olympic))) < 1e-6


def test_many_draws_reproduce_every_slots_coverage(olympic: dict[str, Any]) -> None:
    doc = olympic["scenario"]
    three = occurrences(doc, dt.date(2024, 7, 26), 3)
    n = 6000
    rosters = draw_occurrence_rosters(olympic, three * n, seed=11)
    observed = rosters.interdiction().reshape(n, 3, -1).mean(axis=0)
    coverage = _slot_coverage(olympic)
    # interdiction per draw is in [0, 1]: its standard deviation is at most 1/2
    assert np.all(np.abs(observed - coverage) < 5 * 0.5 / np.sqrt(n))
    barrier = [rosters.plan.resource_ids[d.resource] for d in rosters.units(0)].index("barrier")
    assert len({list(rosters.units(k))[barrier].sites for k in range(30)}) == 1  # it stays put


def test_occurrence_rows_csv_json_and_ics_agree(olympic: dict[str, Any]) -> None:
    doc = olympic["scenario"]
    found = occurrences(doc, dt.date(2024, 7, 25), 5)
    assert [o.slot for o in found] == ["d1", "d2", "d3"]
    rosters = draw_occurrence_rosters(olympic, found, seed=5)
    text = b"".join(iter_occurrence_csv(rosters)).decode()
    assert text.encode().startswith(OCCURRENCE_CSV_HEADER)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 3 * 4
    records = occurrence_document(rosters, "Europe/Paris")["records"]
    streamed = b"".join(iter_occurrence_json(rosters, "Europe/Paris"))
    assert streamed == orjson.dumps(occurrence_document(rosters, "Europe/Paris"))
    dated = b"".join(iter_occurrence_json(rosters, "Europe/Paris", before={"date": "d"}))
    assert dated == orjson.dumps({"date": "d", **occurrence_document(rosters, "Europe/Paris")})
    assert [
        {**r, "unit": str(r["unit"]), "targets": ";".join(r["targets"])} for r in records
    ] == rows
    assert {r["start"] for r in rows if r["slot"] == "d1"} == {"2024-07-26T19:30:00+02:00"}
    assert {r["end"] for r in rows if r["slot"] == "d1"} == {"2024-07-27T00:00:00+02:00"}
    assert all("@" not in r["targets"] for r in rows)
    assert [r["targets"] for r in rows if r["resource"] == "barrier"] == ["hotel-de-ville"] * 3
    calendar = icalendar.Calendar.from_ical(occurrence_ics(rosters))
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 12
    starts = sorted({e.decoded("dtstart") for e in events})
    assert [s.astimezone(dt.UTC).isoformat() for s in starts] == [
        "2024-07-26T17:30:00+00:00",
        "2024-07-27T17:00:00+00:00",
        "2024-07-28T17:00:00+00:00",
    ]
    for event, row in zip(events, rows, strict=True):
        assert event.decoded("dtstart").isoformat() == row["start"]
        assert event.decoded("dtend").isoformat() == row["end"]
        assert str(event.decoded("dtstart").tzinfo) == "Europe/Paris"
        assert str(event["summary"]).startswith(f"{row['resource']} {row['unit']}: ")


def test_unknown_occurrence_slot_is_refused(olympic: dict[str, Any]) -> None:
    found = occurrences(olympic["scenario"], dt.date(2024, 7, 26), 1)
    bad = [type(found[0])("d9", 0, found[0].date, found[0].start, found[0].end)]
    with pytest.raises(ValueError, match="not a slot of the plan"):
        draw_occurrence_rosters(olympic, bad)
