"""Replaying signed requests: what a replay may not do (write a row, call Slack, post to a response URL)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.db import SessionFactory
from bot.models import Base
from tests.support.fake_slack import FakeSlack
from tests.support.signed import SignedSlack

# Reads a listener may make before it knows the request is a replay (setup and team look people up before ack).
SLACK_READS = frozenset({"users.info", "auth.test"})


def footprint(sessions: SessionFactory) -> dict[str, list[str]]:
    """Every stored row but the handled-request keys themselves, comparable before and after."""
    with sessions.begin() as session:
        return {
            table.name: sorted(repr(tuple(row)) for row in session.execute(select(table)))
            for table in Base.metadata.sorted_tables
            if table.name != "handled_requests"
        }


def slack_writes(fake_slack: FakeSlack) -> list[tuple[str, dict[str, Any]]]:
    return [(call.method, call.params) for call in fake_slack.calls if call.method not in SLACK_READS]


def assert_replays_change_nothing(
    slack: SignedSlack,
    fake_slack: FakeSlack,
    sessions: SessionFactory,
    *,
    which: int = -1,
    times: int = 2,
    as_retries: bool = False,
) -> None:
    """Send request `which` again `times` times (as Slack's retries, with X-Slack-Retry-Num, if
    `as_retries`): each is answered with a plain 200, and nothing is stored, changed, sent or posted."""
    before = footprint(sessions)
    posted = len(fake_slack.responses)
    fake_slack.clear_calls()
    for attempt in range(1, times + 1):
        response = slack.replay(which, retry_num=attempt if as_retries else None)
        assert response.status == 200
        assert response.body in ("", None)
    assert slack_writes(fake_slack) == []
    assert len(fake_slack.responses) == posted
    assert footprint(sessions) == before
