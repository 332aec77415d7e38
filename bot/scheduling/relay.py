"""The outbox relay: claims due deliveries with a lease, sends them to Slack, records the outcome."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackObjectFormationError

from bot import log_context
from bot.clock import Clock, system_clock
from bot.db import SessionFactory
from bot.models import Delivery, DeliveryState, Person
from bot.scheduling import leases, pauses
from bot.scheduling.leases import LEASE, Claimed, default_owner
from bot.scheduling.pacing import Pacer
from bot.scheduling.recipients import held
from bot.scheduling.reconcile import Attempts, unsure
from bot.scheduling.relay_outcomes import RelayReport, Sent, apply_outcome, finish, release
from bot.scheduling.relay_post import Poster, Prepared
from bot.scheduling.relay_run import Batch, RelayRun, RunPlace
from bot.scheduling.sent_records import SentRecords
from bot.slack.identity import TokenCheck, check_token
from bot.slack.outbound.outcomes import FileRendered
from bot.slack.outbound.render import Defer, GroupRendered, NoRenderer, Rendered, Skip, render
from bot.slack.outbound.slack_errors import Classified, SendFailure, classify, confirm_refusal

logger = logging.getLogger(__name__)


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
        pacer: Pacer | None = None,
        workers: int = 1,
        pace_wait: Callable[[float], object] | None = None,
    ) -> None:
        self._sessions = sessions
        self._client = client
        self._poster = Poster(sessions, client, Attempts(sessions, client, clock))
        self._owner = owner or default_owner()
        self._batch_size = batch_size
        self._clock = clock
        self._stopping = threading.Event()
        self._pacer = pacer or Pacer(None)
        self._workers = workers
        # Waiting for a post's turn ends early on stop(), unless a test brings its own clock.
        self._pace_wait = pace_wait or self._stopping.wait
        self._sent = SentRecords(sessions, self._owner, wait)

    def run_once(self, now: datetime) -> RelayReport:
        """Record what was sent but not yet recorded, reap expired leases, then claim and send batches
        until nothing due is left."""
        report = RelayReport()
        self._sent.record_kept(now, report)
        report.reaped = self.reap(now)
        report.add(self._run(now, ids=None))
        return report

    def check_token(self) -> TokenCheck:
        """Ask auth.test whether Slack accepts the token this relay sends with."""
        return check_token(self._client)

    def deliver(self, ids: Sequence[int], now: datetime) -> RelayReport:
        """Send these deliveries now if they are due and unclaimed (used right after a request)."""
        report = RelayReport()
        self._sent.record_kept(now, report)
        if ids:
            report.add(self._run(now, ids=list(ids)))
        return report

    def next_due(self, now: datetime) -> datetime | None:
        """When something in the outbox may next be sent (a due time, or the end of a 429 pause)."""
        with self._sessions.begin() as session:
            return pauses.next_due(session, now)

    def wait(self, seconds: float) -> bool:
        """Sleep up to `seconds`; True (at once) when the relay is told to stop."""
        return self._stopping.wait(seconds)

    def stop(self) -> None:
        """On SIGTERM: finish the message in flight, give the rest of the batch back, claim no more."""
        self._stopping.set()

    def reap(self, now: datetime) -> int:
        """Return deliveries whose lease expired (a process died mid-send) to the queue."""
        with self._sessions.begin() as session:
            return leases.reap(session, now)

    def _claim(self, now: datetime, ids: list[int] | None) -> list[int]:
        return [item.id for item in self._claim_rows(now, ids)]

    def _claim_rows(self, now: datetime, ids: list[int] | None) -> list[Claimed]:
        # Stamped from the claim, not from the run's start: a run longer than the lease must not hand
        # its later batches to whoever reaps next.
        with self._sessions.begin() as session:
            return leases.claim_rows(
                session,
                owner=self._owner,
                now=now,
                until=max(now, self._clock()) + LEASE,
                ids=ids,
                limit=self._batch_size,
            )

    def _run(self, now: datetime, ids: list[int] | None) -> RelayReport:
        place = RunPlace(self._sessions, self._owner, self._clock, self._pacer, self._pace_wait, self._stopping)
        run = RelayRun(place, now, ids, claim=self._claim_rows, send=self._send_item)
        # A few ids right after a request are sent on the caller's thread, as before the pool.
        workers = self._workers if ids is None else min(self._workers, len(ids))
        return run.run(workers=workers, batch_size=self._batch_size)

    def _send_item(self, item: Claimed, report: RelayReport, run: RelayRun) -> None:
        """Send one claimed delivery; whatever goes wrong stays with this delivery."""
        now = max(run.now, self._clock())  # a run can last minutes: outcomes count from when they happen
        try:
            with log_context.bound(delivery_id=item.id):
                self._send_one(item, report, run, now)
        except Exception as exc:
            logger.exception("delivery %s could not be processed", item.id)
            report.errors.append(f"{item.id}: {exc}")
            try:
                self._record(item.id, now, report, Classified(SendFailure.TRANSIENT, repr(exc)))
            except Exception:  # the lease returns it to the queue; the run goes on
                logger.exception("delivery %s stays claimed until its lease expires", item.id)

    def _send_one(self, item: Claimed, report: RelayReport, run: RelayRun, now: datetime) -> None:
        delivery_id, batch = item.id, run.batch
        prepared = self._prepare(delivery_id, now, report, batch)
        if prepared is None or not run.wait_turn(item, report):
            return
        try:
            channel, response = self._poster.post(prepared)
        except Exception as exc:  # noqa: BLE001 - classified below; nothing is dropped
            run.posted(item)
            classified = classify(exc)
            if classified.failure is SendFailure.RATE_LIMITED:
                if run.pause_briefly(item, classified.retry_after_seconds or 1):
                    return
                run.pause(prepared.team_id, classified.retry_after_seconds or 1, report)
            if classified.failure is SendFailure.WORKSPACE_BLOCKED:
                # One auth.test per batch is enough: there is one token.
                batch.token = batch.token or self.check_token()
                classified = confirm_refusal(classified, batch.token)
            if classified.failure is SendFailure.WORKSPACE_BLOCKED:
                batch.blocked.add(prepared.team_id)
            self._record(delivery_id, max(now, self._clock()), report, classified)  # backoff from Slack's answer
            return
        run.posted(item)
        sent = Sent(channel=str(response.get("channel", channel)), ts=str(response.get("ts", "")))
        if self._sent.record(delivery_id, sent, max(now, self._clock())):
            report.sent += 1
        else:
            report.errors.append(f"{delivery_id}: sent, not recorded yet")

    def _prepare(self, delivery_id: int, now: datetime, report: RelayReport, batch: Batch) -> Prepared | None:
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
            if held(session, delivery, now):
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
            person = session.get(Person, delivery.recipient_id) if delivery.recipient_id is not None else None
            if outcome.channel_id is None and person is None:
                finish(delivery, DeliveryState.FAILED, "a direct message with no recipient", now)
                report.failed += 1
                return None
            user_id, dm = (person.slack_user_id, person.dm_channel_id) if person is not None else (None, None)
            return Prepared(
                delivery.team_id,
                outcome.channel_id,
                user_id,
                message,
                outcome.update_ts,
                person_id=delivery.recipient_id,
                dm_channel=dm,
                delivery_id=delivery_id,
                unsure=unsure(delivery),
                group_with=outcome.group_with if isinstance(outcome, GroupRendered) else (),
                attachment=outcome.attachment if isinstance(outcome, FileRendered) else None,
            )

    def _record(self, delivery_id: int, now: datetime, report: RelayReport, classified: Classified) -> None:
        with self._sessions.begin() as session:
            if (delivery := session.get(Delivery, delivery_id)) is not None:
                apply_outcome(session, delivery, classified, now, report)
