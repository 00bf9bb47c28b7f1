"""The verified plan record: a plan file read back, its certificate re-run.

:func:`read_plan` is the one way a plan enters ``roster``, ``orders``,
``report``, ``evaluate --plan``, ``simulate`` and the service. It parses the
file (bytes, a path or the JSON object), checks the embedded scenario
against ``scenario_sha256``, rebuilds the typed :class:`~entente.solvers.Plan`
(coverage, strategy, responses, values, bound) and runs the certificate
(:func:`entente.solvers.certify.certify`) on it again: the strategy realises
the coverage, the resources are respected, every type's response is a best
response, and the values and bound add up. A file edited anywhere (a
coverage set to 1.0, a changed value) fails one of these and is refused
with one message, the same in every command.

What cannot be re-checked from the file alone is not claimed:
:attr:`PlanRecord.unchecked` names it (the dual proof behind a behavioural
bound; a robust plan's responses and ceiling, which depend on the tie margin
of the solve). An optimal plan is re-checked within the gap it states.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from entente._exceptions import FieldProblem, InputError, ScenarioError
from entente.model import Game
from entente.planfile.strategy import read_strategy
from entente.planfile.write import PLAN_FORMAT
from entente.scenario import Scenario, compile_scenario, parse_scenario
from entente.solvers import Plan, TypeResponse
from entente.solvers.certify import Certificate, Check, certify

__all__ = ["EDITED", "PlanRecord", "embedded_scenario", "is_plan_document", "read_plan"]

EDITED = "the plan file was edited or corrupted; solve the scenario again"

_NEEDS_PROOF = ("bound proof",)
"""Checks that need the solver's evidence (its dual proof), which the plan file does not carry."""


@dataclass(frozen=True, eq=False)
class PlanRecord:
    """A plan and its game, verified when read.

    ``plan.certificate`` holds the checks re-run at reading and
    ``plan.verified`` whether they passed (a record is only made when they
    did); ``unchecked`` names the solve-time checks that could not be re-run.
    ``scenario`` and ``document`` are None for a record made from a game built
    in code (:func:`entente.planfile.record`).
    """

    game: Game
    plan: Plan
    scenario: Scenario | None
    document: Mapping[str, Any] | None
    source: str
    solved: bool = False
    unchecked: tuple[str, ...] = ()

    @property
    def note(self) -> str:
        """One line for stderr saying what the plan is."""
        plan = self.plan
        how = "solved now" if self.solved else "plan file"
        verified = "verified" if plan.verified else "NOT verified"
        gap = plan.gap
        tail = f", gap {gap:.3g}" if plan.status == "time_limit" and gap is not None else ""
        status = plan.status if self.document is None else self.document.get("status")
        return f"{self.source}: {how}, {status} ({verified}{tail}), method {plan.method}"


def is_plan_document(document: object) -> bool:
    """A JSON object that says it is a plan file."""
    return isinstance(document, dict) and str(document.get("format", "")).startswith(
        PLAN_FORMAT.split("/")[0] + "/"
    )


def read_plan(
    data: bytes | str | Path | Mapping[str, Any], *, source: str | None = None
) -> PlanRecord:
    """The verified record of a plan file (its bytes, its path or its JSON object).

    Raises :class:`~entente.InputError` (exit 2) naming the field for a
    malformed file, and ending in :data:`EDITED` when the certificate fails.
    """
    document, source = _document(data, source)
    scenario = embedded_scenario(document, source)
    game = compile_scenario(scenario)
    plan = _plan(document, game, source)
    checks, unchecked = _recheck(game, plan)
    failed = [c for c in checks if not c.passed]
    if failed:
        shown = "; ".join(f"{c.name}: {c.detail}" for c in failed[:3])
        raise InputError(f"{source}: the certificate fails on reading ({shown}): {EDITED}")
    certificate = Certificate(tuple(checks), _tolerance(document))
    # verified: every check re-run here passed, and the solve's own certificate passed
    # for the checks that could not be re-run
    verified = not unchecked or bool(document.get("verified"))
    plan = plan.replace(certificate=certificate, verified=verified)
    return PlanRecord(game, plan, scenario, document, source, unchecked=unchecked)


def _document(
    data: bytes | str | Path | Mapping[str, Any], source: str | None
) -> tuple[Mapping[str, Any], str]:
    if isinstance(data, Mapping):
        document: object = data
        source = source or "<plan>"
    else:
        if isinstance(data, str | Path):
            source = source or str(data)
            try:
                data = Path(data).read_bytes()
            except OSError as error:
                raise ScenarioError(
                    source, [FieldProblem("", f"cannot be read: {error}")]
                ) from None
        source = source or "<plan>"
        try:
            document = orjson.loads(data)
        except orjson.JSONDecodeError as error:
            raise InputError(f"{source}: not a plan file: not valid JSON ({error})") from None
    if not isinstance(document, Mapping):
        raise InputError(f"{source}: not a plan file: a plan must be a JSON object")
    if not is_plan_document(document) or "scenario" not in document:
        raise InputError(
            f"{source}: not a plan file (no format {PLAN_FORMAT!r} or no embedded scenario): "
            "write one with `entente solve SCENARIO -o PLAN`"
        )
    return document, source


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
            f"{source}: scenario_sha256 does not match the embedded scenario: {EDITED}"
        )
    return scenario


