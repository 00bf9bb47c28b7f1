"""Shared fixtures, and the environment of a pytest-xdist worker made a plain run's."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np
import pytest


def pytest_configure(config: pytest.Config) -> None:
    """An xdist worker starts with ``COLUMNS=80`` and ``LINES=24`` set; a plain run has
    neither, and the CLI's piped tables wrap at ``COLUMNS`` when it is set."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        for name in ("COLUMNS", "LINES"):
            os.environ.pop(name, None)
    _temporary_files_in_memory()


def _temporary_files_in_memory() -> None:
    """Keep the tests' temporary files (``tmp_path``, servers' databases) on tmpfs.

    The service's SQLite databases commit with ``synchronous=FULL``: an fsync
    costs about 6 ms on this machine's disk and microseconds on ``/dev/shm``.
    Killing a server with ``kill -9`` loses nothing either way (the durability
    tests stay meaningful); only power loss would. A ``TMPDIR`` already set is kept;
    xdist workers inherit the controller's.
    """
    memory = Path("/dev/shm")
    if "TMPDIR" in os.environ or not (memory.is_dir() and os.access(memory, os.W_OK)):
        return
    os.environ["TMPDIR"] = str(memory)
    tempfile.tempdir = None  # gettempdir() reads TMPDIR again


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Files with the most ``slow`` tests run first, the rest in their usual order.

    ``make test`` hands whole files to two xdist workers in collection order;
    a long file handed out last is run by one worker while the other idles
    (the service's kill -9 and fuzzing files ended the run alone for about
    three minutes). Longest first, the end of the run is made of short files.
    """
    slow: dict[Path, int] = {}
    for item in items:
        if item.get_closest_marker("slow") is not None:
            slow[item.path] = slow.get(item.path, 0) + 1
    items.sort(key=lambda item: -slow.get(item.path, 0))  # stable: order within a file kept


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(20261127)
