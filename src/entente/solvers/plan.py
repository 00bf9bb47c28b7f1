"""The result of a solve: a plan, in the manner of scipy's ``OptimizeResult``.

A plan always says how it ended (``status``, ``message``); when it holds a
solution it carries the coverage, the mixed strategy that implements it,
each attacker type's response and the utilities, the proven upper bound on
the defender's utility and the gap to it. ``verified`` is set only by
:func:`entente.solvers.certify.certify` through :func:`entente.solve`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np

from entente.model import Allocation, Deployment, FloatArray, Game, Network

if TYPE_CHECKING:
    from entente.solvers.certify.certificate import Certificate
    from entente.solvers.certify.proof import BoundProof

__all__ = [
    "TIE_TOLERANCE",
    "CheckpointStrategy",
    "CombStrategy",
    "MixtureStrategy",
    "Plan",
    "Status",
    "Strategy",
    "TypeResponse",
    "plan_from_coverage",
]

Status = Literal["optimal", "time_limit", "infeasible"]


@dataclass(frozen=True)
class TypeResponse:
    """How one attacker type responds: the target it attacks and both sides' utilities."""

    attacked: int | None
    attacker_utility: float
    defender_utility: float
    distribution: FloatArray | None = None
    """Attack probabilities per target for quantal / SUQR types (None: rational)."""
    path: tuple[int, ...] | None = None
    """Checkpoint games: the edges (indices, in driving order) of the attacker's best path."""
    source: int | None = None
    """Checkpoint games: the node (index) the attacker sets out from."""


@dataclass(frozen=True, eq=False)
class CombStrategy:
    """A mixed strategy over guard deployments, implemented by comb sampling.

    ``marginals[t]`` is the probability that some unit stands at target
    ``t``. Lay the targets (in any order, shuffled afresh each day) on a
    line as intervals of length ``marginals[t]``; draw ``u ~ U[0, 1)`` and
    send one unit to the target whose interval holds each of ``u, u+1, ...,
    u+units-1``. Each target is then covered with probability exactly
    ``marginals[t]`` when every marginal is at most 1 and they sum to at
    most ``units`` (Kiekintveld et al. 2009; Tsai et al. 2010).
    """

    marginals: FloatArray
    units: int
    effectiveness: float
    form: Literal["comb"] = "comb"


@dataclass(frozen=True, eq=False)
class MixtureStrategy:
    """An explicit probability distribution over joint pure deployments.

    ``deployments[i]`` is drawn with probability ``probabilities[i]``; see
    :mod:`entente.model.deployment` for what a deployment holds.
    """

    probabilities: FloatArray
    deployments: tuple[Deployment, ...]
    form: Literal["mixture"] = "mixture"


@dataclass(frozen=True, eq=False)
class CheckpointStrategy:
    """A checkpoint game's mixed strategy: ``allocations[i]`` with ``probabilities[i]``.

    An allocation lists, per checkpoint resource, the edges its units hold
    (see :class:`entente.model.Network`).
    """

    probabilities: FloatArray
    allocations: tuple[Allocation, ...]
    form: Literal["checkpoints"] = "checkpoints"

    def presence(self, network: Network) -> FloatArray:
        """Per edge, the probability that some checkpoint unit stands on it."""
        held = np.zeros((len(self.allocations), network.n_edges), dtype=bool)
        for i, allocation in enumerate(self.allocations):
            for edges in allocation:
                held[i, list(edges)] = True
        return np.asarray(self.probabilities @ held, dtype=np.float64)


Strategy = CombStrategy | MixtureStrategy | CheckpointStrategy

TIE_TOLERANCE = 1e-9
"""Solvers treat attacker utilities within this x the payoff scale as tied."""


@dataclass(frozen=True, eq=False)
class Plan:
    """A solution of a game, or the reason there is none."""

    status: Status
    method: str
    message: str
    coverage: FloatArray | None = None
    strategy: Strategy | None = None
    responses: tuple[TypeResponse, ...] = ()
    defender_utility: float | None = None
    attacker_utility: float | None = None
    bound: float | None = None
    gap: float | None = None
    seconds: float = 0.0
    verified: bool = False
    certificate: Certificate | None = None
    proof: BoundProof | None = None
    """Evidence for ``bound`` that the certificate can re-check (behavioural types)."""

    @property
    def success(self) -> bool:
        """Proven optimal and independently verified.

        Only :func:`entente.solve` (or :func:`~entente.solvers.certify.certify`)
        verifies: a method called directly (``milp(game)``) returns
        ``verified=False``, so ``success`` is False; its ``status`` alone says
        whether the solver proved optimality.
        """
        return self.status == "optimal" and self.verified

    def replace(self, **changes: object) -> Plan:
        """A copy with some fields changed (plans are frozen)."""
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    def __repr__(self) -> str:
        fields = [
            f"status={self.status!r}",
            f"method={self.method!r}",
            f"defender_utility={self.defender_utility!r}",
            f"attacker_utility={self.attacker_utility!r}",
            f"gap={self.gap!r}",
            f"verified={self.verified!r}",
            f"message={self.message!r}",
        ]
        return "Plan(" + ", ".join(fields) + ")"


def plan_from_coverage(
    game: Game,
    coverage: FloatArray,
    attacked: list[int],
    *,
    method: str,
    status: Status,
    bound: float | None,
    message: str,
    strategy: Strategy | None,
) -> Plan:
    """Assemble a plan from a coverage vector and the target each type attacks.

    Utilities are read off the game at the given responses; the bound is
    the solver's proven upper bound on the defender's utility (None: the
    value itself, for methods that are exact by construction).
    """
    coverage = np.asarray(coverage, dtype=np.float64)
    coverage.setflags(write=False)
    defender = game.defender_utility(coverage)
    attacker = game.attacker_utility(coverage)
    responses = tuple(
        TypeResponse(
            attacked=t,
            attacker_utility=float(attacker[k, t]),
            defender_utility=float(defender[k, t]),
        )
        for k, t in enumerate(attacked)
    )
    priors = game.priors
    value = float(sum(p * r.defender_utility for p, r in zip(priors, responses, strict=True)))
    attacker_value = float(
        sum(p * r.attacker_utility for p, r in zip(priors, responses, strict=True))
    )
    if bound is None or value > bound:
        # Rounding noise, or near-ties: a solver's bound treats attacker utilities
        # within TIE_TOLERANCE as distinct, the responses above let them tie (the
        # certificate then checks the value against its own independent ceiling).
        bound = value
    return Plan(
        status=status,
        method=method,
        message=message,
        coverage=coverage,
        strategy=strategy,
        responses=responses,
        defender_utility=value,
        attacker_utility=attacker_value,
        bound=bound,
        gap=bound - value,
    )
