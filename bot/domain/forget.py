"""Forgetting a person: their own record is deleted; what is someone else's record is kept, without them.

A person's conversations as the employee are theirs and go entirely, with everything hanging off them.
Conversations where they were the manager are their reports' record and stay; the person row they point
at is scrubbed of anything that identifies the person, and the reports are detached and told.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, exists, or_, select
from sqlalchemy.orm import Session

from bot.domain import calendar_invites
from bot.domain.calendar_feed import delete_feed
from bot.domain.forget_asks import forget_asks
from bot.domain.forget_outbox import cancel_for_others
from bot.domain.forget_scope import ForgetSummary, Scope, forget_scope
from bot.domain.intro_records import forget_in_intros
from bot.domain.items import record
from bot.domain.office_hours_records import delete_office_hours, office_hours_refs
from bot.domain.opportunities import forget_opportunities
from bot.domain.outbox import notice
from bot.domain.outbox_payloads import ItemsClosed, Notice
from bot.domain.outbox_payloads.stored import Ref
from bot.domain.people import find_person
from bot.domain.posted import Holding, PostedMessage, posted_holding
from bot.models import (
    ActionItem,
    ActionItemEvent,
    Ask,
    CheckIn,
    Conversation,
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
    TeamPlanning,
)
from bot.models.help_offer import HelpOffer
from bot.models.person import DEFAULT_TZ
from bot.models.reflection import Reflection

FORMER_NAME = "Former colleague"
PLACEHOLDER_PREFIX = "forgotten-"
DROP_NOTE = "closed automatically: the person who owned it deleted their Career Prep data"


@dataclass(frozen=True)
class ForgetResult:
    summary: ForgetSummary
    scrubbed: bool  # True: the row stays as a nameless placeholder, because others' records point at it
    told: int  # notices queued for other people
    # Messages the bot posted that held the deleted text, for the edge to delete from Slack.
    posted: tuple[PostedMessage, ...] = ()


def forget_summary(session: Session, *, team_id: str, slack_user_id: str) -> ForgetSummary | None:
    """What `forget` would do for this person; None when Career Prep stores nothing about them."""
    person = find_person(session, team_id=team_id, slack_user_id=slack_user_id)
    return forget_scope(session, person).summary() if person is not None else None


def forget(session: Session, *, team_id: str, slack_user_id: str, now: datetime) -> ForgetResult | None:
    """Delete the person's data, close what they owed others, detach their reports; None if nothing is stored."""
    person = find_person(session, team_id=team_id, slack_user_id=slack_user_id)
    if person is None:
        return None
    scope = forget_scope(session, person)
    summary = scope.summary()
    hours_refs = office_hours_refs(session, person)
    holding = Holding(
        person,
        [c.id for c in scope.own],
        scope.own_items,
        scope.check_ins,
        scope.requests,
        scope.asks,
        office_hours_ids=hours_refs[Ref.OFFICE_HOURS],
        booking_ids=hours_refs[Ref.BOOKING],
    )
    posted = posted_holding(session, holding)
    cancel_for_others(session, scope, now)
    calendar_invites.before_forget(session, employee=person, now=now)
    forget_asks(session, person, now=now)
    forget_in_intros(session, team_id=team_id, person_id=person.id, now=now)
    _delete_own(session, scope)
    delete_office_hours(session, person, now)
    told = _close_and_detach(session, scope, now)
    session.flush()
    scrubbed = _scrub_or_delete(session, person, now)
    session.flush()
    return ForgetResult(summary=summary, scrubbed=scrubbed, told=told, posted=posted)


def _delete_own(session: Session, scope: Scope) -> None:
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
    session.execute(delete(HelpOffer).where(HelpOffer.team_id == team_id, HelpOffer.person_id == person.id))
    session.execute(delete(TeamPlanning).where(TeamPlanning.team_id == team_id, TeamPlanning.manager_id == person.id))
    delete_feed(session, team_id=team_id, person_id=person.id)  # the private calendar URL dies with the rest
    forget_opportunities(session, person)
    session.execute(delete(Reflection).where(Reflection.team_id == team_id, Reflection.employee_id == person.id))
    # A message mid-send (claimed by the relay) is left to finish; it can no longer be stopped.
    session.execute(
        delete(Delivery).where(
            Delivery.team_id == team_id, Delivery.recipient_id == person.id, Delivery.state != DeliveryState.CLAIMED
        )
    )


def _close_and_detach(session: Session, scope: Scope, now: datetime) -> int:
    """Close what the person owed others, detach their reports, and tell each affected person once."""
    person = scope.person
    closed: dict[int, list[int]] = defaultdict(list)
    for item in scope.to_close:
        record(item, actor=None, to=ItemStatus.DROPPED, note=DROP_NOTE, now=now)
        closed[item.counterpart_id].append(item.id)
    _detach(session, scope, now)
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


def _detach(session: Session, scope: Scope, now: datetime) -> None:
    """The person's reports lose their manager, and the 1:1s and open requests with them as manager end."""
    person = scope.person
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
        # The manager's data is going: the employee's calendar drops the series, the manager gets nothing.
        calendar_invites.after_end(session, series=series, manager_knew=False, now=now)
    for request in session.scalars(
        select(MeetingRequest).where(
            MeetingRequest.team_id == person.team_id,
            MeetingRequest.manager_id == person.id,
            MeetingRequest.state.in_((RequestState.PENDING, RequestState.COUNTERED)),
        )
    ):
        request.state = RequestState.WITHDRAWN  # nobody is left to answer it
        request.updated_at = now


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
            | exists().where(Ask.asked_id == pid)
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
