"""Streamed JSON is byte for byte ``orjson.dumps`` of the whole document."""

from __future__ import annotations

from typing import Any

import numpy as np
import orjson
from hypothesis import given
from hypothesis import strategies as st

from entente.operations import draw_rosters, iter_roster_json, roster_document
from entente.operations.jsonstream import coalesce, json_items, json_object

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
    rosters = draw_rosters(paris_plan, 300, seed=11)  # 300 days x 20 units: several batches
    dates = [f"d{d}" for d in range(300)]
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
