"""The one exception hierarchy of entente.

::

    EntenteError                 base of everything entente raises on purpose
     ├── InputError              the user's input is wrong (CLI exit 2, HTTP 4xx)
     │    ├── ScenarioError      a scenario file or document: file, field path, problem
     │    ├── GameError          a model built in code breaks a rule of the game
     │    └── MethodError        the chosen method does not apply to this game
     ├── SolverError             a numerical solver failed in a way it should not
     └── CertificateError        a plan failed its independent check: a bug

A solver that ends without a proven optimum (time limit, infeasible floors)
does not raise: it returns a plan whose ``status`` says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from entente.solvers.certify.certificate import Certificate
    from entente.solvers.plan import Plan

__all__ = [
    "CertificateError",
    "EntenteError",
    "FieldProblem",
    "GameError",
    "InputError",
    "MethodError",
    "ScenarioError",
    "SolverError",
]


class EntenteError(Exception):
    """Base class of every error entente raises on purpose."""


class InputError(EntenteError, ValueError):
    """The input is wrong; the message says what and where."""


@dataclass(frozen=True)
class FieldProblem:
    """One problem at one place: ``path`` as in ``targets[3].attacker.cell.covered``."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class ScenarioError(InputError):
    """A scenario is invalid. ``problems`` lists every field found wrong."""

    def __init__(self, source: str | None, problems: Sequence[FieldProblem]) -> None:
        self.source = source
        self.problems = tuple(problems)
        super().__init__(self._render())

    def _render(self) -> str:
        where = f"{self.source}: " if self.source else ""
        shown = [str(p) for p in self.problems[:20]]
        more = len(self.problems) - len(shown)
        if more > 0:
            shown.append(f"... and {more} more problems")
        if len(shown) == 1:
            return f"{where}{shown[0]}"
        return f"{where}{len(self.problems)} problems:\n  " + "\n  ".join(shown)


class GameError(InputError):
    """A game built in code is invalid. ``problems`` carry array-level paths."""

    def __init__(self, problems: Sequence[FieldProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("invalid game: " + "; ".join(str(p) for p in self.problems[:10]))


class MethodError(InputError):
    """The requested solution method does not apply to the game."""


class SolverError(EntenteError):
    """A numerical solver returned a status that should not happen."""


class CertificateError(EntenteError):
    """A plan failed its independent certificate. This is a bug: please report it."""

    def __init__(self, plan: Plan, certificate: Certificate) -> None:
        self.plan = plan
        self.certificate = certificate
        failed = "; ".join(c.detail for c in certificate.checks if not c.passed)
        super().__init__(
            f"the plan made by {plan.method!r} failed its certificate ({failed}). "
            "This is a bug in entente: please report it with the scenario file."
        )
