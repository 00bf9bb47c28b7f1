"""The ``entente`` command's entry point, light enough to catch Ctrl-C from the start.

``import entente`` is lazy and this module imports nothing heavy, so the
SIGINT handling is in place before typer, numpy and HiGHS load (about a
second): a Ctrl-C then ends with "interrupted" and exit 130, never a
traceback (:mod:`entente._interrupt`).
"""

from __future__ import annotations

from entente._interrupt import Interrupted, install, leave_interrupted

__all__ = ["main"]


def main() -> None:
    """Console-script entry point: ``entente ...``, ``python -m entente ...``."""
    try:
        install()
        from entente.cli import app

        app()  # before a command runs, HiGHS's banner is absorbed (entente.cli._help)
    except (Interrupted, KeyboardInterrupt):  # KeyboardInterrupt: before install() took effect
        leave_interrupted()
