"""Solvers: one family a subpackage, each method a function ``game -> Plan``.

- :mod:`~entente.solvers.classic`: ORIGAMI, multiple LPs, brute force;
- :mod:`~entente.solvers.bayesian`: the DOBSS/ERASER MILP (big-M, perspective,
  branch-and-cut with hull cuts, its ``hunter`` form for many types);
- :mod:`~entente.solvers.schedules`: column generation over joint deployments (ASPEN);
- :mod:`~entente.solvers.behaviour`: GOSAQ and PASAQ against quantal and SUQR types;
- :mod:`~entente.solvers.robust`: maximin plans against interval payoffs;
- :mod:`~entente.solvers.network`: checkpoint games (double oracle);
- :mod:`~entente.solvers.certify`: the independent certificate;
- :mod:`~entente.solvers.lp`: the one way to HiGHS.

:func:`solve` (:mod:`~entente.solvers.dispatch`) picks a method and certifies its plan.
"""

from entente.solvers.bayesian import milp
from entente.solvers.behaviour import gosaq, pasaq
from entente.solvers.certify import Certificate, Check, certify
from entente.solvers.classic import brute_force, multiple_lps, origami
from entente.solvers.dispatch import (
    METHODS,
    choose_method,
    method_options,
    register_method,
    solve,
)
from entente.solvers.plan import CombStrategy, MixtureStrategy, Plan, Strategy, TypeResponse
from entente.solvers.robust import robust
from entente.solvers.schedules import column_generation

__all__ = [
    "METHODS",
    "Certificate",
    "Check",
    "CombStrategy",
    "MixtureStrategy",
    "Plan",
    "Strategy",
    "TypeResponse",
    "brute_force",
    "certify",
    "choose_method",
    "column_generation",
    "gosaq",
    "method_options",
    "milp",
    "multiple_lps",
    "origami",
    "pasaq",
    "register_method",
    "robust",
    "solve",
]
