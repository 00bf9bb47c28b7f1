"""A small builder for LPs and MILPs written row by row as ``{column: coefficient}`` maps.

The outer master and the pricing MILP are easiest to read as lists of
named rows; this collects them (with the columns' bounds, costs and
integrality) as :data:`~entente.solvers.lp.rows.Row` and emits one sparse
:class:`~entente.solvers.lp.highs.LinearProgram` (a maximisation) through
:func:`entente.solvers.lp.rows.program_from_rows`.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import numpy.typing as npt

from entente.solvers.lp.highs import INF, LinearProgram
from entente.solvers.lp.rows import Row, program_from_rows, row

__all__ = ["ModelBuilder"]


class ModelBuilder:
    """Columns (bounds, cost, integrality) and rows, added one at a time."""

    def __init__(self) -> None:
        self.cost: list[float] = []
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.integer: list[bool] = []
        self.rows: list[Row] = []

    @property
    def n_cols(self) -> int:
        return len(self.cost)

    def copy(self) -> ModelBuilder:
        """An independent builder with the same columns and rows (rows shared, not mutated)."""
        twin = ModelBuilder()
        twin.cost, twin.lower = list(self.cost), list(self.lower)
        twin.upper, twin.integer = list(self.upper), list(self.integer)
        twin.rows = list(self.rows)
        return twin

    def relaxation(self, extra_rows: list[Row] | None = None) -> LinearProgram:
        """The program with every integrality dropped (an LP)."""
        return dataclasses.replace(self.program(extra_rows), integer=None)

    def columns(
        self,
        count: int,
        lower: float | npt.ArrayLike,
        upper: float | npt.ArrayLike,
        *,
        cost: float | npt.ArrayLike = 0.0,
        integer: bool = False,
    ) -> int:
        """Add ``count`` columns; returns the index of the first."""
        start = self.n_cols
        self.cost.extend(np.broadcast_to(np.asarray(cost, dtype=np.float64), count).tolist())
        self.lower.extend(np.broadcast_to(np.asarray(lower, dtype=np.float64), count).tolist())
        self.upper.extend(np.broadcast_to(np.asarray(upper, dtype=np.float64), count).tolist())
        self.integer.extend([integer] * count)
        return start

    def row(self, coefficients: dict[int, float], lower: float = -INF, upper: float = INF) -> None:
        self.rows.append(row(coefficients, lower, upper))

    def program(self, extra_rows: list[Row] | None = None) -> LinearProgram:
        """The maximisation program of every column and row (plus ``extra_rows``)."""
        rows = self.rows + (extra_rows or [])
        return program_from_rows(
            rows,
            np.array(self.cost),
            np.array(self.lower),
            np.array(self.upper),
            np.array(self.integer, dtype=bool),
        )
