"""Where a command's export goes: a file written atomically, or stdout; notes go to stderr."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import typer
from rich.console import Console

from entente._exceptions import InputError
from entente._io import write_atomic_chunks

__all__ = ["UNWRAPPED", "PipeConsole", "emit", "note", "report"]


def note(message: str) -> None:
    """A line for the person at the terminal, never mixed into the export on stdout."""
    print(message, file=sys.stderr)


UNWRAPPED = 100_000
"""The width of a console whose output goes to a file or a pipe: lines are never wrapped."""


class PipeConsole(Console):
    """A rich console that stops quietly (exit 0) when its reader goes away (``| head``),
    as Unix tools and :func:`emit` do; rich's own default exits 1, an internal error here.

    Piped or redirected, it does not wrap (rich would fold at 80 columns, in the
    middle of a target's name) unless ``COLUMNS`` asks for a width.
    """

    def __init__(self, **options: Any) -> None:
        piped = not (sys.stdout.isatty() or os.environ.get("COLUMNS"))
        if piped and "width" not in options:
            options["width"] = UNWRAPPED
        super().__init__(**options)

    def on_broken_pipe(self) -> None:
        self.quiet = True
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise typer.Exit(0)


def emit(chunks: Iterable[bytes | memoryview], output: Path | None) -> None:
    """Write ``chunks`` atomically to ``output``, or to stdout when it is None."""
    if output is None:
        try:
            for chunk in chunks:
                sys.stdout.buffer.write(chunk)
            sys.stdout.flush()
        except BrokenPipeError:
            # the reader went away (``| head``): stop quietly, as Unix tools do
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(0) from None
        return
    try:
        write_atomic_chunks(output, chunks)
    except OSError as error:
        raise InputError(f"cannot write {output}: {error.strerror or error}") from None


def report(
    document: dict[str, Any],
    render: Callable[[Console], None],
    *,
    as_json: bool,
    output: Path | None,
) -> None:
    """The JSON document to ``output`` if given; to stdout with ``--json``, else a table."""
    from entente.planfile import dumps

    data = dumps(document, indent=True) + b"\n"
    if output is not None:
        emit((data,), output)
    if as_json:
        emit((data,), None)
    else:
        render(PipeConsole())
