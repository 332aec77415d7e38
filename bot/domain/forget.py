"""Forgetting a person: their own record is deleted; what is someone else's record is kept, without them.

A person's conversations as the employee are theirs and go entirely, with everything hanging off them.
Conversations where they were the manager are their reports' record and stay; the person row they point
at is scrubbed of anything that identifies the person, and the reports are detached and told.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, exists, or_, select
from sqlalchemy.orm import Session

from bot.domain.items import CLOSED, record
from bot.domain.outbox import notice
from bot.domain.outbox_payloads import ItemsClosed, Notice
from bot.domain.people import find_person
from bot.domain.posted import Holding, PostedMessage, posted_holding
from bot.domain.prep_answers import PrepAnswers
from bot.models import (
    ActionItem,
    ActionItemEvent,
    CheckIn,
    Conversation,
    ConversationState,
    Delivery,
    DeliveryState,
    DigestSubscription,
    Invitation,
    ItemStatus,
    MeetingRequest,
    OneOnOneSeries,
    Person,
    PersonStatus,
    RequestState,
)
from bot.models.person import DEFAULT_TZ

FORMER_NAME = "Former colleague"
PLACEHOLDER_PREFIX = "forgotten-"
DROP_NOTE = "closed automatically: the person who owned it deleted their Career Prep data"
CANCEL_REASON = "it was about someone who deleted their Career Prep data"
# Payload keys that name a person directly.
_PERSON_KEYS = ("employee_id", "manager_id", "actor_id")


@dataclass(frozen=True)
class ForgetSummary:
    """What forgetting someone would delete, and what it would do to other people's records."""

    conversations: int
    preps: int
    recaps: int
    items: int
    check_ins: int
    requests: int
    shared: int  # own conversations whose agenda or recap was sent to the manager
    reports: int  # people who would have to pick a manager again
    items_to_close: int  # open items the person owes someone they manage(d)
    kept_conversations: int  # conversations where the person was the manager


@dataclass(frozen=True)
class ForgetResult:
    summary: ForgetSummary
    scrubbed: bool  # True: the row stays as a nameless placeholder, because others' records point at it
    told: int  # notices queued for other people
    # Messages the bot posted that held the deleted text, for the edge to delete from Slack.
    posted: tuple[PostedMessage, ...] = ()


@dataclass(frozen=True)
class _Scope:
    """Every row forgetting touches, gathered once so the summary and the deletion agree."""

    person: Person
    own: tuple[Conversation, ...]
    managed: tuple[Conversation, ...]
    own_items: tuple[int, ...]
    to_close: tuple[ActionItem, ...]
    check_ins: tuple[int, ...]
    requests: tuple[int, ...]  # meeting requests the person made
    reports: tuple[Person, ...]

    def summary(self) -> ForgetSummary:
        return ForgetSummary(
            conversations=len(self.own),
            preps=sum(1 for c in self.own if not PrepAnswers.from_json(c.prep).is_empty()),
            recaps=sum(1 for c in self.own if c.state is ConversationState.HELD),
            items=len(self.own_items),
            check_ins=len(self.check_ins),
            requests=len(self.requests),
            shared=sum(1 for c in self.own if c.prep_shared_at is not None or c.state is ConversationState.HELD),
            reports=len(self.reports),
            items_to_close=len(self.to_close),
            kept_conversations=len(self.managed),
        )


def _scope(session: Session, person: Person) -> _Scope:
    team_id = person.team_id
    conversations = session.scalars(
        select(Conversation)
        .where(
            Conversation.team_id == team_id,
            or_(Conversation.employee_id == person.id, Conversation.manager_id == person.id),
        )
        .order_by(Conversation.id)
    ).all()
    own = tuple(c for c in conversations if c.employee_id == person.id)
    own_ids = [c.id for c in own]
    own_items = session.scalars(select(ActionItem.id).where(ActionItem.conversation_id.in_(own_ids))).all()
    to_close = session.scalars(
        select(ActionItem)
        .where(
            ActionItem.team_id == team_id,
            ActionItem.owner_id == person.id,
            ActionItem.conversation_id.not_in(own_ids),
            ActionItem.status.not_in(CLOSED),
        )
        .order_by(ActionItem.id)
    ).all()
    check_ins = session.scalars(
        select(CheckIn.id).where(
            CheckIn.team_id == team_id, or_(CheckIn.owner_id == person.id, CheckIn.conversation_id.in_(own_ids))
        )
    ).all()
    requests = session.scalars(
        select(MeetingRequest.id).where(MeetingRequest.team_id == team_id, MeetingRequest.employee_id == person.id)
    ).all()
    managed_series = select(OneOnOneSeries.employee_id).where(
        OneOnOneSeries.team_id == team_id, OneOnOneSeries.manager_id == person.id, OneOnOneSeries.active.is_(True)
    )
    reports = session.scalars(
        select(Person)
        .where(
            Person.team_id == team_id,
            Person.id != person.id,
            or_(Person.manager_id == person.id, Person.id.in_(managed_series)),
        )
        .order_by(Person.id)
    ).all()
    return _Scope(
        person=person,
        own=own,
        managed=tuple(c for c in conversations if c.employee_id != person.id),
        own_items=tuple(own_items),
        to_close=tuple(to_close),
        check_ins=tuple(check_ins),
        requests=tuple(requests),
        reports=tuple(reports),
    )


