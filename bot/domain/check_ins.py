"""Check-ins: when the question about their items, weeks after a recap, reaches each owner.

A check-in is due at a moment; it goes at the workspace's reminder minute, local to the owner, on
that day or the next working day. Its key names the check-in, so the planner queues it once.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session, selectinload

from bot.calendar.recurrence import to_local
from bot.calendar.working_hours import WorkingHours
from bot.domain.outbox import HORIZON
from bot.domain.outbox_payloads import CheckInRef
from bot.domain.people import hours_for
from bot.domain.plan_report import PlanReport, due_rows
from bot.models import CheckIn, DeliveryKind, Person, PersonStatus, Workspace


def check_in_moment(hours: WorkingHours, due_at: datetime, *, minute: int) -> datetime:
    """When a check-in due at `due_at` reaches its owner: `minute` local on that day, or on the next
    working day when it falls on a weekend or holiday (announcements quote this, not `due_at`)."""
    day = to_local(due_at, hours.tz).date()
    if not hours.is_working_day(day):
        day = hours.next_working_day(day)
    return hours.next_open(hours.at(day, minute))


def check_in_at(session: Session, check_in: CheckIn) -> datetime:
    """The moment the planner will send this check-in to its owner."""
    workspace = session.get(Workspace, check_in.team_id)
    assert workspace is not None
    owner = session.get(Person, check_in.owner_id)
    assert owner is not None
    return check_in_moment(hours_for(owner, workspace), check_in.due_at, minute=workspace.prep_reminder_minute)


def plan_check_ins(session: Session, workspace: Workspace, now: datetime, report: PlanReport) -> None:
    """Note each due check-in whose moment is within the horizon, at that moment (or now, if it passed)."""
    owners = (selectinload(CheckIn.owner),)
    for chunk in due_rows(session, CheckIn, team_id=workspace.team_id, now=now, options=owners):
        for check_in in chunk:
            report.later(check_in, _plan_one(workspace, check_in, now, report))
        report.flush(session, now)


def _plan_one(workspace: Workspace, check_in: CheckIn, now: datetime, report: PlanReport) -> datetime | None:
    """Queue the check-in if its time is near; returns when to look at it again (None: once it changes)."""
    owner = check_in.owner
    if check_in.sent_at is not None or check_in.completed_at is not None or owner.status is PersonStatus.LEFT:
        return None
    if check_in.due_at > now + HORIZON:
        return check_in.due_at - HORIZON
    hours = hours_for(owner, workspace)
    due = check_in_moment(hours, check_in.due_at, minute=workspace.prep_reminder_minute)
    report.queue(
        kind=DeliveryKind.CHECK_IN,
        key=f"check_in:{check_in.id}",
        recipient=owner,
        due=max(due, hours.next_open(now)) if due < now else due,
        payload=CheckInRef(check_in.id, check_in.conversation_id),
    )
    return None
