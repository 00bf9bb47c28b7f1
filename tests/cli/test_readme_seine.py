"""The README's checkpoint example shows what ``entente solve seine-2024`` prints."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from entente.cli import app

ROOT = Path(__file__).resolve().parent.parent.parent
BLOCK = re.compile(r"`entente solve seine-2024` prints \(real output\):\n\n```text\n(.*?)```", re.S)


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.strip().splitlines()]


def test_readme_shows_the_real_output_of_the_seine_example() -> None:
    match = BLOCK.search((ROOT / "README.md").read_text())
    assert match, "README.md lost the seine-2024 example"
    result = CliRunner().invoke(app, ["solve", "seine-2024"])
    assert result.exit_code == 0, result.stderr
    assert _lines(match.group(1)) == _lines(result.stdout)
