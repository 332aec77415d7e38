"""The "did you meet?" question: two weeks after an intro is accepted (and once more two weeks after a
"not yet"), one DM to each of its two people, at the workspace's reminder minute in their own hours."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.calendar.recurrence import to_local
from bot.calendar.working_hours import WorkingHours
from bot.domain.outbox import HORIZON
from bot.domain.outbox_payloads import IntroFollowUp
from bot.domain.people import hours_for
from bot.domain.plan_report import PlanReport, due_rows
from bot.models import DeliveryKind, Intro, IntroState, Person, PersonStatus, Workspace


def follow_up_key(intro: Intro, person: Person) -> str:
    """One question per intro, round and person: planning again never queues a second."""
    return f"intro_follow_up:{intro.id}:{intro.follow_up_round}:{person.id}"


def follow_up_moment(hours: WorkingHours, due_at: datetime, *, minute: int) -> datetime:
    """The first working day's `minute` local (the workspace's reminder minute) at or after `due_at`:
    never before the two weeks are up, and always in the person's hours."""
    day = to_local(due_at, hours.tz).date()
    if not hours.is_working_day(day) or hours.at(day, minute) < due_at:
        day = hours.next_working_day(day)
    return hours.next_open(hours.at(day, minute))


def plan_intro_follow_ups(session: Session, workspace: Workspace, now: datetime, report: PlanReport) -> None:
    """Note each accepted intro's follow-up once its moment is within the horizon."""
    for chunk in due_rows(session, Intro, team_id=workspace.team_id, now=now):
        for intro in chunk:
            report.later(intro, _plan_one(session, workspace, intro, now, report))
        report.flush(session, now)


def _plan_one(
    session: Session, workspace: Workspace, intro: Intro, now: datetime, report: PlanReport
) -> datetime | None:
    """Queue both questions if their time is near; returns when to look again (None: once it changes)."""
    due_at = intro.follow_up_due_at
    if intro.state is not IntroState.ACCEPTED or due_at is None or intro.follow_up_round < 1:
        return None
    if due_at > now + HORIZON:
        return due_at - HORIZON
    for person_id in (intro.employee_id, intro.helper_id):
        person = session.get(Person, person_id) if person_id is not None else None
        if person is None or person.status is PersonStatus.LEFT:
            continue
        hours = hours_for(person, workspace)
        due = follow_up_moment(hours, due_at, minute=workspace.prep_reminder_minute)
        report.queue(
            kind=DeliveryKind.INTRO_FOLLOW_UP,
            key=follow_up_key(intro, person),
            recipient=person,
            due=max(due, hours.next_open(now)) if due < now else due,
            payload=IntroFollowUp(intro.id, intro.follow_up_round),
        )
    return None
