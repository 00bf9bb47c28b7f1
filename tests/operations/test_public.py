"""The operations and evaluation packages export what their ``__all__`` says."""

from __future__ import annotations

import importlib

import pytest


@pytest.mark.parametrize("name", ["entente.operations"])
def test_all_is_complete_and_sorted(name: str) -> None:
    module = importlib.import_module(name)
    assert sorted(module.__all__) == sorted(set(module.__all__))
    for symbol in module.__all__:
        assert hasattr(module, symbol), f"{name}.{symbol}"


@pytest.mark.parametrize("name", ["entente.operations.roster"])
def test_docstring_examples_run(name: str) -> None:
    import doctest

    failures, tests = doctest.testmod(importlib.import_module(name))
    assert tests > 0
    assert failures == 0
