"""The outbox relay: claims due deliveries with a lease, sends them to Slack, records the outcome."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackObjectFormationError
from sqlalchemy.orm import Session

from bot import log_context
from bot.clock import Clock, system_clock
from bot.db import SessionFactory
from bot.domain.availability import end_time_away, mark_held_away, not_now
from bot.models import Delivery, DeliveryState, Person
from bot.scheduling import leases
from bot.scheduling.leases import LEASE
from bot.scheduling.relay_outcomes import RelayReport, Sent, apply_outcome, finish, mark_sent, release
from bot.slack.identity import TokenCheck, check_token
from bot.slack.outbound.render import Defer, NoRenderer, Rendered, Skip, render
from bot.slack.outbound.slack_errors import Classified, SendFailure, classify, confirm_refusal

logger = logging.getLogger(__name__)

# Recording a message Slack accepted is tried again after these pauses (seconds): a database that
# restarts mid-send must not turn a sent message into one to send again.
RECORD_RETRY_WAITS = (0.2, 1.0, 3.0)


@dataclass
class _Batch:
    """What one batch learnt about its workspaces: Slack asked to slow down, or refused the token."""

    paused: dict[str, datetime] = field(default_factory=dict)
    blocked: set[str] = field(default_factory=set)
    token: TokenCheck | None = None


@dataclass(frozen=True)
class _Prepared:
    """A rendered delivery, ready to leave the transaction and go to Slack."""

    team_id: str
    channel_id: str | None
    user_id: str | None
    message: dict[str, Any]
    update_ts: str | None = None


def default_owner() -> str:
    """A lease owner name unique to this process."""
    return f"{socket.gethostname()}:{os.getpid()}"


class Relay:
    """Sends what the outbox holds; safe to run in several processes on PostgreSQL."""

    def __init__(
        self,
        sessions: SessionFactory,
        client: WebClient,
        *,
        owner: str | None = None,
        batch_size: int = 50,
        clock: Clock = system_clock,
        wait: Callable[[float], None] = time.sleep,
    ) -> None:
        self._sessions = sessions
        self._client = client
        self._owner = owner or default_owner()
        self._batch_size = batch_size
        self._clock = clock
        self._wait = wait
        self._stopping = threading.Event()
        self._dm_channels: dict[str, str] = {}  # "team:user" -> DM channel id, for this process
        # Sent, but the database would not take the record yet: recorded first thing next run.
        self._unrecorded: dict[int, Sent] = {}

    def run_once(self, now: datetime) -> RelayReport:
        """Record what was sent but not yet recorded, reap expired leases, then claim and send batches
        until nothing due is left."""
        report = RelayReport()
        self._record_unrecorded(now, report)
        report.reaped = self.reap(now)
        while not self._stopping.is_set():
            claimed = self._claim(now, ids=None)
            if not claimed:
                return report
            report.add(self._send_all(claimed, now))
        return report

    def check_token(self) -> TokenCheck:
        """Ask auth.test whether Slack accepts the token this relay sends with."""
        return check_token(self._client)

    def deliver(self, ids: Sequence[int], now: datetime) -> RelayReport:
        """Send these deliveries now if they are due and unclaimed (used right after a request)."""
        report = RelayReport()
        self._record_unrecorded(now, report)
        claimed = self._claim(now, ids=list(ids)) if ids else []
        report.add(self._send_all(claimed, now))
        return report

    def stop(self) -> None:
        """On SIGTERM: finish the message in flight, give the rest of the batch back, claim no more."""
        self._stopping.set()

    def reap(self, now: datetime) -> int:
        """Return deliveries whose lease expired (a process died mid-send) to the queue."""
        with self._sessions.begin() as session:
            return leases.reap(session, now)

    def _claim(self, now: datetime, ids: list[int] | None) -> list[int]:
        # Stamped from the claim, not from the run's start: a run longer than the lease must not hand
        # its later batches to whoever reaps next.
        with self._sessions.begin() as session:
            return leases.claim(
                session,
                owner=self._owner,
                now=now,
                until=max(now, self._clock()) + LEASE,
                ids=ids,
                limit=self._batch_size,
            )

    def _send_all(self, ids: list[int], now: datetime) -> RelayReport:
        report = RelayReport()
        batch = _Batch()
        renewed = self._clock()
        for position, delivery_id in enumerate(ids):
            if self._stopping.is_set():
                with self._sessions.begin() as session:
                    leases.give_back(session, ids[position:], owner=self._owner, now=now)
                break
            if self._clock() - renewed > LEASE / 2:
                renewed = self._renew(ids[position:])
            try:
                self._send_one(delivery_id, now, report, batch)
            except Exception as exc:
                logger.exception("delivery %s could not be processed", delivery_id)
                report.errors.append(f"{delivery_id}: {exc}")
                try:
                    self._record(delivery_id, now, report, Classified(SendFailure.TRANSIENT, repr(exc)))
                except Exception:  # the lease returns it to the queue; the batch goes on
                    logger.exception("delivery %s stays claimed until its lease expires", delivery_id)
        return report

    def _renew(self, ids: list[int]) -> datetime:
        """Extend the leases on what this batch still has to send (a slow Slack makes a batch long)."""
        renewed = self._clock()
        with self._sessions.begin() as session:
            leases.renew(session, ids, owner=self._owner, until=renewed + LEASE)
        return renewed

    @log_context.per_delivery
    def _send_one(self, delivery_id: int, now: datetime, report: RelayReport, batch: _Batch) -> None:
        prepared = self._prepare(delivery_id, now, report, batch)
        if prepared is None:
            return
        try:
            channel, response = self._post(prepared)
        except Exception as exc:  # noqa: BLE001 - classified below; nothing is dropped
            classified = classify(exc)
            if classified.failure is SendFailure.RATE_LIMITED:
                batch.paused[prepared.team_id] = now + timedelta(seconds=classified.retry_after_seconds or 1)
            if classified.failure is SendFailure.WORKSPACE_BLOCKED:
                # One auth.test per batch is enough: there is one token.
                batch.token = batch.token or self.check_token()
                classified = confirm_refusal(classified, batch.token)
            if classified.failure is SendFailure.WORKSPACE_BLOCKED:
                batch.blocked.add(prepared.team_id)
            self._record(delivery_id, now, report, classified)
            return
        sent = Sent(channel=str(response.get("channel", channel)), ts=str(response.get("ts", "")))
        if self._record_sent(delivery_id, sent, now):
            report.sent += 1
        else:
            self._unrecorded[delivery_id] = sent
            report.errors.append(f"{delivery_id}: sent, not recorded yet")

    def _record_sent(self, delivery_id: int, sent: Sent, now: datetime) -> bool:
        """Record a message Slack accepted, trying again while the database is away; False if it stayed
        away. Saved at once: chat.postMessage has no idempotency key, the ts is our proof of sending."""
        for attempt in range(len(RECORD_RETRY_WAITS) + 1):
            try:
                with self._sessions.begin() as session:
                    mark_sent(session, delivery_id, sent, owner=self._owner, now=now)
                return True
            except Exception:  # noqa: BLE001 - the message is out; only its record is missing
                logger.warning("delivery %s was sent but could not be recorded (try %d)", delivery_id, attempt + 1)
                if attempt < len(RECORD_RETRY_WAITS):
                    self._wait(RECORD_RETRY_WAITS[attempt])
        return False

    def _record_unrecorded(self, now: datetime, report: RelayReport) -> None:
        for delivery_id, sent in list(self._unrecorded.items()):
            if self._record_sent(delivery_id, sent, now):
                del self._unrecorded[delivery_id]
                report.sent += 1

    def _prepare(self, delivery_id: int, now: datetime, report: RelayReport, batch: _Batch) -> _Prepared | None:
        """Render a claimed delivery in its own transaction; None when there is nothing to send."""
        with self._sessions.begin() as session:
            delivery = session.get(Delivery, delivery_id)
            if delivery is None or delivery.state is not DeliveryState.CLAIMED or delivery.lease_owner != self._owner:
                return None  # our lease was taken over; whoever holds it now will send it
            if delivery.team_id in batch.blocked:
                # Slack refused the token earlier in this batch: hold, as the claim would have.
                release(delivery, until=now, now=now)
                report.blocked += 1
                return None
            if delivery.team_id in batch.paused:
                # Slack asked us to slow down for this workspace earlier in this batch.
                release(delivery, until=batch.paused[delivery.team_id], now=now)
                report.retrying += 1
                return None
            if _held(session, delivery, now):
                report.held += 1
                return None
            try:
                outcome = render(session, delivery, now)
                message = outcome.message.as_kwargs() if isinstance(outcome, Rendered) else {}
            except (NoRenderer, SlackObjectFormationError) as exc:
                finish(delivery, DeliveryState.FAILED, f"cannot render: {exc}", now)
                report.failed += 1
                return None
            if isinstance(outcome, Skip):
                finish(delivery, DeliveryState.CANCELLED, outcome.reason, now)
                report.cancelled += 1
                return None
            if isinstance(outcome, Defer):
                release(delivery, until=now + timedelta(seconds=outcome.seconds), now=now)
                delivery.last_error = outcome.reason
                report.retrying += 1
                return None
            user_id = _slack_user_id(session, delivery.recipient_id)
            if outcome.channel_id is None and user_id is None:
                finish(delivery, DeliveryState.FAILED, "a direct message with no recipient", now)
                report.failed += 1
                return None
            return _Prepared(delivery.team_id, outcome.channel_id, user_id, message, outcome.update_ts)

    def _post(self, prepared: _Prepared) -> tuple[str, Any]:
        """Post (or update) the message; a DM channel remembered from earlier is tried first, and
        if Slack no longer knows it, opened afresh once."""
        if prepared.channel_id is not None:
            return prepared.channel_id, self._call(prepared, prepared.channel_id)
        assert prepared.user_id is not None
        key = f"{prepared.team_id}:{prepared.user_id}"
        cached = self._dm_channels.get(key)
        if cached is not None:
            try:
                return cached, self._call(prepared, cached)
            except SlackApiError as exc:
                if exc.response.get("error") != "channel_not_found":
                    raise
                del self._dm_channels[key]
        channel = self._open_dm(prepared.user_id)
        self._dm_channels[key] = channel
        return channel, self._call(prepared, channel)

    def _call(self, prepared: _Prepared, channel: str) -> Any:
        if prepared.update_ts:
            return self._client.chat_update(channel=channel, ts=prepared.update_ts, **prepared.message)
        return self._client.chat_postMessage(channel=channel, **prepared.message)

    def _open_dm(self, slack_user_id: str) -> str:
        # conversations.open is rate-limited (Tier 3, about 50 a minute), so its answer is cached.
        response = self._client.conversations_open(users=slack_user_id)
        return str(response["channel"]["id"])

    def _record(self, delivery_id: int, now: datetime, report: RelayReport, classified: Classified) -> None:
        with self._sessions.begin() as session:
            if (delivery := session.get(Delivery, delivery_id)) is not None:
                apply_outcome(session, delivery, classified, now, report)


def _held(session: Session, delivery: Delivery, now: datetime) -> bool:
    """Hold a delivery its recipient may not get now (working hours, time away); True if held."""
    end_time_away(session, delivery, now)
    hold = not_now(session, delivery, now)
    if hold is None:
        return False
    if hold.away:
        mark_held_away(delivery)
    release(delivery, until=hold.until, now=now)
    return True


def _slack_user_id(session: Session, person_id: int | None) -> str | None:
    person = session.get(Person, person_id) if person_id is not None else None
    return person.slack_user_id if person is not None else None
