"""Write incidents.csv: 300 attacks on q.yaml's three sites by a known SUQR attacker.

The attacker's true weights are coverage -7, reward 0.5, penalty 0.3; the
coverage in force each time is random (seeded), so `entente fit` can be
checked against the truth. Run: .venv/bin/python examples/make_incidents.py
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from entente.evaluate import attack_distribution
from entente.scenario import load_game

HERE = Path(__file__).resolve().parent
TRUTH = "behaviour: {model: suqr, weights: {coverage: -7.0, reward: 0.5, penalty: 0.3}}\n"


def main(rows: int = 300, seed: int = 2024) -> None:
    scenario = (
        (HERE / "q.yaml").read_text().replace("behaviour: {model: quantal, lambda: 0.8}\n", TRUTH)
    )
    truth = HERE / ".truth.yaml"
    truth.write_text(scenario)
    try:
        _, game = load_game(str(truth))
    finally:
        truth.unlink()
    rng = np.random.default_rng(seed)
    lines = ["attacked," + ",".join(game.target_ids)]
    for _ in range(rows):
        coverage = np.minimum(rng.dirichlet(np.ones(game.n_targets)) * 1.5, 1.0)
        hit = rng.choice(game.n_targets, p=attack_distribution(game, 0, coverage))
        lines.append(game.target_ids[hit] + "," + ",".join(f"{c:.3f}" for c in coverage))
    (HERE / "incidents.csv").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
