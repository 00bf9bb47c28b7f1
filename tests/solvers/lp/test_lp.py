"""The LP layer: rows, the warm session against the one-shot solve, the deadline."""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from entente.solvers.lp.builder import ModelBuilder
from entente.solvers.lp.deadline import STOP, deadline_after, expired, remaining
from entente.solvers.lp.highs import INF, LinearProgram, solve_linear
from entente.solvers.lp.rows import program_from_rows, row, row_arrays
from entente.solvers.lp.session import LPSession, LPTimeLimit, RowBatch


def test_a_row_from_a_mapping_and_its_arrays() -> None:
    rows = [row({2: 1.5, 0: -1.0}, -INF, 4.0), row({}, 1.0, 1.0), row({1: 2.0}, 0.0, INF)]
    assert rows[0] == ([2, 0], [1.5, -1.0], -INF, 4.0)
    index, columns, values = row_arrays(rows)
    assert index.tolist() == [0, 0, 2]
    assert columns.tolist() == [2, 0, 1]
    assert values.tolist() == [1.5, -1.0, 2.0]


def test_the_builder_emits_the_same_program_as_rows() -> None:
    builder = ModelBuilder()
    first = builder.columns(2, 0.0, 1.0, cost=[1.0, 2.0])
    builder.row({first: 1.0, first + 1: 1.0}, upper=1.5)
    direct = program_from_rows(
        [([0, 1], [1.0, 1.0], -INF, 1.5)],
        np.array([1.0, 2.0]),
        np.zeros(2),
        np.ones(2),
        np.zeros(2, dtype=bool),
    )
    built = builder.program()
    assert (built.matrix != direct.matrix).nnz == 0
    assert built.row_upper.tolist() == direct.row_upper.tolist()
    result = solve_linear(built)
    assert result.status == "optimal"
    assert result.objective == pytest.approx(2.5)  # x = (0.5, 1)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 6), st.integers(1, 6))
def test_columns_added_to_a_session_solve_as_the_whole_lp(seed: int, n: int, extra: int) -> None:
    """max c.x s.t. A x <= b, 0 <= x <= 1: the warm session, with columns added after a
    first solve and costs changed, ends at the one-shot solve's objective and duals."""
    rng = np.random.default_rng(seed)
    m = 3
    a = rng.uniform(0.1, 2.0, size=(m, n + extra))
    b = rng.uniform(1.0, 3.0, size=m)
    cost = rng.uniform(-1.0, 2.0, size=n + extra)
    rows = [(list(range(n + extra)), a[i].tolist(), -INF, float(b[i])) for i in range(m)]
    whole = program_from_rows(
        rows, cost, np.zeros(n + extra), np.ones(n + extra), np.zeros(n + extra, dtype=bool)
    )
    first = program_from_rows(
        [(list(range(n)), a[i, :n].tolist(), -INF, float(b[i])) for i in range(m)],
        np.zeros(n),
        np.zeros(n),
        np.ones(n),
        np.zeros(n, dtype=bool),
    )
    session = LPSession(first, primal=True)
    assert session.solve() is not None
    session.add_columns(
        np.ones(extra),
        np.arange(0, m * extra, m, dtype=np.int32),
        np.tile(np.arange(m, dtype=np.int32), extra),
        a[:, n:].T.ravel().astype(np.float64),
    )
    session.set_costs(np.arange(n + extra, dtype=np.int32), cost)
    warm = session.solve()
    cold = solve_linear(whole)
    assert warm is not None
    assert cold.objective is not None
    assert cold.duals is not None
    assert warm.objective == pytest.approx(cold.objective, abs=1e-9)
    # duals can differ on a degenerate optimum; both must certify the same objective
    for duals in (warm.row_duals, cold.duals):
        assert np.all(duals >= -1e-9)  # maximisation, <= rows
        reduced = np.clip(cost - a.T @ duals, 0.0, None)  # the columns' upper bounds are 1
        assert float(b @ duals + reduced.sum()) == pytest.approx(cold.objective, abs=1e-7)


def test_the_deadline_and_the_stop_request() -> None:
    assert deadline_after(None) is None
    assert not expired(None)
    assert remaining(None) is None
    soon = deadline_after(60.0)
    assert soon is not None
    assert not expired(soon)
    assert 59.0 < (remaining(soon) or 0.0) <= 60.0
    past = deadline_after(-5.0)  # a negative limit is already up
    assert past is not None
    assert past <= time.perf_counter()
    assert expired(past)
    assert remaining(past, 0.01) == 0.01
    STOP.set()
    try:
        assert expired(None)
        assert expired(soon)
        assert remaining(soon, 0.25) == 0.25
        assert remaining(None, 0.0) == 0.0
    finally:
        STOP.clear()


