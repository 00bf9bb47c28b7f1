"""Evaluation: Monte Carlo simulation of operations, sweeps, the best mix within a budget."""
