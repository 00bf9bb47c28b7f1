"""Schema additions for issue 4: behaviour models and interval attacker payoffs.

``behaviour`` (on an ``attackers:`` entry, or at the top level of a
single-attacker scenario)::

    {model: rational}                                   # the default
    {model: quantal, lambda: 0.8}                       # lambda >= 0
    {model: suqr, weights: {coverage: -9.0, reward: 0.5, penalty: 0.4}}

An attacker payoff may be an interval ``[low, high]`` (low <= high); the
point estimate is its midpoint.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    ConfigDict,
    Discriminator,
    Field,
    Strict,
    Tag,
)
from typing_extensions import TypedDict

__all__ = [
    "BEHAVIOUR_MODELS",
    "BEHAVIOUR_TAGS",
    "INTERVAL_TAGS",
    "AttackerPayoff",
    "BehaviourDoc",
    "QuantalDoc",
    "RationalDoc",
    "SuqrDoc",
    "SuqrWeightsDoc",
]

_STRICT = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)
Number = Annotated[float, Strict(), Field(allow_inf_nan=False)]
NonNegative = Annotated[float, Strict(), Field(ge=0.0, allow_inf_nan=False)]

BEHAVIOUR_MODELS = ("rational", "quantal", "suqr")
BEHAVIOUR_TAGS = frozenset(f"model:{m}" for m in BEHAVIOUR_MODELS)
INTERVAL_TAGS = frozenset({"number", "interval"})


class RationalDoc(TypedDict):
    """Best response (ties for the defender)."""

    __pydantic_config__ = _STRICT  # type: ignore[misc]
    model: Literal["rational"]


QuantalDoc = TypedDict("QuantalDoc", {"model": Literal["quantal"], "lambda": NonNegative})
QuantalDoc.__pydantic_config__ = _STRICT  # type: ignore[attr-defined]


class SuqrWeightsDoc(TypedDict):
    """SUQR weights on coverage, reward (uncovered payoff) and penalty (covered payoff)."""

    __pydantic_config__ = _STRICT  # type: ignore[misc]
    coverage: Number
    reward: Number
    penalty: Number


class SuqrDoc(TypedDict):
    """Subjective utility quantal response."""

    __pydantic_config__ = _STRICT  # type: ignore[misc]
    model: Literal["suqr"]
    weights: SuqrWeightsDoc


def _behaviour_tag(value: Any) -> str | None:
    if isinstance(value, dict) and value.get("model") in BEHAVIOUR_MODELS:
        return f"model:{value['model']}"
    return None


BehaviourDoc = Annotated[
    Annotated[RationalDoc, Tag("model:rational")]
    | Annotated[QuantalDoc, Tag("model:quantal")]
    | Annotated[SuqrDoc, Tag("model:suqr")],
    Discriminator(
        _behaviour_tag,
        custom_error_type="behaviour_model",
        custom_error_message=(
            "expected a mapping with model: rational, quantal (with lambda) or suqr "
            "(with weights: coverage, reward, penalty)"
        ),
    ),
]


def _interval(value: list[float]) -> list[float]:
    if len(value) != 2:
        raise ValueError(f"an interval is [low, high], got {len(value)} numbers")
    if value[0] > value[1]:
        raise ValueError(f"interval [{value[0]:g}, {value[1]:g}] has low > high")
    return value


def _payoff_tag(value: Any) -> str:
    return "interval" if isinstance(value, list | tuple) else "number"


AttackerPayoff = Annotated[
    Annotated[Number, Tag("number")]
    | Annotated[Annotated[list[Number], AfterValidator(_interval)], Tag("interval")],
    Discriminator(_payoff_tag),
]
"""A number, or an interval ``[low, high]`` whose midpoint is the point estimate."""
