"""The README's example sessions print what they show, run from a copy of examples/.

Each ``$ entente ...`` line of a ```text block (on a file from examples/)
is run; every line the README shows under it must be a line of
what the command printed (stdout and stderr together; stderr notes may be
left out of the README). Rich tables are rendered 80 columns wide, as shown.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
TEXT_BLOCK = re.compile(r"```text\n(.*?)```", re.S)


def _sessions() -> list[tuple[str, list[str]]]:
    """(command, lines shown under it) for each ``$ entente`` line on an example file."""
    sessions: list[tuple[str, list[str]]] = []
    for block in TEXT_BLOCK.findall((ROOT / "README.md").read_text()):
        command, shown = None, []
        for line in [*block.splitlines(), "$ end"]:
            if not line.startswith("$ "):
                shown.append(line)
                continue
            if command is not None:
                words = shlex.split(command)
                if len(words) > 1 and (EXAMPLES / _example_file(words)).exists():
                    sessions.append((command, shown))
            entente = line.startswith("$ entente ")
            command = line[len("$ entente ") :].split("#")[0].strip() if entente else None
            shown = []
    return sessions


def _example_file(words: list[str]) -> str:
    """The file a session runs on: its first argument, or its ``--forecast`` file."""
    if "--forecast" in words[:-1]:
        return words[words.index("--forecast") + 1]
    return words[1]


SESSIONS = _sessions()
SLOW = {
    "solve channel-coast --forecast forecast-week.csv -o week-plan.json",
    "budget harbour.yaml --budget 60 --method brute-force --top 2",
    "solve q.yaml -o q-plan.json",
}
"""Sessions over 5 s (marked ``slow``)."""


def test_the_examples_are_shown() -> None:
    shown = {shlex.split(command)[1] for command, _ in SESSIONS}
    assert shown >= {"q.yaml", "incidents.csv", "interval-demo.yaml", "harbour.yaml"}
    forecasts = [c for c, _ in SESSIONS if "--forecast forecast-week.csv" in c]
    assert forecasts == ["solve channel-coast --forecast forecast-week.csv -o week-plan.json"]


@pytest.mark.parametrize(
    ("command", "shown"),
    [
        pytest.param(c, shown, id=c, marks=[pytest.mark.slow] if c in SLOW else [])
        for c, shown in SESSIONS
    ],
)
def test_readme_session_prints_what_it_shows(
    tmp_path: Path, command: str, shown: list[str]
) -> None:
    shutil.copytree(EXAMPLES, tmp_path, dirs_exist_ok=True)
    done = subprocess.run(
        [sys.executable, "-m", "entente", *shlex.split(command)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "80"},
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    printed = {line.rstrip() for line in (done.stdout + done.stderr).splitlines()}
    missing = [line for line in shown if line.strip() and line.rstrip() not in printed]
    assert not missing, f"README lines not printed by `entente {command}`:\n" + "\n".join(missing)
