"""Digest subscriptions: where and when each manager's (or people team's) digest goes.

`next_due_at` is the slot the next digest belongs to (the chosen weekday and hour in the owner's
zone); it moves on once that slot's digest is sent or dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.digest.slots import first_slot, next_slot_after, slot_key
from bot.domain.errors import InvalidInput, NotAllowed, NotFound
from bot.domain.outbox_payloads import DigestSlot, encode
from bot.domain.people import Profile, find_person, hours_for, upsert_person, valid_tz
from bot.domain.replan import mark
from bot.domain.workspaces import ensure_workspace
from bot.models import (
    Delivery,
    DeliveryKind,
    DeliveryState,
    DigestScope,
    DigestSubscription,
    Person,
    Workspace,
)

INTERVALS = (1, 2)
DEFAULT_WEEKDAY = 0  # Monday
DEFAULT_HOUR = 9
KINDS = {DigestScope.TEAM: DeliveryKind.TEAM_DIGEST, DigestScope.ORG: DeliveryKind.ORG_DIGEST}
FAILURE_LOOKBACK = timedelta(days=14)
ENDED_STATES = (DeliveryState.SENT, DeliveryState.CANCELLED, DeliveryState.FAILED)
CATCH_UP_STEPS = 200


@dataclass(frozen=True)
class DigestChoice:
    """What the owner asked for; None keeps the current value (or the default)."""

    scope: DigestScope
    channel_id: str | None  # None: the owner's DM
    interval_weeks: int | None = None
    weekday: int | None = None
    hour: int | None = None


@dataclass(frozen=True)
class SubscriptionView:
    subscription_id: int
    scope: DigestScope
    channel_id: str | None
    interval_weeks: int
    weekday: int
    hour: int
    tz: str
    active: bool
    next_due_at: datetime | None


def subscription_view(sub: DigestSubscription, tz: str) -> SubscriptionView:
    return SubscriptionView(
        subscription_id=sub.id,
        scope=sub.scope,
        channel_id=sub.channel_id,
        interval_weeks=sub.interval_weeks,
        weekday=sub.weekday,
        hour=sub.hour,
        tz=valid_tz(tz),
        active=sub.active,
        next_due_at=sub.next_due_at if sub.active else None,
    )


# -- slots in the outbox ---------------------------------------------------------------------------


def slot_delivery(session: Session, sub: DigestSubscription, slot: datetime, tz: str) -> Delivery | None:
    """The delivery queued for this slot's digest, if any (sent, waiting or dropped)."""
    full_key = f"{sub.team_id}:{slot_key(sub, slot, tz)}"
    return session.scalar(select(Delivery).where(Delivery.idempotency_key == full_key))


def slot_due(session: Session, owner: Person, slot: datetime, now: datetime) -> datetime:
    """When a slot's digest may go: the slot (or now, once it passed), within the owner's working hours."""
    workspace = session.get(Workspace, owner.team_id)
    return hours_for(owner, workspace).next_open(max(slot, now)) if workspace is not None else max(slot, now)


# -- subscriptions ----------------------------------------------------------------------------------


def check_allowed(
    session: Session, *, team_id: str, scope: DigestScope, slack_user_id: str, workspace_admin: bool
) -> None:
    """NotAllowed unless digests are on here and, for the workspace digest, the asker may see every team."""
    workspace = session.get(Workspace, team_id)
    if workspace is not None and not workspace.digests_enabled:
        raise NotAllowed("Digests are turned off in this workspace. Whoever runs Career Prep here can turn them on.")
    named = set(workspace.org_digest_user_ids if workspace else [])
    if scope is DigestScope.ORG and not workspace_admin and slack_user_id not in named:
        raise NotAllowed(
            "The workspace digest shows how every manager's team is doing, so only workspace admins and owners, "
            "or people named by whoever runs Career Prep here, can set it up. For your own team, use "
            "`/career-prep digest #channel`."
        )


def _validate(choice: DigestChoice) -> None:
    errors: dict[str, str] = {}
    if choice.interval_weeks is not None and choice.interval_weeks not in INTERVALS:
        errors["interval"] = "Digests go weekly or every 2 weeks."
    if choice.weekday is not None and not 0 <= choice.weekday <= 6:
        errors["day"] = "Pick a day of the week, like `monday`."
    if choice.hour is not None and not 0 <= choice.hour <= 23:
        errors["hour"] = "Pick an hour of the day, from 0 to 23 (e.g. `9` or `14:00`)."
    if errors:
        raise InvalidInput(errors)


