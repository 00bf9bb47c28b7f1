"""Solvers: one module per algorithm, each a function ``game -> Plan``."""

from entente.solvers.brute_force import brute_force
from entente.solvers.certify import Certificate, Check, certify
from entente.solvers.column_generation import column_generation
from entente.solvers.dispatch import METHODS, choose_method, register_method, solve
from entente.solvers.gosaq import gosaq
from entente.solvers.milp import milp
from entente.solvers.multiple_lps import multiple_lps
from entente.solvers.origami import origami
from entente.solvers.pasaq import pasaq
from entente.solvers.plan import CombStrategy, MixtureStrategy, Plan, Strategy, TypeResponse
from entente.solvers.robust import robust

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
    "milp",
    "multiple_lps",
    "origami",
    "pasaq",
    "register_method",
    "robust",
    "solve",
]
