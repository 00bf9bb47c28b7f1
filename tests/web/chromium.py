"""Debian's Chromium for the browser tests: where it is, how it starts, where screenshots go."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

__all__ = ["ARGS", "ARTIFACTS", "CHROMIUM", "needs_chromium"]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARTIFACTS = Path(os.environ.get("ENTENTE_ARTIFACTS", Path(__file__).parents[2] / "test-artifacts"))

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Debian's chromium is not installed (scripts/install-system-packages.sh)",
)
