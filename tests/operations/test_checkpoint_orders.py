"""Orders, slot rosters and calendars of a checkpoint plan: each unit holds a road.

A checkpoint plan's roster choices index the network's edges, not its
targets. Read as targets, they once sent a checkpoint to the monument and
left the other units idle: every road drawn here must be one of the plan's
allocations, with the plan's frequencies, and be named by its ends.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from collections import Counter
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from entente.cli import app
from entente.operations import draw_occurrence_rosters, draw_orders, draw_rosters, roster_csv
from entente.operations.ics import occurrence_ics, roster_ics
from entente.operations.orders import occurrences_on
from entente.report import read_plan
from entente.report.orders_html import render_orders
from tests.operations.plans import solved_plan
from tests.report.htmlparse import parse
from tests.report.test_network_map import LOCATED

# a second resource, held to the two roads into d: three roads for four edges' choices
TWO = (
    LOCATED + "  - {id: bridge, kind: checkpoint, count: 1, effectiveness: 0.5, edges: [bd, cd]}\n"
)
NAMES = {"ab": "a - b", "ac": "a - c", "bd": "b - d", "cd": "c - d"}
DAY = dt.date(2026, 12, 3)
DRAWS = 4000


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> dict:
    folder = tmp_path_factory.mktemp("checkpoints")
    (folder / "two.yaml").write_text(TWO)
    path = folder / "plan.json"
    result = CliRunner().invoke(app, ["solve", str(folder / "two.yaml"), "-o", str(path)])
    assert result.exit_code == 0, result.output
    document = json.loads(path.read_text())
    assert document["strategy"]["form"] == "checkpoints"
    return document


def _allocations(plan: dict) -> dict[tuple[tuple[str, ...], ...], float]:
    """(cp's edges, bridge's edges) -> probability, from the plan file."""
    out: Counter[tuple[tuple[str, ...], ...]] = Counter()
    for a in plan["strategy"]["allocations"]:
        key = tuple(tuple(sorted(a["resources"].get(r, []))) for r in ("cp", "bridge"))
        out[key] += a["probability"]
    return dict(out)


def test_every_nights_roads_are_an_allocation_of_the_plan_as_often_as_it_says(
    plan: dict,
) -> None:
    (night,) = occurrences_on(read_plan(json.dumps(plan).encode()).scenario.document, DAY, None)
    rosters = draw_occurrence_rosters(plan, [night] * DRAWS, seed=11)
    drawn: Counter[tuple[tuple[str, ...], ...]] = Counter()
    for k in range(DRAWS):
        units = list(rosters.units(k))
        assert [len(u.sites) for u in units] == [1, 1]  # nobody idle, nobody at a monument
        sites = rosters.plan.places.ids
        drawn[tuple((sites[u.sites[0]],) for u in units)] += 1
    expected = _allocations(plan)
    assert set(drawn) <= set(expected)
    for key, p in expected.items():
        sigma = math.sqrt(p * (1 - p) / DRAWS)
        assert abs(drawn[key] / DRAWS - p) <= 5 * sigma + 1e-9, (key, drawn[key], p)


def test_orders_name_each_road_by_its_ends_in_table_json_and_page(
    plan: dict, tmp_path: Path
) -> None:
    orders = draw_orders(plan, DAY, seed=5)
    units = orders.units(0)
    assert [u.resource for u in units] == ["cp", "bridge"]
    for u in units:
        (edge,) = u.sites
        assert u.names == (NAMES[edge],)
    assert units[1].sites[0] in {"bd", "cd"}
    page = parse(render_orders(read_plan(json.dumps(plan).encode()), orders))
    listed = [li.attrs["data-site"] for li in page.find("li")]
    assert listed == [u.sites[0] for u in units]
    assert page.find("th")[1].all_text() == "Road"
    (svg,) = [n for n in page.iter("svg") if n.attrs.get("class") == "plan-map"]
    held = {
        line.attrs["data-edge"]: float(line.attrs["data-probability"])
        for line in svg.find("line", **{"class": "road"})
    }
    assert held == {e: (1.0 if e in listed else 0.0) for e in NAMES}
    (tmp_path / "plan.json").write_text(json.dumps(plan))
    result = CliRunner().invoke(
        app,
        ["orders", str(tmp_path / "plan.json"), "--date", DAY.isoformat(), "--seed", "5", "--json"],
    )
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)["records"]
    assert [r["targets"] for r in records] == [list(u.sites) for u in units]


def test_calendars_of_a_checkpoint_plan_name_its_roads(plan: dict) -> None:
    day_events = roster_ics(draw_rosters(plan, 3, seed=2), DAY).decode()
    (night,) = occurrences_on(read_plan(json.dumps(plan).encode()).scenario.document, DAY, None)
    slot_events = occurrence_ics(draw_occurrence_rosters(plan, [night], seed=2)).decode()
    for calendar, events in ((day_events, 6), (slot_events, 2)):
        summaries = [line for line in calendar.splitlines() if line.startswith("SUMMARY:")]
        assert len(summaries) == events
        for line in summaries:
            unit, _, road = line.removeprefix("SUMMARY:").partition(": ")
            assert unit in {"cp 1", "bridge 1"}
            assert road in NAMES.values()


def test_a_roster_csv_quotes_road_names_with_commas_and_quotes() -> None:
    """A road is named by its ends; a name with a comma stays one ``targets`` field."""
    named = TWO.replace(
        "{id: b, lat: 48.87", '{id: b, name: "Pont \\"Iéna\\", rive droite", lat: 48.87'
    )
    plan = solved_plan(yaml.safe_load(named))
    rows = list(csv.reader(io.StringIO(roster_csv(draw_rosters(plan, 200, seed=4)).decode())))
    assert rows[0] == ["day", "resource", "unit", "targets"]
    assert {len(row) for row in rows} == {4}
    roads = {row[3] for row in rows[1:]}
    assert roads <= {
        'a - Pont "Iéna", rive droite (ab)',
        "a - c (ac)",
        'Pont "Iéna", rive droite - d (bd)',
        "c - d (cd)",
    }
    assert any("," in road for road in roads)
