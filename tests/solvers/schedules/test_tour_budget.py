"""The per-tour site bound: never below a real tour's sites, exact where pairs decide."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from entente.model.route_space import RouteSpace
from entente.solvers.schedules._tour_budget import conflicts, most_sites

from .test_route_pricing import _space


@pytest.mark.parametrize("seed", range(40))
def test_no_tour_watches_more_sites_than_the_bound(seed: int) -> None:
    rng = np.random.default_rng(seed)
    space = _space(rng, [list(range(int(rng.integers(2, 8))))])
    reach = space.reachable()
    largest = max(
        (
            size
            for size in range(1, len(reach) + 1)
            for sites in itertools.combinations(reach, size)
            if space.fits(sites)
        ),
        default=0,
    )
    assert largest <= most_sites(space) <= len(reach)


@pytest.mark.parametrize("seed", range(40))
def test_no_tour_watches_a_conflicting_pair(seed: int) -> None:
    rng = np.random.default_rng(seed)
    space = _space(rng, [list(range(int(rng.integers(2, 8))))])
    pairs = conflicts(space)
    for a, b in pairs:
        assert not space.fits((a, b))
    together = [
        (a, b) for a, b in itertools.combinations(space.reachable(), 2) if not space.fits((a, b))
    ]
    assert set(pairs) <= set(together)
    if space.max_sites is None or space.max_sites >= 2:
        assert sorted(pairs) == together  # with two sites the length test is exact


def test_sites_on_both_sides_of_the_base_need_the_budget_of_both() -> None:
    """Sites 1..3 km east and 1..3 km west; 8 km reach 3 + 1 or 2 + 2 of them, 12 km all."""
    points = np.array([0.0, 1.0, 2.0, 3.0, -1.0, -2.0, -3.0])
    space = RouteSpace(np.abs(points[:, None] - points[None, :]), ((0, 1, 2, 3, 4, 5),), 8.0)
    assert most_sites(space) == 4
    assert (2, 5) in conflicts(space)  # 3 km east, 3 km west: 12 km
    assert (0, 3) not in conflicts(space)
    wide = RouteSpace(space.distances, space.slot_targets, 12.0)
    assert most_sites(wide) == 6
    capped = RouteSpace(space.distances, space.slot_targets, 12.0, max_sites=4)
    assert most_sites(capped) == 4


def test_a_bound_cut_short_by_the_deadline_is_valid_and_not_kept() -> None:
    """With no time the MILP gives the trivial bound; the next solve with time proves 4."""
    points = np.array([0.0, 1.0, 2.0, 3.0, -1.0, -2.0, -3.0])
    space = RouteSpace(np.abs(points[:, None] - points[None, :]), ((0, 1, 2, 3, 4, 5),), 8.0)
    assert most_sites(space, 0.0) == 6
    assert most_sites(space) == 4
    assert most_sites(space, 0.0) == 4  # proven once, kept for the route space
