"""The exact pricing problem as a MILP: weighted maximum coverage with effectiveness.

For one slot and weights ``w`` on its targets, find the deployment
maximising ``sum_t w_t I(t)``. Columns and rows:

- ``x[i, j]``: units of resource ``i`` on schedule ``j``, integer; at most
  1 for guards (they never stack), ``sum_j x[i, j] <= units_i``.
- Interdiction at ``t`` depends only on ``N[g, t]``, the units of each
  effectiveness group ``g`` covering it (a sum of ``x``): with
  ``lam_g = -ln(1 - e_g)``, ``I = f(L) = 1 - exp(-L)`` of
  ``L_t = sum_g lam_g N[g, t]``, and ``I = 1`` once a unit of
  effectiveness 1 covers ``t`` (``N1_t >= 1``).
- ``w_t > 0``: ``f`` is concave, so with the achievable levels sorted,
  ``L_0 = 0 < L_1 < ...``, the secants
  ``I_t <= f(L_i) + s_i (L_t - L_i) + N1_t``, ``s_i`` the slope from
  ``L_i`` to ``L_{i+1}``, make ``I_t = f(L_t)`` at the optimum whenever
  ``x`` is integral (a secant of a concave function lies above it outside
  its interval, and the two secants meeting at ``L_t`` pass through it).
  ``I_t`` is continuous; for fractional ``x`` the bound is the
  interpolation between levels, much tighter than tangents would give.
- ``w_t < 0``: binary count indicators ``z[t, v]``, one per combination
  ``v`` of group counts (and "some unit of effectiveness 1"), with
  ``sum_v z = 1`` and ``sum_v v_g z[t, v] >= N[g, t]``; the objective
  takes ``w_t sum_v I(v) z[t, v]``, which minimisation holds at the true
  counts.

Targets with ``w_t = 0`` need nothing. A resource with priced routes has no
schedule columns: its count columns are its units' site visits, tied into
tours by :mod:`entente.solvers.schedules._route_milp`. The count-indicator linearisation is
the one the issue asks for ("interdiction at a target depends only on how
many units of each resource cover it"); the secant form avoids integers
where the sign of ``w`` allows it.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from entente.model import FloatArray
from entente.model.route_space import RouteSpace
from entente.solvers.lp.builder import ModelBuilder
from entente.solvers.lp.highs import LinearProgram
from entente.solvers.schedules._route_milp import TourBlock, add_tours

__all__ = ["CoverTerms", "Layout", "RoutedInput", "pricing_program"]


@dataclass(frozen=True)
class RoutedInput:
    """A resource with priced routes: its route space, candidate sites and their prizes.

    Its incidence (given to :func:`pricing_program`) has one row per unit and
    candidate, ``u * len(sites) + i``, covering that site's target.
    """

    space: RouteSpace
    sites: tuple[int, ...]
    prizes: FloatArray


@dataclass(frozen=True)
class Layout:
    """Where each resource's schedule counts sit among the MILP's columns, and the rest."""

    starts: tuple[int, ...]
    sizes: tuple[int, ...]
    n_cols: int
    terms: CoverTerms
    gains: dict[int, int]  # target -> its I column
    losses: dict[int, tuple[int, list[tuple[int, ...]], bool]]  # target -> z0, combos, has_one
    tours: dict[int, TourBlock]  # resource -> its units' tours (priced routes)

    def start(self, choice: tuple[tuple[int, ...], ...], interdiction: FloatArray) -> FloatArray:
        """The MILP point of a deployment (a MIP start for HiGHS)."""
        x = np.zeros(self.n_cols)
        for i, (start, picked) in enumerate(zip(self.starts, choice, strict=True)):
            if i in self.tours:  # written by TourBlock.start
                continue
            for j in picked:
                x[start + j] += 1.0
        for t, column in self.gains.items():
            x[column] = interdiction[t]
        for t, (z, combos, has_one) in self.losses.items():
            counts = [round(float(x @ _dense(g, t, self.n_cols))) for g in self.terms.groups]
            if has_one:
                counts.append(int(x @ _dense(self.terms.ones, t, self.n_cols) > 0.5))
            x[z + combos.index(tuple(counts))] = 1.0
        return x

    def choice(self, x: FloatArray) -> tuple[tuple[int, ...], ...]:
        """Per resource, the schedule index of every active unit (sorted; none if routed)."""
        out: list[tuple[int, ...]] = []
        for i, (start, size) in enumerate(zip(self.starts, self.sizes, strict=True)):
            if i in self.tours:
                out.append(())
                continue
            counts = np.maximum(np.rint(x[start : start + size]).astype(int), 0)
            out.append(tuple(int(j) for j in np.repeat(np.arange(size), counts)))
        return tuple(out)


@dataclass(frozen=True)
class CoverTerms:
    """Per target, the linear expressions of the unit counts, as sparse rows over ``x``.

    ``groups[g]`` counts units of effectiveness ``values[g]`` (strictly
    between 0 and 1); ``ones`` counts units of effectiveness 1 (None if
    there are none); ``caps[g][t]`` is the most units of group ``g`` that can
    cover ``t`` at once, ``one_cap`` the most of effectiveness 1.
    """

    values: list[float]
    groups: list[sp.csr_array]
    ones: sp.csr_array | None
    caps: list[list[int]]
    one_cap: int

    def count(self, g: int, t: int, scale: float = 1.0) -> dict[int, float]:
        return _row(self.groups[g], t, scale)

    def ones_count(self, t: int, scale: float = 1.0) -> dict[int, float]:
        return {} if self.ones is None else _row(self.ones, t, scale)

    def reached_by_one(self, t: int) -> bool:
        return self.ones is not None and bool(self.ones[[t]].nnz)


def cover_terms(
    incidence: list[sp.csr_array],
    effectiveness: FloatArray,
    units: list[int],
    stacking: list[bool],
) -> CoverTerms:
    """Group resources by effectiveness and write each group's count per target."""
    values: list[float] = []
    members: list[list[int]] = []
    for i, e in enumerate(effectiveness):
        if 0.0 < e < 1.0:
            match = [g for g, v in enumerate(values) if math.isclose(v, e, abs_tol=1e-15)]
            if match:
                members[match[0]].append(i)
            else:
                values.append(float(e))
                members.append([i])
    ones = [i for i, e in enumerate(effectiveness) if e >= 1.0]
    cover = sp.csr_array(sp.hstack([a.T for a in incidence], format="csr"))  # targets x columns
    owner = np.repeat(np.arange(len(incidence)), [a.shape[0] for a in incidence])
    reach = [np.asarray(a.sum(axis=0) > 0).ravel() for a in incidence]  # i -> targets reached

    def rows(chosen: list[int]) -> sp.csr_array:
        mask = np.isin(owner, chosen).astype(np.float64)
        return sp.csr_array(cover @ sp.diags_array(mask))

    def caps(chosen: list[int]) -> list[int]:
        per_unit = [(units[i] if stacking[i] else 1) * reach[i].astype(int) for i in chosen]
        return [int(c) for c in np.sum(per_unit, axis=0)] if per_unit else []

    return CoverTerms(
        values=values,
        groups=[rows(m) for m in members],
        ones=rows(ones) if ones else None,
        caps=[caps(m) for m in members],
        one_cap=sum(units[i] for i in ones),
    )


