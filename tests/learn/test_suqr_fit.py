"""Maximum likelihood recovers SUQR weights from data simulated from them."""

from __future__ import annotations

import numpy as np
import pytest

from entente import InputError
from entente.evaluate import attack_distribution
from entente.learn import Incidents, fit_suqr
from entente.model import Suqr, make_game


def _simulate(weights: Suqr, rows: int, seed: int):  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(seed)
    n = 8
    game = make_game(
        defender_covered=rng.uniform(0, 10, n),
        defender_uncovered=-rng.uniform(0, 10, n),
        attacker_covered=-rng.uniform(0, 10, n),
        attacker_uncovered=rng.uniform(0, 10, n),
        resources=3,
        behaviours=[weights],
    )
    coverage = np.minimum(rng.dirichlet(np.ones(n), rows) * 3, 1.0)
    attacked = np.array([rng.choice(n, p=attack_distribution(game, 0, c)) for c in coverage])
    return game, Incidents(attacked, coverage, np.ones(rows), "simulated")


@pytest.mark.parametrize("seed", range(3))
def test_recovers_weights_within_standard_errors(seed: int) -> None:
    truth = Suqr(coverage=-6.0, reward=0.4, penalty=0.3)
    game, data = _simulate(truth, 4000, seed)
    fit = fit_suqr(game, data)
    assert fit.converged
    estimate = np.array([fit.behaviour.coverage, fit.behaviour.reward, fit.behaviour.penalty])
    z = (estimate - np.array([-6.0, 0.4, 0.3])) / fit.standard_errors
    assert np.all(np.abs(z) < 4)
    assert fit.heldout_log_likelihood > fit.heldout_baseline


def test_standard_errors_shrink_with_data() -> None:
    truth = Suqr(coverage=-6.0, reward=0.4, penalty=0.3)
    small = fit_suqr(*_simulate(truth, 300, 9))
    large = fit_suqr(*_simulate(truth, 3000, 9))
    assert np.all(large.standard_errors < small.standard_errors)


def test_counts_weigh_like_repeated_rows() -> None:
    game, data = _simulate(Suqr(-4.0, 0.5, 0.2), 200, 4)
    doubled = Incidents(data.attacked, data.coverage, 2 * data.counts, "x")
    repeated = Incidents(
        np.concatenate([data.attacked] * 2), np.concatenate([data.coverage] * 2), np.ones(400), "x"
    )
    a = fit_suqr(game, doubled, holdout=0)
    b = fit_suqr(game, repeated, holdout=0)
    assert a.behaviour.coverage == pytest.approx(b.behaviour.coverage, rel=1e-6)


def test_constant_coverage_is_not_identifiable() -> None:
    game, data = _simulate(Suqr(-4.0, 0.5, 0.2), 100, 4)
    flat = Incidents(data.attacked, np.full_like(data.coverage, 0.3), data.counts, "x")
    with pytest.raises(InputError, match="not identifiable"):
        fit_suqr(game, flat)
