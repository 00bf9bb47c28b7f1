"""A small builder for LPs and MILPs written row by row as ``{column: coefficient}`` maps.

The outer master and the pricing MILP are easiest to read as lists of
named rows; this collects them and emits one sparse
:class:`~entente.solvers._highs.LinearProgram` (a maximisation).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from entente.model import FloatArray
from entente.solvers._highs import INF, LinearProgram

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
        program = self.program(extra_rows)
        return LinearProgram(
            cost=program.cost,
            matrix=program.matrix,
            row_lower=program.row_lower,
            row_upper=program.row_upper,
            col_lower=program.col_lower,
            col_upper=program.col_upper,
        )

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
        return LinearProgram(
            cost=np.array(self.cost),
            matrix=sparse_rows(rows, self.n_cols),
            row_lower=np.array([r[1] for r in rows]),
            row_upper=np.array([r[2] for r in rows]),
            col_lower=np.array(self.lower),
            col_upper=np.array(self.upper),
            integer=np.array(self.integer) if any(self.integer) else None,
        )


def sparse_rows(rows: list[Row], n_cols: int) -> sp.csc_array:
    """The constraint matrix of ``rows`` (compressed by column, as HiGHS takes it)."""
    index, columns, values = row_arrays(rows)
    return sp.csc_array(sp.coo_array((values, (index, columns)), shape=(len(rows), n_cols)))


def row_arrays(
    rows: list[Row],
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp], FloatArray]:
    """Row index, column index and value of every coefficient, in row order."""
    index = np.fromiter((i for i, (c, _, _) in enumerate(rows) for _ in c), dtype=np.intp)
    columns = np.fromiter((k for c, _, _ in rows for k in c), dtype=np.intp)
    values = np.fromiter((v for c, _, _ in rows for v in c.values()), dtype=np.float64)
    return index, columns, values