def _error(source: str, problems: list[FieldProblem]) -> InputError:
    shown = "; ".join(str(p) for p in problems[:10])
    more = f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""
    return InputError(f"{source}: {shown}{more}")


def _number(document: Mapping[str, Any], key: str, source: str) -> float | None:
    value = document.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _error(source, [FieldProblem(key, f"must be a number or null, got {value!r}")])
    return float(value)


def _plan(document: Mapping[str, Any], game: Game, source: str) -> Plan:
    """The typed plan the document states (its claims, not yet checked)."""
    status = document.get("status")
    if status == "interrupted":  # Ctrl-C: the best plan so far, certified as a time-limited one
        status = "time_limit"
    if status not in ("optimal", "time_limit", "infeasible"):
        raise _error(source, [FieldProblem("status", f"unknown status {status!r}")])
    strategy = None
    if isinstance(document.get("strategy"), Mapping):
        strategy, problems = read_strategy(document["strategy"], game)
        if problems:
            raise _error(source, problems)
    return Plan(
        status=status,
        method=str(document.get("method")),
        message=str(document.get("message") or ""),
        coverage=_coverage(document, game, source),
        strategy=strategy,
        responses=_responses(document, game, source),
        defender_utility=_number(document, "defender_utility", source),
        attacker_utility=_number(document, "attacker_utility", source),
        bound=_number(document, "bound", source),
        gap=_number(document, "gap", source),
        seconds=_number(document, "seconds", source) or 0.0,
    )


def _coverage(document: Mapping[str, Any], game: Game, source: str) -> np.ndarray | None:
    given = document.get("coverage")
    if given is None:
        return None
    if not isinstance(given, Mapping):
        raise _error(source, [FieldProblem("coverage", "must map target ids to probabilities")])
    problems = [
        FieldProblem(f"coverage.{t}", "not a target of the scenario")
        for t in given
        if t not in set(game.target_ids)
    ][:5]
    for t in game.target_ids:
        value = given.get(t)
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            problems.append(FieldProblem(f"coverage.{t}", f"must be in [0, 1], got {value!r}"))
    if problems:
        raise _error(source, problems)
    coverage = np.array([float(given[t]) for t in game.target_ids])
    coverage.setflags(write=False)
    return coverage


def _responses(document: Mapping[str, Any], game: Game, source: str) -> tuple[TypeResponse, ...]:
    types = document.get("types")
    if not isinstance(types, Mapping):
        raise _error(source, [FieldProblem("types", "must map type ids to responses")])
    if not types:  # no plan (infeasible, or none found in time): no responses
        return ()
    index = {t: i for i, t in enumerate(game.target_ids)}
    responses = []
    for type_id in game.type_ids:
        given: Any = types.get(type_id)
        try:
            attacked = given["attacked"]
            response = TypeResponse(
                attacked=None if attacked is None else index[attacked],
                attacker_utility=float(given["attacker_utility"]),
                defender_utility=float(given["defender_utility"]),
                **_path(given.get("path"), game),
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            raise _error(
                source,
                [FieldProblem(f"types.{type_id}", "must give attacked and both utilities")],
            ) from None
        responses.append(response)
    return tuple(responses)


def _path(path: Mapping[str, Any] | None, game: Game) -> dict[str, Any]:
    """A checkpoint game's best path (edge and source indices); {} for other games."""
    if path is None or game.network is None:
        return {}
    network = game.network
    edges = {e: i for i, e in enumerate(network.edge_ids)}
    nodes = {v: i for i, v in enumerate(network.node_ids)}
    return {
        "path": tuple(edges[e] for e in path["edges"]),
        "source": nodes[path["source"]],
    }


def _recheck(game: Game, plan: Plan) -> tuple[list[Check], tuple[str, ...]]:
    """The certificate's checks that the file alone can support, and the names of the rest."""
    # an optimal plan is re-checked within the gap it states (``solve --gap`` is not recorded)
    gap = None if plan.gap is None or plan.status != "optimal" else max(plan.gap, 0.0)
    certificate = certify(game, plan, gap=gap if gap else None)
    skipped = set(_NEEDS_PROOF)
    if plan.method == "robust":  # its responses and ceiling depend on the solve's tie margin
        skipped |= {c.name for c in certificate.checks if c.name.startswith("response")}
        skipped.add("optimality")
    kept = [c for c in certificate.checks if c.name not in skipped]
    return kept, tuple(sorted(c.name for c in certificate.checks if c.name in skipped))


def _tolerance(document: Mapping[str, Any]) -> float:
    stated = document.get("certificate")
    if isinstance(stated, Mapping) and isinstance(stated.get("tolerance"), int | float):
        return float(stated["tolerance"])
    return 1e-8
