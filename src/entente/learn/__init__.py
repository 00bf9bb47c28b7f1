"""Learning adversary behaviour from incident data."""

from entente.learn.incidents import Incidents, parse_incidents, read_incidents
from entente.learn.suqr import SuqrFit, fit_suqr, with_behaviour

__all__ = [
    "Incidents",
    "SuqrFit",
    "fit_suqr",
    "parse_incidents",
    "read_incidents",
    "with_behaviour",
]
