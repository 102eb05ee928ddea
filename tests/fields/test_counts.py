"""Field stage: counts as pages print them."""

from __future__ import annotations

import pytest

from paperparse._fields.counts import parse_count


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("94", 94),
        ("0", 0),
        ("1,056", 1056),
        ("11.3k", 11300),
        ("2k", 2000),
        ("1.2M", 1_200_000),
        ("-", None),
        ("1,05", None),
        ("3.5", None),
        ("abc", None),
        ("", None),
    ],
)
def test_parse_count(text: str, expected: int | None) -> None:
    assert parse_count(text) == expected


def test_dash_is_zero_only_when_asked() -> None:
    assert parse_count("-", dash_is_zero=True) == 0
    assert parse_count("\u2014", dash_is_zero=True) == 0
