"""What a person's private calendar feed holds: their 1:1 series (both roles), the office hours they
booked and the due dates of the open items they own. Titles only: no prep, no notes, nobody else's text.

A fixed number of statements per request (one per kind, each on an index), whatever the org's size.
"""

from __future__ import annotations

from datetime import datetime

import icalendar
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, aliased

from bot.calendar.ics import all_day_event, document, series_event, series_uid, timed_event
from bot.calendar.recurrence import to_local
from bot.domain.items import CLOSED
from bot.domain.moved_meetings import Rule, replaced_dates
from bot.models import ActionItem, Conversation, OneOnOneSeries, Person, PersonStatus
from bot.models.office_hours import OfficeHours, OfficeHoursBooking

FEED_NAME = "Career Prep"
# An item's text is the person's own words, but a calendar title is no place for a paragraph.
TITLE_LIMIT = 120
# Far more than anyone books or owns at once; a bound so one feed can't grow without limit.
MOST_ROWS = 500
PREP_HINT = "Prepare in Slack: /career-prep prep"
ITEM_HINT = "Update it in Slack: /career-prep items"


def feed_calendar(session: Session, *, person: Person, now: datetime) -> bytes:
    """The person's feed as an iCalendar document (no METHOD: a subscription, not an invitation)."""
    events = [
        *_one_on_ones(session, person, now),
        *_office_hours(session, person, now),
        *_due_dates(session, person, now),
    ]
    return document(events, method=None, name=FEED_NAME)


def _one_on_ones(session: Session, person: Person, now: datetime) -> list[icalendar.Event]:
    """Active series where the person is the employee, or the manager whose link the employee confirmed."""
    employee, manager = aliased(Person), aliased(Person)
    rows = session.execute(
        select(OneOnOneSeries, employee.display_name, manager.display_name, Conversation.moved_from)
        .join(employee, employee.id == OneOnOneSeries.employee_id)
        .join(manager, manager.id == OneOnOneSeries.manager_id)
        .outerjoin(  # the next meeting, for the occurrence it was moved off
            Conversation,
            and_(
                Conversation.series_id == OneOnOneSeries.id,
                Conversation.scheduled_at == OneOnOneSeries.next_meeting_at,
            ),
        )
        .where(
            OneOnOneSeries.team_id == person.team_id,
            OneOnOneSeries.active.is_(True),
            employee.status != PersonStatus.LEFT,
            manager.status != PersonStatus.LEFT,
            or_(
                OneOnOneSeries.employee_id == person.id,
                and_(
                    OneOnOneSeries.manager_id == person.id,
                    employee.manager_id == person.id,
                    employee.manager_confirmed.is_(True),
                ),
            ),
        )
        .order_by(OneOnOneSeries.id)
        .limit(MOST_ROWS)
    ).all()
    events: list[icalendar.Event] = []
    for series, employee_name, manager_name, moved_from in rows:
        title = f"1:1 with {manager_name if series.employee_id == person.id else employee_name}"
        events.extend(_series_events(series, moved_from, title=title, team_id=person.team_id, now=now))
    return events


def _series_events(
    series: OneOnOneSeries, moved_from: datetime | None, *, title: str, team_id: str, now: datetime
) -> list[icalendar.Event]:
    """The series as a repeating event; a next meeting moved off the rule (an accepted meeting request)
    becomes its own event, and the rule's dates it replaces (from the occurrence it was moved off up to
    it) are left out, as the bot itself plans the conversation after a moved one at the rule's next date
    after it (see moved_meetings; the calendar invite shows the same dates)."""
    anchor = datetime.fromisoformat(series.anchor_local)
    repeating = series_event(
        uid=_feed_uid(series_uid(team_id, series.id)),
        sequence=series.ics_sequence,
        summary=title,
        description=PREP_HINT,
        tz=series.tz,
        start_local=anchor,
        length_minutes=series.length_minutes,
        rrule=series.rrule,
        stamp=now,
    )
    moved_to = series.next_meeting_at
    if moved_to <= now:
        return [repeating]
    rule = Rule(series.rrule, series.anchor_local, series.tz)
    replaced = replaced_dates(rule, moved_to=moved_to, moved_from=moved_from, now=now)
    if replaced:
        repeating.add("exdate", [to_local(at, series.tz) for at in replaced])
    if rule.holds(moved_to):
        return [repeating]
    moved = timed_event(
        uid=_feed_uid(f"moved-{series.id}.{team_id}@career-prep"),
        summary=title,
        start=moved_to,
        length_minutes=series.length_minutes,
        tz=series.tz,
        stamp=now,
        description=PREP_HINT,
    )
    return [repeating, moved]


def _office_hours(session: Session, person: Person, now: datetime) -> list[icalendar.Event]:
    """Sessions the person booked and did not cancel, from now on."""
    rows = session.execute(
        select(OfficeHoursBooking.id, OfficeHoursBooking.session_at, OfficeHours.length_minutes, Person.display_name)
        .join(OfficeHours, OfficeHours.id == OfficeHoursBooking.office_hours_id)
        .join(Person, Person.id == OfficeHours.host_id)
        .where(
            OfficeHoursBooking.team_id == person.team_id,
            OfficeHoursBooking.booker_id == person.id,
            OfficeHoursBooking.cancelled_at.is_(None),
            OfficeHoursBooking.session_at >= now,
        )
        .order_by(OfficeHoursBooking.session_at)
        .limit(MOST_ROWS)
    ).all()
    return [
        timed_event(
            uid=_feed_uid(f"booking-{booking_id}.{person.team_id}@career-prep"),
            summary=f"Office hours with {host_name}",
            start=session_at,
            length_minutes=length,
            tz=person.tz,
            stamp=now,
        )
        for booking_id, session_at, length, host_name in rows
    ]


def _due_dates(session: Session, person: Person, now: datetime) -> list[icalendar.Event]:
    """Open items the person owns that have a due date: all-day events titled with their own words."""
    rows = session.execute(
        select(ActionItem.id, ActionItem.text, ActionItem.due_date)
        .where(
            ActionItem.team_id == person.team_id,
            ActionItem.owner_id == person.id,
            ActionItem.status.not_in(CLOSED),
            ActionItem.due_date.is_not(None),
        )
        .order_by(ActionItem.due_date, ActionItem.id)
        .limit(MOST_ROWS)
    ).all()
    return [
        all_day_event(
            uid=_feed_uid(f"item-{item_id}.{person.team_id}@career-prep"),
            summary=_title(text),
            day=due,
            stamp=now,
            description=ITEM_HINT,
        )
        for item_id, text, due in rows
        if due is not None
    ]


def _feed_uid(uid: str) -> str:
    """Feed events get their own UIDs, so a subscribed copy never fights an imported invite."""
    return f"feed-{uid}"


def _title(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= TITLE_LIMIT else line[: TITLE_LIMIT - 1].rstrip() + "…"
