"""Assembling a :class:`LinearProgram` from rows written one at a time."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from entente.model import FloatArray
from entente.solvers.lp.highs import LinearProgram

__all__ = ["Row", "program_from_rows"]

Row = tuple[list[int], list[float], float, float]
"""(columns, coefficients, lower, upper) of one constraint row."""


def program_from_rows(
    rows: list[Row],
    cost: FloatArray,
    col_lower: FloatArray,
    col_upper: FloatArray,
    integer: npt.NDArray[np.bool_],
) -> LinearProgram:
    """The sparse program ``max cost @ x`` over ``rows`` and the column bounds."""
    n_cols = len(cost)
    row_index = np.concatenate([np.full(len(c), j) for j, (c, _, _, _) in enumerate(rows)])
    col_index = np.concatenate([np.asarray(c, dtype=int) for c, _, _, _ in rows])
    values = np.concatenate([np.asarray(v, dtype=np.float64) for _, v, _, _ in rows])
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
