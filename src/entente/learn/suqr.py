"""Maximum-likelihood SUQR weights from incidents (Nguyen et al., AAAI 2013).

Incident ``i`` hit target ``a_i`` under coverage ``c_i``; under SUQR with
weights ``w = (w_coverage, w_reward, w_penalty)`` its probability is
``exp(w . x[i, a_i]) / sum_t exp(w . x[i, t])`` with features ``x[i, t] =
(c_i[t], R_t, P_t)`` (``R``, ``P``: the type's uncovered and covered attacker
payoffs, point estimates). The log-likelihood::

    L(w) = sum_i n_i (w . x[i, a_i] - logsumexp_t w . x[i, t])

is concave (a multinomial logit), with gradient ``sum_i n_i (x[i, a_i] -
E_q[x_i])`` and Hessian ``-sum_i n_i Cov_q(x_i)``; scipy's trust-region
Newton method (``trust-exact``) maximises it. Standard errors are the
square roots of the diagonal of the inverse observed information ``-H``
at the optimum. The held-out log-likelihood comes from a fit on the other
rows (a seeded split), next to the uniform-attack baseline ``-log n`` per
incident; the weights written to the scenario use every incident.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

import numpy as np

from entente._exceptions import InputError
from entente.learn.incidents import Incidents
from entente.model import FloatArray, Game, Suqr
from entente.scenario.compile_behaviour import behaviour_to_doc

__all__ = ["SuqrFit", "fit_suqr", "with_behaviour"]


@dataclass(frozen=True, eq=False)
class SuqrFit:
    """Fitted weights, their standard errors, and how well they predict."""

    type_id: str
    behaviour: Suqr
    standard_errors: FloatArray
    log_likelihood: float
    incidents: int
    heldout_log_likelihood: float | None
    heldout_incidents: int
    heldout_baseline: float | None
    converged: bool


def _features(game: Game, k: int, coverage: FloatArray) -> FloatArray:
    rows, n = coverage.shape
    x = np.empty((rows, n, 3))
    x[:, :, 0] = coverage
    x[:, :, 1] = game.attacker_uncovered[k]
    x[:, :, 2] = game.attacker_covered[k]
    return x


def _negative_log_likelihood(
    w: FloatArray, x: FloatArray, attacked: np.ndarray, counts: FloatArray
) -> tuple[float, FloatArray, FloatArray]:
    score = x @ w
    top = score.max(axis=1)
    log_norm = top + np.log(np.exp(score - top[:, None]).sum(axis=1))
    chosen = score[np.arange(len(attacked)), attacked]
    q = np.exp(score - log_norm[:, None])
    mean = np.einsum("it,itf->if", q, x)
    picked = x[np.arange(len(attacked)), attacked]
    value = -float(np.sum(counts * (chosen - log_norm)))
    gradient = -np.sum(counts[:, None] * (picked - mean), axis=0)
    centred = x - mean[:, None, :]
    hessian = np.einsum("i,it,itf,itg->fg", counts, q, centred, centred)
    return value, gradient, hessian


def _maximise(game: Game, k: int, data: Incidents) -> tuple[FloatArray, FloatArray, float, bool]:
    from scipy.optimize import minimize  # imported here: it costs the CLI half a second

    x = _features(game, k, data.coverage)
    args = (x, data.attacked, data.counts)
    result = minimize(
        lambda w: _negative_log_likelihood(w, *args)[0],
        np.zeros(3),
        jac=lambda w: _negative_log_likelihood(w, *args)[1],
        hess=lambda w: _negative_log_likelihood(w, *args)[2],
        method="trust-exact",
        options={"gtol": 1e-9, "maxiter": 500},
    )
    _, gradient, hessian = _negative_log_likelihood(result.x, *args)
    # trust-exact may stop short of its 1e-9 gradient target ("failure to predict
    # improvement") at a point that is a maximum to working precision: judge that.
    stationary = float(np.max(np.abs(gradient))) <= 1e-6 * max(1.0, abs(float(result.fun)))
    return np.asarray(result.x), hessian, -float(result.fun), bool(result.success) or stationary


def _standard_errors(hessian: FloatArray, game: Game) -> FloatArray:
    if np.linalg.cond(hessian) > 1e12:
        raise InputError(
            "the SUQR weights are not identifiable from these incidents: coverage must vary "
            "and the attacker's reward and penalty must not be proportional across targets "
            f"(scenario {game.name!r})"
        )
    return np.asarray(np.sqrt(np.diag(np.linalg.inv(hessian))), dtype=np.float64)


def fit_suqr(
    game: Game,
    data: Incidents,
    *,
    type_id: str | None = None,
    holdout: float = 0.2,
    seed: int = 0,
) -> SuqrFit:
    """Fit SUQR weights for one attacker type (the only one, or ``type_id``)."""
    k = _type_index(game, type_id)
    if not 0.0 <= holdout < 1.0:
        raise InputError(f"--holdout must be in [0, 1), got {holdout}")
    w, hessian, log_likelihood, converged = _maximise(game, k, data)
    errors = _standard_errors(hessian, game)
    rows = len(data.attacked)
    test_size = round(holdout * rows)
    heldout = baseline = None
    test_total = 0
    if test_size >= 1 and rows - test_size >= 3:
        order = np.random.default_rng(seed).permutation(rows)
        train, test = data.subset(order[test_size:]), data.subset(order[:test_size])
        w_train = _maximise(game, k, train)[0]
        x = _features(game, k, test.coverage)
        heldout = -_negative_log_likelihood(w_train, x, test.attacked, test.counts)[0]
        test_total = test.total
        baseline = -float(test_total * np.log(game.n_targets))
    return SuqrFit(
        type_id=game.type_ids[k],
        behaviour=Suqr(coverage=float(w[0]), reward=float(w[1]), penalty=float(w[2])),
        standard_errors=errors,
        log_likelihood=log_likelihood,
        incidents=data.total,
        heldout_log_likelihood=heldout,
        heldout_incidents=test_total,
        heldout_baseline=baseline,
        converged=converged,
    )


def _type_index(game: Game, type_id: str | None) -> int:
    if type_id is None:
        if game.n_types == 1:
            return 0
        raise InputError(
            f"the scenario has {game.n_types} attacker types: choose one with --type "
            f"({', '.join(game.type_ids)})"
        )
    if type_id not in game.type_ids:
        raise InputError(f"--type {type_id!r}: no such attacker type ({', '.join(game.type_ids)})")
    return game.type_ids.index(type_id)


def with_behaviour(document: Any, type_id: str, behaviour: Suqr) -> dict[str, Any]:
    """A copy of a scenario document with ``behaviour`` set for ``type_id``."""
    out: dict[str, Any] = copy.deepcopy(dict(document))
    attackers = out.get("attackers")
    if attackers:
        for entry in attackers:
            if entry["id"] == type_id:
                entry["behaviour"] = behaviour_to_doc(behaviour)
    else:
        out["behaviour"] = behaviour_to_doc(behaviour)
    return out
