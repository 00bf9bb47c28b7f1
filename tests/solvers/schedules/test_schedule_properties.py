"""Properties of optimal plans over joint deployments, checked with hypothesis.

Within the reported gap: one more drone or barrier never hurts (units may
stay idle, barriers unplaced); a superset of routes never hurts; with
singleton schedules and effectiveness 1 a patrol is a guard, and column
generation equals the guard-only core solver.
"""

from __future__ import annotations

import dataclasses

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from entente import make_game, solve
from entente.model import Game, Resource, coverage_box
from entente.solvers import MixtureStrategy
from tests.games import random_game
from tests.kinds import mixed_game

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def mixed_games(draw: st.DrawFn) -> Game:
    return mixed_game(np.random.default_rng(draw(st.integers(0, 2**32 - 1))), max_sites=3)


def _replace_resource(game: Game, r: int, resource: Resource) -> Game:
    resources = list(game.resources)
    resources[r] = resource
    return dataclasses.replace(game, resources=tuple(resources))


def _slack(plan: object) -> float:
    return (getattr(plan, "gap", None) or 0.0) + 1e-7


@FAST
@given(mixed_games(), st.data())
def test_one_more_drone_or_barrier_never_hurts(game: Game, data: st.DataObject) -> None:
    growable = [
        r
        for r, res in enumerate(game.resources)
        if res.kind == "patrol" or (res.kind == "static" and res.count < len(res.schedules))
    ]
    if not growable:
        return
    r = data.draw(st.sampled_from(growable))
    resource = game.resources[r]
    more = _replace_resource(game, r, dataclasses.replace(resource, count=resource.count + 1))
    before, after = solve(game), solve(more)
    assert after.defender_utility >= before.defender_utility - _slack(before) - _slack(after)


@FAST
@given(mixed_games(), st.data())
def test_a_superset_of_routes_never_hurts(game: Game, data: st.DataObject) -> None:
    patrols = [r for r, res in enumerate(game.resources) if res.kind == "patrol"]
    if not patrols:
        return
    r = data.draw(st.sampled_from(patrols))
    resource = game.resources[r]
    slots = game.slot_of()
    slot = data.draw(st.integers(0, game.n_slots - 1))
    in_slot = np.flatnonzero(slots == slot).tolist()
    extra = tuple(sorted(data.draw(st.sets(st.sampled_from(in_slot), min_size=1, max_size=2))))
    if frozenset(extra) in {frozenset(s) for s in resource.schedules}:
        return
    wider = _replace_resource(
        game, r, dataclasses.replace(resource, schedules=(*resource.schedules, extra))
    )
    before, after = solve(game), solve(wider)
    assert after.defender_utility >= before.defender_utility - _slack(before) - _slack(after)


@FAST
@given(st.integers(0, 2**32 - 1), st.integers(1, 6), st.integers(1, 2), st.integers(0, 4))
def test_singleton_routes_with_effectiveness_one_are_guards(
    seed: int, n: int, types: int, units: int
) -> None:
    guards = random_game(np.random.default_rng(seed), n, types, units)
    patrol = Resource("drone", units, "patrol", 1.0, schedules=tuple((t,) for t in range(n)))
    patrols = make_game(
        defender_covered=guards.defender_covered,
        defender_uncovered=guards.defender_uncovered,
        attacker_covered=guards.attacker_covered,
        attacker_uncovered=guards.attacker_uncovered,
        priors=guards.priors,
        resources=[patrol],
    )
    core, generated = solve(guards), solve(patrols)
    assert generated.method == "column-generation"
    assert core.method in ("origami", "milp")
    tolerance = _slack(core) + _slack(generated)
    assert abs(generated.defender_utility - core.defender_utility) <= tolerance


@FAST
@given(mixed_games())
def test_every_plan_is_a_distribution_over_feasible_deployments(game: Game) -> None:
    plan = solve(game)
    assert plan.certificate is not None
    assert plan.certificate.passed
    if plan.status != "optimal" or coverage_box(game) is not None:
        return  # coverage-box games are the classic solvers' (comb strategies)
    strategy = plan.strategy
    assert isinstance(strategy, MixtureStrategy)
    assert np.all(strategy.probabilities > 0)
    assert abs(strategy.probabilities.sum() - 1.0) <= 1e-9
    placements = {
        tuple(sorted(tuple(sorted(u)) for u in d[r] if u))
        for d in strategy.deployments
        for r, res in enumerate(game.resources)
        if res.kind == "static"
    }
    statics = sum(res.kind == "static" for res in game.resources)
    assert len(placements) <= max(statics, 1)
