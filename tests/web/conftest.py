"""One headless Chromium per test module (Playwright driving Debian's build)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.web.chromium import ARGS, CHROMIUM


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()
