"""``entente evaluate FILE --plan PLAN``: a plan (or a rota) under every behaviour model."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from entente.cli._errors import cli_errors
from entente.cli._output import PipeConsole
from entente.evaluate.plans import read_plan_coverage
from entente.evaluate.sensitivity import Sensitivity, sensitivity
from entente.model import Game
from entente.model.outcome import MODES, Outcome, evaluate_models
from entente.planfile import dumps
from entente.scenario import load_game

__all__ = ["evaluate_command"]

_LABELS = {
    "scenario": "as in the scenario",
    "rational": "rational (ties for defender)",
    "pessimistic": "pessimistic (ties, intervals against defender)",
}


@cli_errors
def evaluate_command(
    file: Annotated[str, typer.Argument(help="Scenario file (YAML or JSON) or a built-in name.")],
    plan: Annotated[
        str,
        typer.Option(
            "--plan", "-p", help="Plan file (solve -o) or rota CSV (day,resource,unit,targets)."
        ),
    ],
    margin: Annotated[
        float,
        typer.Option(
            "--margin", min=0.0, help="Pessimistic: targets within this of the best count as hit."
        ),
    ] = 0.0,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print one JSON object, nothing else.")
    ] = False,
) -> None:
    """Exact expected outcome of a plan under each model: scenario, rational, pessimistic."""
    scenario, game = load_game(file)
    coverage, kind = read_plan_coverage(plan, game)
    outcomes = evaluate_models(game, coverage, margin=margin)
    sens = sensitivity(game, coverage)
    if as_json:
        document = {
            "plan": plan,
            "kind": kind,
            "coverage": dict(zip(game.target_ids, coverage.tolist(), strict=True)),
            "models": {mode: _outcome_json(game, o) for mode, o in outcomes.items()},
            "sensitivity": _sensitivity_json(sens),
        }
        sys.stdout.buffer.write(dumps(document) + b"\n")
        return
    console = PipeConsole()
    console.print(f"[bold]{scenario.name}[/bold]: {kind} {plan}")
    table = Table(show_edge=False, pad_edge=False, box=None, header_style="bold")
    table.add_column("model")
    table.add_column("defender", justify="right")
    table.add_column("attacker", justify="right")
    for type_id in game.type_ids:
        table.add_column(f"Ud {type_id}", justify="right")
    for mode in MODES:
        o = outcomes[mode]
        table.add_row(
            _LABELS[mode],
            f"{o.defender_utility:.3f}",
            f"{o.attacker_utility:.3f}",
            *(f"{t.defender_utility:.3f}" for t in o.types),
        )
    console.print(table)
    for k, t in enumerate(outcomes["scenario"].types):
        hit = game.target_ids[t.attacked] if t.attacked is not None else _top(game, t.distribution)
        console.print(f"  {game.type_ids[k]} ({t.behaviour}): {hit}")
    _print_sensitivity(console, sens)


def _top(game: Game, q: Any) -> str:
    order = q.argsort()[::-1][:3]
    return "attacks " + ", ".join(f"{game.target_ids[t]} {q[t]:.0%}" for t in order)


def _outcome_json(game: Game, o: Outcome) -> dict[str, Any]:
    return {
        "defender_utility": o.defender_utility,
        "attacker_utility": o.attacker_utility,
        "types": {
            game.type_ids[k]: {
                "behaviour": t.behaviour,
                "attacked": None if t.attacked is None else game.target_ids[t.attacked],
                "defender_utility": t.defender_utility,
                "attacker_utility": t.attacker_utility,
                "distribution": dict(zip(game.target_ids, t.distribution.tolist(), strict=True)),
            }
            for k, t in enumerate(o.types)
        },
    }


def _sensitivity_json(s: Sensitivity) -> dict[str, Any]:
    return {
        "priors": {
            p.type_id: {"prior": p.prior, "type_value": p.type_value, "derivative": p.derivative}
            for p in s.priors
        },
        "lambda": {
            x.type_id: {
                "lambda": x.lam,
                "derivative": x.derivative,
                "value_at_half": x.value_half,
                "value_at_double": x.value_double,
            }
            for x in s.lambdas
        },
    }


def _print_sensitivity(console: Console, s: Sensitivity) -> None:
    if len(s.priors) > 1:
        parts = ", ".join(f"{p.type_id} {p.derivative:+.3f}" for p in s.priors)
        console.print(f"  value per unit of prior moved to a type: {parts}")
    for x in s.lambdas:
        console.print(
            f"  {x.type_id}: d value / d lambda {x.derivative:+.4f}; value at lambda x0.5 "
            f"{x.value_half:.3f}, x2 {x.value_double:.3f}"
        )
