"""Check-ins: when the question about their items, weeks after a recap, reaches each owner.

A check-in is due at a moment; it goes at the workspace's reminder minute, local to the owner, on
that day or the next working day. Its key names the check-in, so the planner queues it once.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.calendar.recurrence import to_local
from bot.calendar.working_hours import WorkingHours
from bot.domain.outbox import HORIZON
from bot.domain.outbox_payloads import CheckInRef
from bot.domain.people import hours_for
from bot.domain.plan_report import PlanReport
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
    """Note each pending check-in due within the horizon, at its moment (or now, if that passed)."""
    pending = session.scalars(
        select(CheckIn)
        .options(selectinload(CheckIn.owner))
        .where(
            CheckIn.team_id == workspace.team_id,
            CheckIn.sent_at.is_(None),
            CheckIn.completed_at.is_(None),
            CheckIn.due_at <= now + HORIZON,
        )
    ).all()
    for check_in in pending:
        owner = check_in.owner
        if owner.status is PersonStatus.LEFT:
            continue
        hours = hours_for(owner, workspace)
        due = check_in_moment(hours, check_in.due_at, minute=workspace.prep_reminder_minute)
        report.queue(
            kind=DeliveryKind.CHECK_IN,
            key=f"check_in:{check_in.id}",
            recipient=owner,
            due=max(due, hours.next_open(now)) if due < now else due,
            payload=CheckInRef(check_in.id, check_in.conversation_id),
        )
