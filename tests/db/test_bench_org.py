"""The generated org of bench/org.py is one the planner and the relay handle like any other: its first
pass queues what is due, the due pairs' prep reminders go out at once, and the next pass is idle."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bench.org import NOW, generate
from bot.db import SessionFactory
from bot.domain import plan_report
from bot.domain.plan_report import CHUNK
from bot.domain.schedule import plan
from bot.models import ActionItem, CheckIn, Delivery, DeliveryKind, DeliveryState, OneOnOneSeries
from bot.scheduling.relay import Relay
from tests.support.fake_slack import FakeSlack


@pytest.mark.parametrize("chunk", [CHUNK, 7], ids=["one chunk", "many chunks"])
def test_a_generated_org_plans_and_relays_exactly_its_due_reminders(
    sessions: SessionFactory, relay: Relay, fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    monkeypatch.setattr(plan_report, "CHUNK", chunk)  # a big org's first pass reads its rows chunk by chunk
    org = generate(sessions, people=40, due=4)
    for n in range(org.people):
        fake_slack.add_user(f"U{n:07d}", tz="UTC")

    with sessions.begin() as session:
        first = plan(session, now=NOW).queued
    with sessions.begin() as session:
        for model in (OneOnOneSeries, ActionItem, CheckIn):  # every row was read once, in whatever chunks
            assert session.scalar(select(func.count()).where(model.plan_after <= NOW)) == 0
        idle = plan(session, now=NOW + timedelta(minutes=1)).queued
    report = relay.run_once(NOW)

    assert first > org.due  # everyone's next prep reminder and brief within the horizon, not only the due ones
    assert idle == 0
    assert report.sent == org.due
    with sessions.begin() as session:
        sent = select(Delivery.kind, func.count()).where(Delivery.state == DeliveryState.SENT).group_by(Delivery.kind)
        assert session.execute(sent).all() == [(DeliveryKind.PREP_REMINDER, org.due)]
