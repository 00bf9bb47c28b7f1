"""The value lists of ``entente sweep``: ranges, steps, lists, and errors naming the option."""

from __future__ import annotations

import pytest

from entente import InputError
from entente.evaluate.value_lists import count_values, parse_values


@pytest.mark.parametrize(
    ("text", "integer", "expected"),
    [
        ("0..4", True, [0, 1, 2, 3, 4]),
        ("0..12:4", True, [0, 4, 8, 12]),
        ("1,2,5", True, [1, 2, 5]),
        ("0..2,8", True, [0, 1, 2, 8]),
        ("40..60:10", False, [40.0, 50.0, 60.0]),
        ("0.5..1.0:0.25", False, [0.5, 0.75, 1.0]),
        ("-3,2.5", False, [-3.0, 2.5]),
    ],
)
def test_parse_values(text: str, integer: bool, expected: list[float]) -> None:
    assert parse_values("--counts", text, integer=integer) == pytest.approx(expected)
    assert count_values("--counts", text, integer=integer) == len(expected)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "empty item in ''"),
        ("1,,2", "empty item in '1,,2'"),
        ("a..3", "'a' is not an integer"),
        ("5..1", "'5..1': need low <= high and a positive step"),
        ("0..4:0", "'0..4:0': need low <= high and a positive step"),
        ("1.5", "'1.5' is not an integer"),
    ],
)
def test_errors_name_the_option_and_the_item(text: str, problem: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_values("--counts", text, integer=True)
    assert str(caught.value) == f"--counts: {problem}"


def test_huge_ranges_are_counted_without_being_made() -> None:
    assert count_values("--values", "0..1000000000000", integer=True) == 10**12 + 1
