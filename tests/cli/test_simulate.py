"""``entente simulate``: a table or one JSON object; progress and notes on stderr."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from entente.cli import app


def test_json_is_alone_on_stdout_and_agrees_with_exact() -> None:
    result = CliRunner().invoke(
        app,
        [
            "simulate",
            "tests/data/bayesian.yaml",
            "--days",
            "50",
            "--runs",
            "40",
            "--seed",
            "1",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["seed"] == 1
    assert out["attacks"]["mean"] == 50
    estimate = out["defender_per_attack"]
    assert estimate["low"] <= estimate["mean"] <= estimate["high"]
    # 2,000 attacks, payoffs within [-100, 0]: 5 standard errors at most 5 * 50 / sqrt(2000)
    assert abs(estimate["mean"] - estimate["exact"]) <= 5 * 50 / 2000**0.5
    assert "seed 1" in result.stderr


def test_table_and_bad_input() -> None:
    result = CliRunner().invoke(app, ["simulate", "tests/data/two-targets.yaml", "--runs", "20"])
    assert result.exit_code == 0
    assert "defender payoff per attack" in result.stdout
    assert "95% interval" in result.stdout
    bad = CliRunner().invoke(app, ["simulate", "tests/data/two-targets.yaml", "--runs", "1"])
    assert bad.exit_code == 2
