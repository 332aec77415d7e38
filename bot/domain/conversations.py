"""Which conversation is next for a person, rolling a recurring series forward when one has passed."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.calendar.recurrence import next_occurrence, previous_occurrence
from bot.domain.errors import DomainError, NotFound
from bot.domain.people import find_person, person_by_id
from bot.domain.prep_share import meeting_moved
from bot.domain.replan import mark
from bot.models import Conversation, ConversationState, OneOnOneSeries, Person, PersonStatus

RECAP_WINDOW = timedelta(days=4)  # after this, an unrecorded meeting is left to the digest
LAST_CALL = timedelta(hours=1)  # a prep reminder or brief this close to the meeting is pointless

NOT_SET_UP = "You haven't set up your 1:1s yet. Run `/career-prep settings` first."


class ManagerGone(DomainError):
    """The employee's manager has left the workspace; setup must pick someone else."""


def series_for(session: Session, *, team_id: str, employee: Person) -> OneOnOneSeries | None:
    """The employee's 1:1 series, if they have set one up."""
    return session.scalar(
        select(OneOnOneSeries).where(OneOnOneSeries.team_id == team_id, OneOnOneSeries.employee_id == employee.id)
    )


def ends_at(conversation: Conversation) -> datetime:
    return conversation.scheduled_at + timedelta(minutes=conversation.length_minutes)


def active_series(session: Session, *, team_id: str, slack_user_id: str) -> tuple[Person, OneOnOneSeries]:
    """The person and their active series; NotFound if not set up, ManagerGone if the manager left."""
    person = find_person(session, team_id=team_id, slack_user_id=slack_user_id)
    series = series_for(session, team_id=team_id, employee=person) if person is not None else None
    if person is None or series is None or not series.active:
        raise NotFound(NOT_SET_UP)
    manager = person_by_id(session, series.manager_id)
    if manager.status is PersonStatus.LEFT:
        raise ManagerGone(
            f"{manager.display_name} is no longer in this workspace. Run `/career-prep settings` to pick "
            "the manager you have 1:1s with now; nothing you prepared is lost."
        )
    return person, series


def upcoming_conversation(session: Session, *, series: OneOnOneSeries, now: datetime) -> Conversation:
    """The planned conversation that has not ended yet, creating the next occurrence if needed."""
    planned = session.scalar(
        select(Conversation)
        .where(
            Conversation.series_id == series.id,
            Conversation.state == ConversationState.PLANNED,
            Conversation.recap_submitted_at.is_(None),
        )
        .order_by(Conversation.scheduled_at.desc())
    )
    if planned is not None and ends_at(planned) > now:
        return planned
    if planned is not None:
        start = _next_start(series, max(now, planned.scheduled_at))
    else:
        start = series.next_meeting_at if series.next_meeting_at > now else _next_start(series, now)
    # Skip a slot that already holds a conversation that took place (recapped or skipped).
    while (taken := _at(session, series, start)) is not None and taken.state is not ConversationState.PLANNED:
        start = _next_start(series, start)
    return plan_conversation(session, series=series, at=start, now=now)


def _at(session: Session, series: OneOnOneSeries, at: datetime) -> Conversation | None:
    return session.scalar(
        select(Conversation).where(Conversation.series_id == series.id, Conversation.scheduled_at == at)
    )


def _next_start(series: OneOnOneSeries, after: datetime) -> datetime:
    anchor = datetime.fromisoformat(series.anchor_local)
    found = next_occurrence(series.rrule, anchor, series.tz, after)
    if found is None:  # rules here never end, but a hand-edited one could
        raise NotFound("Your 1:1 series has no upcoming date. Run `/career-prep settings` to set the next one.")
    return found


def latest_started(session: Session, *, series: OneOnOneSeries, now: datetime) -> Conversation | None:
    """The most recent conversation that has started, creating the rule's last occurrence if the
    meeting happened without the bot hearing of it (nobody prepped, nothing rolled forward)."""
    occurrence = previous_occurrence(series.rrule, datetime.fromisoformat(series.anchor_local), series.tz, now)
    if occurrence is not None:
        later = session.scalar(
            select(Conversation.id).where(Conversation.series_id == series.id, Conversation.scheduled_at >= occurrence)
        )
        if later is None:
            plan_conversation(session, series=series, at=occurrence, now=now)
    return session.scalar(
        select(Conversation)
        .where(
            Conversation.series_id == series.id,
            Conversation.scheduled_at <= now,
            Conversation.state.in_([ConversationState.PLANNED, ConversationState.HELD]),
        )
        .order_by(Conversation.scheduled_at.desc())
    )


def plan_conversation(session: Session, *, series: OneOnOneSeries, at: datetime, now: datetime) -> Conversation:
    """The planned conversation at `at` (created if needed); the series' next meeting follows it."""
    conversation = _at(session, series, at) or _create(session, series=series, at=at, now=now)
    if at > now:  # a past meeting being recorded late does not change what comes next
        series.next_meeting_at = at
        series.updated_at = now
    mark(series, now=now)
    session.flush()
    return conversation


def _create(session: Session, *, series: OneOnOneSeries, at: datetime, now: datetime) -> Conversation:
    """A new conversation at `at`, or the one another process (the planner in another web process, the
    employee's own click) created there a moment ago: the insert is undone alone, in a savepoint."""
    conversation = Conversation(
        team_id=series.team_id,
        series_id=series.id,
        employee_id=series.employee_id,
        manager_id=series.manager_id,
        scheduled_at=at,
        length_minutes=series.length_minutes,
        state=ConversationState.PLANNED,
        prep_revision=0,
        created_at=now,
        updated_at=now,
    )
    try:
        with session.begin_nested():
            session.add(conversation)
    except IntegrityError:
        theirs = _at(session, series, at)
        if theirs is None:
            raise
        return theirs
    return conversation


def move_conversation(
    session: Session, *, conversation: Conversation, at: datetime, now: datetime, onto_rule: bool = False
) -> Conversation:
    """Move a planned conversation (keeping its prep) to `at`, and the series' next meeting with it;
    a shared agenda's copy follows the new date. It remembers the rule's occurrence it first stood on,
    which calendars show it replacing, unless it moves onto a (new) rule's date (`onto_rule`)."""
    moved = conversation.scheduled_at != at
    if onto_rule:
        conversation.moved_from = None
    elif moved and conversation.moved_from is None:
        conversation.moved_from = conversation.scheduled_at
    conversation.scheduled_at = at
    conversation.updated_at = now
    series = session.get(OneOnOneSeries, conversation.series_id)
    assert series is not None
    series.next_meeting_at = at
    series.updated_at = now
    mark(series, now=now)
    if moved:
        meeting_moved(session, conversation, now=now)
    session.flush()
    return conversation
