"""`/career-prep calendar` replies: the link shown once with how to subscribe, the answers that cannot show
it, and Block Kit limits with the longest base URL a setting allows."""

from __future__ import annotations

import pytest

from bot.slack.blocks.calendar_feed import feed_closed, feed_exists, feed_link, feeds_not_configured
from bot.slack.blocks.common import Message

LINK = "https://career-prep.example.com/calendar/" + "A" * 43 + ".ics"


@pytest.mark.parametrize("replaced", [False, True])
def test_the_link_is_in_the_text_and_the_blocks(replaced: bool) -> None:
    message = feed_link(LINK, replaced=replaced)
    shown = str(message.blocks_json())
    assert LINK in message.text
    assert LINK in shown
    assert "calendar reset" in shown
    assert ("stopped working" in message.text) is replaced


def test_a_very_long_public_url_still_fits() -> None:
    long_link = "https://" + "x" * 2800 + ".example.com/calendar/" + "A" * 43 + ".ics"
    message = feed_link(long_link, replaced=False)
    message.blocks_json()  # raises if a limit is broken
    assert message.as_kwargs()["text"]


@pytest.mark.parametrize(
    "message", [feed_exists(), feed_closed(True), feed_closed(False), feeds_not_configured()], ids=str
)
def test_answers_without_a_link_hold_none(message: Message) -> None:
    assert "/calendar/" not in message.text
    assert message.blocks_json()
