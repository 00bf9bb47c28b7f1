"""``--help`` of every command: flags without a type, FILE not {file}, every option in the
README; ``--version``; piped output is not wrapped.

The commands are read from the typer app itself, so commands and options
added later are checked the same way.
"""

from __future__ import annotations

import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from entente.cli import app

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()


def _commands() -> list[tuple[list[str], Any]]:
    """(path, click command) for every command and sub-command of ``entente``."""
    found: list[tuple[list[str], Any]] = []

    def walk(command: Any, path: list[str]) -> None:
        subcommands = getattr(command, "commands", None)
        if subcommands:
            for name, sub in subcommands.items():
                walk(sub, [*path, name])
        else:
            found.append((path, command))

    walk(typer.main.get_command(app), [])
    return found


COMMANDS = _commands()
IDS = [" ".join(path) for path, _ in COMMANDS]


def test_every_command_is_found() -> None:
    assert {"solve", "roster", "sweep", "budget", "simulate", "demo", "token create"} <= set(IDS)


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_help_shows_no_bool_metavar_and_no_braces(path: list[str], command: Any) -> None:
    done = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "200"})
    assert done.exit_code == 0, done.output
    assert "<bool>" not in done.stdout
    assert not re.search(r"\{[a-z_]+\}", done.stdout), done.stdout
    usage = next(line for line in done.stdout.splitlines() if "Usage:" in line)
    for param in command.params:
        if param.param_type_name == "argument":
            shown = param.name.upper() if param.required else f"[{param.name.upper()}]"
            assert shown in usage


def _sections() -> list[str]:
    """The README cut at its headings."""
    return re.split(r"\n(?=#{1,4} )", README)


def _mentions(text: str, option: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", text) is not None


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_every_option_is_in_the_readme(path: list[str], command: Any) -> None:
    """Each option (long or short form) appears in a README section that shows the command."""
    name = "entente " + " ".join(path)
    sections = [s for s in _sections() if _mentions(s, name)]
    assert sections, f"README.md never shows `{name}`"
    missing = [
        param.opts[0]
        for param in command.params
        if param.param_type_name == "option"
        and not any(_mentions(s, o) for s in sections for o in param.opts)
    ]
    assert not missing, f"`{name}` options missing from its README sections: {missing}"


def test_version() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "entente", "--version"], capture_output=True, text=True, check=True
    )
    assert done.stdout == f"entente {metadata.version('entente')}\n"


def test_piped_output_is_not_wrapped() -> None:
    done = CliRunner().invoke(
        app, ["solve", "examples/interval-demo.yaml", "--method", "robust"], env={"COLUMNS": None}
    )
    assert done.exit_code == 0, done.stderr
    price = [line for line in done.stdout.splitlines() if "price of robustness" in line]
    assert len(price) == 1
    assert price[0].endswith("in the worst case -4.639 against -5.535")  # one line, > 80 wide
    assert len(price[0]) > 120


def test_columns_still_sets_the_width() -> None:
    done = CliRunner().invoke(
        app, ["solve", "examples/interval-demo.yaml", "--method", "robust"], env={"COLUMNS": "80"}
    )
    assert max(len(line) for line in done.stdout.splitlines()) <= 80
