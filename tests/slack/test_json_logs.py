"""LOG_FORMAT=json: every line one JSON object carrying the ids of the request, the delivery and the
workspace it is about; in either format no line carries what people typed, DEBUG lines included."""

from __future__ import annotations

import json
import logging

import pytest

from bot.db import SessionFactory
from bot.scheduling.relay import Relay
from tests.conftest import FakeClock
from tests.support import kill_points
from tests.support.fake_slack import FakeSlack
from tests.support.log_lines import written_lines
from tests.support.people import TEAM
from tests.support.prep_flow import add_people, set_up_pair, share
from tests.support.signed import SignedSlack

SECRET = "zebra-crossing sabbatical"


def queue_notice(sessions: SessionFactory, user: str, clock: FakeClock) -> None:
    """A 'manager_declined' notice to `user`, due now (it renders from its payload alone)."""
    kill_points.queue_notices(sessions, clock.now, [user])


@pytest.mark.parametrize("log_format", ["json", "text"])
def test_requests_and_deliveries_log_their_ids_and_never_what_was_typed(
    log_format: str,
    slack: SignedSlack,
    fake_slack: FakeSlack,
    relay: Relay,
    sessions: SessionFactory,
    clock: FakeClock,
) -> None:
    add_people(fake_slack)
    fake_slack.add_user("ULEO", tz="UTC")
    with written_lines(log_format) as stream:
        set_up_pair(slack, fake_slack)
        share(slack, fake_slack, strengths=f"Prep: {SECRET}")  # the agenda goes to Mira after the ack
        queue_notice(sessions, "ULEO", clock)
        relay.run_once(clock.now)  # a delivery outside any request, as a tick sends it
        logging.getLogger("bot.test").info("after the tick")
    lines = stream.getvalue().splitlines()

    assert SECRET in str(fake_slack.messages())  # it did travel to Slack
    assert lines
    assert [line for line in lines if SECRET in line or SECRET.replace(" ", "+") in line] == []
    if log_format == "text":
        assert not any(line.startswith("{") for line in lines)
        return
    records = [json.loads(line) for line in lines]
    assert all({"time", "level", "logger", "message"} <= set(r) for r in records)
    in_requests = [r for r in records if "request_id" in r]
    assert len({r["request_id"] for r in in_requests}) >= 4  # the command, form submissions, the click
    assert all(r["team_id"] == TEAM for r in in_requests)
    sent = [r for r in records if "delivery_id" in r and "chat.postMessage" in str(r["message"])]
    # The agenda sent right after the request carries both ids; the tick's notice only its own.
    assert any("request_id" in r for r in sent)
    assert any("request_id" not in r for r in sent)
    assert all(r["team_id"] == TEAM for r in sent)
    assert set(records[-1]) == {"time", "level", "logger", "message"}  # nothing bound outlives its work
