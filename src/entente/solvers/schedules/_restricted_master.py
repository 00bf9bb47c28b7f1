"""The restricted master LP of one (placement, attacked targets), solved by column generation.

Jain, Kardes, Kiekintveld, Ordóñez, Tambe, "Security games with arbitrary
schedules: a branch and price approach", AAAI 2010 (ASPEN), with the
attacked targets fixed as in multiple LPs (Conitzer & Sandholm 2006).
With the static units fixed, an attack on ``t`` escapes them with
probability ``esc_t``, so coverage is affine in the mobile interdiction
``m_t``: ``c_t = 1 - esc_t + esc_t m_t``. For the profile ``(t_1..t_K)``::

    max  sum_k p_k Ud(k, t_k, c)
    s.t. Ua(k, t', c) - Ua(k, t_k, c) <= u          every k, t' != t_k
         c_t + u >= lower_t                        every floor
         m_t - sum_{d in slot(t)} lam_d I_d(t) = 0  every t        (duals w_t)
         sum_{d in slot s} lam_d = 1               every slot s   (duals pi_s)
         lam >= 0,  0 <= m_t <= 1,  u >= 0

over the columns ``d`` found so far. Phase 1 maximises ``-u`` (is the
profile feasible at all?), phase 2 fixes ``u`` at its phase-1 value and
maximises the defender's utility. A column ``d`` of slot ``s`` improves the
LP iff its reduced cost ``w . I_d - pi_s`` is positive: that is the pricing
problem (:mod:`entente.solvers.schedules._pricing`). When exact pricing proves
``h_s = max_d w . I_d`` for every slot, the Lagrangian bound
``z_RMP + sum_s max(0, h_s - pi_s)`` bounds the full LP (Lübbecke &
Desrosiers, "Selected topics in column generation", Oper. Res. 2005), so
the loop also stops, *pruned*, once that bound cannot beat the incumbent.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from entente._exceptions import SolverError
from entente.model import FloatArray, Game
from entente.solvers.lp.deadline import Deadline, expired, remaining
from entente.solvers.lp.highs import INF
from entente.solvers.lp.rows import Row, program_from_rows, row
from entente.solvers.lp.session import LPSession, LPSolution, LPTimeLimit
from entente.solvers.schedules._columns import ColumnPool
from entente.solvers.schedules._pricing import Choice
from entente.solvers.schedules._variants import neighbours

__all__ = ["ProfileOutcome", "solve_profile"]

_NEIGHBOURS = 30
"""One-unit neighbours of each heuristic deployment added per round (if they price out)."""

_REFILL_EVERY = 5
"""Rounds between calls of ``refill`` (sampled columns) and pruning, in phase 2."""

_IDLE = 15
"""Solves a column may stay at zero (and out of the basis) before it leaves the LP."""

Outcome = Literal["optimal", "infeasible", "pruned", "time_limit", "reached"]


@dataclass(frozen=True)
class ProfileOutcome:
    """How the profile's LP ended: its value and weights when feasible, and a bound.

    At ``time_limit`` the value and weights (if any) are the last restricted
    master's mixture: feasible for the profile, so a valid plan, not a proof.
    ``reached``: the mixture's value reached ``stop_at`` (an upper bound known
    elsewhere), so the LP need not be finished.
    """

    status: Outcome
    value: float | None
    bound: float
    weights: list[FloatArray] | None
    iterations: int


class _Master:
    """The LP above in HiGHS, kept alive so that added columns warm-start the simplex."""

    def __init__(
        self,
        game: Game,
        pool: ColumnPool,
        escape: FloatArray,
        profile: Sequence[int],
        mobile_max: FloatArray,
    ) -> None:
        self.game, self.pool, self.n = game, pool, game.n_targets
        n = self.n
        self.u = n
        rows: list[Row] = [row({t: 1.0}, 0.0, 0.0) for t in range(n)]
        rows += [row({}, 1.0, 1.0) for _ in range(pool.n_slots)]
        rows += _profile_rows(game, escape, profile, mobile_max, self.u)
        program = program_from_rows(
            rows,
            np.zeros(n + 1),
            np.zeros(n + 1),
            np.concatenate([mobile_max, [INF]]),
            np.zeros(n + 1, dtype=bool),
        )
        # keep the basis for added columns (primal simplex, no presolve)
        self.session = LPSession(program, primal=True)
        self.solution: LPSolution | None = None
        self.objective, self.constant = _objective(game, escape, profile)
        self.slot_targets = [o.targets for o in pool.options]
        self.columns: list[tuple[int, int]] = []  # (slot, index in the slot's pool)
        self.idle = np.zeros(0, dtype=np.intp)  # solves each LP column has stayed at zero
        self.known = [0] * pool.n_slots
        self.dropped: set[tuple[int, int]] = set()  # pool columns pruned from the LP
        self.revived: list[tuple[int, int]] = []
        self.sync()

    def offer(self, s: int, choice: Choice) -> bool:
        """Put ``choice`` in the pool and the LP's queue; False if the LP has it already."""
        j, new = self.pool.add(s, choice)
        if new:
            return True
        if (s, j) in self.dropped:
            self.dropped.discard((s, j))
            self.revived.append((s, j))
            return True
        return False

    def sync(self) -> None:
        """Add every pool column the LP does not have yet (and the pruned ones asked again)."""
        wanted = list(self.revived)
        self.revived = []
        for s in range(self.pool.n_slots):
            wanted += [(s, j) for j in range(self.known[s], len(self.pool.choices[s]))]
            self.known[s] = len(self.pool.choices[s])
        starts, indices, values = [], [], []
        nnz = 0
        for s, j in wanted:
            vector = self.pool.vectors[s][j]
            hit = np.flatnonzero(vector)
            starts.append(nnz)
            indices.extend(self.slot_targets[s][hit].tolist())
            indices.append(self.n + s)
            values.extend((-vector[hit]).tolist())
            values.append(1.0)
            nnz += len(hit) + 1
            self.columns.append((s, j))
        self.idle = np.concatenate([self.idle, np.zeros(len(wanted), dtype=np.intp)])
        if not starts:
            return
        self.session.add_columns(
            np.full(len(starts), INF),
            np.array(starts, dtype=np.int32),
            np.array(indices, dtype=np.int32),
            np.array(values, dtype=np.float64),
        )

    def set_phase(self, phase: int, slack: float = 0.0) -> None:
        u = np.array([self.u], dtype=np.int32)
        if phase == 1:
            self.session.set_costs(u, np.array([-1.0]))
        else:
            self.session.set_costs(u, np.array([0.0]))
            self.session.set_bounds(u, np.array([0.0]), np.array([max(slack, 0.0)]))
            targets = np.array(list(self.objective), dtype=np.int32)
            self.session.set_costs(targets, np.array(list(self.objective.values())))

    def run(self, deadline: Deadline) -> float:
        """Solve within the time left; raises LPTimeLimit (the last solution stays)."""
        cold = self.solution is None  # the first solve: the dual simplex, much faster there
        self.session.use_dual_simplex(cold)
        solution = self.session.solve(remaining(deadline, 0.01))
        if cold:
            self.session.use_dual_simplex(False)
        if solution is None:
            raise SolverError("the restricted master LP is infeasible")
        self.solution = solution
        used = solution.x[self.n + 1 :] > 1e-12
        self.idle[: len(used)] = np.where(used, 0, self.idle[: len(used)] + 1)
        return solution.objective

    def prune(self, idle: int) -> None:
        """Delete the LP columns at zero for ``idle`` solves and out of the basis.

        The pool keeps them: :meth:`offer` puts one back if pricing finds it again.
        """
        last = self._last()
        count = len(last.x) - self.n - 1
        nonbasic = np.abs(last.reduced_costs[self.n + 1 :]) > 1e-9
        drop = np.flatnonzero((self.idle[:count] >= idle) & nonbasic)
        if len(drop) == 0:
            return
        self.session.delete_columns((drop + self.n + 1).astype(np.int32))
        keep = np.ones(len(self.columns), dtype=bool)
        keep[drop] = False
        self.dropped.update(self.columns[i] for i in drop)
        self.columns = [c for c, k in zip(self.columns, keep, strict=True) if k]
        self.idle = self.idle[keep]
        head = np.ones(self.n + 1, dtype=bool)
        mask = np.concatenate([head, keep[:count]])
        self.solution = LPSolution(
            last.x[mask], last.objective, last.reduced_costs[mask], last.row_duals
        )

    def mixture_value(self) -> float:
        """The defender's value of the last solution's mixture (phase-2 objective)."""
        x = self._last().x
        return self.constant + sum(cost * float(x[t]) for t, cost in self.objective.items())

    def _last(self) -> LPSolution:
        if self.solution is None:
            raise SolverError("the restricted master LP was read before it was solved")
        return self.solution

    def prices(self) -> tuple[FloatArray, FloatArray]:
        """Duals: ``w`` per target (link rows) and ``pi`` per slot (convexity rows)."""
        duals = self._last().row_duals
        return duals[: self.n], duals[self.n : self.n + self.pool.n_slots]

    def weights(self) -> list[FloatArray]:
        """The LP's probability on each pool column, per slot (clipped and renormalised)."""
        x = self._last().x[self.n + 1 :]  # columns added since the last solve are not in x
        out = [np.zeros(len(self.pool.choices[s])) for s in range(self.pool.n_slots)]
        for value, (s, j) in zip(x, self.columns[: len(x)], strict=True):
            out[s][j] += max(value, 0.0)
        return [w / w.sum() for w in out]