def forget_summary(session: Session, *, team_id: str, slack_user_id: str) -> ForgetSummary | None:
    """What `forget` would do for this person; None when Career Prep stores nothing about them."""
    person = find_person(session, team_id=team_id, slack_user_id=slack_user_id)
    return _scope(session, person).summary() if person is not None else None


def forget(session: Session, *, team_id: str, slack_user_id: str, now: datetime) -> ForgetResult | None:
    """Delete the person's data, close what they owed others, detach their reports; None if nothing is stored."""
    person = find_person(session, team_id=team_id, slack_user_id=slack_user_id)
    if person is None:
        return None
    scope = _scope(session, person)
    summary = scope.summary()
    holding = Holding(person, [c.id for c in scope.own], scope.own_items, scope.check_ins, scope.requests)
    posted = posted_holding(session, holding)
    _cancel_for_others(session, scope, now)
    _delete_own(session, scope)
    told = _close_and_detach(session, scope, now)
    session.flush()
    scrubbed = _scrub_or_delete(session, person, now)
    session.flush()
    return ForgetResult(summary=summary, scrubbed=scrubbed, told=told, posted=posted)


def _refs(session: Session, scope: _Scope) -> dict[str, set[int]]:
    """Payload ids that make a queued message about this person or their deleted rows."""
    person, team_id = scope.person, scope.person.team_id
    upcoming = [c.id for c in scope.managed if c.state is ConversationState.PLANNED]
    series = session.scalars(
        select(OneOnOneSeries.id).where(
            OneOnOneSeries.team_id == team_id,
            or_(OneOnOneSeries.employee_id == person.id, OneOnOneSeries.manager_id == person.id),
        )
    )
    requests = session.scalars(
        select(MeetingRequest.id).where(
            MeetingRequest.team_id == team_id,
            or_(MeetingRequest.employee_id == person.id, MeetingRequest.manager_id == person.id),
        )
    )
    invitations = session.scalars(
        select(Invitation.id).where(
            Invitation.team_id == team_id, or_(Invitation.manager_id == person.id, Invitation.invitee_id == person.id)
        )
    )
    digests = session.scalars(
        select(DigestSubscription.id).where(
            DigestSubscription.team_id == team_id, DigestSubscription.owner_id == person.id
        )
    )
    refs = {
        "conversation_id": {c.id for c in scope.own} | set(upcoming),
        "item_id": set(scope.own_items) | {i.id for i in scope.to_close},
        "check_in_id": set(scope.check_ins),
        "series_id": set(series),
        "request_id": set(requests),
        "invitation_id": set(invitations),
        "subscription_id": set(digests),
    }
    refs.update({key: {person.id} for key in _PERSON_KEYS})
    return refs


def _about(payload: dict[str, Any], refs: dict[str, set[int]]) -> bool:
    return any(isinstance(payload.get(key), int) and payload[key] in ids for key, ids in refs.items())


def _cancel_for_others(session: Session, scope: _Scope, now: datetime) -> None:
    """Messages still queued for other people about this person (a reminder of a 1:1 with them, a notice
    naming them) would point at nobody: they are cancelled, with the reason kept."""
    refs = _refs(session, scope)
    queued = session.scalars(
        select(Delivery).where(
            Delivery.team_id == scope.person.team_id,
            Delivery.state == DeliveryState.PENDING,
            or_(Delivery.recipient_id.is_(None), Delivery.recipient_id != scope.person.id),
        )
    )
    for delivery in queued:
        if _about(delivery.payload or {}, refs):
            delivery.state = DeliveryState.CANCELLED
            delivery.last_error = CANCEL_REASON
            delivery.updated_at = now


