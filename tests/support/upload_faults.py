"""Faults around an invite's file upload, in-process: a relay killed between posting the invite's DM and
uploading its .ics, after Slack shared the file but before the reply, or before the send is recorded;
plus the invites to send and what Slack ended up holding."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from slack_sdk import WebClient
from sqlalchemy import select, update

from bot.db import SessionFactory
from bot.domain.calendar_invites import SETTLE
from bot.models import Delivery, DeliveryKind, DeliveryState
from tests.support.fake_slack import FakeSlack
from tests.support.kill_points import Killed, KillingSessions
from tests.support.pairs import planned_conversation


class UploadKillPoint(StrEnum):
    BEFORE_UPLOAD = "after the invite's DM was posted, before its file is shared"
    BEFORE_UPLOAD_REPLY = "after Slack shared the file, before its reply is read"
    BEFORE_RECORD = "after the file is shared, before the send is recorded"


class KillingUploadClient(WebClient):
    """A Slack client whose process dies at `point` during its `nth` file upload (1 = the first)."""

    def __init__(self, sessions: KillingSessions, point: UploadKillPoint, *, nth: int = 1, **kwargs: Any) -> None:
        super().__init__(retry_handlers=[], **kwargs)
        self._sessions, self._point, self._nth = sessions, point, nth
        self.uploads = 0

    def files_completeUploadExternal(self, **kwargs: Any) -> Any:
        self.uploads += 1
        here = self.uploads == self._nth
        if here and self._point is UploadKillPoint.BEFORE_UPLOAD:
            raise Killed(self._point.value)
        response = super().files_completeUploadExternal(**kwargs)
        if here and self._point is UploadKillPoint.BEFORE_UPLOAD_REPLY:
            raise Killed(self._point.value)
        if here and self._point is UploadKillPoint.BEFORE_RECORD:
            self._sessions.armed = True
        return response


def queue_invites(sessions: SessionFactory, now: datetime) -> tuple[list[int], datetime]:
    """Ana and Mira's new series: its two invites, one each (the other messages of the setup are dropped).
    Returns their ids and when they are due."""
    with sessions.begin() as session:
        planned_conversation(session, now)
        session.execute(
            update(Delivery)
            .where(Delivery.kind != DeliveryKind.CALENDAR_INVITE)
            .values(state=DeliveryState.CANCELLED, last_error="not what this test is about")
        )
        invites = session.scalars(
            select(Delivery).where(Delivery.kind == DeliveryKind.CALENDAR_INVITE).order_by(Delivery.id)
        ).all()
        newest = {invite.recipient_id: invite for invite in invites}  # Ana's setup invite, superseded at Mira's yes
        for invite in invites:
            if newest[invite.recipient_id] is not invite:
                invite.state, invite.last_error = DeliveryState.CANCELLED, "superseded"
        ids = sorted(invite.id for invite in newest.values())
    return ids, now + SETTLE + timedelta(minutes=1)


def files_per_thread(fake_slack: FakeSlack) -> dict[str, int]:
    """How many .ics files each invite's thread holds, by the invite's delivery id."""
    counts: dict[str, int] = {}
    by_thread = {
        (m["channel"], m["ts"]): str(m["metadata"]["event_payload"]["delivery_id"])
        for m in fake_slack.messages()
        if isinstance(m.get("metadata"), dict)
    }
    for file in fake_slack.files:
        delivery = by_thread.get((file["channel_id"], file["thread_ts"]))
        assert delivery is not None, "a file outside any invite's thread"
        counts[delivery] = counts.get(delivery, 0) + 1
    return counts
