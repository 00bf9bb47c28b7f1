"""A reader that stops early (``entente solve ... | head -1``) is not an error."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    "command",
    [
        ["solve", "paris-2024"],
        ["solve", "paris-2024", "--json"],
        ["roster", "paris-2024", "--days", "2000"],
    ],
)
def test_a_closed_pipe_ends_quietly(command: list[str]) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "entente", *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    assert process.stdout.read(1)
    process.stdout.close()  # as `head -c 1` does
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr.decode()
    assert b"Traceback" not in stderr
