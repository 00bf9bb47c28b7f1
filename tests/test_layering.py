"""The source tree keeps ``layers.toml``; the checker finds each kind of breach on a small tree."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tests.layering import ROOT, Rules, check

RULES = """
[units."pkg.low"]
may_import = []

[units."pkg.mid"]
may_import = ["pkg.low"]

[units."pkg.top"]
may_import = ["pkg.low", "pkg.mid"]

[[never]]
units = ["pkg.low", "pkg.mid"]
modules = ["yaml", "pkg.top"]

[[only]]
module = "highspy"
units = ["pkg.low"]
"""


def _tree(tmp_path: Path, files: dict[str, str]) -> tuple[Path, Rules]:
    src = tmp_path / "src"
    for name, text in files.items():
        path = src / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    rules_file = tmp_path / "layers.toml"
    rules_file.write_text(RULES)
    return src, Rules.read(rules_file)


CLEAN = {
    "pkg/__init__.py": "",
    "pkg/low/__init__.py": "from pkg.low.core import value\n",
    "pkg/low/core.py": "import highspy\nvalue = 1\n",
    "pkg/low/_hidden.py": "x = 2\n",
    "pkg/mid/__init__.py": "from pkg.low import value\nfrom . import _own\n",
    "pkg/mid/_own.py": "y = 3\n",
    "pkg/top/__init__.py": "import pkg.mid\nfrom pkg.low import core\n",
}


def test_the_source_tree_keeps_the_rules() -> None:
    problems = check(ROOT / "src", Rules.read(ROOT / "layers.toml"))
    assert problems == []


def test_a_clean_tree_passes(tmp_path: Path) -> None:
    src, rules = _tree(tmp_path, CLEAN)
    assert check(src, rules) == []


def test_a_function_level_import_makes_a_cycle(tmp_path: Path) -> None:
    files = dict(CLEAN)
    files["pkg/low/core.py"] = "value = 1\n\ndef late():\n    from pkg.mid import _own\n"
    src, rules = _tree(tmp_path, files)
    assert check(src, rules) == [
        "cycle: pkg.low <-> pkg.mid",
        "direction: pkg.low.core:4 (pkg.low) imports pkg.mid._own (pkg.mid)",
        "private: pkg.low.core:4 imports pkg.mid._own, private to pkg.mid",
    ]


def test_type_checking_imports_make_no_cycle_but_break_nevers(tmp_path: Path) -> None:
    files = dict(CLEAN)
    files["pkg/low/core.py"] = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from pkg.mid import y\n"
        "    import yaml\n"
        "value = 1\n"
    )
    src, rules = _tree(tmp_path, files)
    assert check(src, rules) == ["never: pkg.low.core:4 (pkg.low) imports yaml"]


def test_forbidden_direction_never_only_and_private(tmp_path: Path) -> None:
    files = dict(CLEAN)
    files["pkg/mid/bad.py"] = """
        import highspy
        import yaml.loader
        from pkg.low._hidden import x
        from pkg.top import anything
    """
    src, rules = _tree(tmp_path, files)
    assert check(src, rules) == [
        "cycle: pkg.mid <-> pkg.top",
        "direction: pkg.mid.bad:5 (pkg.mid) imports pkg.top (pkg.top)",
        "never: pkg.mid.bad:3 (pkg.mid) imports yaml.loader",
        "never: pkg.mid.bad:5 (pkg.mid) imports pkg.top",
        "only: pkg.mid.bad:2 imports highspy, allowed only in ['pkg.low']",
        "private: pkg.mid.bad:4 imports pkg.low._hidden, private to pkg.low",
    ]


def test_relative_imports_resolve(tmp_path: Path) -> None:
    files = dict(CLEAN)
    files["pkg/low/rel.py"] = "from ..top import thing\nfrom . import _hidden\n"
    src, rules = _tree(tmp_path, files)
    assert check(src, rules) == [
        "cycle: pkg.low <-> pkg.mid <-> pkg.top",
        "direction: pkg.low.rel:1 (pkg.low) imports pkg.top (pkg.top)",
        "never: pkg.low.rel:1 (pkg.low) imports pkg.top",
    ]


def test_todays_main_breaks_the_rules_the_issue_names(tmp_path: Path) -> None:
    """On the tree before the reorganisation (solvers/_outcome_plan.py importing
    evaluate.outcome, evaluate/parallel.py importing solvers._highs) the checker
    reports the cycle and the private import."""
    files = {
        "entente/__init__.py": "",
        "entente/_exceptions.py": "",
        "entente/model/__init__.py": "",
        "entente/solvers/__init__.py": "",
        "entente/solvers/_highs.py": "import highspy\n",
        "entente/solvers/_outcome_plan.py": "from entente.evaluate.outcome import outcome\n",
        "entente/evaluate/__init__.py": "",
        "entente/evaluate/outcome.py": "from entente.model import Game\n",
        "entente/evaluate/parallel.py": (
            "from entente.solvers import solve\n"
            "def pin():\n    from entente.solvers._highs import pin_threads\n"
        ),
    }
    src, _ = _tree(tmp_path, files)
    problems = check(src, Rules.read(ROOT / "layers.toml"))
    assert "cycle: entente.evaluate <-> entente.solvers" in problems
    assert (
        "private: entente.evaluate.parallel:3 imports entente.solvers._highs, "
        "private to entente.solvers"
    ) in problems


def test_rules_naming_an_unknown_unit_are_refused(tmp_path: Path) -> None:
    rules = tmp_path / "layers.toml"
    rules.write_text('[units."a"]\nmay_import = ["b"]\n')
    with pytest.raises(ValueError, match="unknown units"):
        Rules.read(rules)
