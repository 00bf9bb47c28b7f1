"""The marginal relaxation of each slot's mobile interdiction, and deployments sampled from it.

Per slot and mobile resource ``i`` (``units_i`` units, effectiveness
``e_i``), ``x[i, j] >= 0`` is the expected number of its units on schedule
``j``, with ``sum_j x[i, j] <= units_i`` (and ``x[i, j] <= 1`` for guards,
which never share a target). Every deployment ``d`` meets::

    I_d(t) = 1 - prod_u (1 - e_u [u covers t]) <= sum_u e_u [u covers t]

(the union bound), so its interdiction vector is dominated by the ``x`` of
its unit counts, and so is every mixture's: ``m_t <= sum_i e_i sum_{j
contains t} x[i, j]`` holds on the whole implementable polytope, for any
effectiveness and with time slots (each slot its own ``x``). This is the
ERASER-C relaxation (Kiekintveld et al., AAMAS 2009) written as valid rows
of the outer master: where schedules rarely overlap it is nearly tight.

With ``e < 1`` that row is loose once several units may stack on a target
(``x`` up to ``units``). Exactly, ``I_d(t) = 1 - exp(-z_d)`` with ``z_d =
sum_i -ln(1 - e_i) K_d[i, t]`` (``K`` the unit counts), and ``1 - exp(-z)``
is concave, so by Jensen every mixture has ``m_t <= 1 - exp(-z(x))``, ``z``
linear in the expected counts ``x``. Tangent lines of ``1 - exp(-z)`` lie
above it, so each is a valid row (chords would not be); a handful of them
(:data:`TANGENT_POINTS`) sit next to the union bound on the targets priced
routes watch. Listed schedules keep the union bound alone: there the comb
samples of :mod:`entente.solvers.schedules._comb` carry the relaxation,
and tangents only moved their optimum among ties (channel-coast: the same
value, another mixture).
For priced routes (no schedule list) ``x`` is per target instead: at most
``units_i`` units on a target, ``units_i`` times the most sites of one tour
in all, and ``x_a + x_b <= units_i`` where no tour can watch both ``a`` and
``b`` (:mod:`entente.solvers.schedules._tour_budget`).
:mod:`entente.solvers.schedules._comb` turns ``x`` back into deployments.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from entente.model import FloatArray
from entente.solvers.lp.builder import ModelBuilder
from entente.solvers.schedules._columns import ColumnPool
from entente.solvers.schedules._pricing import SlotPricer
from entente.solvers.schedules._tour_budget import conflicts

__all__ = ["TANGENT_POINTS", "MarginalBlock", "add_marginal_rows", "expected_counts"]

TANGENT_POINTS = (0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0)
"""Where ``1 - exp(-z)`` gets a tangent row (``z`` in nats of escape; 0 is the union bound's)."""


@dataclass(frozen=True)
class MarginalBlock:
    """The ``x`` columns of one (slot, resource position): per schedule, or per target if routed."""

    slot: int
    resource: int
    start: int
    count: int
    routed: bool


def add_marginal_rows(model: ModelBuilder, pool: ColumnPool, m0: int) -> list[MarginalBlock]:
    """Add ``x`` and the rows above to ``model``; ``m0`` is the first mobile-interdiction column."""
    blocks: list[MarginalBlock] = []
    for s, pricer in enumerate(pool.pricers):
        terms: dict[int, dict[int, float]] = {}  # local target -> {x column: e}
        routed: set[int] = set()  # local targets some priced route watches
        for i in range(len(pricer.incidence)):
            e = float(pricer.effectiveness[i])
            if e <= 0.0:
                continue
            block = _block(model, pricer, s, i)
            blocks.append(block)
            for local, columns in _covering(pricer, block):
                entry = terms.setdefault(local, {})
                for column in columns:
                    entry[block.start + column] = e
                if block.routed:
                    routed.add(local)
        for local, entry in terms.items():
            m = m0 + int(pricer.options.targets[local])
            coefficients = {m: 1.0}
            coefficients.update({c: -e for c, e in entry.items()})
            model.row(coefficients, upper=0.0)  # m_t <= sum e x
            if local in routed:
                _add_tangent_rows(model, m, entry)
    return blocks


def _add_tangent_rows(model: ModelBuilder, m: int, entry: dict[int, float]) -> None:
    """Rows ``m_t <= 1 - exp(-z0) + exp(-z0) (z - z0)``, ``z = sum -ln(1 - e) x`` (Jensen).

    Skipped where a unit has ``e = 1`` (its term is infinite: the union bound stays).
    """
    if max(entry.values()) >= 1.0:
        return
    slopes = {c: -math.log1p(-e) for c, e in entry.items()}
    for z0 in TANGENT_POINTS:
        scale = math.exp(-z0)
        coefficients = {m: 1.0}
        coefficients.update({c: -scale * a for c, a in slopes.items()})
        model.row(coefficients, upper=1.0 - scale * (1.0 + z0))


def _block(model: ModelBuilder, pricer: SlotPricer, s: int, i: int) -> MarginalBlock:
    units = float(pricer.units[i])
    if pricer.spaces[i] is not None:
        reach = _route_targets(pricer, i)
        start = model.columns(len(reach), 0.0, units)
        model.row({start + k: 1.0 for k in range(len(reach))}, upper=units * pricer.longest(i))
        _add_conflict_rows(model, pricer, i, start, reach)
        return MarginalBlock(s, i, start, len(reach), routed=True)
    count = len(pricer.schedules[i])
    start = model.columns(count, 0.0, units if pricer.options.stacking[i] else 1.0)
    model.row({start + j: 1.0 for j in range(count)}, upper=units)
    return MarginalBlock(s, i, start, count, routed=False)


def _add_conflict_rows(
    model: ModelBuilder, pricer: SlotPricer, i: int, start: int, reach: list[int]
) -> None:
    """``x_a + x_b <= units`` for sites ``a``, ``b`` no single tour can watch together."""
    space = pricer.spaces[i]
    assert space is not None
    targets = space.slot_targets[pricer.options.slot]
    column = {local: start + k for k, local in enumerate(reach)}
    units = float(pricer.units[i])
    for a, b in conflicts(space):
        ca, cb = column[pricer.local[targets[a]]], column[pricer.local[targets[b]]]
        model.row({ca: 1.0, cb: 1.0}, upper=units)


def _route_targets(pricer: SlotPricer, i: int) -> list[int]:
    """Local indices of the targets resource ``i``'s routes can reach in this slot, sorted."""
    space = pricer.spaces[i]
    assert space is not None
    targets = space.slot_targets[pricer.options.slot]
    return sorted({pricer.local[targets[p]] for p in space.reachable()})


def _covering(pricer: SlotPricer, block: MarginalBlock) -> list[tuple[int, list[int]]]:
    """Per local target, the block's column offsets that cover it."""
    if block.routed:
        return [(local, [k]) for k, local in enumerate(_route_targets(pricer, block.resource))]
    transposed = pricer.transposed[block.resource]
    out = []
    for local in range(pricer.n):
        columns = transposed.indices[transposed.indptr[local] : transposed.indptr[local + 1]]
        if len(columns):
            out.append((local, [int(j) for j in columns]))
    return out


def expected_counts(
    x: FloatArray, blocks: list[MarginalBlock], pool: ColumnPool, weights: list[FloatArray]
) -> None:
    """Write into ``x`` the blocks' values of a mixture: its expected units per schedule/target."""
    for block in blocks:
        pricer = pool.pricers[block.slot]
        out = np.zeros(block.count)
        route_targets = _route_targets(pricer, block.resource) if block.routed else None
        for weight, choice in zip(weights[block.slot], pool.choices[block.slot], strict=False):
            if weight <= 0.0:
                continue
            if route_targets is None:
                np.add.at(out, list(choice[block.resource]), weight)
            else:
                out += weight * pricer.counts(choice)[block.resource, route_targets]
        x[block.start : block.start + block.count] = out