def _delete_own(session: Session, scope: _Scope) -> None:
    """The person's own record, children first, so nothing depends on the database's cascades."""
    person, team_id = scope.person, scope.person.team_id
    own_ids = [c.id for c in scope.own]
    session.execute(delete(ActionItemEvent).where(ActionItemEvent.item_id.in_(scope.own_items)))
    session.execute(delete(ActionItem).where(ActionItem.id.in_(scope.own_items)))
    session.execute(delete(CheckIn).where(CheckIn.id.in_(scope.check_ins)))
    session.execute(delete(Conversation).where(Conversation.id.in_(own_ids)))
    session.execute(
        delete(OneOnOneSeries).where(OneOnOneSeries.team_id == team_id, OneOnOneSeries.employee_id == person.id)
    )
    session.execute(
        delete(MeetingRequest).where(MeetingRequest.team_id == team_id, MeetingRequest.employee_id == person.id)
    )
    session.execute(
        delete(Invitation).where(
            Invitation.team_id == team_id, or_(Invitation.manager_id == person.id, Invitation.invitee_id == person.id)
        )
    )
    session.execute(
        delete(DigestSubscription).where(
            DigestSubscription.team_id == team_id, DigestSubscription.owner_id == person.id
        )
    )
    # A message mid-send (claimed by the relay) is left to finish; it can no longer be stopped.
    session.execute(
        delete(Delivery).where(
            Delivery.team_id == team_id, Delivery.recipient_id == person.id, Delivery.state != DeliveryState.CLAIMED
        )
    )


def _close_and_detach(session: Session, scope: _Scope, now: datetime) -> int:
    """Close what the person owed others, detach their reports, and tell each affected person once."""
    person = scope.person
    closed: dict[int, list[int]] = defaultdict(list)
    for item in scope.to_close:
        record(item, actor=None, to=ItemStatus.DROPPED, note=DROP_NOTE, now=now)
        closed[item.counterpart_id].append(item.id)
    for report in scope.reports:
        report.manager_id = None
        report.manager_confirmed = False
        report.manager_confirmed_at = None
        report.updated_at = now
    for series in session.scalars(
        select(OneOnOneSeries).where(
            OneOnOneSeries.team_id == person.team_id,
            OneOnOneSeries.manager_id == person.id,
            OneOnOneSeries.active.is_(True),
        )
    ):
        series.active = False
        series.updated_at = now
    for request in session.scalars(
        select(MeetingRequest).where(
            MeetingRequest.team_id == person.team_id,
            MeetingRequest.manager_id == person.id,
            MeetingRequest.state.in_((RequestState.PENDING, RequestState.COUNTERED)),
        )
    ):
        request.state = RequestState.WITHDRAWN  # nobody is left to answer it
        request.updated_at = now
    report_ids = {r.id for r in scope.reports}
    told = 0
    for recipient_id in sorted(report_ids | set(closed)):
        recipient = session.get(Person, recipient_id)
        if recipient is None:
            continue
        template = Notice.FORGET_MANAGER_DETACHED if recipient_id in report_ids else Notice.FORGET_ITEMS_DROPPED
        key = f"{person.id}:{recipient_id}:{int(now.timestamp())}"
        closed_items = ItemsClosed(tuple(closed.get(recipient_id, [])))
        notice(session, recipient=recipient, template=template, payload=closed_items, key=key, now=now)
        told += 1
    return told


def _scrub_or_delete(session: Session, person: Person, now: datetime) -> bool:
    """Delete the person row unless other people's records point at it; then keep it, without the person."""
    pid = person.id
    pointed_at = session.scalar(
        select(
            exists().where(Conversation.manager_id == pid)
            | exists().where(OneOnOneSeries.manager_id == pid)
            | exists().where(MeetingRequest.manager_id == pid)
            | exists().where(or_(ActionItem.owner_id == pid, ActionItem.counterpart_id == pid))
            | exists().where(Delivery.recipient_id == pid)
        )
    )
    if not pointed_at:
        session.delete(person)
        return False
    person.display_name = FORMER_NAME
    person.slack_user_id = f"{PLACEHOLDER_PREFIX}{pid}"
    person.status = PersonStatus.LEFT
    person.tz = DEFAULT_TZ
    person.manager_id = None
    person.manager_confirmed = False
    person.manager_confirmed_at = None
    person.paused_until = None
    person.work_start_minute = person.work_end_minute = None
    person.updated_at = now
    return True
