"""Due reminders: a nudge about an open action item on its owner's last working day before it is due.

The key names the item and its due date, so moving the date gets a fresh reminder; one missed
(downtime) still goes if it can before the due day ends.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.calendar.recurrence import to_local
from bot.domain.outbox import HORIZON
from bot.domain.outbox_payloads import DueReminder
from bot.domain.people import hours_for
from bot.domain.plan_report import PlanReport, catch_up
from bot.models import ActionItem, DeliveryKind, ItemStatus, PersonStatus, Workspace


def plan_due_reminders(session: Session, workspace: Workspace, now: datetime, report: PlanReport) -> None:
    """Note a reminder for each open item due soon: its owner's last working day on or before the due date."""
    soon = (now + HORIZON).date()
    items = session.scalars(
        select(ActionItem)
        .options(selectinload(ActionItem.owner))
        .where(
            ActionItem.team_id == workspace.team_id,
            ActionItem.status.not_in([ItemStatus.DONE, ItemStatus.DROPPED]),
            ActionItem.due_date.is_not(None),
            ActionItem.due_date <= soon,
            ActionItem.due_date >= (now - timedelta(days=1)).date(),
        )
    ).all()
    for item in items:
        owner = item.owner
        assert item.due_date is not None
        if owner.status is PersonStatus.LEFT or item.due_date < to_local(now, owner.tz).date():
            continue
        hours = hours_for(owner, workspace)
        day = hours.last_working_day_on_or_before(item.due_date)
        due = hours.next_open(hours.at(day, hours.start_minute))
        end_of_due_day = hours.at(item.due_date + timedelta(days=1), 0)
        due_at = catch_up(due, now=now, hours=hours, deadline=end_of_due_day)
        if due_at is None:
            continue
        report.queue(
            kind=DeliveryKind.DUE_REMINDER,
            key=f"due:{item.id}:{item.due_date.isoformat()}",
            recipient=owner,
            due=due_at,
            payload=DueReminder(item.id, item.due_date),
        )
