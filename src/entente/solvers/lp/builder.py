"""A small builder for LPs and MILPs written row by row as ``{column: coefficient}`` maps.

The outer master and the pricing MILP are easiest to read as lists of
named rows; this collects them (with the columns' bounds, costs and
integrality) and emits one sparse :class:`~entente.solvers.lp.highs.LinearProgram`
(a maximisation) through :func:`entente.solvers.lp.rows.program_from_rows`.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import numpy.typing as npt

from entente.model import FloatArray
from entente.solvers.lp.highs import INF, LinearProgram
from entente.solvers.lp.rows import program_from_rows

__all__ = ["ModelBuilder", "Row"]

Row = tuple[dict[int, float], float, float]
"""``(coefficients, lower, upper)``: ``lower <= sum coefficients[j] x[j] <= upper``."""


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
        self.rows.append((coefficients, lower, upper))

    def program(self, extra_rows: list[Row] | None = None) -> LinearProgram:
        """The maximisation program of every column and row (plus ``extra_rows``)."""
        rows = self.rows + (extra_rows or [])
        return program_from_rows(
            [(list(c), list(c.values()), lower, upper) for c, lower, upper in rows],
            np.array(self.cost),
            np.array(self.lower),
            np.array(self.upper),
            np.array(self.integer, dtype=bool),
        )


def row_arrays(
    rows: list[Row],
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp], FloatArray]:
    """Row index, column index and value of every coefficient, in row order."""
    index = np.fromiter((i for i, (c, _, _) in enumerate(rows) for _ in c), dtype=np.intp)
    columns = np.fromiter((k for c, _, _ in rows for k in c), dtype=np.intp)
    values = np.fromiter((v for c, _, _ in rows for v in c.values()), dtype=np.float64)
    return index, columns, values
