"""The double-oracle loop for the defender's maximin mixture (McMahan et al. 2003;
Jain et al. 2011, RUGGED).

The restricted game holds the allocations and paths found so far. Each
round solves it (:mod:`._restricted`), then asks the attacker's oracle for
paths better than the restricted value against the defender's mixture
``x``, and the defender's oracle for allocations better than it against
the attacker's mixture ``y``. The exact attacker oracle bounds the value
from below (``x`` guarantees it); the defender oracle's MILP bound bounds it
from above (no mixture gets more against ``y``). The loop stops when the
bounds meet within ``tol`` or time runs out.

With ``warm`` (SNARES, MiCANS): the restricted game starts from minimum-cut
allocations and from the comb allocations of the marginal relaxation
(:mod:`._relaxation`), whose LP optimum is also the first upper bound; each
round adds every better-response path that beats the restricted value
(shortest paths on marginal escape weights and against the likeliest
allocations), and the exact attacker oracle runs only when none does, or
every :data:`EXACT_EVERY` rounds; the defender adds the greedy allocation as
well as the MILP's (started from the greedy one), so two columns enter per
round.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from entente.model import Allocation, FloatArray, Network
from entente.solvers.lp.deadline import Deadline, deadline_after, expired
from entente.solvers.network._attacker import Escape, best_escapes, incumbents, marginal_paths
from entente.solvers.network._defender import best_allocation, greedy_allocation
from entente.solvers.network._graph import Path, allocation_factors, escape, shortest_paths
from entente.solvers.network._relaxation import relaxation
from entente.solvers.network._restricted import RestrictedGame, RestrictedSolution
from entente.solvers.network._warm import cut_allocations

__all__ = ["Maximin", "maximin"]

_MIN_SUPPORT = 1e-12
GRACE = 5.0
"""Seconds past the deadline for one exact evaluation when no round reached one."""
EXACT_EVERY = 8
"""The exact attacker oracle runs at least every this many rounds (for a proven plan)."""
LOOSE = 0.05
"""Far from convergence the defender's MILP stops at this share of the gap left."""


@dataclass(frozen=True)
class Maximin:
    """The best mixture found, its exact escapes per target, and the bounds on the value."""

    allocations: tuple[Allocation, ...]
    probabilities: FloatArray
    escapes: tuple[Escape, ...] | None
    lower: float
    upper: float
    rounds: int
    exact: bool
    restricted: tuple[tuple[Allocation, ...], tuple[Path, ...]] = ((), ())
    """Every allocation and path the loop found (the general-sum second stage's ground)."""


@dataclass
class _Bounds:
    """What the rounds have proven so far, and the mixture that proves the lower bound."""

    threshold: float
    lower: float = -np.inf
    upper: float = np.inf
    best: tuple[tuple[Allocation, ...], FloatArray, tuple[Escape, ...]] | None = None
    last: FloatArray | None = None
    inexact: int = 0
    """Rounds since the exact attacker oracle last ran."""


def maximin(
    network: Network,
    covered: FloatArray,
    uncovered: FloatArray,
    priors: FloatArray,
    *,
    tol: float,
    deadline: Deadline,
    warm: bool,
) -> Maximin:
    """The defender's maximin mixture, each type minimising the defender's utility."""
    targets = list(range(len(network.target_nodes)))
    delta = covered - uncovered
    bounds = _Bounds(threshold=0.1 * tol)
    start: list[Allocation] = [tuple(() for _ in network.checkpoints)]
    if warm:
        start += cut_allocations(network)
        relaxed = relaxation(network, covered, delta, priors, deadline)
        if relaxed is not None:
            bounds.upper = relaxed.bound
            start += [a for a in relaxed.allocations if a not in start]
    first = shortest_paths(network, np.zeros(network.n_edges), targets)
    game = RestrictedGame(network, (covered, delta, priors), start, list(first))
    rounds = 0
    while not expired(deadline):
        rounds += 1
        solution = game.solve(deadline)
        if solution is None:
            break
        x = np.where(solution.x > _MIN_SUPPORT, solution.x, 0.0)
        x /= x.sum()
        added, exact = _attacker_round(game, x, solution, bounds, warm=warm, deadline=deadline)
        grew = _defender_round(
            game, solution, bounds, greedy=warm and not exact, settle=not added, deadline=deadline
        )
        bounds.last = x
        if bounds.upper - bounds.lower <= tol or not (added or grew):
            break
    if bounds.best is None and bounds.last is not None:  # no exact round in time: one now
        _evaluate_last(game, bounds)
    return _result(bounds, rounds, (tuple(game.allocations), tuple(game.paths)))


