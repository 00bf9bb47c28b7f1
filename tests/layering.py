"""Check a source tree's imports against ``layers.toml``: directions, cycles, nevers, privacy.

Reads every ``*.py`` under a source root with :mod:`ast` (nothing is
imported or run) and reports, one line each:

- **direction**: unit ``A`` imports unit ``B`` that ``A``'s ``may_import`` does
  not list;
- **cycle**: units that import each other, directly or round a loop (a
  package and the units inside it are one unit for this check: a package's
  ``__init__`` re-exporting its subpackages is not a cycle);
- **never**: a unit imports a module its group must never know;
- **only**: a module imported outside the units allowed to use it;
- **private**: ``P._m`` imported from outside ``P``.

A *unit* is a name listed under ``[units]``; a module belongs to the longest
listed unit that is a prefix of its dotted name.

What counts: every ``import`` and ``from ... import`` statement anywhere in a
module, including those inside functions (they run when called, so they are
dependencies). Imports under ``if TYPE_CHECKING:`` never run: they count for
``never``, ``only`` and ``private`` (the module still names what it must not
know) but not for directions and cycles (they are how a type is named
without a runtime dependency). ``importlib.import_module`` strings are not
seen. ``from P import name`` counts as importing ``P.name`` when that is a
module of the tree.

Run ``python tests/layering.py [SRC] [RULES]`` to print the findings.
"""

from __future__ import annotations

import ast
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Import", "Rules", "check", "module_imports"]

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Import:
    """``importer`` imports ``target`` at ``line``; ``typing_only`` under TYPE_CHECKING."""

    importer: str
    target: str
    line: int
    typing_only: bool


@dataclass(frozen=True)
class Rules:
    """The parsed rules file."""

    units: dict[str, frozenset[str]]
    nevers: list[tuple[frozenset[str], frozenset[str]]] = field(default_factory=list)
    onlys: list[tuple[str, frozenset[str]]] = field(default_factory=list)

    @classmethod
    def read(cls, path: Path) -> Rules:
        data = tomllib.loads(path.read_text())
        units = {
            name: frozenset(spec.get("may_import", [])) for name, spec in data["units"].items()
        }
        for name, allowed in units.items():
            unknown = allowed - set(units)
            if unknown:
                raise ValueError(
                    f"{path}: units.{name!r} may import unknown units {sorted(unknown)}"
                )
        nevers = [(frozenset(n["units"]), frozenset(n["modules"])) for n in data.get("never", [])]
        onlys = [(o["module"], frozenset(o["units"])) for o in data.get("only", [])]
        return cls(units, nevers, onlys)

    def unit_of(self, module: str) -> str | None:
        """The longest listed unit that contains ``module``."""
        best = None
        for unit in self.units:
            if _within(module, unit) and (best is None or len(unit) > len(best)):
                best = unit
        return best


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _module_name(src: Path, path: Path) -> str:
    parts = list(path.relative_to(src).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _typing_lines(tree: ast.Module) -> set[int]:
    """Line numbers of statements inside ``if TYPE_CHECKING:`` blocks."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.body:
                for sub in ast.walk(child):
                    if hasattr(sub, "lineno"):
                        lines.add(sub.lineno)
    return lines


def _is_type_checking(test: ast.expr) -> bool:
    if isinstance(test, ast.Name):
        return test.id == "TYPE_CHECKING"
    return isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"


def module_imports(src: Path) -> tuple[set[str], list[Import]]:
    """Every module of the tree under ``src`` and every import it makes."""
    files = {_module_name(src, p): p for p in sorted(src.rglob("*.py"))}
    modules = set(files)
    found: list[Import] = []
    for name, path in files.items():
        tree = ast.parse(path.read_text(), filename=str(path))
        typing = _typing_lines(tree)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(tree):
            for target in _targets(node, package, modules):
                found.append(Import(name, target, node.lineno, node.lineno in typing))
    return modules, found


def _targets(node: ast.AST, package: str, modules: set[str]) -> Iterator[str]:
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
    elif isinstance(node, ast.ImportFrom):
        base = node.module or ""
        if node.level:
            parent = package.split(".")[: len(package.split(".")) - node.level + 1]
            base = ".".join(parent + ([base] if base else []))
        for alias in node.names:
            full = f"{base}.{alias.name}"
            yield full if full in modules else base


def _private_owner(target: str) -> str | None:
    """For ``a.b._c.d``, ``a.b`` (only code inside it may import ``_c``); None if public."""
    parts = target.split(".")
    for i, part in enumerate(parts):
        if part.startswith("_") and not part.startswith("__"):
            return ".".join(parts[:i])
    return None


def check(src: Path, rules: Rules) -> list[str]:
    """Every finding for the tree under ``src`` (empty: the tree keeps the rules)."""
    _, imports = module_imports(src)
    problems: list[str] = []
    edges: dict[str, set[str]] = {unit: set() for unit in rules.units}
    for imp in imports:
        here = rules.unit_of(imp.importer)
        there = rules.unit_of(imp.target)
        where = f"{imp.importer}:{imp.line}"
        owner = _private_owner(imp.target)
        if owner is not None and owner and not _within(imp.importer, owner):
            problems.append(f"private: {where} imports {imp.target}, private to {owner}")
        for units, never in rules.nevers:
            if here in units and any(_within(imp.target, n) for n in never):
                problems.append(f"never: {where} ({here}) imports {imp.target}")
        for module, allowed in rules.onlys:
            if _within(imp.target, module) and here not in allowed:
                problems.append(
                    f"only: {where} imports {imp.target}, allowed only in {sorted(allowed)}"
                )
        if here is None and imp.importer.split(".")[0] in {u.split(".")[0] for u in rules.units}:
            problems.append(f"unit: {imp.importer} belongs to no unit of the rules")
        if imp.typing_only or here is None or there is None or here == there:
            continue
        if there not in rules.units[here]:
            problems.append(f"direction: {where} ({here}) imports {imp.target} ({there})")
        if not (_within(here, there) or _within(there, here)):
            edges[here].add(there)
    problems.extend(f"cycle: {' <-> '.join(c)}" for c in _cycles(edges))
    return sorted(set(problems))


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one unit (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return sorted(found)


def main(argv: list[str]) -> int:
    src = Path(argv[0]) if argv else ROOT / "src"
    rules = Rules.read(Path(argv[1]) if len(argv) > 1 else ROOT / "layers.toml")
    problems = check(src, rules)
    print("\n".join(problems) or "layers: no problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
