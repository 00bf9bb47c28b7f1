"""Sweeps give identical results inline, on a process pool and on a real Dask cluster."""

from __future__ import annotations

from typing import Any

import pytest
from distributed import LocalCluster

from entente import InputError
from entente.evaluate import parallel
from entente.evaluate.parallel import run_tasks
from entente.evaluate.sweep import SweepResult, resource_variants, run_sweep
from entente.scenario import load_scenario


def highs_threads(_: int) -> list[int]:
    """What a worker's HiGHS is pinned to (run in the worker)."""
    from entente.solvers.lp.highs import _THREADS

    return list(_THREADS)


def _numbers(result: SweepResult) -> list[dict[str, Any]]:
    return [{k: v for k, v in p.items() if k != "seconds"} for p in result.points]


@pytest.fixture(scope="module")
def sweep_inputs() -> tuple[Any, dict[str, Any], list[Any]]:
    scenario = load_scenario("tests/data/bayesian.yaml")
    variants = resource_variants(scenario, "fr-teams", [0, 1, 2, 3, 4, 5])
    return scenario, {"kind": "resource", "resource": "fr-teams"}, variants


def test_pool_and_dask_results_are_identical(sweep_inputs: Any) -> None:
    scenario, parameter, variants = sweep_inputs
    inline = run_sweep(scenario, parameter, variants, workers=1)
    seen: list[tuple[int, int]] = []
    pool = run_sweep(
        scenario, parameter, variants, workers=2, progress=lambda d, t: seen.append((d, t))
    )
    assert seen[-1] == (6, 6)
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0"
    ) as cluster:
        address = cluster.scheduler_address
        remote = run_sweep(scenario, parameter, variants, cluster=address)
        threads = run_tasks(highs_threads, [0, 1, 2, 3], cluster=address)
    local = run_sweep(scenario, parameter, variants, cluster="local", workers=2)
    assert _numbers(pool) == _numbers(inline)
    assert _numbers(remote) == _numbers(inline)
    assert _numbers(local) == _numbers(inline)
    assert [p["value"] for p in remote.points] == [0, 1, 2, 3, 4, 5]  # task order kept
    assert threads == [[1]] * 4  # HiGHS pinned to one thread in every Dask worker
    assert run_tasks(highs_threads, [0, 1], workers=2) == [[1], [1]]  # and in pool workers


def test_unreachable_scheduler_is_an_input_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "CONNECT_TIMEOUT", 1.0)
    with pytest.raises(InputError, match="cannot reach the Dask scheduler"):
        run_tasks(highs_threads, [0], cluster="tcp://127.0.0.1:9")


def test_workers_must_be_positive() -> None:
    with pytest.raises(InputError, match="workers"):
        run_tasks(highs_threads, [0], workers=0)


def test_inline_equals_pool_where_the_thread_count_matters() -> None:
    """paris-2024 with 3 UK teams: HiGHS's MIP gives a different gap on 1 thread than on
    its default, so the in-process run must pin too (measured: 1.0e-13 against 8.7e-15)."""
    scenario = load_scenario("paris-2024")
    variants = resource_variants(scenario, "uk-teams", [3, 12])
    parameter = {"kind": "resource", "resource": "uk-teams"}
    inline = run_sweep(scenario, parameter, variants, workers=1)
    pool = run_sweep(scenario, parameter, variants, workers=2)
    assert _numbers(inline) == _numbers(pool)


def test_pinning_between_solves_resets_the_scheduler() -> None:
    from entente.scenario import load_game
    from entente.solvers import solve
    from entente.solvers.lp.highs import pin_threads

    _, game = load_game("tests/data/bayesian.yaml")
    assert solve(game).status == "optimal"  # HiGHS's scheduler now exists at its default
    previous = pin_threads(1)
    try:
        assert solve(game).status == "optimal"  # without a reset HiGHS would refuse this solve
    finally:
        pin_threads(previous)
    assert solve(game).status == "optimal"