def _profile_rows(
    game: Game,
    escape: FloatArray,
    profile: Sequence[int],
    mobile_max: FloatArray,
    u: int,
) -> list[Row]:
    """Attacker rows and floor rows of the LP, in terms of ``m`` and the slack ``u``."""
    delta = game.attacker_uncovered - game.attacker_covered
    base = game.attacker_uncovered - delta * (1.0 - escape)  # Ua at m = 0
    slope = delta * escape  # Ua falls by this per unit of m
    rows: list[Row] = []
    for k, t in enumerate(profile):
        rhs = base[k, t] - base[k]
        # the row can bind only if the other target can beat t_k at all
        can_bind = slope[k, t] * mobile_max[t] > rhs + 1e-12
        for other in np.flatnonzero(can_bind):
            if other == t:
                continue
            coefficients = {t: float(slope[k, t]), u: -1.0}
            if slope[k, other] > 0 and mobile_max[other] > 0:
                coefficients[int(other)] = -float(slope[k, other])
            rows.append(row(coefficients, -INF, float(rhs[other])))
    floor_gap = game.min_coverage - (1.0 - escape)
    for floored in np.flatnonzero(floor_gap > 0):
        rows.append(
            row({int(floored): float(escape[floored]), u: 1.0}, float(floor_gap[floored]), INF)
        )
    return rows


