"""Writing to the outbox: every message the bot owes someone is a Delivery row first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.domain.outbox_payloads import (
    KIND_PAYLOADS,
    NOTICE_PAYLOADS,
    KindPayload,
    ManagerCopy,
    Notice,
    NoticePayload,
    encode,
)
from bot.domain.outbox_payloads.stored import encode_notice, snoozed_payload
from bot.domain.people import person_by_id
from bot.models import Conversation, Delivery, DeliveryKind, DeliveryState, Person

QUEUED_KEY = "career_prep.queued_deliveries"
# How far ahead the planner writes deliveries into the outbox.
HORIZON = timedelta(days=15)
# Slack error codes the relay records in `Delivery.last_error` for a channel it cannot post to: the first
# two mean the channel is gone for good; the others are problems its owner can fix.
CHANNEL_GONE = frozenset({"channel_not_found", "is_archived"})
CHANNEL_PROBLEMS = CHANNEL_GONE | {"not_in_channel", "restricted_action"}


def enqueue(
    session: Session,
    *,
    team_id: str,
    kind: DeliveryKind,
    key: str,
    due_at: datetime,
    now: datetime,
    recipient: Person | None = None,
    channel_id: str | None = None,
    payload: KindPayload,
) -> Delivery:
    """Add a delivery unless one with the same idempotency key exists; return whichever is stored.
    `payload` is the kind's typed payload (outbox_payloads.KIND_PAYLOADS), stored through `encode`."""
    _check(payload, KIND_PAYLOADS[kind], kind.value)
    return _add(
        session,
        team_id=team_id,
        kind=kind,
        key=key,
        due_at=due_at,
        now=now,
        recipient=recipient,
        channel_id=channel_id,
        stored=encode(payload),
    )


@dataclass(frozen=True)
class PlannedReminder:
    """One reminder the planner wants in the outbox (what `enqueue` takes, for many at once)."""

    kind: DeliveryKind
    key: str
    recipient: Person
    due: datetime
    payload: KindPayload


def enqueue_planned(session: Session, planned: list[PlannedReminder], *, now: datetime) -> int:
    """Add many deliveries in one statement, as `enqueue` would add each; a key the outbox already
    holds (another process planned it meanwhile) is skipped. Returns how many were added."""
    if not planned:
        return 0
    rows = []
    for p in planned:
        _check(p.payload, KIND_PAYLOADS[p.kind], p.kind.value)
        rows.append(
            {
                "team_id": p.recipient.team_id,
                "kind": p.kind,
                "idempotency_key": f"{p.recipient.team_id}:{p.key}",
                "recipient_id": p.recipient.id,
                "channel_id": None,
                "due_at": p.due,
                "state": DeliveryState.PENDING,
                "payload": encode(p.payload),
                "attempts": 0,
                "created_at": now,
                "updated_at": now,
            }
        )
    dialect = session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    stmt = insert(Delivery).on_conflict_do_nothing(index_elements=["idempotency_key"]).returning(Delivery.id)
    return len(session.execute(stmt, rows).all())


def _check(payload: object, expected: type[Any], name: str) -> None:
    """A payload of another kind would be stored and only fail when rendered: refuse it here."""
    if type(payload) is not expected:
        raise TypeError(f"{name} takes a {expected.__name__} payload, not {type(payload).__name__}")


def _add(
    session: Session,
    *,
    team_id: str,
    kind: DeliveryKind,
    key: str,
    due_at: datetime,
    now: datetime,
    recipient: Person | None,
    channel_id: str | None = None,
    stored: dict[str, Any],
) -> Delivery:
    full_key = f"{team_id}:{key}"
    existing = session.scalar(select(Delivery).where(Delivery.idempotency_key == full_key))
    if existing is not None:
        return existing
    delivery = Delivery(
        team_id=team_id,
        kind=kind,
        idempotency_key=full_key,
        recipient_id=recipient.id if recipient is not None else None,
        channel_id=channel_id,
        due_at=due_at,
        state=DeliveryState.PENDING,
        payload=stored,
        attempts=0,
        created_at=now,
        updated_at=now,
    )
    try:
        # A savepoint, so losing an insert race to another process only undoes this row.
        with session.begin_nested():
            session.add(delivery)
    except IntegrityError:
        return session.scalars(select(Delivery).where(Delivery.idempotency_key == full_key)).one()
    session.info.setdefault(QUEUED_KEY, []).append(delivery)
    return delivery


def queued_in(session: Session) -> list[Delivery]:
    """Deliveries this session added, so the edge can send the urgent ones right after commit."""
    return list(session.info.get(QUEUED_KEY, []))


def sync_manager_copy(
    session: Session,
    *,
    conversation: Conversation,
    kind: DeliveryKind,
    revision: int,
    now: datetime,
    fresh: bool = False,
) -> Delivery:
    """Queue one revision of a message the manager keeps (agenda, recap), updated in place.

    Each revision has its own delivery; the renderer skips superseded ones and posts or updates
    the single message the conversation remembers. A `fresh` revision is posted as a new message
    (so the manager is notified), and the older copy is marked as replaced."""
    return enqueue(
        session,
        team_id=conversation.team_id,
        kind=kind,
        key=f"{kind.value}:{conversation.id}:{revision}",
        due_at=now,
        now=now,
        recipient=person_by_id(session, conversation.manager_id),
        payload=ManagerCopy(conversation.id, revision, fresh=fresh),
    )


def notice(
    session: Session,
    *,
    recipient: Person,
    template: Notice,
    payload: NoticePayload,
    key: str,
    now: datetime,
    immediate: bool = False,
) -> Delivery:
    """Queue a one-off notice DM with its typed `payload` (outbox_payloads.NOTICE_PAYLOADS). `immediate`
    marks an answer to the recipient's own action, sent at once; anything else (news from someone
    else) waits for the recipient's working hours."""
    _check(payload, NOTICE_PAYLOADS[template], template.value)
    return _add(
        session,
        team_id=recipient.team_id,
        kind=DeliveryKind.NOTICE,
        key=f"notice:{template.value}:{key}",
        due_at=now,
        now=now,
        recipient=recipient,
        stored=encode_notice(template, payload, immediate=immediate),
    )


def snoozed_copy(
    session: Session, original: Delivery, *, key: str, due_at: datetime, now: datetime, recipient: Person
) -> Delivery:
    """Queue the later copy of a reminder its recipient snoozed: its stored payload as it was, marked snoozed."""
    return _add(
        session,
        team_id=original.team_id,
        kind=original.kind,
        key=key,
        due_at=due_at,
        now=now,
        recipient=recipient,
        stored=snoozed_payload(original),
    )
