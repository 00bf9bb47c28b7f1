"""ORIGAMI in closed form: the classic security game at any scale.

Kiekintveld, Jain, Tsai, Pita, Ordóñez, Tambe, "Computing optimal randomized
resource allocations for massive security games", AAMAS 2009, Algorithm 1
("ORIGAMI"), rewritten as one sort and prefix sums.

One attacker type; coverage box ``0 <= c_t <= e``, ``sum c <= B`` (see
:mod:`entente.model.coverage`). With ``D_t = Ua_u[t] - Ua_c[t] >= 0`` the
attacker's utility at ``t`` is ``Ua_u[t] - c_t D_t``. Holding every target
of the attack set at a common level ``v`` costs::

    f(v) = sum_{t: Ua_u[t] > v} (Ua_u[t] - v) / D_t

The smallest level the defender can enforce is::

    v* = max(v_B, cov_bound),   f(v_B) = B,   cov_bound = max_t (Ua_u[t] - e D_t)

``v_B`` is found on the targets sorted by ``Ua_u`` descending, where ``f`` is
linear between consecutive values (prefix sums of ``Ua_u/D`` and ``1/D``).
``cov_bound`` is the final step the published pseudo-code gets wrong: when a
target of the attack set is covered at its maximum, the level cannot drop
below its attacker utility there even if resources remain.

Coverage is ``c_t = clip((Ua_u[t] - v*) / D_t, 0, e)``. Every target whose
attacker utility is ``v*`` is a best response; the attacker breaks the tie
in the defender's favour (strong Stackelberg equilibrium). For each target
the defender's coverage when it is attacked cannot be higher (lowering the
level costs more than ``B``), so the optimum is the best target of the
attack set. A target with ``D_t = 0`` in the attack set may also receive the
leftover budget ``B - sum c``, which raises the defender's utility without
changing the attacker's.
"""

from __future__ import annotations

import numpy as np

from entente._exceptions import MethodError
from entente.model import FloatArray, Game, coverage_box
from entente.solvers._timing import timed
from entente.solvers.plan import CombStrategy, Plan, plan_from_coverage

__all__ = ["attacker_level", "origami", "origami_applies"]

TIE_TOLERANCE = 1e-9
"""Attacker utilities within this x the payoff scale tie, as in every other method."""


def origami_applies(game: Game) -> str | None:
    """None if ORIGAMI solves ``game``; otherwise the reason it does not."""
    if game.n_types != 1:
        return "ORIGAMI solves games with one attacker type (use milp for several)"
    box = coverage_box(game)
    if box is None:
        return "ORIGAMI needs guard resources that pool into one coverage budget"
    if np.any(box.lower > 0):
        return "ORIGAMI does not honour min_coverage floors (use multiple-lps)"
    return None


def attacker_level(
    uncovered: FloatArray, covered: FloatArray, budget: float, effectiveness: float
) -> float:
    """The lowest attacker utility the budget can enforce: ``v*`` above."""
    delta = uncovered - covered
    cov_bound = float(np.max(uncovered - effectiveness * delta))
    return max(_budget_level(uncovered, delta, budget), cov_bound)


def _budget_level(uncovered: FloatArray, delta: FloatArray, budget: float) -> float:
    """The level ``v`` with ``f(v) == budget`` (``-inf`` when no coverage matters)."""
    movable = delta > 0
    if not np.any(movable):
        return -np.inf
    values = uncovered[movable]
    inverse = 1.0 / delta[movable]
    order = np.argsort(-values, kind="stable")
    values = values[order]
    inverse = inverse[order]
    s1 = np.cumsum(values * inverse)
    s0 = np.cumsum(inverse)
    nxt = np.append(values[1:], -np.inf)
    # f at the next breakpoint, for attack sets of size k = 1..K
    with np.errstate(invalid="ignore"):
        f_next = s1 - nxt * s0
    k = int(np.argmax(f_next >= budget))
    return float(max((s1[k] - budget) / s0[k], nxt[k]))


@timed
def origami(game: Game) -> Plan:
    """The strong Stackelberg equilibrium of a one-type classic security game.

    O(n log n) time. Raises :class:`MethodError` when ORIGAMI does not apply.
    """
    reason = origami_applies(game)
    if reason is not None:
        raise MethodError(reason)
    box = coverage_box(game)
    assert box is not None  # checked by origami_applies
    e, budget = box.effectiveness, box.budget
    au, ac = game.attacker_uncovered[0], game.attacker_covered[0]
    du, dc = game.defender_uncovered[0], game.defender_covered[0]
    delta = au - ac
    level = attacker_level(au, ac, budget, e)
    movable = delta > 0
    coverage = np.zeros(game.n_targets)
    np.divide(au - level, delta, out=coverage, where=movable)
    np.clip(coverage, 0.0, e, out=coverage)
    leftover = max(budget - float(np.sum(coverage)), 0.0)

    attack_value = au - coverage * delta
    tie = TIE_TOLERANCE * game.payoff_scale()
    in_attack_set = attack_value >= level - tie
    # a fixed-payoff target may absorb the leftover budget if it is attacked
    candidate = np.where(movable, coverage, min(e, leftover))
    defender_value = np.where(in_attack_set, du + candidate * (dc - du), -np.inf)
    attacked = int(np.argmax(defender_value))
    coverage[attacked] = candidate[attacked]

    return plan_from_coverage(
        game,
        coverage,
        [attacked],
        method="origami",
        status="optimal",
        bound=None,
        message="optimal (closed form)",
        strategy=CombStrategy(box.marginals(coverage), box.units, e),
    )