def subscribe(
    session: Session, *, team_id: str, profile: Profile, workspace_admin: bool, choice: DigestChoice, now: datetime
) -> SubscriptionView:
    """Start a digest, or move or reschedule the owner's existing one of that scope."""
    _validate(choice)
    ensure_workspace(session, team_id=team_id, now=now)
    check_allowed(
        session,
        team_id=team_id,
        scope=choice.scope,
        slack_user_id=profile.slack_user_id,
        workspace_admin=workspace_admin,
    )
    owner = upsert_person(session, team_id=team_id, profile=profile, now=now)
    sub = session.scalar(
        select(DigestSubscription).where(
            DigestSubscription.team_id == team_id,
            DigestSubscription.owner_id == owner.id,
            DigestSubscription.scope == choice.scope,
        )
    )
    if sub is None:
        sub = DigestSubscription(team_id=team_id, owner_id=owner.id, scope=choice.scope, created_at=now)
        sub.interval_weeks, sub.weekday, sub.hour = 1, DEFAULT_WEEKDAY, DEFAULT_HOUR
        session.add(sub)
    sub.channel_id = choice.channel_id
    sub.interval_weeks = choice.interval_weeks or sub.interval_weeks
    sub.weekday = choice.weekday if choice.weekday is not None else sub.weekday
    sub.hour = choice.hour if choice.hour is not None else sub.hour
    sub.active = True
    sub.updated_at = now
    session.flush()
    tz = valid_tz(owner.tz)
    slot = first_slot(weekday=sub.weekday, hour=sub.hour, tz=tz, after=now)
    sent = slot_delivery(session, sub, slot, tz)
    if sent is not None and sent.state is DeliveryState.SENT:
        slot = next_slot_after(sub, slot, tz)  # that day's digest already went: never two on one day
    sub.next_due_at = slot
    mark(sub, now=now)
    _reconcile(session, sub, owner, now)
    return subscription_view(sub, tz)


def _reconcile(session: Session, sub: DigestSubscription, owner: Person, now: datetime) -> None:
    """Bring queued digests in line with the subscription: the current slot's is (re)targeted,
    any other waiting one is cancelled, so a moved digest never lands in the old place."""
    tz = valid_tz(owner.tz)
    wanted = f"{sub.team_id}:{slot_key(sub, sub.next_due_at, tz)}" if sub.active and sub.next_due_at else None
    prefix = f"{sub.team_id}:digest:{sub.id}:"
    rows = session.scalars(
        select(Delivery).where(
            Delivery.team_id == sub.team_id,
            Delivery.idempotency_key.startswith(prefix, autoescape=True),
            Delivery.state.in_([DeliveryState.PENDING, DeliveryState.CANCELLED, DeliveryState.FAILED]),
        )
    ).all()
    for delivery in rows:
        if delivery.idempotency_key == wanted and sub.next_due_at is not None:
            delivery.kind = KINDS[sub.scope]
            delivery.state = DeliveryState.PENDING
            delivery.channel_id = sub.channel_id
            delivery.payload = encode(DigestSlot(sub.id, sub.next_due_at))
            delivery.due_at = slot_due(session, owner, sub.next_due_at, now)
            delivery.attempts = 0
            delivery.last_error = None
            delivery.updated_at = now
        elif delivery.state is DeliveryState.PENDING:
            delivery.state = DeliveryState.CANCELLED
            delivery.last_error = "the digest was moved, rescheduled or stopped"
            delivery.updated_at = now


def _owned(session: Session, *, team_id: str, slack_user_id: str) -> tuple[Person | None, list[DigestSubscription]]:
    owner = find_person(session, team_id=team_id, slack_user_id=slack_user_id)
    if owner is None:
        return None, []
    subs = session.scalars(
        select(DigestSubscription)
        .where(DigestSubscription.team_id == team_id, DigestSubscription.owner_id == owner.id)
        .order_by(DigestSubscription.scope.desc())  # team before org
    ).all()
    return owner, list(subs)


def subscriptions_of(session: Session, *, team_id: str, slack_user_id: str) -> tuple[SubscriptionView, ...]:
    """The asker's digests that are on."""
    owner, subs = _owned(session, team_id=team_id, slack_user_id=slack_user_id)
    return tuple(subscription_view(s, owner.tz) for s in subs if s.active) if owner is not None else ()


def _stop(session: Session, sub: DigestSubscription, owner: Person, now: datetime) -> SubscriptionView:
    sub.active = False
    sub.next_due_at = None
    sub.updated_at = now
    _reconcile(session, sub, owner, now)
    return subscription_view(sub, owner.tz)


def stop_digest(
    session: Session, *, team_id: str, slack_user_id: str, scope: DigestScope, now: datetime
) -> SubscriptionView | None:
    """`digest off`: stop the asker's digest of that scope; None if there was none on."""
    owner, subs = _owned(session, team_id=team_id, slack_user_id=slack_user_id)
    sub = next((s for s in subs if s.scope is scope and s.active), None)
    return _stop(session, sub, owner, now) if sub is not None and owner is not None else None


def stop_subscription(
    session: Session, *, team_id: str, subscription_id: int, actor_slack_id: str, now: datetime
) -> SubscriptionView:
    """The "Stop this digest" button: only the person who set the digest up may use it."""
    sub = session.get(DigestSubscription, subscription_id)
    owner = session.get(Person, sub.owner_id) if sub is not None and sub.team_id == team_id else None
    if sub is None or owner is None:
        raise NotFound("That digest no longer exists.")
    if owner.slack_user_id != actor_slack_id:
        raise NotAllowed("Only the person who set this digest up can stop it.")
    return _stop(session, sub, owner, now) if sub.active else subscription_view(sub, owner.tz)
