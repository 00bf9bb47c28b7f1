"""Plans between the user's payoff units and the unit game (:mod:`entente.model.scales`).

Coverage and strategy do not depend on units; utilities, the bound, the gap
and the bound's evidence do. ``to_user`` maps a plan solved on the unit game
back; ``to_unit`` maps a plan in the user's units onto the unit game, for
the certificate. The prior-weighted attacker utility mixes types of
different scales: it is re-derived from the responses, and whatever the
reported total differs from that sum by is carried over, divided by the
prior-weighted scale, so a wrong total stays wrong.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from entente.model import Game, Quantal, Suqr, logit_scores
from entente.model.scales import PayoffScales
from entente.solvers.certify.proof import BoundProof, DualProof, RobustClaim
from entente.solvers.plan import Plan, TypeResponse

__all__ = ["to_unit", "to_user"]


def to_user(plan: Plan, game: Game, unit: Game, scales: PayoffScales) -> Plan:
    """``plan`` (solved on ``unit``) in the units of ``game``."""
    return _mapped(plan, game, unit, scales, forward=False)


def to_unit(plan: Plan, game: Game, unit: Game, scales: PayoffScales) -> Plan:
    """``plan`` (in the units of ``game``) on the unit game ``unit``."""
    return _mapped(plan, game, unit, scales, forward=True)


def _mapped(plan: Plan, game: Game, unit: Game, s: PayoffScales, *, forward: bool) -> Plan:
    def d(x: float) -> float:
        return s.defender_unit(x) if forward else s.defender_user(x)

    def d_opt(x: float | None) -> float | None:
        return None if x is None else d(x)

    def a(k: int, x: float) -> float:
        return s.attacker_unit(k, x) if forward else s.attacker_user(k, x)

    responses = tuple(
        dataclasses.replace(
            r, attacker_utility=a(k, r.attacker_utility), defender_utility=d(r.defender_utility)
        )
        if k < game.n_types
        else r
        for k, r in enumerate(plan.responses)
    )
    factor = 1 / s.defender_scale if forward else s.defender_scale
    return plan.replace(
        responses=responses,
        defender_utility=d_opt(plan.defender_utility),
        attacker_utility=_attacker_total(plan, responses, game, s, forward=forward),
        bound=d_opt(plan.bound),
        gap=None if plan.gap is None else plan.gap * factor,
        proof=_proof(plan.proof, game, unit, s, forward=forward),
    )


def _attacker_total(
    plan: Plan,
    responses: tuple[TypeResponse, ...],
    game: Game,
    s: PayoffScales,
    *,
    forward: bool,
) -> float | None:
    if plan.attacker_utility is None or len(responses) != game.n_types:
        return plan.attacker_utility
    priors = game.priors
    old = float(sum(p * r.attacker_utility for p, r in zip(priors, plan.responses, strict=True)))
    new = float(sum(p * r.attacker_utility for p, r in zip(priors, responses, strict=True)))
    weight = float(np.dot(priors, s.attacker_scale))
    residual = plan.attacker_utility - old
    return new + (residual / weight if forward else residual * weight)


def _proof(
    proof: BoundProof | None, game: Game, unit: Game, s: PayoffScales, *, forward: bool
) -> BoundProof | None:
    if isinstance(proof, RobustClaim):
        factor = 1 / s.attacker_scale[0] if forward else s.attacker_scale[0]
        return RobustClaim(proof.margin * float(factor))
    if not isinstance(proof, DualProof) or not 0 <= proof.type_index < game.n_types:
        return proof
    k = proof.type_index
    b, b_unit = game.behaviour(k), unit.behaviour(k)
    if not isinstance(b, Quantal | Suqr) or not isinstance(b_unit, Quantal | Suqr):
        return proof
    # alpha_user - alpha_unit is one constant across targets (logit scores are shift-free).
    alpha, _ = logit_scores(b, game.attacker_covered[k], game.attacker_uncovered[k])
    alpha_unit, _ = logit_scores(b_unit, unit.attacker_covered[k], unit.attacker_uncovered[k])
    offset = float(alpha[0] - alpha_unit[0])
    if forward:
        return DualProof(
            k,
            s.defender_unit(proof.level),
            proof.multiplier / s.defender_scale,
            proof.shift - offset,
            proof.value / s.defender_scale,
        )
    return DualProof(
        k,
        s.defender_user(proof.level),
        proof.multiplier * s.defender_scale,
        proof.shift + offset,
        proof.value * s.defender_scale,
    )
