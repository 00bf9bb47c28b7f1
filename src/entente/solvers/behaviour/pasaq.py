"""PASAQ for mixtures: types with any behaviour, by branch-and-bound over their values.

Yang, Ordóñez & Tambe, AAMAS 2012 (PASAQ: piecewise-linear MILP inside a
search on the defender's value), extended to several types. The value of a
coverage ``c`` is ``sum_{k rational} p_k Ud(k, BR_k(c), c) + sum_{k logit} p_k
F_k(c)``, a sum of ratios plus best responses, so one bisection no longer
suffices. For a vector ``r`` of levels, one per logit type, the MILP::

    M(r) = max  sum_{k rational} p_k d_k
           s.t. c in the coverage set (lower <= c <= upper, sum c <= B)
                sum_t g_hat[k, t](c_t; r_k) >= 0          every logit type k
                DOBSS rows for every rational type k (binary q[k, t])

uses sound piecewise-linear over-estimators ``g_hat >= g`` of each term
(:mod:`entente.solvers.behaviour._pwl`; one incremental segment set per target shared
by the types, with binaries that keep segments filling in order), so
``M(r)`` over-estimates the best rational part compatible with every logit
type reaching ``r_k``. Branch-and-bound over boxes ``[a, b]`` of levels:

- a box's bound is ``sum_k p_k b_k + M(a)`` (HiGHS's dual bound of ``M``);
  an infeasible ``M(a)`` empties the box;
- every MILP solution is evaluated exactly (the incumbent);
- the box with the highest bound is split in half along the logit type with
  the widest ``p_k (b_k - a_k)``; where the over-estimate misled (some
  ``F_k(c) < a_k - gap / 4``) the segments at ``c`` and their neighbours
  are halved and the box re-solved.

Without a time limit the search stops after :data:`DEFAULT_TIME_LIMIT`
seconds: mixtures at the default gap (1e-6 x the payoff range) need many
MILPs; ask for a coarser ``gap`` for a proven optimum. The reported bound
is the highest bound of any box still open (boxes are closed when their
bound is within ``gap`` of the incumbent), so it is valid for the exact
problem. The coverage set enters only as linear rows: other
coverage polytopes (patrol marginals) would add their rows here.

Why the bound holds for every mixture: each coverage ``c`` lies in some
open box (its levels ``F_k(c)`` sit in ``[a, b]``), and there its value is
at most ``sum p_k b_k`` plus the rational part, which the DOBSS rows bound
exactly (each rational type attacks a best target, ties for the defender,
as :func:`~entente.model.outcome.outcome` evaluates it). ``M(a)`` is a
relaxation of that: the over-estimators are sound (``_pwl``) and the rows
are written so HiGHS cannot tighten them (:func:`level_row`: sharp types
have terms near ``exp(-60)`` that HiGHS would drop, which once turned a
reachable level "infeasible" and lost its box). A box leaves the search
only as infeasible, split or counted in the bound; a MILP that stops early
keeps its parent's bound, which is no lower.
"""

from __future__ import annotations

import heapq
import itertools
from dataclasses import dataclass

import numpy as np

from entente._exceptions import MethodError
from entente.model import CoverageBox, FloatArray, Game, coverage_box
from entente.model.outcome import outcome
from entente.solvers._timing import timed
from entente.solvers.behaviour._logit_dual import logit_type
from entente.solvers.behaviour._outcome_plan import plan_from_outcome
from entente.solvers.behaviour._pasaq_milp import Logit, logit_arrays, milp_program
from entente.solvers.behaviour._pwl import segment_length
from entente.solvers.behaviour.gosaq import single_type_optimum
from entente.solvers.classic.incumbent import heuristic_coverage
from entente.solvers.lp.deadline import deadline_after, expired, remaining
from entente.solvers.lp.highs import LinearResult, LinearStatus, solve_linear
from entente.solvers.plan import Plan, Status

__all__ = ["DEFAULT_TIME_LIMIT", "pasaq"]

_MAX_SEGMENTS = 24
_REFINE_ROUNDS = 8
_POLISH_SWEEPS = 4
_POLISH_GRID = 65
DEFAULT_TIME_LIMIT = 60.0
"""Seconds pasaq searches when no time limit is given (then: best plan and its gap)."""


@dataclass(frozen=True)
class _Node:
    a: FloatArray
    b: FloatArray
    rational_bound: float


@timed
def pasaq(game: Game, *, time_limit: float | None = None, gap: float | None = None) -> Plan:
    """Optimal plan against a mixture of rational, quantal and SUQR types, certified bound."""
    box = coverage_box(game)
    if box is None:
        raise MethodError("pasaq needs guard resources that pool into one coverage budget")
    infeasible = box.infeasibility()
    if infeasible is not None:
        return Plan(status="infeasible", method="pasaq", message=infeasible)
    gap = 1e-6 * game.defender_range() if gap is None else gap
    search = _Search(game, box, gap, DEFAULT_TIME_LIMIT if time_limit is None else time_limit)
    coverage, bound, status, detail = search.run()
    plan = plan_from_outcome(
        game, box, coverage, method="pasaq", status=status, bound=bound, message=detail
    )
    if plan.status == "optimal" and plan.gap is not None and plan.gap > gap:
        plan = plan.replace(status="time_limit", message=plan.message + "; gap above tolerance")
    return plan


