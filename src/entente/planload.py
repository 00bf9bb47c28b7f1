"""Reading plan files back, or making a plan on the spot from a scenario.

Commands that work from a plan (``roster``, ``simulate``, ``sweep``,
``budget``) accept either a plan file written by ``entente solve -o`` or a
scenario (a file or a built-in name), which is then solved first. A plan
file is recognised by its ``format`` key (``entente-plan/...``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from entente._exceptions import FieldProblem, InputError, ScenarioError
from entente.model import Game
from entente.planfile import PLAN_FORMAT, plan_document
from entente.scenario import Scenario, compile_scenario, load_scenario, parse_scenario
from entente.scenario.slots import game_target_ids
from entente.solvers import solve
from entente.solvers.network import checkpoint_coverage

__all__ = [
    "LoadedPlan",
    "check_plan_coverage",
    "embedded_scenario",
    "is_plan_document",
    "is_plan_file",
    "load_plan",
    "load_scenario_or_plan",
    "plan_game",
    "solve_now",
]


TAMPER_TOLERANCE = 1e-6  # stated coverage against the strategy's, per target


def is_plan_document(document: object) -> bool:
    """A JSON object that says it is a plan file."""
    return isinstance(document, dict) and str(document.get("format", "")).startswith(
        PLAN_FORMAT.split("/")[0] + "/"
    )


@dataclass(frozen=True, eq=False)
class LoadedPlan:
    """A plan document, where it came from, and whether it was solved just now."""

    document: dict[str, Any]
    source: str
    solved: bool

    @property
    def note(self) -> str:
        """One line for stderr saying what the plan is."""
        d = self.document
        how = "solved now" if self.solved else "plan file"
        verified = "verified" if d.get("verified") else "NOT verified"
        gap = d.get("gap")
        tail = f", gap {gap:.3g}" if d.get("status") == "time_limit" and gap is not None else ""
        return (
            f"{self.source}: {how}, {d.get('status')} ({verified}{tail}), method {d.get('method')}"
        )


def _read_json_plan(path: Path) -> dict[str, Any] | None:
    """The plan document in ``path``, or None if the file is not a plan file."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    if raw.lstrip()[:1] != b"{":
        return None
    try:
        document = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    return document if is_plan_document(document) else None


def load_plan(
    file: str | Path, *, method: str = "auto", time_limit: float | None = None
) -> LoadedPlan:
    """A plan file as it is (checked, see :func:`check_plan_coverage`), or a scenario
    solved into a plan document now."""
    path = Path(file)
    document = _read_json_plan(path) if path.is_file() else None
    if document is not None:
        check_plan_coverage(document, str(file))
        return LoadedPlan(document, str(file), solved=False)
    return solve_now(load_scenario(file), str(file), method=method, time_limit=time_limit)


def solve_now(
    scenario: Scenario, source: str, *, method: str = "auto", time_limit: float | None = None
) -> LoadedPlan:
    """``scenario`` (e.g. with a forecast applied) solved into a plan document now."""
    game = compile_scenario(scenario)
    plan = solve(game, method, time_limit=time_limit)
    return LoadedPlan(plan_document(scenario, game, plan), source, solved=True)


def is_plan_file(file: str | Path) -> bool:
    """``file`` is a plan file written by ``entente solve -o`` (not a scenario)."""
    path = Path(file)
    return path.is_file() and _read_json_plan(path) is not None


def embedded_scenario(document: Mapping[str, Any], source: str) -> Scenario:
    """The scenario a plan document embeds, validated and checked against its SHA-256."""
    embedded = document.get("scenario")
    if not isinstance(embedded, Mapping):
        raise ScenarioError(
            source, [FieldProblem("scenario", "the plan does not embed its scenario")]
        )
    scenario = parse_scenario(
        orjson.dumps(embedded), source=f"{source} (embedded scenario)", format="json"
    )
    if document.get("scenario_sha256") != scenario.sha256():
        raise InputError(
            f"{source}: scenario_sha256 does not match the embedded scenario: the plan file "
            "was edited or corrupted; solve the scenario again"
        )
    return scenario


def plan_game(document: Mapping[str, Any], source: str) -> tuple[Scenario, Game]:
    """The embedded scenario of a plan document and the game it compiles to."""
    scenario = embedded_scenario(document, source)
    return scenario, compile_scenario(scenario)


def load_scenario_or_plan(file: str | Path) -> Scenario:
    """A scenario file, or the scenario embedded in a plan file."""
    path = Path(file)
    document = _read_json_plan(path) if path.is_file() else None
    if document is not None:
        return embedded_scenario(document, str(file))
    return load_scenario(file)


def check_plan_coverage(document: Mapping[str, Any], source: str) -> None:
    """InputError unless the plan's ``coverage`` is what its mixed strategy gives.

    Rosters are drawn from the strategy and evaluations read the coverage: a
    file edited in one place and not the other would say one thing and do
    another. Plans without a strategy (no feasible plan) have nothing to check.
    Reads the embedded scenario's ids and effectiveness; compiles nothing.
    """
    strategy, stated = document.get("strategy"), document.get("coverage")
    if not isinstance(strategy, Mapping) or not isinstance(stated, Mapping):
        return
    scenario = embedded_scenario(document, source)
    doc = scenario.document
    target_ids = game_target_ids(doc)
    effectiveness = {r["id"]: float(r.get("effectiveness", 1.0)) for r in doc["resources"]}
    if strategy.get("form") == "checkpoints":  # roads: the best escape per target, searched
        implied = checkpoint_coverage(strategy, compile_scenario(scenario).network)
    else:
        implied = _strategy_coverage(strategy, target_ids, effectiveness)
    if implied is None:
        return  # a malformed strategy: the readers that use it name the field
    for target, expected in zip(target_ids, implied, strict=True):
        value = stated.get(target)
        if not isinstance(value, int | float) or abs(value - expected) > TAMPER_TOLERANCE:
            raise InputError(
                f"{source}: coverage.{target} is {value!r} but the plan's strategy gives "
                f"{expected:.6g}: the plan file was edited or corrupted; solve the "
                "scenario again"
            )


def _strategy_coverage(
    strategy: Mapping[str, Any], target_ids: tuple[str, ...], effectiveness: dict[str, float]
) -> list[float] | None:
    index = {t: i for i, t in enumerate(target_ids)}
    try:
        if strategy.get("form") == "comb":
            marginals, scale = strategy["marginals"], float(strategy["effectiveness"])
            return [float(marginals[t]) * scale for t in target_ids]
        if strategy.get("form") == "mixture":
            coverage = [0.0] * len(target_ids)
            for deployment in strategy["deployments"]:
                escape = [1.0] * len(target_ids)
                for resource, units in deployment["resources"].items():
                    for unit in units:
                        for target in unit:
                            escape[index[target]] *= 1.0 - effectiveness[resource]
                p = float(deployment["probability"])
                coverage = [c + p * (1.0 - e) for c, e in zip(coverage, escape, strict=True)]
            return coverage
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    return None
