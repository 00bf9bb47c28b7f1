"""A plan file whose coverage no longer matches its strategy is refused, by every reader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from entente.cli import app

DATA = Path(__file__).parents[1] / "data"
runner = CliRunner()


@pytest.mark.parametrize("scenario", ["two-targets.yaml", "coast.yaml"])  # comb, mixture
def test_edited_coverage_is_refused(tmp_path: Path, scenario: str) -> None:
    plan = tmp_path / "plan.json"
    solved = runner.invoke(app, ["solve", str(DATA / scenario), "-o", str(plan)])
    assert solved.exit_code == 0, solved.stderr
    readers = [
        ["roster", str(plan), "--days", "1"],
        ["evaluate", str(DATA / scenario), "--plan", str(plan)],
        ["report", str(plan), "-o", str(tmp_path / "r.html")],
        ["simulate", str(plan), "--days", "2", "--runs", "2"],
    ]
    for reader in readers:
        assert runner.invoke(app, reader).exit_code == 0, reader
    document = json.loads(plan.read_text())
    target = next(iter(document["coverage"]))
    document["coverage"][target] = round(1 - document["coverage"][target], 3) + 0.01
    plan.write_text(json.dumps(document))
    for reader in readers:
        done = runner.invoke(app, reader)
        assert done.exit_code == 2, reader
        assert f"coverage.{target} is" in done.stderr
        assert "the plan file was edited or corrupted" in done.stderr