class _Search:
    """The branch-and-bound state (one solve; not part of the API)."""

    def __init__(self, game: Game, box: CoverageBox, gap: float, time_limit: float | None):
        self.game, self.box, self.gap = game, box, gap
        self.deadline = deadline_after(time_limit)
        found = [logit_arrays(game, box, k) for k in range(game.n_types)]
        self.logit = [x for x in found if x is not None]
        self.rational = [k for k in range(game.n_types) if game.behaviour(k).model == "rational"]
        self.breaks = _initial_breakpoints(game, box, self.logit, gap)
        self.best_value = -np.inf
        self.best = np.asarray(box.lower, dtype=np.float64)
        self.milps = 0
        self.closed = -np.inf

    def run(self) -> tuple[FloatArray, float, Status, str]:
        for candidate in self._candidates():
            self._offer(candidate)
        self._polish()
        low, high = self._level_box()
        # every coverage reaches ``low``: an infeasible root is numerical, never a proof
        root = self._solve_node(low, self._open_bound())
        root = self._open_bound() if root is None else root
        counter = itertools.count()
        heap: list[tuple[float, int, _Node]] = []
        self._push(heap, counter, _Node(low, high, root))
        status: Status = "optimal"
        while heap:
            top = -heap[0][0]
            if top <= self.best_value + self.gap:
                self.closed = max(self.closed, top)
                break
            if expired(self.deadline):
                status = "time_limit"
                break
            _, _, node = heapq.heappop(heap)
            for child in self._split(node):
                self._push(heap, counter, child)
        self._polish()
        # boxes still open, and boxes closed within the gap, bound the optimum
        bound = max([self.best_value, self.closed, *(-h[0] for h in heap[:1])])
        return self.best, bound, status, f"{status.replace('_', ' ')} after {self.milps} MILPs"

    def _bound(self, node: _Node) -> float:
        priors = self.game.priors
        return float(sum(priors[x.k] * node.b[i] for i, x in enumerate(self.logit))) + (
            node.rational_bound
        )

    def _push(
        self, heap: list[tuple[float, int, _Node]], counter: itertools.count[int], node: _Node
    ) -> None:
        bound = self._bound(node)
        if bound > self.best_value + self.gap:
            heapq.heappush(heap, (-bound, next(counter), node))
        else:
            self.closed = max(self.closed, bound)

    def _split(self, node: _Node) -> list[_Node]:
        if not self.logit:
            return []
        widths = [self.game.priors[x.k] * (node.b[i] - node.a[i]) for i, x in enumerate(self.logit)]
        i = int(np.argmax(widths))
        if widths[i] <= 1e-12 * self.game.payoff_scale():
            self.closed = max(self.closed, self._bound(node))
            return []
        middle = 0.5 * (node.a[i] + node.b[i])
        lower_b = node.b.copy()
        lower_b[i] = middle
        children = [_Node(node.a, lower_b, node.rational_bound)]
        upper_a = node.a.copy()
        upper_a[i] = middle
        solved = self._solve_node(upper_a, node.rational_bound)
        if solved is not None:
            children.append(_Node(upper_a, node.b, solved))
        return children

    def _solve_node(self, levels: FloatArray, ceiling: float) -> float | None:
        """``M(levels)``'s bound (None: infeasible), refining segments that misled.

        ``ceiling`` is a bound already proven for lower levels (the parent's):
        ``M`` only falls as levels rise, so it caps an unfinished MILP's bound.
        """
        for _ in range(_REFINE_ROUNDS):
            result = self._milp(levels)
            if result.status == "infeasible" or result.x is None:
                return None if result.status == "infeasible" else ceiling
            coverage = np.clip(result.x[: self.game.n_targets], self.box.lower, self.box.upper)
            self._offer(coverage)
            bound = min(ceiling, result.bound if result.bound is not None else ceiling)
            bound = bound if self.rational else 0.0  # else the objective only steers
            misled = self._misled(coverage, levels)
            if not misled or expired(self.deadline):
                return float(bound)
            self._refine(coverage)
        return float(bound)

    def _open_bound(self) -> float:
        return float(
            sum(self.game.priors[k] * np.max(self.game.defender_covered[k]) for k in self.rational)
        )

    def _misled(self, coverage: FloatArray, levels: FloatArray) -> list[int]:
        out = []
        for i, x in enumerate(self.logit):
            lt = logit_type(self.game, self.box, x.k)
            if lt.value(coverage) < levels[i] - 0.25 * self.gap:
                out.append(i)
        return out

    def _refine(self, coverage: FloatArray) -> None:
        """Halve, per target, the segment holding the coverage and its two neighbours.

        A breakpoint is lifted by the larger error of its two segments
        (:func:`~entente.solvers.behaviour._pwl.over_estimator`), so halving
        only the segment that holds the coverage leaves its ends lifted by
        the neighbours' errors: a coverage on or near a breakpoint was then
        over-estimated by the same amount round after round.
        """
        for t, points in enumerate(self.breaks):
            j = int(np.clip(np.searchsorted(points, coverage[t]) - 1, 0, len(points) - 2))
            segments = range(max(j - 1, 0), min(j + 2, len(points) - 1))
            middles = [
                0.5 * (points[i] + points[i + 1])
                for i in segments
                if points[i + 1] - points[i] > 1e-9
            ]
            self.breaks[t] = np.union1d(points, middles)

    def _offer(self, coverage: FloatArray) -> None:
        value = outcome(self.game, coverage, "scenario").defender_utility
        if value > self.best_value:
            self.best_value, self.best = value, np.asarray(coverage, dtype=np.float64)

    def _polish(self) -> None:
        """Coordinate search from the incumbent: each target on a grid, the rest fixed.

        The MILPs steer by over-estimates; where those are loose (sharp types
        near full coverage) this finds the better coverages they miss.
        """
        for _ in range(_POLISH_SWEEPS):
            start = self.best_value
            for t in range(self.game.n_targets):
                room = self.box.budget - float(np.sum(self.best)) + self.best[t]
                top = min(float(self.box.upper[t]), room)
                for x in np.linspace(self.box.lower[t], max(top, self.box.lower[t]), _POLISH_GRID):
                    candidate = self.best.copy()
                    candidate[t] = x
                    self._offer(candidate)
            if self.best_value <= start or expired(self.deadline):
                return

    def _candidates(self) -> list[FloatArray]:
        found = [heuristic_coverage(self.game, self.box)[0]]
        for x in self.logit:
            if np.all(x.beta <= 0):
                lt = logit_type(self.game, self.box, x.k)
                found.append(single_type_optimum(lt, self.box, self.gap, self.deadline)[0])
        return found

    def _level_box(self) -> tuple[FloatArray, FloatArray]:
        game, box = self.game, self.box
        low, high = [], []
        for x in self.logit:
            ud_low = game.defender_utility(box.lower)[x.k]
            ud_high = game.defender_utility(box.upper)[x.k]
            low.append(float(np.min(ud_low)))
            top = float(np.max(ud_high))
            if np.all(x.beta <= 0):
                lt = logit_type(game, box, x.k)
                proof = single_type_optimum(lt, box, self.gap, self.deadline)[2]
                top = min(top, proof.level) if proof is not None else top
            high.append(top)
        return np.array(low), np.array(high)

    def _milp(self, levels: FloatArray) -> LinearResult:
        """``M(levels)`` solved with and without presolve; the weaker answer stands.

        HiGHS 1.16 returns wrong "optimal" bounds and wrong infeasibility on
        some of these MILPs (big-M rows beside level rows with coefficients
        over eight decades), with presolve or without it but, in the games
        seen, not both at once: the higher bound, and "infeasible" only when
        both agree.
        """
        self.milps += 1
        program = milp_program(self.game, self.box, self.breaks, self.logit, self.rational, levels)
        results = [
            solve_linear(
                program,
                time_limit=remaining(self.deadline),
                mip_abs_gap=0.25 * self.gap,
                presolve=presolve,
            )
            for presolve in (True, False)
        ]
        found = [r for r in results if r.status != "infeasible"]
        if not found:
            return results[0]
        best = max(found, key=lambda r: -np.inf if r.objective is None else r.objective)
        bounds = [r.bound for r in found]
        bound = None if None in bounds else max(b for b in bounds if b is not None)
        done = all(r.status == "optimal" for r in found)
        status: LinearStatus = "optimal" if done else "time_limit"
        return LinearResult(status, best.x, best.objective, bound, best.nodes)


def _initial_breakpoints(
    game: Game, box: CoverageBox, logit: list[Logit], gap: float
) -> list[FloatArray]:
    """Per target, breakpoints at the segment length the gap asks for (capped; refined later)."""
    n = game.n_targets
    length = np.full(n, 1.0)
    for x in logit:
        du = game.defender_uncovered[x.k]
        dd = game.defender_covered[x.k] - du
        span = np.full(n, float(np.max(game.defender_covered[x.k]) - np.min(du)))
        length = np.minimum(length, segment_length(x.beta, span, dd, 0.25 * gap))
    breaks = []
    for t in range(n):
        room = float(box.upper[t] - box.lower[t])
        pieces = int(np.clip(np.ceil(room / length[t]), 1, _MAX_SEGMENTS)) if room > 0 else 1
        breaks.append(np.linspace(box.lower[t], box.upper[t], pieces + 1))
    return breaks