def pricing_program(
    incidence: list[sp.csr_array],
    effectiveness: FloatArray,
    units: list[int],
    stacking: list[bool],
    w: FloatArray,
    routed: dict[int, RoutedInput] | None = None,
) -> tuple[LinearProgram, Layout]:
    """The MILP above for weights ``w``; ``Layout`` reads the deployment off a solution."""
    routed = routed or {}
    terms = cover_terms(incidence, effectiveness, units, stacking)
    builder = ModelBuilder()
    starts, sizes = [], []
    for i, (a, count, stacks) in enumerate(zip(incidence, units, stacking, strict=True)):
        if i in routed:  # one visit binary per unit and site (rows by add_tours)
            start = builder.columns(a.shape[0], 0.0, 1.0, integer=True)
        else:
            start = builder.columns(a.shape[0], 0.0, count if stacks else 1, integer=True)
            builder.row({start + j: 1.0 for j in range(a.shape[0])}, upper=float(count))
        starts.append(start)
        sizes.append(a.shape[0])
    tours = {
        i: add_tours(builder, r.space, r.sites, r.prizes, units[i], starts[i])
        for i, r in routed.items()
    }
    gains, losses = {}, {}
    for t in np.flatnonzero(w):
        if w[t] > 0:
            gains[int(t)] = _gain_rows(builder, terms, int(t), float(w[t]))
        else:
            losses[int(t)] = _loss_rows(builder, terms, int(t), float(w[t]))
    layout = Layout(tuple(starts), tuple(sizes), builder.n_cols, terms, gains, losses, tours)
    return builder.program(), layout


