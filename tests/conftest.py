"""Shared fixtures, and the environment of a pytest-xdist worker made a plain run's."""

from __future__ import annotations

import os

import numpy as np
import pytest


def pytest_configure(config: pytest.Config) -> None:
    """An xdist worker starts with ``COLUMNS=80`` and ``LINES=24`` set; a plain run has
    neither, and the CLI's piped tables wrap at ``COLUMNS`` when it is set."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        for name in ("COLUMNS", "LINES"):
            os.environ.pop(name, None)


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(20261127)
