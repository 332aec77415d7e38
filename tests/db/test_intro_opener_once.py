"""The group DM of an accepted intro is opened and its opener posted exactly once, whatever point of the
send the relay dies at (after the group DM was opened, after the post, before it was recorded)."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from bot.config import Settings
from bot.db import SessionFactory
from bot.domain.intro_answers import accept_intro
from bot.domain.intros import request_intro
from bot.models import Delivery, DeliveryKind, DeliveryState, Intro
from bot.scheduling.leases import LEASE
from bot.scheduling.relay import Relay
from bot.slack.client import relay_client
from tests.conftest import FakeClock
from tests.support.fake_slack import FakeSlack
from tests.support.fake_slack_history import follow_clock
from tests.support.intro_world import world
from tests.support.kill_points import Killed, KillingClient, KillingSessions, KillPoint
from tests.support.people import TEAM


@pytest.fixture
def opener_due(sessions: SessionFactory, fake_slack: FakeSlack, clock: FakeClock) -> int:
    """Ana's intro to Leo, accepted: only its opener is left to send (to Ana, in her hours)."""
    follow_clock(fake_slack, fake_slack.faults, clock)
    for user in ("UANA", "ULEO", "UMIRA"):
        fake_slack.add_user(user, real_name=user.title(), tz="UTC")
    with sessions.begin() as session:
        _ana, leo, _mira = world(session, clock.now)
        intro = request_intro(
            session, team_id=TEAM, employee_slack_id="UANA", helper_id=leo.id, kind="mentoring", note="", now=clock.now
        )
        accept_intro(session, team_id=TEAM, intro_id=intro.id, actor_slack_id="ULEO", now=clock.now)
        session.flush()
        session.execute(
            update(Delivery).where(Delivery.kind != DeliveryKind.INTRO_OPENER).values(state=DeliveryState.CANCELLED)
        )
        return intro.id


@pytest.mark.parametrize("point", list(KillPoint), ids=[p.name.lower() for p in KillPoint])
def test_the_opener_is_in_the_group_dm_once_whichever_point_the_relay_dies_at(
    sessions: SessionFactory,
    settings: Settings,
    fake_slack: FakeSlack,
    clock: FakeClock,
    opener_due: int,
    point: KillPoint,
) -> None:
    killing = KillingSessions(sessions)
    token, url = settings.slack_bot_token.get_secret_value(), settings.slack_api_url
    doomed = Relay(killing, KillingClient(killing, point, token=token, base_url=url), owner="doomed", clock=clock)  # type: ignore[arg-type]
    with pytest.raises(Killed):
        doomed.run_once(clock.now)

    restarted = Relay(sessions, relay_client(settings), owner="restarted", clock=clock)
    restarted.run_once(clock.advance(minutes=LEASE.seconds // 60 + 1))
    restarted.run_once(clock.advance(minutes=5))

    with sessions.begin() as session:
        intro = session.get(Intro, opener_due)
        assert intro is not None
        channel = intro.group_channel_id
        opener = session.scalars(select(Delivery).where(Delivery.kind == DeliveryKind.INTRO_OPENER)).one()
        assert opener.state is DeliveryState.SENT
    assert channel is not None
    assert len(fake_slack.messages(channel=channel)) == 1
    opened = {str(c.params.get("users")) for c in fake_slack.calls_to("conversations.open")}
    assert opened <= {"UANA,ULEO"}
