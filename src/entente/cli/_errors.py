"""The CLI's edge: library errors become a message on stderr and an exit code.

Exit codes (DESIGN.md): 0 optimal and verified; 2 bad input; 3 no proven
optimum (time limit, infeasible); 1 internal error.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import typer

from entente._exceptions import CertificateError, InputError, SolverError

__all__ = ["EXIT_BAD_INPUT", "EXIT_INTERNAL", "EXIT_NOT_OPTIMAL", "EXIT_OK", "cli_errors", "fail"]

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_BAD_INPUT = 2
EXIT_NOT_OPTIMAL = 3

P = ParamSpec("P")
R = TypeVar("R")


def fail(message: str, code: int) -> typer.Exit:
    """Print ``message`` on stderr and return the Exit to raise."""
    print(f"error: {message}", file=sys.stderr)
    return typer.Exit(code)


def cli_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn entente's errors into one-paragraph messages and exit codes."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except InputError as error:
            raise fail(str(error), EXIT_BAD_INPUT) from None
        except OSError as error:  # an output path that cannot be written, a full disk
            where = f"{error.filename}: " if error.filename else ""
            raise fail(f"{where}{error.strerror or error}", EXIT_BAD_INPUT) from None
        except CertificateError as error:
            raise fail(f"internal error: {error}", EXIT_INTERNAL) from None
        except SolverError as error:
            raise fail(
                f"internal error: {error}. This is a bug in entente: please report it "
                "with the scenario file.",
                EXIT_INTERNAL,
            ) from None

    return wrapper
