"""The ``entente`` command line: a thin adapter over the library.

This module stays light: :func:`main` installs the Ctrl-C handling before
anything heavy (typer, numpy, HiGHS) is imported, so that an interrupt in
the first second ends with "interrupted" and exit 130, not a traceback.
"""

from __future__ import annotations

import typing

from entente.cli._interrupt import Interrupted, install, leave_interrupted

if typing.TYPE_CHECKING:
    from entente.cli._app import app

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point."""
    try:
        install()
        from entente.cli._app import app

        app()
    except (Interrupted, KeyboardInterrupt):  # KeyboardInterrupt: before install() took effect
        leave_interrupted()


def __getattr__(name: str) -> typing.Any:
    if name == "app":
        from entente.cli._app import app

        return app
    raise AttributeError(f"module 'entente.cli' has no attribute {name!r}")
