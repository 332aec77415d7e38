"""What Slack's answer does to a delivery: sent, retried after a backoff, held with a blocked
workspace, failed, or its recipient marked gone; and the relay's report of what a run did."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from bot import metrics
from bot.domain.people import mark_left
from bot.domain.relevance import useful_until
from bot.domain.workspaces import block_sends
from bot.models import Delivery, DeliveryState
from bot.slack.outbound.render import after_sent, forget_message
from bot.slack.outbound.slack_errors import Classified, SendFailure

logger = logging.getLogger("bot.scheduling.relay")

BACKOFF_BASE = timedelta(seconds=10)
# Short enough that sending resumes within minutes of Slack coming back from a long outage.
BACKOFF_CAP = timedelta(minutes=5)
GAVE_UP = "Slack was unavailable until the message stopped being useful"


@dataclass
class RelayReport:
    """What one relay run did, by outcome."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0
    cancelled: int = 0
    held: int = 0  # outside the recipient's working hours, or they are away
    blocked: int = 0  # held because Slack refuses the workspace's token
    reaped: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: RelayReport) -> None:
        self.sent += other.sent
        self.retrying += other.retrying
        self.failed += other.failed
        self.cancelled += other.cancelled
        self.held += other.held
        self.blocked += other.blocked
        self.reaped += other.reaped
        self.errors.extend(other.errors)


def apply_outcome(
    session: Session, delivery: Delivery, classified: Classified, now: datetime, report: RelayReport
) -> None:
    """Record Slack's answer (`classified`) on the delivery, and count it in `report`."""
    failure = classified.failure
    metrics.count_failure(delivery.kind.value, failure.value)
    if failure is SendFailure.RATE_LIMITED:
        release(delivery, until=now + timedelta(seconds=classified.retry_after_seconds or 1), now=now)
        delivery.last_error = classified.reason
        report.retrying += 1
    elif failure is SendFailure.TRANSIENT:
        delivery.attempts += 1
        delivery.last_error = classified.reason
        delivery.failing_since = delivery.failing_since or now
        useful = useful_until(session, delivery, failing_since=delivery.failing_since)
        if now >= useful.until:
            reason = f"{GAVE_UP}: {useful.ends} ({delivery.attempts} attempts; last: {classified.reason})"
            finish(delivery, DeliveryState.FAILED, reason, now)
            report.failed += 1
        else:
            release(delivery, until=now + backoff(delivery.attempts), now=now)
            report.retrying += 1
    elif failure is SendFailure.STALE_MESSAGE and forget_message(session, delivery):
        # The message to update was deleted: post a fresh one right away.
        release(delivery, until=now, now=now)
        delivery.last_error = classified.reason
        report.retrying += 1
    elif failure is SendFailure.WORKSPACE_BLOCKED:
        # Held with the rest of the workspace's outbox until a token check succeeds.
        if block_sends(session, team_id=delivery.team_id, reason=classified.reason, now=now, confirmed=True):
            logger.warning(
                "Slack refuses the bot token for workspace %s (%s, confirmed by auth.test): deliveries are held "
                "and the token is re-checked every few minutes; see `career-prep workspace show`",
                delivery.team_id,
                classified.reason,
            )
        release(delivery, until=now, now=now)
        delivery.last_error = f"held: Slack refuses the token ({classified.reason})"
        report.blocked += 1
    else:
        delivery.attempts += 1
        finish(delivery, DeliveryState.FAILED, classified.reason, now)
        report.failed += 1
        if failure is SendFailure.TARGET_GONE and delivery.channel_id is None and delivery.recipient_id:
            reason = f"recipient unreachable: {classified.reason}"
            mark_left(session, person_id=delivery.recipient_id, reason=reason, now=now)


def backoff(attempts: int) -> timedelta:
    """10 s, 20 s, 40 s, 80 s, 160 s, then every 5 min while the message is still useful: a blip costs
    seconds (bench/delivery_bench.py: a 30 s first retry left the last 2 % of a backlog waiting), an
    outage one look every 5 minutes."""
    multiplier: int = 2 ** max(attempts - 1, 0)
    return min(BACKOFF_BASE * multiplier, BACKOFF_CAP)


def release(delivery: Delivery, *, until: datetime, now: datetime) -> None:
    delivery.state = DeliveryState.PENDING
    delivery.due_at = max(delivery.due_at, until)
    delivery.lease_owner = None
    delivery.lease_expires_at = None
    delivery.updated_at = now


def finish(delivery: Delivery, state: DeliveryState, reason: str | None, now: datetime) -> None:
    delivery.state = state
    delivery.attempt_started_at = delivery.attempt_channel = None  # settled: nothing left to look up
    metrics.count_finished(delivery.kind.value, state.value)
    delivery.last_error = reason if reason is not None else delivery.last_error
    delivery.lease_owner = None
    delivery.lease_expires_at = None
    delivery.updated_at = now


@dataclass(frozen=True)
class Sent:
    """Where Slack put a message it accepted: what recording it as sent needs."""

    channel: str
    ts: str


def mark_sent(session: Session, delivery_id: int, sent: Sent, *, owner: str, now: datetime) -> None:
    """Record a message Slack accepted. Only a row still `owner`'s, or back in the queue, is marked: one
    another relay holds now is that relay's to send, and a row already sent stays as it was."""
    delivery = session.get(Delivery, delivery_id)
    if delivery is None or delivery.state is DeliveryState.SENT:
        return
    if delivery.state is DeliveryState.CLAIMED and delivery.lease_owner != owner:
        logger.warning("delivery %s was sent by %s but is now another relay's", delivery_id, owner)
        return
    delivery.slack_channel, delivery.slack_ts = sent.channel, sent.ts
    delivery.sent_at = now
    delivery.attempts += 1
    finish(delivery, DeliveryState.SENT, None, now)
    after_sent(session, delivery, sent.channel, sent.ts)
