"""entente: certified Stackelberg security plans.

>>> from entente import make_game, solve
>>> game = make_game(
...     defender_covered=[2, 1], defender_uncovered=[-10, -8],
...     attacker_covered=[-5, -4], attacker_uncovered=[8, 10],
...     resources=1, target_ids=["louvre", "eiffel"])
>>> plan = solve(game)
>>> plan.method, round(plan.defender_utility, 6), plan.verified
('origami', -3.0, True)
"""

from entente._exceptions import (
    CertificateError,
    EntenteError,
    FieldProblem,
    GameError,
    InputError,
    MethodError,
    ScenarioError,
    SolverError,
)
from entente.model import Game, Resource, make_game
from entente.scenario import Scenario, compile_scenario, load_game, load_scenario, parse_scenario
from entente.solvers import (
    METHODS,
    Certificate,
    CombStrategy,
    MixtureStrategy,
    Plan,
    TypeResponse,
    certify,
    choose_method,
    solve,
)

__all__ = [
    "METHODS",
    "Certificate",
    "CertificateError",
    "CombStrategy",
    "EntenteError",
    "FieldProblem",
    "Game",
    "GameError",
    "InputError",
    "MethodError",
    "MixtureStrategy",
    "Plan",
    "Resource",
    "Scenario",
    "ScenarioError",
    "SolverError",
    "TypeResponse",
    "certify",
    "choose_method",
    "compile_scenario",
    "load_game",
    "load_scenario",
    "make_game",
    "parse_scenario",
    "solve",
]
