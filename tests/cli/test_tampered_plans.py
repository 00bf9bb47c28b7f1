"""A plan file edited after the solve is refused by every reader, with one message.

Each command reads plans through :func:`entente.planfile.read_plan`, which
re-runs the certificate; the message (exit 2) is therefore the same for
``roster``, ``orders``, ``evaluate --plan``, ``report`` and ``simulate``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from entente.cli import app
from entente.planfile import EDITED

DATA = Path(__file__).parents[1] / "data"
runner = CliRunner()


def _readers(plan: Path, scenario: str, tmp_path: Path) -> list[list[str]]:
    readers = [
        ["roster", str(plan), "--days", "1"],
        ["evaluate", scenario, "--plan", str(plan)],
        ["report", str(plan), "-o", str(tmp_path / "r.html")],
        ["simulate", str(plan), "--days", "2", "--runs", "2"],
    ]
    if scenario == "channel-coast":  # weekly slots: orders for a Monday
        readers.append(["orders", str(plan), "--date", "2025-06-02"])
    return readers


def _flip_one(document: dict[str, Any]) -> None:
    target = next(iter(document["coverage"]))
    document["coverage"][target] = round(1 - document["coverage"][target], 3) + 0.01


def _all_covered(document: dict[str, Any]) -> None:
    document["coverage"] = dict.fromkeys(document["coverage"], 1.0)


def _better_value(document: dict[str, Any]) -> None:
    document["defender_utility"] += 1.0


EDITS: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    ("two-targets", _flip_one, str(DATA / "two-targets.yaml")),  # comb
    ("coast-flip", _flip_one, str(DATA / "coast.yaml")),  # mixture
    ("channel-all-covered", _all_covered, "channel-coast"),  # the case: 1.0 everywhere
    ("channel-value", _better_value, "channel-coast"),
]


@pytest.fixture(scope="module")
def solved(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], str]:
    """The plan file of ``scenario``, solved once for the module (channel-coast takes 3 s)."""
    plans: dict[str, str] = {}

    def plan_text(scenario: str) -> str:
        if scenario not in plans:
            path = tmp_path_factory.mktemp("solved") / "plan.json"
            done = runner.invoke(app, ["solve", scenario, "-o", str(path)])
            assert done.exit_code == 0, done.stderr
            plans[scenario] = path.read_text()
        return plans[scenario]

    return plan_text


@pytest.mark.slow
@pytest.mark.parametrize(("name", "edit", "scenario"), EDITS, ids=[e[0] for e in EDITS])
def test_an_edited_plan_gets_one_message_from_every_reader(
    tmp_path: Path,
    solved: Callable[[str], str],
    name: str,
    edit: Callable[[dict[str, Any]], None],
    scenario: str,
) -> None:
    plan = tmp_path / "plan.json"
    plan.write_text(solved(scenario))
    readers = _readers(plan, scenario, tmp_path)
    for reader in readers:
        done = runner.invoke(app, reader)
        assert done.exit_code == 0, (reader, done.stderr)
    document = json.loads(plan.read_text())
    edit(document)
    plan.write_text(json.dumps(document))
    messages = set()
    for reader in readers:
        done = runner.invoke(app, reader)
        assert done.exit_code == 2, reader
        assert EDITED in done.stderr
        assert f"{plan}: the certificate fails on reading" in done.stderr
        messages.add(done.stderr)
    assert len(messages) == 1, messages
