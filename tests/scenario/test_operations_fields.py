"""The optional scenario fields rosters, simulations and budgets read."""

from __future__ import annotations

import pytest

from entente import ScenarioError
from entente.scenario import parse_scenario

BASE = """
targets:
  - {id: a, defender: {covered: 0, uncovered: -1}, attacker: {covered: -1, uncovered: 1}}
resources:
  - {id: team, count: 1%s}
%s
"""


def test_fields_are_optional_and_accepted() -> None:
    scenario = parse_scenario(
        BASE % (", cost: 12.5", "timezone: Europe/London\nattacks_per_period: 2.5")
    )
    assert scenario.document["timezone"] == "Europe/London"
    assert scenario.document["attacks_per_period"] == 2.5
    assert scenario.document["resources"][0]["cost"] == 12.5
    assert "timezone" not in parse_scenario(BASE % ("", "")).document


@pytest.mark.parametrize(
    ("resource", "extra", "field", "message"),
    [
        (", cost: 0", "", "resources[0].cost", "must be > 0"),
        (", cost: -3", "", "resources[0].cost", "must be > 0"),
        ("", "timezone: Europe/Atlantis", "timezone", "unknown time zone"),
        ("", "attacks_per_period: -1", "attacks_per_period", "must be >= 0"),
    ],
)
def test_bad_values_name_the_field(resource: str, extra: str, field: str, message: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(BASE % (resource, extra), source="s.yaml")
    text = str(caught.value)
    assert f"s.yaml: {field}" in text
    assert message in text
