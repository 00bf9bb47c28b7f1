"""The README's channel-coast roster and orders session prints what it shows."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from entente.cli import app

ROOT = Path(__file__).resolve().parent.parent.parent
BLOCK = re.compile(r"<!-- channel-coast-orders -->\n```text\n(.*?)```", re.S)


def _session() -> list[tuple[list[str], list[str]]]:
    match = BLOCK.search((ROOT / "README.md").read_text())
    assert match, "README.md lost the channel-coast orders session"
    steps: list[tuple[list[str], list[str]]] = []
    for line in match.group(1).splitlines():
        if line.startswith("$ entente "):
            steps.append((shlex.split(line[len("$ entente ") :].split(">")[0]), []))
        else:
            steps[-1][1].append(line.rstrip())
    return steps


def test_channel_coast_session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "80")
    steps = _session()
    assert [words[0] for words, _ in steps] == ["solve", "roster", "orders"]
    for words, shown in steps:
        result = CliRunner().invoke(app, words)
        assert result.exit_code == 0, result.stderr
        printed = [line.rstrip() for line in result.stdout.splitlines()]
        if words[0] != "solve":
            assert printed == shown, f"`entente {' '.join(words)}` prints otherwise"
