"""``entente sweep`` and ``entente budget``: tables, JSON, plots and clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from entente.cli import app


def test_sweep_json_output_and_plot(tmp_path: Path) -> None:
    plot = tmp_path / "sweep.png"
    out = tmp_path / "sweep.json"
    result = CliRunner().invoke(
        app,
        ["sweep", "tests/data/two-targets.yaml", "--resource", "team", "--counts", "0..2",
         "--workers", "1", "--json", "--plot", str(plot), "-o", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert json.loads(out.read_bytes()) == document
    assert [p["value"] for p in document["points"]] == [0, 1, 2]
    assert document["points"][1]["defender_utility"] == pytest.approx(-3)
    assert plot.read_bytes().startswith(b"\x89PNG\r\n")


def test_sweep_table_and_payoff(tmp_path: Path) -> None:
    svg = tmp_path / "payoff.svg"
    result = CliRunner().invoke(
        app,
        ["sweep", "tests/data/two-targets.yaml", "--payoff", "eiffel.attacker.uncovered",
         "--values", "10,20", "--workers", "1", "--plot", str(svg)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "eiffel.attacker.uncovered" in result.stdout
    assert "-1.9189" in result.stdout  # -71/37
    assert b"<svg" in svg.read_bytes()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--resource", "team"], "--counts"),
        (["--resource", "team", "--counts", "0..x"], "--counts: 'x' is not an integer"),
        (["--counts", "1"], "either --resource"),
        (["--resource", "drone", "--counts", "1"], "not a resource"),
        (
            ["--payoff", "louvre.attacker.uncovered", "--values", "-9"],
            "louvre.attacker.uncovered = -9",
        ),
        (["--resource", "team", "--counts", "1", "--plot", "x.gif"], ".png, .svg or .pdf"),
    ],
)
def test_sweep_errors_exit_2(args: list[str], message: str) -> None:
    result = CliRunner().invoke(app, ["sweep", "tests/data/two-targets.yaml", *args])
    assert result.exit_code == 2
    assert message in result.stderr


def test_budget_table_and_json(tmp_path: Path) -> None:
    scenario = tmp_path / "costly.yaml"
    scenario.write_text(
        Path("tests/data/two-targets.yaml")
        .read_text()
        .replace("count: 1", "count: 1\n    cost: 10\n  - {id: uk, count: 0, cost: 25}")
    )
    table = CliRunner().invoke(app, ["budget", str(scenario), "--budget", "60", "--workers", "1"])
    assert table.exit_code == 0, table.output
    assert "best" in table.stdout
    assert "2 maximal mixes" in table.stdout
    result = CliRunner().invoke(
        app, ["budget", str(scenario), "--budget", "60", "--workers", "1", "--json", "--top", "1"]
    )
    document = json.loads(result.stdout)
    assert document["best"]["mix"] == {"team": 2, "uk": 1}
    assert len(document["runner_ups"]) == 1
    missing = CliRunner().invoke(app, ["budget", "tests/data/two-targets.yaml", "--budget", "9"])
    assert missing.exit_code == 2
    assert "cost" in missing.stderr
