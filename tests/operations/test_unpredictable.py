"""Rosters are unpredictable by default; a seed is used only when asked for, and says so."""

from __future__ import annotations

import secrets
from typing import Any

import numpy as np
import pytest

import entente.operations.randomness as randomness
from entente import InputError
from entente.operations import draw_rosters, roster_csv, roster_document, roster_plan


def test_unseeded_draws_differ(paris_plan: dict[str, Any]) -> None:
    prepared = roster_plan(paris_plan)
    first = draw_rosters(prepared, 30)
    second = draw_rosters(prepared, 30)
    assert not first.seeded
    assert first.seed is None
    assert roster_csv(first) != roster_csv(second)
    # wide support: 300 days give (almost surely) 300 different rosters
    days = draw_rosters(prepared, 300).choices
    assert len({tuple(sorted(row)) for row in days.tolist()}) >= 295


def test_secure_path_never_touches_numpy_random(
    paris_plan: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []
    real = secrets.token_bytes

    def counting(n: int) -> bytes:
        calls.append(n)
        return real(n)

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("the secure path used numpy's generator")

    monkeypatch.setattr(randomness.secrets, "token_bytes", counting)
    monkeypatch.setattr(randomness.np.random, "Generator", forbidden)
    monkeypatch.setattr(randomness.np.random, "PCG64", forbidden)
    rosters = draw_rosters(paris_plan, 10)
    assert rosters.seed is None
    assert sum(calls) >= 10 * (29 * 4 + 8)  # 32-bit keys per target and a 64-bit offset per day


def test_seeded_draw_is_reproducible_and_labelled(paris_plan: dict[str, Any]) -> None:
    a = draw_rosters(paris_plan, 20, seed=2024)
    b = draw_rosters(paris_plan, 20, seed=2024)
    c = draw_rosters(paris_plan, 20, seed=2025)
    assert np.array_equal(a.choices, b.choices)
    assert not np.array_equal(a.choices, c.choices)
    assert a.seeded
    assert a.seed == 2024
    document = roster_document(a)
    assert document["generator"] == "seeded"
    assert document["seed"] == 2024
    assert roster_document(draw_rosters(paris_plan, 1))["generator"] == "secrets"


@pytest.mark.parametrize("seed", [-1, 1.5, "7", True])
def test_bad_seed_is_an_input_error(paris_plan: dict[str, Any], seed: object) -> None:
    with pytest.raises(InputError, match="seed"):
        draw_rosters(paris_plan, 1, seed=seed)  # type: ignore[arg-type]


def test_consecutive_days_are_independent(paris_plan: dict[str, Any]) -> None:
    rosters = draw_rosters(paris_plan, 20_000, seed=5)
    covered = (rosters.cover_counts() > 0).astype(float)
    today, tomorrow = covered[:-1], covered[1:]
    # per target, coverage today says nothing about coverage tomorrow
    for t in range(covered.shape[1]):
        x, y = today[:, t], tomorrow[:, t]
        if x.std() == 0 or y.std() == 0:
            continue
        correlation = np.corrcoef(x, y)[0, 1]
        assert abs(correlation) < 5 / np.sqrt(len(x))