def _objective(
    game: Game, escape: FloatArray, profile: Sequence[int]
) -> tuple[dict[int, float], float]:
    """Phase-2 costs on ``m`` and the constant term."""
    gain = game.defender_covered - game.defender_uncovered
    costs: dict[int, float] = {}
    constant = 0.0
    for k, t in enumerate(profile):
        p = float(game.priors[k])
        constant += p * (game.defender_uncovered[k, t] + gain[k, t] * (1.0 - escape[t]))
        costs[t] = costs.get(t, 0.0) + p * float(gain[k, t] * escape[t])
    return costs, constant


def solve_profile(
    game: Game,
    pool: ColumnPool,
    escape: FloatArray,
    profile: Sequence[int],
    mobile_max: FloatArray,
    *,
    prune_below: float,
    tolerance: float,
    deadline: float | None,
    stop_at: float = INF,
    refill: Callable[[list[FloatArray]], None] | None = None,
) -> ProfileOutcome:
    """Column generation on the profile's LP: heuristic pricing first, exact pricing to prove."""
    master = _Master(game, pool, escape, profile, mobile_max)
    feasibility = 1e-9 * game.payoff_scale()
    phase, iterations = 1, 0
    master.set_phase(1)
    smoothing = _Smoothing()
    while True:
        iterations += 1
        try:
            value = master.run(deadline)
        except LPTimeLimit:
            return _stopped(master, phase, iterations)
        if phase == 1 and value >= -feasibility:
            phase = 2
            master.set_phase(2, slack=-value)
            smoothing = _Smoothing()
            continue
        if expired(deadline):  # heuristic rounds may be many (priced routes): check each
            return _stopped(master, phase, iterations)
        if phase == 2 and value + master.constant >= stop_at:
            return _stopped(master, phase, iterations, "reached")
        if phase == 2 and iterations % _REFILL_EVERY == 0:
            master.prune(_IDLE)
            if refill is not None:
                refill(master.weights())  # columns aimed at what the mixture lacks
                master.sync()
        w, pi = master.prices()
        if _heuristic_round(master, w, pi, feasibility, smoothing):
            master.sync()
            continue
        excess, added = _exact_round(master, w, pi, tolerance, feasibility, deadline)
        if expired(deadline):  # a MILP cut short: its bound may be loose
            return _stopped(master, phase, iterations)
        bound = value + excess + (master.constant if phase == 2 else 0.0)
        if phase == 1:
            if bound < -feasibility or not added:
                return ProfileOutcome("infeasible", None, -INF, None, iterations)
        elif bound <= prune_below:
            return ProfileOutcome("pruned", None, bound, None, iterations)
        elif excess <= tolerance or not added:
            total = value + master.constant
            return ProfileOutcome("optimal", total, max(bound, total), master.weights(), iterations)
        master.sync()