def _gain_rows(builder: ModelBuilder, terms: CoverTerms, t: int, weight: float) -> int:
    """``w_t > 0``: a continuous ``I_t`` under the secants of ``f`` between achievable levels."""
    column = builder.columns(1, 0.0, 1.0, cost=weight)
    ones = terms.ones_count(t, -1.0)
    levels = _levels(terms, t)
    if len(levels) == 1:  # only units of effectiveness 1 (or none) reach t
        builder.row({column: 1.0, **ones}, upper=0.0)
        return column
    lam = [-math.log1p(-e) for e in terms.values]
    for low, high in itertools.pairwise(levels):
        slope = (math.exp(-low) - math.exp(-high)) / (high - low)
        row = {column: 1.0, **ones}
        for g, scale in enumerate(lam):
            for k, v in terms.count(g, t, -slope * scale).items():
                row[k] = row.get(k, 0.0) + v
        builder.row(row, upper=-math.expm1(-low) - slope * low)
    return column


def _levels(terms: CoverTerms, t: int) -> list[float]:
    """The achievable values of ``L_t`` (sorted, near-equal ones merged)."""
    lam = [-math.log1p(-e) for e in terms.values]
    counts = [range(cap[t] + 1) for cap in terms.caps]
    values = sorted(
        {sum(v * s for v, s in zip(c, lam, strict=True)) for c in itertools.product(*counts)}
    )
    merged = [values[0]]
    for value in values[1:]:
        if value - merged[-1] > 1e-9:
            merged.append(value)
    return merged


def _loss_rows(
    builder: ModelBuilder, terms: CoverTerms, t: int, weight: float
) -> tuple[int, list[tuple[int, ...]], bool]:
    """``w_t < 0``: binary indicators of the counts, charged ``w_t I(v)``."""
    has_one = terms.reached_by_one(t)
    counts = [range(cap[t] + 1) for cap in terms.caps] + ([range(2)] if has_one else [])
    combos = list(itertools.product(*counts))
    costs = [weight * _interdiction(c, terms.values, has_one) for c in combos]
    z = builder.columns(len(combos), 0.0, 1.0, cost=costs, integer=True)
    builder.row({z + i: 1.0 for i in range(len(combos))}, 1.0, 1.0)
    for g in range(len(terms.values)):
        row = {z + i: float(c[g]) for i, c in enumerate(combos)}
        for k, v in terms.count(g, t, -1.0).items():
            row[k] = row.get(k, 0.0) + v
        builder.row(row, lower=0.0)
    if has_one:
        row = {z + i: float(terms.one_cap * c[-1]) for i, c in enumerate(combos)}
        for k, v in terms.ones_count(t, -1.0).items():
            row[k] = row.get(k, 0.0) + v
        builder.row(row, lower=0.0)
    return z, combos, has_one


def _interdiction(combo: tuple[int, ...], values: list[float], has_one: bool) -> float:
    if has_one and combo[-1]:
        return 1.0
    return 1.0 - math.prod((1.0 - e) ** k for e, k in zip(values, combo, strict=False))


def _dense(matrix: sp.csr_array | None, t: int, n_cols: int) -> FloatArray:
    out = np.zeros(n_cols)
    if matrix is not None:
        row = matrix[[t]].toarray()[0]
        out[: len(row)] = row
    return out


def _row(matrix: sp.csr_array, t: int, scale: float) -> dict[int, float]:
    start, end = int(matrix.indptr[t]), int(matrix.indptr[t + 1])
    return {
        int(k): scale * float(v)
        for k, v in zip(matrix.indices[start:end], matrix.data[start:end], strict=True)
        if v != 0
    }
