"""The export: everything Career Prep stores about one person, as a Markdown document they own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from bot.domain.calendar_feed import write_calendar_feed
from bot.domain.export_asks import write_asks
from bot.domain.export_help import write_offer
from bot.domain.export_intros import write_intros
from bot.domain.export_opportunities import write_opportunities
from bot.domain.export_planning import write_planning
from bot.domain.export_reflections import write_reflections
from bot.domain.export_sections import (
    write_as_manager,
    write_check_ins,
    write_items,
    write_others,
    write_own_conversations,
    write_requests,
    write_setup,
)
from bot.domain.intro_records import intros_of
from bot.domain.manager_link import awaiting_confirmation, awaiting_or_declined
from bot.domain.markdown import Doc, day, inline, slug
from bot.domain.office_hours_records import write_office_hours
from bot.domain.people import find_person
from bot.models import (
    ActionItem,
    CheckIn,
    Conversation,
    DigestSubscription,
    Invitation,
    MeetingRequest,
    OneOnOneSeries,
    Person,
)


@dataclass(frozen=True)
class Export:
    """The finished document and how to name it."""

    filename: str
    title: str
    markdown: str
    as_of: date  # the reader's local date at export time


@dataclass(frozen=True)
class _Record:
    """Every row of the person's record. Rows of a manager link awaiting their confirmation, or that they
    declined with "Not me", are left out: nothing of that employee's is theirs to see."""

    series: OneOnOneSeries | None
    mine: list[Conversation]
    managed: list[Conversation]
    items: list[ActionItem]
    check_ins: list[CheckIn]
    requests: list[MeetingRequest]
    invitations: list[Invitation]
    digests: list[DigestSubscription]


def build_export(session: Session, *, team_id: str, slack_user_id: str, now: datetime) -> Export | None:
    """The person's whole record as Markdown; None when Career Prep stores nothing about them."""
    me = find_person(session, team_id=team_id, slack_user_id=slack_user_id)
    if me is None:
        return None
    doc = Doc(session, me)
    _write(doc, _record(session, me), now)
    write_intros(doc, intros_of(session, team_id=team_id, person_id=me.id))
    write_reflections(doc)
    today = now.astimezone(doc.zone).date()
    return Export(
        filename=f"career-prep-{slug(me.display_name)}-{today.isoformat()}.md",
        title=f"Career Prep record: {me.display_name or me.slack_user_id}, {day(today)}",
        markdown=doc.text(),
        as_of=today,
    )


def _record(session: Session, me: Person) -> _Record:
    team_id, by_time = me.team_id, Conversation.scheduled_at
    # Everything listed below is loaded with its query: relationships never lazy-load.
    mine = session.scalars(
        select(Conversation)
        .options(selectinload(Conversation.manager))
        .where(Conversation.team_id == team_id, Conversation.employee_id == me.id)
        .order_by(by_time)
    ).all()
    managed = session.scalars(
        select(Conversation)
        .options(selectinload(Conversation.employee))
        .where(Conversation.team_id == team_id, Conversation.manager_id == me.id)
        .order_by(by_time)
    ).all()
    items = session.scalars(
        select(ActionItem)
        .options(
            selectinload(ActionItem.owner),
            selectinload(ActionItem.counterpart),
            selectinload(ActionItem.conversation).selectinload(Conversation.employee),
            selectinload(ActionItem.history),
        )
        .join(Conversation, ActionItem.conversation_id == Conversation.id)
        .where(ActionItem.team_id == team_id, or_(ActionItem.owner_id == me.id, ActionItem.counterpart_id == me.id))
        .order_by(by_time, ActionItem.id)
    ).all()
    requests, invitations, digests = _requests_invitations_digests(session, me)
    check_ins = session.scalars(
        select(CheckIn)
        .options(selectinload(CheckIn.conversation).selectinload(Conversation.employee))
        .where(CheckIn.team_id == team_id, CheckIn.owner_id == me.id)
        .order_by(CheckIn.due_at, CheckIn.id)
    ).all()
    return _Record(
        series=session.scalar(
            select(OneOnOneSeries).where(OneOnOneSeries.team_id == team_id, OneOnOneSeries.employee_id == me.id)
        ),
        mine=list(mine),
        managed=[c for c in managed if not awaiting_or_declined(c, me.id)],
        items=[i for i in items if not awaiting_or_declined(i.conversation, me.id)],
        check_ins=[c for c in check_ins if not awaiting_or_declined(c.conversation, me.id)],
        requests=requests,
        invitations=invitations,
        digests=digests,
    )


def _requests_invitations_digests(
    session: Session, me: Person
) -> tuple[list[MeetingRequest], list[Invitation], list[DigestSubscription]]:
    team_id = me.team_id
    requests = session.scalars(
        select(MeetingRequest)
        .options(selectinload(MeetingRequest.employee), selectinload(MeetingRequest.manager))
        .where(
            MeetingRequest.team_id == team_id,
            or_(MeetingRequest.employee_id == me.id, MeetingRequest.manager_id == me.id),
        )
        .order_by(MeetingRequest.created_at, MeetingRequest.id)
    ).all()
    invitations = session.scalars(
        select(Invitation)
        .options(selectinload(Invitation.manager), selectinload(Invitation.invitee))
        .where(Invitation.team_id == team_id, or_(Invitation.manager_id == me.id, Invitation.invitee_id == me.id))
        .order_by(Invitation.id)
    ).all()
    digests = session.scalars(
        select(DigestSubscription)
        .where(DigestSubscription.team_id == team_id, DigestSubscription.owner_id == me.id)
        .order_by(DigestSubscription.id)
    ).all()
    return list(requests), list(invitations), list(digests)


def _write(doc: Doc, record: _Record, now: datetime) -> None:
    me = doc.reader
    doc.add(f"# Career Prep record: {inline(me.display_name or me.slack_user_id)}", "")
    doc.add(
        f"Exported {doc.when(now)}. Times are in your time zone, {inline(me.tz)}. This is everything Career Prep "
        "stores about you; prep you never shared was only ever visible to you.",
        "",
    )
    write_setup(doc, record.series)
    write_own_conversations(doc, record.mine)
    write_items(doc, record.items)
    write_check_ins(doc, record.check_ins)
    write_asks(doc)
    doc.add("## Meeting requests", "")
    sent = [r for r in record.requests if r.employee_id == me.id]
    if sent:
        write_requests(doc, sent, "###")
    else:
        doc.add("None yet.", "")
    write_others(doc, record.invitations, record.digests)
    write_office_hours(doc)
    write_offer(doc)
    write_planning(doc)
    write_calendar_feed(doc)
    write_opportunities(doc)
    # A request is the manager's to keep only once it reached them (held for a confirmation that
    # never came, or declined with "Not me", it never did).
    received = [
        r
        for r in record.requests
        if r.manager_id == me.id and r.manager_ts is not None and not awaiting_confirmation(r.employee, me.id)
    ]
    write_as_manager(doc, record.managed, received)