def _attacker_round(
    game: RestrictedGame,
    x: FloatArray,
    solution: RestrictedSolution,
    bounds: _Bounds,
    *,
    warm: bool,
    deadline: Deadline,
) -> tuple[bool, bool]:
    """Add paths that beat the restricted value against ``x``: better responses first (warm),
    the exact oracle (which also raises the lower bound) when they find none or when it
    has not run for :data:`EXACT_EVERY` rounds.
    Returns (added, exact)."""
    targets = list(range(len(game.network.target_nodes)))
    candidates = marginal_paths(game.network, game.factors, x, targets)
    cheap = warm and bounds.inexact < EXACT_EVERY
    if cheap and _add_improving(game, candidates, x, solution.v, bounds.threshold, every=True):
        bounds.inexact += 1
        return True, False
    bounds.inexact = 0
    known = incumbents(game.factors, x, candidates, len(targets))
    escapes = tuple(
        best_escapes(game.network, game.factors, x, deadline=deadline, incumbents=known)
    )
    bound = float(game.priors @ np.min(game.covered - game.delta * _bounds_of(escapes), axis=1))
    if bound > bounds.lower:
        bounds.lower = bound
        if all(e.bound - e.value <= 1e-9 for e in escapes):
            bounds.best = (tuple(game.allocations), x.copy(), escapes)
    paths = [e.path for e in escapes]
    return _add_improving(game, paths, x, solution.v, bounds.threshold, every=False), True


def _defender_round(
    game: RestrictedGame,
    solution: RestrictedSolution,
    bounds: _Bounds,
    *,
    greedy: bool,
    settle: bool,
    deadline: Deadline,
) -> bool:
    """Add allocations that beat the restricted value against ``y`` (the greedy one when
    ``greedy``, and the MILP's), and lower the upper bound by the MILP's bound. Without
    ``settle`` (new paths came in) no second, tight MILP is spent on a stale ``y``."""
    solved = game.paths[: solution.y.shape[1]]  # the paths the LP knew, not those added since
    paths = [p[1] for p in solved]
    targets_of = np.array([p[0] for p in solved], dtype=np.intp)
    weights = np.einsum("kj,kj->j", solution.y, game.delta[:, targets_of])
    constant = float(
        np.einsum("kj,kj->", solution.y, game.covered[:, targets_of] - game.delta[:, targets_of])
    )

    def improves(allocation: Allocation) -> bool:
        value = constant + float(weights @ (1.0 - _escapes(game.network, allocation, paths)))
        return value > solution.value + bounds.threshold

    grew = False
    if greedy:
        choice = greedy_allocation(game.network, paths, weights)
        grew = improves(choice) and game.add_allocation(choice)
    span = bounds.upper - solution.value
    loose = LOOSE * span if np.isfinite(span) else 0.0
    for gap in (max(bounds.threshold, loose), bounds.threshold):
        # far from convergence a looser MILP gap; tight before concluding nothing helps
        allocation, bound = best_allocation(
            game.network, paths, weights, deadline=deadline, mip_gap=gap
        )
        bounds.upper = min(bounds.upper, constant + bound)
        if allocation is not None and improves(allocation):
            grew = game.add_allocation(allocation) or grew
        if grew or gap <= bounds.threshold or not settle or expired(deadline):
            break
    return grew


def _bounds_of(escapes: tuple[Escape, ...]) -> FloatArray:
    return np.array([e.bound for e in escapes])


def _evaluate_last(game: RestrictedGame, bounds: _Bounds) -> None:
    """Evaluate the last mixture exactly, within :data:`GRACE` seconds past the deadline."""
    assert bounds.last is not None
    n = len(bounds.last)
    escapes = tuple(
        best_escapes(
            game.network,
            game.factors[:n],
            bounds.last,
            deadline=deadline_after(GRACE),
            incumbents=[None] * len(game.network.target_nodes),
        )
    )
    if all(e.bound - e.value <= 1e-9 for e in escapes):
        utilities = game.covered - game.delta * _bounds_of(escapes)
        bounds.lower = float(game.priors @ np.min(utilities, axis=1))
        bounds.best = (tuple(game.allocations[:n]), bounds.last, escapes)


def _escapes(network: Network, allocation: Allocation, paths: list[tuple[int, ...]]) -> FloatArray:
    row = allocation_factors(network, [allocation])
    return np.array([escape(row, p)[0] for p in paths])


def _add_improving(
    game: RestrictedGame,
    candidates: list[Path],
    x: FloatArray,
    v: FloatArray,
    threshold: float,
    *,
    every: bool,
) -> bool:
    """Add the candidate paths that give some type less than its restricted value: all of
    them if ``every``, else the one that escapes best per target."""
    best: dict[int, tuple[float, Path]] = {}
    chosen: list[Path] = []
    for path in candidates:
        e = float(x @ escape(game.factors, path[1]))
        if not np.any(game.covered[:, path[0]] - game.delta[:, path[0]] * e < v - threshold):
            continue
        if every:
            chosen.append(path)
        elif path[0] not in best or e > best[path[0]][0]:
            best[path[0]] = (e, path)
    added = False
    for path in chosen + [p for _, p in best.values()]:
        added = game.add_path(path) or added
    return added


def _result(
    bounds: _Bounds, rounds: int, restricted: tuple[tuple[Allocation, ...], tuple[Path, ...]]
) -> Maximin:
    if bounds.best is None:
        return Maximin((), np.zeros(0), None, bounds.lower, bounds.upper, rounds, False, restricted)
    allocations, x, escapes = bounds.best
    keep = np.flatnonzero(x > 0)
    return Maximin(
        tuple(allocations[i] for i in keep),
        x[keep],
        escapes,
        bounds.lower,
        bounds.upper,
        rounds,
        True,
        restricted,
    )
