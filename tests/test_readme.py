"""The README shows what the code prints (refresh with scripts/update_readme.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import update_readme  # noqa: E402


@pytest.mark.slow
def test_readme_shows_real_demo_output() -> None:
    text = (ROOT / "README.md").read_text()
    match = update_readme.BLOCK.search(text)
    assert match, "README.md lost its demo block"
    assert match.group(2) == update_readme.demo_output(), "run scripts/update_readme.py"


def test_readme_shows_the_two_commands() -> None:
    text = (ROOT / "README.md").read_text()
    first_screen = "\n".join(text.splitlines()[:40])
    assert "make demo" in first_screen
    assert "make test" in first_screen
