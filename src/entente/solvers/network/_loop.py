"""The double-oracle loop for the defender's maximin mixture (McMahan et al. 2003;
Jain et al. 2011, RUGGED).

The restricted game holds the allocations and paths found so far. Each
round solves it (:mod:`._restricted`), then asks the attacker's oracle for
a path better than the restricted value against the defender's mixture
``x``, and the defender's oracle for an allocation better than it against
the attacker's mixture ``y``. The exact attacker oracle bounds the value
from below (``x`` guarantees it); the exact defender oracle bounds it from
above (no mixture gets more against ``y``). The loop stops when the bounds
meet within ``tol`` or time runs out.

With ``warm`` (SNARES): the restricted game starts from minimum-cut
allocations, and each oracle first tries its cheap better response (a
shortest path on marginal escape weights; a greedy allocation); the exact
MILPs run only when the better responses find nothing.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from entente.model import Allocation, FloatArray, Network
from entente.solvers.network._attacker import Escape, best_escapes, incumbents, marginal_paths
from entente.solvers.network._defender import best_allocation, greedy_allocation
from entente.solvers.network._graph import Path, allocation_factors, escape, shortest_paths
from entente.solvers.network._restricted import solve_restricted
from entente.solvers.network._warm import cut_allocations

__all__ = ["Maximin", "maximin"]

_MIN_SUPPORT = 1e-12
GRACE = 5.0
"""Seconds past the deadline for one exact evaluation when no round reached one."""


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


@dataclass
class _Restricted:
    """The growing restricted game (private to one run of :func:`maximin`)."""

    network: Network
    allocations: list[Allocation]
    paths: list[Path]
    factors: FloatArray
    escape: FloatArray

    def add_allocation(self, allocation: Allocation) -> bool:
        if allocation in self.allocations:
            return False
        self.allocations.append(allocation)
        row = allocation_factors(self.network, [allocation])
        self.factors = np.vstack([self.factors, row])
        line = np.array([escape(row, p[1])[0] for p in self.paths])
        self.escape = np.vstack([self.escape, line[None, :]])
        return True

    def add_path(self, path: Path) -> bool:
        if any(p[0] == path[0] and p[1] == path[1] for p in self.paths):
            return False
        self.paths.append(path)
        self.escape = np.hstack([self.escape, escape(self.factors, path[1])[:, None]])
        return True


def maximin(
    network: Network,
    covered: FloatArray,
    uncovered: FloatArray,
    priors: FloatArray,
    *,
    tol: float,
    deadline: float,
    warm: bool,
) -> Maximin:
    """The defender's maximin mixture, each type minimising the defender's utility."""
    targets = list(range(len(network.target_nodes)))
    delta = covered - uncovered
    start: list[Allocation] = [tuple(() for _ in network.checkpoints)]
    if warm:
        start += cut_allocations(network)
    first = shortest_paths(network, np.zeros(network.n_edges), targets)
    factors = allocation_factors(network, start)
    game = _Restricted(
        network,
        start,
        list(first),
        factors,
        np.array(
            [[float(escape(factors[[i]], p[1])[0]) for p in first] for i in range(len(start))]
        ),
    )
    lower, upper, rounds = -np.inf, np.inf, 0
    best: tuple[tuple[Allocation, ...], FloatArray, tuple[Escape, ...]] | None = None
    threshold = 0.1 * tol
    last: FloatArray | None = None
    while time.monotonic() < deadline:
        rounds += 1
        paths = [p[1] for p in game.paths]  # the restricted game's, before this round adds any
        targets_of = np.array([p[0] for p in game.paths])
        utilities = (
            covered[:, targets_of][:, None, :]
            - delta[:, targets_of][:, None, :] * game.escape[None]
        )
        solution = solve_restricted(utilities, priors, deadline - time.monotonic())
        if solution is None:
            break
        x = np.where(solution.x > _MIN_SUPPORT, solution.x, 0.0)
        x /= x.sum()
        added, exact = False, False
        candidates = marginal_paths(network, game.factors, x, targets)
        if warm:
            added = _add_improving(
                game,
                candidates,
                x,
                covered,
                delta,
                solution.v,
                threshold,
            )
        if not added:
            exact = True
            known = incumbents(game.factors, x, candidates, len(targets))
            escapes = tuple(
                best_escapes(network, game.factors, x, deadline=deadline, incumbents=known)
            )
            bounds = np.array([e.bound for e in escapes])
            bound = float(priors @ np.min(covered - delta * bounds, axis=1))
            if bound > lower:
                lower = bound
                if all(e.bound - e.value <= 1e-9 for e in escapes):
                    best = (tuple(game.allocations), x.copy(), escapes)
            added = _add_improving(
                game, [e.path for e in escapes], x, covered, delta, solution.v, threshold
            )
        weights = np.einsum("kj,kj->j", solution.y, delta[:, targets_of])
        constant = float(
            np.einsum("kj,kj->", solution.y, covered[:, targets_of] - delta[:, targets_of])
        )
        grew = False
        if warm and not exact:  # an exact attacker round gets the exact defender oracle too
            greedy = greedy_allocation(network, paths, weights)
            value = constant + float(weights @ (1.0 - _escapes(network, greedy, paths)))
            if value > solution.value + threshold:
                grew = game.add_allocation(greedy)
        loose = 0.05 * (upper - lower) if np.isfinite(upper - lower) else 0.0
        for gap in (max(threshold, loose), threshold) if not grew else ():
            # far from convergence a looser MILP gap; tight before concluding nothing helps
            allocation, bound = best_allocation(
                network, paths, weights, deadline=deadline, mip_gap=gap
            )
            upper = min(upper, constant + bound)
            if allocation is not None:
                value = constant + float(weights @ (1.0 - _escapes(network, allocation, paths)))
                if value > solution.value + threshold:
                    grew = game.add_allocation(allocation)
            if grew or gap <= threshold or added:
                break
        last = x
        if upper - lower <= tol or not (added or grew):
            break
    if best is None and last is not None:  # out of time before any exact round: one now
        grace = time.monotonic() + GRACE
        escapes = tuple(
            best_escapes(
                network,
                game.factors[: len(last)],
                last,
                deadline=grace,
                incumbents=[None] * len(targets),
            )
        )
        if all(e.bound - e.value <= 1e-9 for e in escapes):
            bounds = np.array([e.bound for e in escapes])
            lower = float(priors @ np.min(covered - delta * bounds, axis=1))
            best = (tuple(game.allocations[: len(last)]), last, escapes)
    return _result(game, best, lower, upper, rounds)


def _escapes(network: Network, allocation: Allocation, paths: list[tuple[int, ...]]) -> FloatArray:
    row = allocation_factors(network, [allocation])
    return np.array([escape(row, p)[0] for p in paths])


def _add_improving(
    game: _Restricted,
    candidates: list[Path],
    x: FloatArray,
    covered: FloatArray,
    delta: FloatArray,
    v: FloatArray,
    threshold: float,
) -> bool:
    """Per target, add the candidate path that escapes best, if it gives some type less
    than its restricted value (one path per target keeps the restricted game small)."""
    best: dict[int, tuple[float, Path]] = {}
    for path in candidates:
        e = float(x @ escape(game.factors, path[1]))
        if path[0] not in best or e > best[path[0]][0]:
            best[path[0]] = (e, path)
    added = False
    for t, (e, path) in best.items():
        if np.any(covered[:, t] - delta[:, t] * e < v - threshold):
            added |= game.add_path(path)
    return added


def _result(
    game: _Restricted,
    best: tuple[tuple[Allocation, ...], FloatArray, tuple[Escape, ...]] | None,
    lower: float,
    upper: float,
    rounds: int,
) -> Maximin:
    if best is None:
        return Maximin((), np.zeros(0), None, lower, upper, rounds, exact=False)
    allocations, x, escapes = best
    keep = np.flatnonzero(x > 0)
    return Maximin(
        tuple(allocations[i] for i in keep), x[keep], escapes, lower, upper, rounds, exact=True
    )
