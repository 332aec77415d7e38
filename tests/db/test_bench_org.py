"""The generated org of bench/org.py is one the planner and the relay handle like any other: its first
pass queues what is due, the due pairs' prep reminders go out at once, and the next pass is idle."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from bench.org import NOW, generate
from bot.db import SessionFactory
from bot.domain.schedule import plan
from bot.models import Delivery, DeliveryKind, DeliveryState
from bot.scheduling.relay import Relay
from tests.support.fake_slack import FakeSlack


def test_a_generated_org_plans_and_relays_exactly_its_due_reminders(
    sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack
) -> None:
    org = generate(sessions, people=40, due=4)
    for n in range(org.people):
        fake_slack.add_user(f"U{n:07d}", tz="UTC")

    with sessions.begin() as session:
        first = plan(session, now=NOW).queued
    with sessions.begin() as session:
        idle = plan(session, now=NOW + timedelta(minutes=1)).queued
    report = relay.run_once(NOW)

    assert first > org.due  # everyone's next prep reminder and brief within the horizon, not only the due ones
    assert idle == 0
    assert report.sent == org.due
    with sessions.begin() as session:
        sent = select(Delivery.kind, func.count()).where(Delivery.state == DeliveryState.SENT).group_by(Delivery.kind)
        assert session.execute(sent).all() == [(DeliveryKind.PREP_REMINDER, org.due)]
