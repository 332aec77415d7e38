"""A relay process killed outright (`kill -9`) at a chosen point of a send, in-process: `Killed` is not an
`Exception`, so nothing in the relay catches it, and the row is left exactly as the dead process left it
(claimed, with its lease running). Plus a few notices to send and a way to count what Slack received."""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import datetime
from enum import StrEnum
from typing import Any

from slack_sdk import WebClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db import SessionFactory
from bot.models import Delivery, DeliveryState
from tests.support import notices
from tests.support.people import TEAM


class Killed(BaseException):
    """The process died here."""


class KillPoint(StrEnum):
    BEFORE_ATTEMPT = "before the attempt is recorded"  # while the DM is being opened
    BEFORE_POST = "after the attempt is recorded, before the post"
    BEFORE_REPLY = "after Slack accepted the post, before its reply is read"
    BEFORE_RECORD = "after the reply, before the message is recorded as sent"


class KillingSessions:
    """Sessions that kill the process when a transaction starts, once `armed`."""

    def __init__(self, sessions: SessionFactory) -> None:
        self._sessions = sessions
        self.armed = False

    def begin(self) -> AbstractContextManager[Session]:
        if self.armed:
            self.armed = False
            raise Killed("killed while recording the send")
        return self._sessions.begin()

    def __call__(self) -> Session:
        return self._sessions()


class KillingClient(WebClient):
    """A Slack client whose process dies at `point` during its `nth` post (1 = the first)."""

    def __init__(self, sessions: KillingSessions, point: KillPoint, *, nth: int = 1, **kwargs: Any) -> None:
        super().__init__(retry_handlers=[], **kwargs)
        self._sessions, self._point, self._nth = sessions, point, nth
        self.posts = 0

    def conversations_open(self, **kwargs: Any) -> Any:
        if self._point is KillPoint.BEFORE_ATTEMPT and self.posts + 1 == self._nth:
            raise Killed(self._point.value)
        return super().conversations_open(**kwargs)

    def chat_postMessage(self, **kwargs: Any) -> Any:
        self.posts += 1
        here = self.posts == self._nth
        if here and self._point is KillPoint.BEFORE_POST:
            raise Killed(self._point.value)
        response = super().chat_postMessage(**kwargs)
        if here and self._point is KillPoint.BEFORE_REPLY:
            raise Killed(self._point.value)
        if here and self._point is KillPoint.BEFORE_RECORD:
            self._sessions.armed = True
        return response


def queue_notices(sessions: SessionFactory, now: datetime, users: list[str]) -> list[int]:
    """One 'manager_declined' notice (it renders from its payload alone) for each user, due `now`."""
    with sessions.begin() as session:
        return notices.queue_notices(session, team_id=TEAM, users=users, per_person=1, due_at=now, now=now)


def delivery_states(sessions: SessionFactory) -> dict[int, DeliveryState]:
    with sessions.begin() as session:
        return {d.id: d.state for d in session.scalars(select(Delivery).order_by(Delivery.id))}


def recorded_ts(sessions: SessionFactory) -> dict[int, str | None]:
    with sessions.begin() as session:
        return {d.id: d.slack_ts for d in session.scalars(select(Delivery).order_by(Delivery.id))}
