"""The game as plain, frozen arrays, and the rules it obeys."""

from entente.model.behaviour import Behaviour, Quantal, Rational, Suqr, logit_scores
from entente.model.coverage import CoverageBox, coverage_box
from entente.model.deployment import Deployment, deployment_interdiction, listed_units
from entente.model.game import FloatArray, Game, IntArray, Resource, ResourceKind, make_game
from entente.model.intervals import AttackerBounds
from entente.model.network import Allocation, Checkpoint, Network, allocation_escape
from entente.model.validate import GameProblem, game_problems, validate_game

__all__ = [
    "Allocation",
    "AttackerBounds",
    "Behaviour",
    "Checkpoint",
    "CoverageBox",
    "Deployment",
    "FloatArray",
    "Game",
    "GameProblem",
    "IntArray",
    "Network",
    "Quantal",
    "Rational",
    "Resource",
    "ResourceKind",
    "Suqr",
    "allocation_escape",
    "coverage_box",
    "deployment_interdiction",
    "game_problems",
    "listed_units",
    "logit_scores",
    "make_game",
    "validate_game",
]
