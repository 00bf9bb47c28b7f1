"""Output paths checked before any work starts, and formats read from their suffixes.

A solve of minutes that fails at the end on ``-o /nonexistent/x.json`` wastes
the minutes: every command checks its outputs first (the folder exists and a
file can be created in it, which is what the atomic write needs) and refuses
a file name whose suffix says another format than the one it would write.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from entente._exceptions import InputError

__all__ = ["check_folder", "check_output", "output_format"]

# suffixes that name a file format: a name ending in one of these that the
# command does not write is a mistake (``-o r.xlsx`` is not a CSV file)
_FORMAT_SUFFIXES = frozenset(
    {
        *("csv", "tsv", "json", "ics", "xlsx", "xls", "ods", "html", "htm"),
        *("pdf", "png", "svg", "jpg", "jpeg", "yaml", "yml", "xml"),
    }
)


def _suffix(path: Path) -> str:
    return path.suffix.lower().lstrip(".")


def _probe(folder: Path, option: str, path: Path) -> None:
    """InputError unless a file can be created in ``folder`` (then removed)."""
    if not folder.exists():
        raise InputError(f"{option} {path}: the folder {folder} does not exist")
    if not folder.is_dir():
        raise InputError(f"{option} {path}: {folder} is not a folder")
    try:
        handle, probe = tempfile.mkstemp(dir=folder, prefix=".entente-probe-")
    except OSError as error:
        raise InputError(
            f"{option} {path}: cannot write in {folder} ({error.strerror or error})"
        ) from None
    os.close(handle)
    os.unlink(probe)


def check_output(path: Path | None, option: str, formats: Sequence[str] = ()) -> None:
    """InputError now if ``path`` cannot be written, or its suffix names another format.

    ``formats`` are the suffixes that fit what will be written (the first one
    names the format in messages); a suffix outside the known format suffixes
    (or none) is accepted.
    """
    if path is None:
        return
    if path.exists() and path.is_dir():
        raise InputError(f"{option} {path}: is a folder; give a file name")
    suffix = _suffix(path)
    if formats and suffix in _FORMAT_SUFFIXES and suffix not in formats:
        wanted = " or ".join(f".{f}" for f in formats)
        raise InputError(
            f"{option} {path}: this writes {formats[0].upper()}, not .{suffix}; "
            f"use a {wanted} file name"
        )
    if path.exists() and not path.is_file():  # a device or a pipe (/dev/null)
        if not os.access(path, os.W_OK):
            raise InputError(f"{option} {path}: cannot be written")
        return
    _probe(path.parent if str(path.parent) else Path("."), option, path)


def check_folder(folder: Path, option: str) -> None:
    """InputError now unless ``folder`` exists (or can be made) and files can be written in it."""
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{option} {folder}: is a file, not a folder")
    if not folder.exists():
        _probe(folder.parent if str(folder.parent) else Path("."), option, folder)
        folder.mkdir()
    _probe(folder, option, folder)


def output_format(
    chosen: str | None, output: Path | None, formats: Sequence[str], *, default: str
) -> str:
    """The export format: ``-f`` if given, else ``-o``'s suffix, else ``default``.

    A ``-f`` that contradicts the suffix (``-f ics -o x.csv``), or a suffix
    naming a format not written here (``-o r.xlsx``), is an InputError naming both.
    """
    suffix = _suffix(output) if output is not None else ""
    if chosen is not None:
        if suffix in _FORMAT_SUFFIXES and suffix != chosen:
            other = f", or --format {suffix}" if suffix in formats else ""
            raise InputError(
                f"--format {chosen} does not match --output {output} (a .{suffix} name); "
                f"use a .{chosen} name{other}"
            )
        return chosen
    if suffix in formats:
        return suffix
    if suffix in _FORMAT_SUFFIXES:
        kinds = ", ".join(formats)
        raise InputError(
            f"--output {output}: .{suffix} is not a format written here ({kinds}); "
            f"use one of those suffixes, or --format"
        )
    return default
