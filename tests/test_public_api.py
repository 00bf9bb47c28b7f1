"""The public API is what ``__all__`` says, and every name in it exists."""

from __future__ import annotations

import doctest
import importlib
import inspect

import pytest

import entente

PACKAGES = [
    "entente",
    "entente.model",
    "entente.scenario",
    "entente.solvers",
    "entente.evaluate",
    "entente.learn",
]


@pytest.mark.parametrize("name", PACKAGES)
def test_all_is_complete_and_sorted(name: str) -> None:
    module = importlib.import_module(name)
    exported = module.__all__
    assert sorted(exported) == sorted(set(exported))
    for symbol in exported:
        assert hasattr(module, symbol), f"{name}.{symbol}"


def test_top_level_exports_every_public_name() -> None:
    # names are imported on first use (PEP 562): the lazy table is the export list
    assert set(entente._SOURCES) == set(entente.__all__)
    for name in entente.__all__:
        getattr(entente, name)
    public = {
        n for n, obj in vars(entente).items() if not n.startswith("_") and not inspect.ismodule(obj)
    }
    assert public == set(entente.__all__)


def test_importing_entente_is_light() -> None:
    """``import entente`` (and the command, before it catches Ctrl-C) loads nothing heavy."""
    import subprocess
    import sys

    code = "import sys, entente._launch; print(sorted({'numpy', 'scipy', 'highspy', 'typer'} & set(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_solvers_load_no_file_format_screen_or_web() -> None:
    """``import entente.solvers`` is the core: no YAML, pydantic, CLI, web or plotting."""
    import subprocess
    import sys

    outside = ["yaml", "pydantic", "typer", "click", "rich", "fastapi", "starlette", "uvicorn"]
    outside += ["sqlalchemy", "matplotlib", "jinja2", "httpx"]
    code = (
        "import sys, entente.solvers; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & set(sys.argv[1:])))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *outside], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


def test_docstring_examples_run() -> None:
    failures, tests = doctest.testmod(entente)
    assert tests > 0
    assert failures == 0


def test_exception_tree() -> None:
    assert issubclass(entente.ScenarioError, entente.InputError)
    assert issubclass(entente.InputError, ValueError)
    assert issubclass(entente.CertificateError, entente.EntenteError)
    assert not issubclass(entente.CertificateError, entente.InputError)
