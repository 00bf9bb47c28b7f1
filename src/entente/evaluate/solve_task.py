"""One solve of one variant of a scenario: the unit of work of sweeps and budget searches.

A :class:`SolveTask` carries a whole (validated) scenario document, so it
pickles to any worker, local or on a Dask cluster, and :func:`solve_point`
is a pure function of it: the same task gives the same numbers anywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from entente.model import Game
from entente.scenario import Scenario, compile_scenario
from entente.scenario.schema import ScenarioDoc
from entente.solvers import Plan, solve

__all__ = [
    "SolveTask",
    "checked_game",
    "count_values",
    "interdiction_rate",
    "parse_values",
    "solve_point",
]


@dataclass(frozen=True)
class SolveTask:
    """Solve ``document`` by ``method``; ``key`` labels the result (a count, a value, a mix)."""

    document: ScenarioDoc
    key: Any
    method: str = "auto"
    time_limit: float | None = None


def checked_game(document: ScenarioDoc, source: str) -> Game:
    """Compile ``document``; a ScenarioError names ``source`` (which variant) and the field."""
    return compile_scenario(Scenario(document, source))


def interdiction_rate(game: Game, plan: Plan) -> float | None:
    """Prior-weighted probability that the attack is interdicted (rational responses)."""
    if plan.coverage is None or any(r.attacked is None for r in plan.responses):
        return None
    return float(
        sum(
            p * plan.coverage[r.attacked]
            for p, r in zip(game.priors, plan.responses, strict=True)
            if r.attacked is not None
        )
    )


def solve_point(task: SolveTask) -> dict[str, Any]:
    """Solve one variant: status, method, utilities, interdiction rate, gap, seconds."""
    game = compile_scenario(Scenario(task.document, "<sweep>"))
    plan = solve(game, task.method, time_limit=task.time_limit)
    return {
        "key": task.key,
        "status": plan.status,
        "method": plan.method,
        "defender_utility": plan.defender_utility,
        "attacker_utility": plan.attacker_utility,
        "interdiction_rate": interdiction_rate(game, plan),
        "gap": plan.gap,
        "verified": plan.verified,
        "seconds": plan.seconds,
    }


def parse_values(text: str, *, integer: bool) -> list[Any]:
    """``"0..12"``, ``"0..12:2"``, ``"1,2,5"`` or a mix like ``"0..4,8"``: the values, in order.

    Raises ValueError with a message naming the bad item.
    """
    values: list[Any] = []
    for low, step, count in _ranges(text, integer):
        values.extend(low + i * step if i else low for i in range(count))
    return values


def count_values(text: str, *, integer: bool) -> int:
    """How many values :func:`parse_values` gives, without making them (``0..10**12``)."""
    return sum(count for _, _, count in _ranges(text, integer))


def _ranges(text: str, integer: bool) -> list[tuple[Any, Any, int]]:
    """Each item of ``text`` as (first value, step, count)."""
    ranges: list[tuple[Any, Any, int]] = []
    for item in (part.strip() for part in text.split(",")):
        if not item:
            raise ValueError(f"empty item in {text!r}")
        if ".." in item:
            span, _, step_text = item.partition(":")
            low_text, _, high_text = span.partition("..")
            low, high = _number(low_text, integer), _number(high_text, integer)
            step = _number(step_text, integer) if step_text else 1
            if step <= 0 or high < low:
                raise ValueError(f"{item!r}: need low <= high and a positive step")
            ranges.append((low, step, int((high - low) / step + 1e-9) + 1))
        else:
            ranges.append((_number(item, integer), 0, 1))
    return ranges


def _number(text: str, integer: bool) -> Any:
    try:
        return int(text) if integer else float(text)
    except ValueError:
        kind = "an integer" if integer else "a number"
        raise ValueError(f"{text!r} is not {kind}") from None


def distinct(values: Sequence[Any]) -> list[Any]:
    """``values`` without repeats, first occurrence kept."""
    return list(dict.fromkeys(values))
