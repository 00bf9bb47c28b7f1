"""Streamed JSON is byte for byte ``orjson.dumps`` of the whole document."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import orjson
from hypothesis import given
from hypothesis import strategies as st

from entente.operations import draw_rosters, iter_roster_json, roster_document
from entente.operations.export import JSON_CHUNK_CELLS
from entente.operations.jsonstream import coalesce, json_items, json_object
from entente.planfile import dumps, plan_document
from entente.scenario import compile_scenario, load_game, parse_scenario
from entente.solvers import solve

ROOT = Path(__file__).resolve().parents[2]

_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=8,
)


@given(
    head=st.dictionaries(st.text(max_size=4).filter(lambda k: k != "items"), _values, max_size=3),
    items=st.lists(_values, max_size=12),
    batch=st.integers(1, 5),
    size=st.integers(1, 40),
)
def test_streamed_object_is_the_dumped_object(
    head: dict[str, Any], items: list[Any], batch: int, size: int
) -> None:
    pieces = list(coalesce(json_object(head, "items", json_items(items, batch=batch)), size))
    assert b"".join(pieces) == orjson.dumps({**head, "items": items})
    assert all(len(p) >= size for p in pieces[:-1])  # chunks of about ``size``, the last shorter


def test_streamed_roster_is_the_roster_document(paris_plan: dict[str, Any]) -> None:
    rosters = draw_rosters(paris_plan, 2000, seed=11)  # 40,000 records: chunks end mid-day
    assert rosters.days * rosters.plan.units > 2 * JSON_CHUNK_CELLS
    dates = [f"d{d}" for d in range(2000)]
    for kept in (None, dates):
        streamed = b"".join(iter_roster_json(rosters, dates=kept))
        assert streamed == orjson.dumps(roster_document(rosters, dates=kept))
    document = orjson.loads(b"".join(iter_roster_json(rosters)))
    assert np.array_equal(  # the draw itself, read back from the stream
        [[len(u["targets"]) for u in day["units"]] for day in document["days"]],
        rosters.choices > 0,
    )
    empty = draw_rosters(paris_plan, 0, seed=1)
    assert b"".join(iter_roster_json(empty)) == orjson.dumps(roster_document(empty))


def test_streamed_mixture_roster_is_the_roster_document() -> None:
    """Several resources (teams, a drone's routes, a barrier), each numbering its units."""
    scenario, game = load_game(ROOT / "examples" / "olympic-evenings.yaml")
    plan = orjson.loads(dumps(plan_document(scenario, game, solve(game))))
    rosters = draw_rosters(plan, 3001, seed=4)
    assert len(set(rosters.plan.resource_ids)) > 1
    dates = [f"2024-{d}" for d in range(3001)]
    for kept in (None, dates):
        streamed = b"".join(iter_roster_json(rosters, dates=kept))
        assert streamed == orjson.dumps(roster_document(rosters, dates=kept))


def test_streamed_roster_without_units_lists_empty_days() -> None:
    target = {
        "defender": {"covered": 1, "uncovered": -1},
        "attacker": {"covered": -1, "uncovered": 1},
    }
    document = {
        "name": "none",
        "targets": [{"id": "a", **target}, {"id": "b", **target}],
        "resources": [{"id": "g", "count": 0}],
    }
    scenario = parse_scenario(orjson.dumps(document), source="test", format="json")
    game = compile_scenario(scenario)
    rosters = draw_rosters(orjson.loads(dumps(plan_document(scenario, game, solve(game)))), 2)
    streamed = b"".join(iter_roster_json(rosters, dates=["x", "y"]))
    assert streamed == orjson.dumps(roster_document(rosters, dates=["x", "y"]))
    assert streamed.endswith(
        b'"days":[{"day":1,"date":"x","units":[]},{"day":2,"date":"y","units":[]}]}'
    )
