"""Sampling that reproduces a plan exactly: comb sampling and joint mixtures.

**Comb (systematic) sampling** (Madow 1949; used for security games by
Kiekintveld et al., AAMAS 2009, and Tsai et al., AAMAS 2010). With ``m``
interchangeable units and marginals ``x_t`` (``0 <= x_t <= 1``,
``sum x_t <= m``), lay the targets on a line in some order as intervals of
length ``x_t``, draw an offset ``u`` uniformly in ``[0, 1)`` and send unit
``j`` to the target whose interval holds ``u + j`` (``j = 0 .. m-1``; a tooth
past the end leaves its unit idle). Teeth are 1 apart and no interval is
longer than 1, so a target gets at most one unit, and it gets one with
probability exactly ``x_t``, *whatever the order*. The order is shuffled
afresh every day: with a fixed order there are at most ``n + 1`` distinct
rosters, and sighting one team would reveal the rest.

Everything runs in integers so that "exactly" means exactly: marginals are
quantised to multiples of ``S = 2^-k`` (``k`` up to 53, the precision of the
float marginals themselves), the offset is a uniform ``k``-bit integer, and
with cumulative sums ``C_i`` along the day's order the number of teeth
below ``x`` is ``N(x) = ceil((x - u) / S) = (x - u + S - 1) >> k``. Target
``i`` is hit iff ``N(C_i) > N(C_{i-1})``, by tooth ``N(C_{i-1})``. No
search, no loop over days: a few array passes per chunk of days.

**Joint mixtures**: the plan is an explicit distribution over joint
deployments; a day draws one deployment by inverse transform on 53-bit
integers (probabilities quantised to multiples of ``2^-53`` summing to one
exactly). Sampling each resource from its own marginals would keep every
kind's marginals but not the joint interdiction, so the joint draw is the
only correct one for mixed kinds and patrols.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from entente.model import FloatArray
from entente.operations.randomness import RandomWords

__all__ = [
    "CHUNK_CELLS",
    "CHUNK_DAYS",
    "MIXTURE_BITS",
    "comb_bits",
    "comb_rosters",
    "draw_comb",
    "draw_mixture",
    "quantise_marginals",
    "quantise_probabilities",
]

I64 = npt.NDArray[np.int64]
IntArray = npt.NDArray[np.intp]

CHUNK_DAYS = 8192
"""Most days sampled per pass: keeps the working arrays in cache."""

CHUNK_CELLS = 1 << 18
"""Most days x targets per pass: bounds the working arrays when there are many targets."""

MIXTURE_BITS = 53
"""Mixture probabilities are multiples of ``2^-53``."""


def comb_bits(units: int) -> int:
    """``k`` such that ``(units + 1) * 2^k`` fits in a signed 64-bit integer, at most 53."""
    return min(53, 62 - (units + 1).bit_length())


def quantise_marginals(marginals: FloatArray, units: int) -> I64:
    """Marginals as integer multiples of ``2^-k`` (``k = comb_bits(units)``).

    Each is rounded to the nearest multiple and clipped to ``[0, 2^k]``;
    if rounding (or a solver's tolerance) leaves the total above
    ``units * 2^k``, the excess is taken from the largest marginals. The
    result differs from the input by at most the input's own excess plus
    ``2^-(k+1)`` per target.
    """
    scale = 1 << comb_bits(units)
    quanta = np.rint(np.clip(marginals, 0.0, 1.0) * scale).astype(np.int64)
    excess = int(quanta.sum()) - units * scale
    if excess > 0:
        order = np.argsort(-quanta, kind="stable")
        largest = quanta[order]
        before = np.cumsum(largest) - largest
        quanta[order] -= np.clip(excess - before, 0, largest)
    return quanta


def comb_rosters(quanta: I64, units: int, orders: IntArray, offsets: I64) -> IntArray:
    """The comb's assignment for given orders and offsets: target per (day, unit), -1 idle.

    ``orders`` has shape ``(days, n)`` (a permutation of the targets per day),
    ``offsets`` shape ``(days,)`` with values in ``[0, 2^k)``. This is the
    deterministic core of :func:`draw_comb`, exposed so tests can enumerate
    the whole sampling distribution.
    """
    bits = comb_bits(units)
    scale = np.int64(1 << bits)
    days = orders.shape[0]
    cumulative = np.cumsum(quanta[orders], axis=1)
    below = (cumulative - offsets[:, None] + (scale - 1)) >> bits
    before = np.zeros_like(below)  # N(0) = 0: no tooth below 0
    before[:, 1:] = below[:, :-1]
    rows, positions = np.nonzero(below > before)
    out = np.full((days, units), -1, dtype=np.intp)
    out[rows, before[rows, positions]] = orders[rows, positions]
    return out


def draw_comb(quanta: I64, units: int, days: int, words: RandomWords) -> IntArray:
    """``days`` comb-sampled rosters on orders shuffled afresh each day."""
    n = quanta.shape[0]
    bits = comb_bits(units)
    out = np.empty((days, units), dtype=np.intp)
    step = max(1, min(CHUNK_DAYS, CHUNK_CELLS // max(n, 1)))
    for start in range(0, days, step):
        size = min(step, days - start)
        # a uniformly random order per day: argsort of independent 32-bit keys
        orders = np.argsort(words.words32((size, n)), axis=1, kind="stable")
        offsets = (words.words64(size) >> np.uint64(64 - bits)).astype(np.int64)
        out[start : start + size] = comb_rosters(quanta, units, orders, offsets)
    return out


def quantise_probabilities(probabilities: FloatArray) -> I64:
    """Cumulative mixture probabilities as integers out of ``2^53``, ending at ``2^53``.

    Largest-remainder rounding of the normalised probabilities: each
    differs from its input by less than ``2^-53`` (plus the normalisation).
    """
    p = np.clip(np.asarray(probabilities, dtype=np.float64), 0.0, None)
    total = 1 << MIXTURE_BITS
    exact = p / p.sum() * total
    quanta = np.floor(exact).astype(np.int64)
    # hand the units lost to flooring to the largest fractional parts, never
    # to a deployment of probability zero; float rounding may overshoot by a
    # unit or two, taken from the largest
    remainder = total - int(quanta.sum())
    if remainder >= 0:
        order = np.argsort(quanta - exact, kind="stable")
        order = order[p[order] > 0]
        base, extra = divmod(remainder, order.shape[0])
        quanta[order] += base
        quanta[order[:extra]] += 1
    else:
        quanta[int(np.argmax(quanta))] += remainder
    return np.cumsum(quanta)


def draw_mixture(cumulative: I64, days: int, words: RandomWords) -> IntArray:
    """Indices of ``days`` deployments drawn from the quantised mixture."""
    draws = (words.words64(days) >> np.uint64(64 - MIXTURE_BITS)).astype(np.int64)
    return np.searchsorted(cumulative, draws, side="right").astype(np.intp)
