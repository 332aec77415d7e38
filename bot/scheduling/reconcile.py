"""Exactly once through crashes and lost replies. chat.postMessage has no idempotency key, so every post
carries its delivery id as message metadata, and its start is written on the row before it leaves. A row
that still has that mark was maybe posted (the relay died mid-send, or Slack's reply was lost): before it
is posted again, the channel's history around that moment is searched for the id, and a message found
there is recorded as the one sent.

chat.update needs none of this: it edits the message at a known ts, so doing it twice changes nothing.

A message with a file (an .ics invite) is posted as above, then the file is uploaded into its thread; the
delivery is recorded as sent only after both. The thread belongs to that one message, so a retry (after
a crash or a lost reply, of the post or of the upload) finds the message by its id, then looks in its
thread for the file before uploading it again.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import update

from bot.clock import Clock
from bot.db import SessionFactory
from bot.models import Delivery
from bot.scheduling.relay_outcomes import Sent
from bot.slack.outbound.outcomes import Attachment

logger = logging.getLogger("bot.scheduling.relay")

EVENT_TYPE = "career_prep_delivery"
# The search window around an attempt's start: our clock and Slack's may differ a little, and a post
# whose reply was lost may have been stored a little after we stopped waiting for it.
BEFORE = timedelta(minutes=5)
AFTER = timedelta(minutes=10)
PAGE_SIZE = 100
MAX_PAGES = 5
# History Slack will not show us: the post is made anyway (at least once, see the README).
UNREADABLE = frozenset(
    {"missing_scope", "not_in_channel", "channel_not_found", "invalid_cursor", "invalid_ts_latest", "invalid_ts_oldest"}
)


@dataclass(frozen=True)
class Unsure:
    """An earlier post of a delivery whose outcome nobody saw: where it went and when it started."""

    channel: str
    started_at: datetime


def unsure(delivery: Delivery) -> Unsure | None:
    """The delivery's earlier post whose outcome is unknown, if it has one."""
    if delivery.attempt_started_at is None or delivery.attempt_channel is None:
        return None
    return Unsure(delivery.attempt_channel, delivery.attempt_started_at)


def metadata(team_id: str, delivery_id: int) -> dict[str, Any]:
    """The message metadata that names the delivery a post belongs to."""
    return {"event_type": EVENT_TYPE, "event_payload": {"delivery_id": delivery_id, "team_id": team_id}}


def names_delivery(message: Mapping[str, Any], team_id: str, delivery_id: int) -> bool:
    """Whether a message from history carries this delivery's metadata."""
    meta = message.get("metadata")
    if not isinstance(meta, Mapping) or meta.get("event_type") != EVENT_TYPE:
        return False
    named = meta.get("event_payload")  # Slack's metadata, not an outbox payload
    if not isinstance(named, Mapping):
        return False
    return str(named.get("delivery_id")) == str(delivery_id) and named.get("team_id", team_id) == team_id


class Attempts:
    """Posts a delivery's message with its id attached, marking the attempt first; finds earlier ones."""

    def __init__(self, sessions: SessionFactory, client: WebClient, clock: Clock) -> None:
        self._sessions = sessions
        self._client = client
        self._clock = clock

    def post(self, *, team_id: str, delivery_id: int, channel: str, message: dict[str, Any]) -> Any:
        """chat.postMessage, once the attempt is on the row (in its own short transaction)."""
        self._mark(delivery_id, channel, self._clock())
        try:
            return self._client.chat_postMessage(channel=channel, metadata=metadata(team_id, delivery_id), **message)
        except SlackApiError as exc:
            if getattr(exc.response, "status_code", 500) < 500:
                # Slack answered with a refusal: nothing was posted, so there is nothing to look up later.
                self._mark(delivery_id, None, None)
            raise

    def find(self, *, team_id: str, delivery_id: int, earlier: Unsure) -> Sent | None:
        """Where the earlier post landed, or None if it did not (or Slack will not show its history).
        Raises what Slack raised when the history is only unreachable for now: the caller retries."""
        oldest, latest = earlier.started_at - BEFORE, earlier.started_at + AFTER
        cursor: str | None = None
        for _ in range(MAX_PAGES):
            try:
                page = self._client.conversations_history(
                    channel=earlier.channel,
                    include_all_metadata=True,
                    oldest=_ts(oldest),
                    latest=_ts(latest),
                    inclusive=True,
                    limit=PAGE_SIZE,
                    cursor=cursor,
                )
            except SlackApiError as exc:
                if exc.response.get("error") not in UNREADABLE:
                    raise
                logger.warning(
                    "delivery %s: cannot read the history of %s (%s), so it may be posted twice; "
                    "reinstall the app from app_manifest.yml to grant the *:history scopes",
                    delivery_id,
                    earlier.channel,
                    exc.response.get("error"),
                )
                return None
            for message in page.get("messages") or []:
                if names_delivery(message, team_id, delivery_id):
                    return Sent(channel=earlier.channel, ts=str(message.get("ts", "")))
            cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
            if cursor is None:
                return None
        return None

    def attach(self, *, channel: str, thread_ts: str, attachment: Attachment, retry: bool) -> None:
        """Upload the file into the thread of its message. On a `retry` (an earlier try's outcome is
        unknown) look in that thread first: a file of that name there is the one uploaded before."""
        if retry and self._in_thread(channel, thread_ts, attachment.filename):
            return
        self._client.files_upload_v2(
            channel=channel,
            thread_ts=thread_ts,
            content=attachment.content,
            filename=attachment.filename,
            title=attachment.title,
        )

    def _in_thread(self, channel: str, thread_ts: str, filename: str) -> bool:
        cursor: str | None = None
        for _ in range(MAX_PAGES):
            try:
                page = self._client.conversations_replies(channel=channel, ts=thread_ts, limit=PAGE_SIZE, cursor=cursor)
            except SlackApiError as exc:
                if exc.response.get("error") not in UNREADABLE:
                    raise
                logger.warning("cannot read the thread %s in %s, so its file may be uploaded twice", thread_ts, channel)
                return False
            for message in page.get("messages") or []:
                if any(f.get("name") == filename for f in message.get("files") or [] if isinstance(f, Mapping)):
                    return True
            cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
            if cursor is None:
                return False
        return False

    def _mark(self, delivery_id: int, channel: str | None, at: datetime | None) -> None:
        with self._sessions.begin() as session:
            session.execute(
                update(Delivery)
                .where(Delivery.id == delivery_id)
                .values(attempt_started_at=at, attempt_channel=channel)
            )


def _ts(instant: datetime) -> str:
    return f"{instant.timestamp():.6f}"