def test_a_session_keeps_its_time_limit_per_solve() -> None:
    """HiGHS's clock adds up over runs: the limit must count from this solve, not the first."""
    rng = np.random.default_rng(3)
    n = 120
    rows = [row({j: float(v) for j, v in enumerate(r)}, -INF, 1.0) for r in rng.random((n, n))]
    program = program_from_rows(
        rows, rng.random(n), np.zeros(n), np.full(n, INF), np.zeros(n, dtype=bool)
    )
    session = LPSession(program)
    columns = np.arange(n, dtype=np.int32)
    spent = 0.0
    while spent < 0.6:  # HiGHS's clock now exceeds the limit below
        session.set_costs(columns, rng.random(n))
        start = time.perf_counter()
        assert session.solve() is not None
        spent += time.perf_counter() - start
    session.set_costs(columns, rng.random(n))
    assert session.solve(time_limit=0.3) is not None  # one warm solve: milliseconds
    cost = rng.random(n)
    session.set_costs(columns, cost)
    with pytest.raises(LPTimeLimit):
        session.solve(time_limit=0.0)
    again = session.solve()  # the session is still usable after a time limit
    one_shot = solve_linear(replace(program, cost=cost))
    assert again is not None
    assert one_shot.objective is not None
    assert again.objective == pytest.approx(one_shot.objective, rel=1e-9)


def _random_program(rng: np.random.Generator, n: int, m: int) -> LinearProgram:
    """max c.x s.t. A x <= b, 0 <= x <= 1 with positive A: always feasible (x = 0)."""
    a = rng.uniform(0.1, 2.0, size=(m, n))
    rows = [(list(range(n)), a[i].tolist(), -INF, float(rng.uniform(1.0, 3.0))) for i in range(m)]
    cost = rng.uniform(-1.0, 2.0, size=n)
    return program_from_rows(rows, cost, np.zeros(n), np.ones(n), np.zeros(n, dtype=bool))


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 8), st.floats(-1.0, 1.0))
def test_a_cutoff_stops_only_a_solve_that_cannot_end_above_it(
    seed: int, n: int, shift: float
) -> None:
    """After a bound change, a warm solve with ``cutoff`` returns the optimum (from a
    one-shot solve) whenever it is above the cutoff; at or below, None or the optimum."""
    rng = np.random.default_rng(seed)
    program = _random_program(rng, n, 3)
    session = LPSession(program)
    assert session.solve() is not None
    fixed = rng.random(n) < 0.5
    lower, upper = np.zeros(n), np.where(fixed, 0.0, 1.0)
    session.set_bounds(np.arange(n, dtype=np.int32), lower, upper)
    cold = solve_linear(replace(program, col_lower=lower, col_upper=upper))
    assert cold.objective is not None
    cutoff = cold.objective + shift
    warm = session.solve(cutoff=cutoff)
    if shift <= -1e-7:
        assert warm is not None
    if warm is not None:
        assert warm.objective == pytest.approx(cold.objective, abs=1e-9)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 8))
def test_an_old_basis_restarts_a_session_that_has_grown_rows(seed: int, n: int) -> None:
    """A basis taken before rows were added (cuts), set again after new costs, leads to
    the one-shot optimum of the grown LP."""
    rng = np.random.default_rng(seed)
    program = _random_program(rng, n, 3)
    extra = rng.uniform(0.1, 2.0, size=(2, n))
    cost = rng.uniform(-1.0, 2.0, size=n)
    session = LPSession(program)
    assert session.solve() is not None
    basis = session.basis()
    assert basis is not None
    session.add_rows(
        RowBatch(
            starts=np.array([0, n], dtype=np.int32),
            columns=np.tile(np.arange(n, dtype=np.int32), 2),
            values=-extra.ravel(),  # -a x >= -1: a x <= 1
            lower=np.array([-1.0, -1.0]),
        )
    )
    session.set_costs(np.arange(n, dtype=np.int32), cost)
    assert session.solve() is not None  # moves the session's basis away
    session.set_basis(basis)
    warm = session.solve()
    assert basis.rows == 5  # extended in place, for the node's other child
    matrix = np.vstack([program.matrix.toarray(), extra])
    rows = [
        (list(range(n)), r.tolist(), -INF, float(b))
        for r, b in zip(matrix, [*program.row_upper, 1.0, 1.0], strict=True)
    ]
    grown = program_from_rows(rows, cost, np.zeros(n), np.ones(n), np.zeros(n, dtype=bool))
    cold = solve_linear(grown)
    assert warm is not None
    assert cold.objective is not None
    assert warm.objective == pytest.approx(cold.objective, abs=1e-9)


def test_a_cutoff_does_stop_solves() -> None:
    """The cutoff reaches HiGHS (its sense is easy to get wrong): of 50 warm solves whose
    optimum lies 0.5 below it, some stop early."""
    stopped = 0
    for seed in range(50):
        rng = np.random.default_rng(seed)
        program = _random_program(rng, 6, 3)
        session = LPSession(program)
        assert session.solve() is not None
        upper = np.where(rng.random(6) < 0.5, 0.0, 1.0)
        session.set_bounds(np.arange(6, dtype=np.int32), np.zeros(6), upper)
        cold = solve_linear(replace(program, col_upper=upper))
        assert cold.objective is not None
        stopped += session.solve(cutoff=cold.objective + 0.5) is None
    assert stopped >= 5
