"""What the planner queues for digests, how a sent one moves its subscription on, and telling an
owner once when their channel fails.

Each slot is one delivery whose key names the subscription and the slot's local date, so planning
again never queues a second digest for the same day. The relay holds digests to the owner's working
hours, channel posts included.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.digest.slots import first_slot, next_slot_after, slot_key
from bot.domain.digest.subscriptions import (
    CATCH_UP_STEPS,
    ENDED_STATES,
    FAILURE_LOOKBACK,
    KINDS,
    slot_delivery,
    slot_due,
)
from bot.domain.outbox import CHANNEL_GONE, CHANNEL_PROBLEMS, HORIZON, enqueue, notice, queued_in
from bot.domain.outbox_payloads import DigestSlot, DigestUndeliverable, Notice
from bot.domain.outbox_payloads.stored import Ref, about, peek
from bot.domain.people import valid_tz
from bot.domain.plan_report import PlanReport, due_rows
from bot.domain.replan import mark
from bot.models import (
    Delivery,
    DeliveryState,
    DigestSubscription,
    Person,
    PersonStatus,
    Workspace,
)


def slot_of(delivery: Delivery) -> datetime | None:
    stored = peek(DigestSlot, delivery)
    return stored.slot if stored is not None else None


def subscription_for(session: Session, delivery: Delivery) -> DigestSubscription | None:
    sub_id = about(delivery).get(Ref.SUBSCRIPTION)
    sub = session.get(DigestSubscription, sub_id) if sub_id is not None else None
    return sub if sub is not None and sub.team_id == delivery.team_id else None


def is_current(sub: DigestSubscription, delivery: Delivery) -> bool:
    """Whether this delivery is the digest the subscription still wants (not one it has moved past)."""
    slot = slot_of(delivery)
    return (
        sub.active
        and sub.next_due_at is not None
        and slot is not None
        and int(slot.timestamp()) == int(sub.next_due_at.timestamp())
    )


def digest_sent(session: Session, delivery: Delivery, channel: str, ts: str) -> None:
    """After a digest went out: remember when, and move on to the next slot."""
    sub = subscription_for(session, delivery)
    if sub is None:
        return
    sub.last_sent_at = delivery.sent_at
    owner = session.get(Person, sub.owner_id)
    if owner is not None and is_current(sub, delivery) and sub.next_due_at is not None:
        sub.next_due_at = next_slot_after(sub, sub.next_due_at, valid_tz(owner.tz))
        mark(sub, now=delivery.sent_at or delivery.updated_at)  # the next slot may be within the horizon


# -- planning -------------------------------------------------------------------------------------


def plan_digests(session: Session, workspace: Workspace, now: datetime) -> int:
    """Queue the digests due within the planning horizon, and tell owners about channels that failed;
    returns how many deliveries were queued. Only subscriptions whose planning moment has come are read."""
    before = len(queued_in(session))
    _tell_about_failures(session, workspace, now)
    if workspace.digests_enabled:
        report = PlanReport()
        for chunk in due_rows(session, DigestSubscription, team_id=workspace.team_id, now=now):
            owner_ids = {sub.owner_id for sub in chunk}
            owners = {p.id: p for p in session.scalars(select(Person).where(Person.id.in_(owner_ids)))}
            for sub in chunk:
                owner = owners.get(sub.owner_id)
                live = sub.active and owner is not None and owner.status is not PersonStatus.LEFT
                report.later(sub, _plan_one(session, sub, owner, now, horizon=now + HORIZON) if live else None)
            report.flush(session, now)
    return len(queued_in(session)) - before


def _plan_one(
    session: Session, sub: DigestSubscription, owner: Person | None, now: datetime, *, horizon: datetime
) -> datetime | None:
    """Queue the subscription's next slot if it is within the horizon; returns when to look at it again."""
    assert owner is not None
    tz = valid_tz(owner.tz)
    slot = sub.next_due_at or first_slot(weekday=sub.weekday, hour=sub.hour, tz=tz, after=now)
    # Keep at most the latest slot that has passed: one late digest helps, a pile of them does not.
    for _ in range(CATCH_UP_STEPS):
        if (following := next_slot_after(sub, slot, tz)) > now:
            break
        slot = following
    else:
        slot = first_slot(weekday=sub.weekday, hour=sub.hour, tz=tz, after=now)
    # A slot whose digest was sent (or dropped) is done.
    while (existing := slot_delivery(session, sub, slot, tz)) is not None and existing.state in ENDED_STATES:
        slot = next_slot_after(sub, slot, tz)
    sub.next_due_at = slot
    if slot > horizon:
        return slot - HORIZON
    enqueue(
        session,
        team_id=sub.team_id,
        kind=KINDS[sub.scope],
        key=slot_key(sub, slot, tz),
        due_at=slot_due(session, owner, slot, now),
        now=now,
        recipient=owner,  # so the relay holds channel posts to the owner's working hours too
        channel_id=sub.channel_id,
        payload=DigestSlot(sub.id, slot),
    )
    # Sending it moves the subscription on (digest_sent); a slot that passes unsent is caught up then.
    return slot if slot > now else next_slot_after(sub, slot, tz)


def _tell_about_failures(session: Session, workspace: Workspace, now: datetime) -> None:
    """A channel digest Slack refused for good: tell the owner once, and pause it if the channel is gone.

    "Once" per problem: the notice key names the subscription, channel, reason and the last digest
    that did arrive, so a later, separate breakage is told again.
    """
    failed = session.scalars(
        select(Delivery).where(
            Delivery.team_id == workspace.team_id,
            Delivery.kind.in_(list(KINDS.values())),
            Delivery.state == DeliveryState.FAILED,
            Delivery.channel_id.is_not(None),
            Delivery.last_error.in_(sorted(CHANNEL_PROBLEMS)),
            Delivery.updated_at >= now - FAILURE_LOOKBACK,
        )
    ).all()
    for delivery in failed:
        sub = subscription_for(session, delivery)
        owner = session.get(Person, sub.owner_id) if sub is not None else None
        if sub is None or owner is None or not sub.active or sub.channel_id != delivery.channel_id:
            continue  # stopped or moved since: nothing to fix
        reason = str(delivery.last_error)
        episode = sub.last_sent_at.date().isoformat() if sub.last_sent_at else "never"
        notice(
            session,
            recipient=owner,
            template=Notice.DIGEST_UNDELIVERABLE,
            payload=DigestUndeliverable(sub.id, sub.channel_id, reason, sub.scope.value),
            key=f"{sub.id}:{sub.channel_id}:{reason}:{episode}",
            now=now,
        )
        if reason in CHANNEL_GONE:
            sub.active = False
            sub.next_due_at = None
            sub.updated_at = now
