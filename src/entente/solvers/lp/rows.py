"""Rows of a linear program, one type for every solver, and the sparse program built from them.

A :data:`Row` is ``(columns, coefficients, lower, upper)``: the constraint
``lower <= sum_i coefficients[i] x[columns[i]] <= upper`` (``INF`` for no
bound). Solvers write their rows in this form, by hand or through
:class:`~entente.solvers.lp.builder.ModelBuilder`, and hand them to
:func:`program_from_rows` or to a :class:`~entente.solvers.lp.session.LPSession`.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from entente.model import FloatArray
from entente.solvers.lp.highs import LinearProgram

__all__ = ["Row", "program_from_rows", "row", "row_arrays"]

Row = tuple[list[int], list[float], float, float]
"""(columns, coefficients, lower, upper) of one constraint row."""


def row(coefficients: dict[int, float], lower: float, upper: float) -> Row:
    """The row ``lower <= sum_j coefficients[j] x[j] <= upper``."""
    return list(coefficients), list(coefficients.values()), lower, upper


def row_arrays(rows: list[Row]) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp], FloatArray]:
    """Row index, column index and value of every coefficient, in row order."""
    if not rows:
        empty = np.zeros(0, dtype=np.intp)
        return empty, empty, np.zeros(0)
    index = np.concatenate(
        [np.full(len(c), j, dtype=np.intp) for j, (c, _, _, _) in enumerate(rows)]
    )
    columns = np.concatenate([np.asarray(c, dtype=np.intp) for c, _, _, _ in rows])
    values = np.concatenate([np.asarray(v, dtype=np.float64) for _, v, _, _ in rows])
    return index, columns, values


def program_from_rows(
    rows: list[Row],
    cost: FloatArray,
    col_lower: FloatArray,
    col_upper: FloatArray,
    integer: npt.NDArray[np.bool_],
) -> LinearProgram:
    """The sparse program ``max cost @ x`` over ``rows`` and the column bounds."""
    n_cols = len(cost)
    row_index, col_index, values = row_arrays(rows)
    matrix = sp.csc_array(sp.coo_array((values, (row_index, col_index)), shape=(len(rows), n_cols)))
    return LinearProgram(
        cost=cost,
        matrix=matrix,
        row_lower=np.array([r[2] for r in rows]),
        row_upper=np.array([r[3] for r in rows]),
        col_lower=col_lower,
        col_upper=col_upper,
        integer=integer,
    )
