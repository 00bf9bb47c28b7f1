"""Comb sampling reproduces the marginals exactly: the whole sampling distribution enumerated.

For a fixed order the comb's roster is a step function of the offset ``u``,
changing only where ``u`` crosses a cumulative sum modulo ``S``; so the
distribution over (order, offset) is enumerated exactly by one
representative offset per step and every order, with integer weights.
"""

from __future__ import annotations

import itertools
from collections import Counter

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from entente.operations.sampling import comb_bits, comb_rosters, quantise_marginals


def enumerate_comb(quanta: np.ndarray, units: int) -> Counter[tuple[int, ...]]:
    """Exact distribution of rosters (sorted target tuples), weights summing to n! * S."""
    n = quanta.shape[0]
    scale = 1 << comb_bits(units)
    orders, offsets, weights = [], [], []
    for order in itertools.permutations(range(n)):
        cumulative = np.cumsum(quanta[list(order)])
        steps = sorted({0, *(int(c) % scale for c in cumulative)})
        ends = [*steps[1:], scale]
        for begin, end in zip(steps, ends, strict=True):
            orders.append(order)
            offsets.append(begin)
            weights.append(end - begin)
    rosters = comb_rosters(
        quanta, units, np.array(orders, dtype=np.intp), np.array(offsets, dtype=np.int64)
    )
    distribution: Counter[tuple[int, ...]] = Counter()
    for row, weight in zip(rosters.tolist(), weights, strict=True):
        distribution[tuple(row)] += weight
    return distribution


@st.composite
def comb_instances(draw: st.DrawFn) -> tuple[np.ndarray, int]:
    n = draw(st.integers(1, 5))
    units = draw(st.integers(0, n + 1))
    raw = draw(st.lists(st.floats(0, 1), min_size=n, max_size=n))
    marginals = np.array(raw)
    total = marginals.sum()
    if total > units:  # scale into the feasible box
        marginals = marginals * (units / total) if total > 0 else marginals
    return quantise_marginals(marginals, units), units


@settings(max_examples=60, deadline=None)
@given(comb_instances())
def test_inclusion_probability_is_exactly_the_marginal(instance: tuple[np.ndarray, int]) -> None:
    quanta, units = instance
    n = quanta.shape[0]
    scale = 1 << comb_bits(units)
    distribution = enumerate_comb(quanta, units)
    total = sum(distribution.values())
    perms = len(list(itertools.permutations(range(n))))
    assert total == perms * scale
    for t in range(n):
        covered = sum(w for roster, w in distribution.items() if t in roster)
        assert covered == int(quanta[t]) * perms  # exactly q_t / S
    # every roster: distinct targets, at most `units` of them, floor/ceil of the sum
    expected = int(quanta.sum())
    low, high = expected // scale, -(-expected // scale)
    for roster in distribution:
        used = [t for t in roster if t >= 0]
        assert len(used) == len(set(used))
        assert low <= len(used) <= high <= units
        # idle units are the last ones: teeth past the end of the line
        assert list(roster[: len(used)]) == used


def test_integer_sum_uses_exactly_that_many_units() -> None:
    quanta = quantise_marginals(np.array([0.5, 0.75, 0.25, 0.5]), 3)
    distribution = enumerate_comb(quanta, 3)
    assert {sum(t >= 0 for t in roster) for roster in distribution} == {2}


def test_quantisation_is_faithful_and_never_over_budget() -> None:
    units = 20
    scale = 1 << comb_bits(units)
    marginals = np.full(29, 20 / 29)
    marginals[0] += 1e-12  # a solver's rounding above the budget
    quanta = quantise_marginals(marginals, units)
    assert int(quanta.sum()) <= units * scale
    assert np.max(np.abs(quanta / scale - marginals)) < 2e-12
    assert np.all(quanta <= scale)


def test_fixed_order_would_allow_few_rosters_shuffled_allows_many() -> None:
    quanta = quantise_marginals(np.full(5, 0.4), 2)
    distribution = enumerate_comb(quanta, 2)
    # a fixed order gives at most n + 1 = 6 distinct rosters; shuffling reaches
    # every 2-subset of the 5 targets
    assert len({frozenset(r) for r in distribution}) == 10
