"""Many columns per pricing round: the one-unit neighbours of the best deployment found.

Column generation adds one column per pricing call and so needs a round
(a master LP and a pricing heuristic) per column; a 500-target master
needs hundreds of columns in its optimal basis. The deployments one unit
away from a good one (that unit moved to its best other schedule, or
idle) are almost as good at the same duals and differ where the master
needs variety: adding those that price out positively is the classic
"many columns per round" of column generation (Lübbecke & Desrosiers,
Oper. Res. 2005, section 4.3). Each neighbour costs one sparse product,
against a full greedy and local search per heuristic call.
"""

from __future__ import annotations

import numpy as np

from entente.model import FloatArray
from entente.solvers.schedules._pricing import Choice, SlotPricer

__all__ = ["neighbours"]


def neighbours(pricer: SlotPricer, choice: Choice, w: FloatArray) -> list[tuple[float, Choice]]:
    """Each unit of ``choice`` moved to its best other schedule (or idled): (value, choice).

    The value is the exact ``w . I`` of the neighbour, best first.
    """
    counts = pricer.counts(choice)
    found: dict[Choice, float] = {}
    for i, picked in enumerate(choice):
        e = float(pricer.effectiveness[i])
        if e <= 0.0:
            continue
        for position, j in enumerate(picked):
            members = pricer.members[i][j]
            counts[i, members] -= 1
            escape = _escape(pricer, counts)
            base = float(w @ (1.0 - escape))
            gain = e * (pricer.incidence[i] @ (w * escape))
            if not pricer.options.stacking[i]:
                gain[(pricer.incidence[i] @ counts[i]) > 0] = -np.inf
            gain[j] = -np.inf
            k = int(np.argmax(gain))
            rest = picked[:position] + picked[position + 1 :]
            if gain[k] > 0.0:
                moved, value = tuple(sorted((*rest, k))), base + float(gain[k])
            else:
                moved, value = rest, base
            neighbour = (*choice[:i], moved, *choice[i + 1 :])
            found[neighbour] = max(found.get(neighbour, -np.inf), value)
            counts[i, members] += 1
    return sorted(((v, c) for c, v in found.items()), key=lambda pair: -pair[0])


def _escape(pricer: SlotPricer, counts: FloatArray) -> FloatArray:
    """Probability that an attack on each target escapes every unit counted."""
    escape: FloatArray = np.prod((1.0 - pricer.effectiveness)[:, None] ** counts, axis=0)
    return escape