def _stopped(
    master: _Master, phase: int, iterations: int, status: Outcome = "time_limit"
) -> ProfileOutcome:
    """At the time limit (or ``stop_at``): the last phase-2 mixture, feasible for the profile."""
    if phase == 1 or master.solution is None:
        return ProfileOutcome(status, None, INF, None, iterations)
    return ProfileOutcome(status, master.mixture_value(), INF, master.weights(), iterations)


class _Smoothing:
    """Dual smoothing against the tailing-off of column generation (Neame 1999; Wentges 1997).

    Price at ``alpha * previous + (1 - alpha) * current`` duals; a column
    found there is kept only if it prices out at the current duals, and when
    none does (a mis-price) the current duals are used directly.
    """

    alpha = 0.85

    def __init__(self) -> None:
        self.center: tuple[FloatArray, FloatArray] | None = None

    def points(self, w: FloatArray, pi: FloatArray) -> list[tuple[FloatArray, FloatArray]]:
        if self.center is None:
            self.center = (w, pi)
            return [(w, pi)]
        cw, cpi = self.center
        smoothed = (
            self.alpha * cw + (1 - self.alpha) * w,
            self.alpha * cpi + (1 - self.alpha) * pi,
        )
        self.center = smoothed
        return [smoothed, (w, pi)]


def _heuristic_round(
    master: _Master, w: FloatArray, pi: FloatArray, threshold: float, smoothing: _Smoothing
) -> bool:
    """Add the heuristic's deployments that price out at the current duals; True if any.

    With each, up to :data:`_NEIGHBOURS` of its one-unit neighbours that do too.
    """
    pool = master.pool
    for w_at, _ in smoothing.points(w, pi):
        added = False
        for s, options in enumerate(pool.options):
            result = pool.heuristic(s, w_at[options.targets])
            slot_w = w[options.targets]
            vector = pool.pricers[s].interdiction(result.choice)
            if float(slot_w @ vector) - pi[s] > threshold:
                added |= master.offer(s, result.choice)
            for value, choice in neighbours(pool.pricers[s], result.choice, slot_w)[:_NEIGHBOURS]:
                if value - pi[s] > threshold:
                    added |= master.offer(s, choice)
        if added:
            return True
    smoothing.center = None
    return False


def _exact_round(
    master: _Master,
    w: FloatArray,
    pi: FloatArray,
    tolerance: float,
    threshold: float,
    deadline: float | None,
) -> tuple[float, bool]:
    """Exact pricing in every slot: the total positive excess ``h_s - pi_s``, and new columns."""
    excess, added, pool = 0.0, False, master.pool
    for s, options in enumerate(pool.options):
        left = remaining(deadline, 0.01)
        result = pool.exact(s, w[options.targets], tolerance=tolerance / 4, time_limit=left)
        excess += max(result.bound - pi[s], 0.0)
        if result.value - pi[s] > threshold:
            added |= master.offer(s, result.choice)
    return excess, added
