"""``entente fit INCIDENTS.csv --scenario FILE``: learn SUQR weights from incidents."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import orjson
import typer

from entente._io import write_atomic
from entente.cli._errors import cli_errors
from entente.cli._paths import check_output

__all__ = ["fit_command"]


@cli_errors
def fit_command(
    incidents: Annotated[
        str, typer.Argument(help="Incident CSV (attacked, one coverage column per target).")
    ],
    scenario_file: Annotated[
        str,
        typer.Option(
            "--scenario", "-s", help="Scenario file (or built-in name) the incidents belong to."
        ),
    ],
    type_id: Annotated[
        str | None, typer.Option("--type", help="Attacker type to fit (needed with several types).")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Fitted scenario to write (default ./STEM.fitted.yaml).",
        ),
    ] = None,
    holdout: Annotated[
        float, typer.Option("--holdout", help="Share of rows held out to score the fit.")
    ] = 0.2,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the held-out split.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Fit SUQR weights by maximum likelihood and write them into a scenario."""
    from entente.learn import fit_suqr, read_incidents, with_behaviour
    from entente.planfile import dumps
    from entente.scenario import load_game, parse_scenario

    scenario, game = load_game(scenario_file)
    target = output if output is not None else Path(f"{Path(scenario.source).stem}.fitted.yaml")
    check_output(target, "--output", ("yaml", "yml", "json"))
    data = read_incidents(incidents, game)
    fit = fit_suqr(game, data, type_id=type_id, holdout=holdout, seed=seed)
    document = with_behaviour(scenario.document, fit.type_id, fit.behaviour)
    payload = _serialise(document, target)
    parse_scenario(payload, source=str(target))  # what we write must load
    write_atomic(target, payload)
    summary = _summary(fit, target)
    if as_json:
        sys.stdout.buffer.write(dumps(summary) + b"\n")
        return
    w, se = fit.behaviour, fit.standard_errors
    print(f"SUQR fit for {fit.type_id!r} from {fit.incidents} incidents ({data.source}):")
    for name, value, error in zip(
        ("coverage", "reward", "penalty"), (w.coverage, w.reward, w.penalty), se, strict=True
    ):
        print(f"  w_{name:<8} {value:+.4f}  (standard error {error:.4f})")
    print(f"  log-likelihood {fit.log_likelihood:.3f}")
    if fit.heldout_log_likelihood is not None and fit.heldout_baseline is not None:
        print(
            f"  held-out log-likelihood {fit.heldout_log_likelihood:.3f} on "
            f"{fit.heldout_incidents} incidents (uniform attacker: {fit.heldout_baseline:.3f})"
        )
    print(f"  fitted scenario written to {target}")


def _serialise(document: dict[str, Any], target: Path) -> bytes:
    if target.suffix.lower() == ".json":
        return orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n"
    import yaml

    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True).encode()


def _summary(fit: Any, target: Path) -> dict[str, Any]:
    w = fit.behaviour
    return {
        "type": fit.type_id,
        "weights": {"coverage": w.coverage, "reward": w.reward, "penalty": w.penalty},
        "standard_errors": dict(
            zip(("coverage", "reward", "penalty"), fit.standard_errors.tolist(), strict=True)
        ),
        "log_likelihood": fit.log_likelihood,
        "incidents": fit.incidents,
        "heldout_log_likelihood": fit.heldout_log_likelihood,
        "heldout_incidents": fit.heldout_incidents,
        "heldout_uniform_log_likelihood": fit.heldout_baseline,
        "converged": fit.converged,
        "output": str(target),
    }
