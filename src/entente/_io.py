"""Writing files so that an interrupted run never leaves half a file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

__all__ = ["write_atomic", "write_atomic_chunks"]


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and a rename."""
    write_atomic_chunks(path, (data,))


def write_atomic_chunks(path: str | Path, chunks: Iterable[bytes | memoryview]) -> None:
    """Write ``chunks`` in turn to a temporary file beside ``path``, then rename it there.

    Nothing appears at ``path`` until every chunk is written and synced; an
    error or an interruption (even between chunks) removes the temporary file.
    """
    target = Path(path)
    if target.exists() and not target.is_file():  # a device or a pipe (/dev/null, /dev/stdout)
        with target.open("wb") as stream:  # renaming over it would replace the device
            for chunk in chunks:
                stream.write(chunk)
        return
    folder = target.parent if str(target.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as error:  # name the file asked for, not the temporary one
        raise OSError(error.errno, error.strerror, str(target)) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            for chunk in chunks:
                stream.write(chunk)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
