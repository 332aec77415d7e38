"""The words after `hours` and `pause`, read without Slack or a database."""

from __future__ import annotations

import pytest

from bot.domain.errors import InvalidInput
from bot.slack.time_args import parse_window


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("08:00-16:30", (480, 990)),
        ("8-17", (480, 1020)),
        (" 07:15 - 15:45 ", (435, 945)),
        ("default", None),
        ("RESET", None),
        ("0-24", (0, 1440)),
    ],
)
def test_a_window_is_read_as_minutes_of_the_day(text: str, expected: tuple[int, int] | None) -> None:
    assert parse_window(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("after lunch", "Write your hours like"),
        ("8:60-17", "aren't times of day"),
        ("8-25", "aren't times of day"),
    ],
)
def test_anything_else_is_refused_with_how_to_write_it(text: str, message: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_window(text)

    assert message in refused.value.errors["hours"]
