"""Certificate checks for quantal and SUQR types, written apart from the solvers.

From the coverage alone: each behavioural type's attack distribution
(``exp`` of its score, normalised) and expected utilities are recomputed
and compared with the plan's; a :class:`~entente.solvers.certify.proof.DualProof`
is re-checked by golden-section search on each target's one-dimensional
term (not the solvers' bisection on the derivative), with a rigorous
allowance for the last bracket; and the claimed bound must not be beaten
by seeded probes around the plan's coverage and across the coverage box,
its corners included (a falsification test of the bound's statement: no
feasible coverage is worth more).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from entente.model import CoverageBox, FloatArray, Game, Quantal, Suqr
from entente.solvers.certify.proof import DualProof
from entente.solvers.plan import Plan, TypeResponse

__all__ = ["behaviour_response_check", "behavioural_optimality_checks", "mixture_value"]

_GOLDEN = (np.sqrt(5.0) - 1.0) / 2.0
_PROBES = 48
_GLOBAL_PROBES = 16


def _scores(game: Game, k: int) -> tuple[FloatArray, FloatArray]:
    """``alpha, beta`` of type ``k`` straight from the definitions (README)."""
    b = game.behaviour(k)
    au, ac = game.attacker_uncovered[k], game.attacker_covered[k]
    if isinstance(b, Quantal):
        return b.lam * au, -b.lam * (au - ac)
    assert isinstance(b, Suqr)
    return b.reward * au + b.penalty * ac, np.full(game.n_targets, b.coverage)


def _distribution(game: Game, k: int, coverage: FloatArray) -> FloatArray:
    alpha, beta = _scores(game, k)
    z = alpha + beta * coverage
    e = np.exp(z - z.max())
    return np.asarray(e / e.sum(), dtype=np.float64)


def mixture_value(game: Game, coverage: FloatArray) -> float:
    """The prior-weighted defender utility, every type by its own model (ties for the defender)."""
    ua, ud = game.attacker_utility(coverage), game.defender_utility(coverage)
    tie = 1e-9 * game.payoff_scale()
    total = 0.0
    for k in range(game.n_types):
        if game.behaviour(k).model == "rational":
            best = ua[k] >= ua[k].max() - tie
            total += game.priors[k] * float(np.max(ud[k][best]))
        else:
            total += game.priors[k] * float(_distribution(game, k, coverage) @ ud[k])
    return total


def behaviour_response_check(
    game: Game, k: int, response: TypeResponse, coverage: FloatArray, tol: float
) -> tuple[bool, str]:
    """The reported distribution and utilities of behavioural type ``k`` are the coverage's."""
    q = _distribution(game, k, coverage)
    attacker = float(q @ game.attacker_utility(coverage)[k])
    defender = float(q @ game.defender_utility(coverage)[k])
    ok = (
        response.attacked is None
        and abs(response.attacker_utility - attacker) <= tol
        and abs(response.defender_utility - defender) <= tol
    )
    if response.distribution is not None:
        ok = ok and float(np.max(np.abs(response.distribution - q))) <= 1e-9
    return ok, (
        f"{game.behaviour(k).describe()}: recomputed defender {defender:.9g}, "
        f"attacker {attacker:.9g}"
    )


def behavioural_optimality_checks(
    game: Game, plan: Plan, box: CoverageBox, tol: float
) -> Iterator[tuple[str, bool, str]]:
    """(name, passed, detail) for the bound's evidence and the probes."""
    assert plan.bound is not None
    assert plan.coverage is not None
    if isinstance(plan.proof, DualProof):
        yield _dual_proof_check(game, plan, box, plan.proof, tol)
    elif plan.status == "optimal" and plan.method == "gosaq":
        yield "bound proof", False, "an optimal single-type plan must carry its dual proof"
    best = _probe(game, box, plan.coverage)
    yield (
        "probes",
        best <= plan.bound + tol,
        f"best of {_PROBES} probes around the plan and {_GLOBAL_PROBES + 2} across the box "
        f"{best:.9g} <= bound {plan.bound:.9g}",
    )


def _dual_proof_check(
    game: Game, plan: Plan, box: CoverageBox, proof: DualProof, tol: float
) -> tuple[str, bool, str]:
    k, r, mu = proof.type_index, proof.level, proof.multiplier
    if game.n_types != 1 or k != 0 or mu < 0:
        return "bound proof", False, "the dual proof does not fit this game"
    alpha, beta = _scores(game, k)
    if np.any(beta > 0):
        return "bound proof", False, "the dual proof needs every coverage weight <= 0"
    du = game.defender_uncovered[k]
    dd = game.defender_covered[k] - du
    a = alpha - proof.shift

    def f(c: FloatArray) -> FloatArray:
        return np.asarray(np.exp(a + beta * c) * (du + dd * c - r) - mu * c, dtype=np.float64)

    low, high = box.lower.astype(np.float64), box.upper.astype(np.float64)
    x1 = high - _GOLDEN * (high - low)
    x2 = low + _GOLDEN * (high - low)
    for _ in range(80):
        left = f(x1) >= f(x2)
        high = np.where(left, x2, high)
        low = np.where(left, low, x1)
        x1 = high - _GOLDEN * (high - low)
        x2 = low + _GOLDEN * (high - low)
    # |f'| <= w_max (|beta| |Ud - r|_max + dd) + mu on the bracket
    w_max = np.exp(a + np.maximum(beta * low, beta * high))
    span = np.maximum(np.abs(du + dd * low - r), np.abs(du + dd * high - r))
    lipschitz = w_max * (np.abs(beta) * span + dd) + mu
    inner = np.maximum.reduce([f(box.lower), f(box.upper), f(low), f(high)])
    inner = inner + lipschitz * (high - low)
    value = mu * box.budget + float(np.sum(inner))
    ok = value < 0 and plan.bound is not None and abs(r - plan.bound) <= tol
    return (
        "bound proof",
        ok,
        f"dual value {value:.3g} < 0 at level {r:.9g} (multiplier {mu:.6g}) proves the bound",
    )


def _probe(game: Game, box: CoverageBox, coverage: FloatArray) -> float:
    """The best mixture value among seeded feasible perturbations of ``coverage``
    and seeded points of the box (with its lower and upper corners)."""
    rng = np.random.default_rng(0)
    candidates = [box.lower, box.upper]
    for i in range(_PROBES):
        size = 10.0 ** (-1 - (i % 4))
        candidates.append(coverage + size * rng.standard_normal(coverage.shape))
    for _ in range(_GLOBAL_PROBES):
        candidates.append(box.lower + rng.uniform(0, 1, coverage.shape) * (box.upper - box.lower))
    return max(mixture_value(game, _project(box, c)) for c in candidates)


def _project(box: CoverageBox, c: FloatArray) -> FloatArray:
    c = np.clip(c, box.lower, box.upper)
    over = float(np.sum(c)) - box.budget
    if over > 0:
        slack = c - box.lower
        c = box.lower + slack * (1 - over / float(np.sum(slack)))
    return np.asarray(c, dtype=np.float64)
