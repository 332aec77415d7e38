"""Due reminders: a nudge about an open action item on its owner's last working day before it is due.

The key names the item and its due date, so moving the date gets a fresh reminder; one missed
(downtime) still goes if it can before the due day ends.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from sqlalchemy.orm import Session, selectinload

from bot.calendar.recurrence import to_local
from bot.domain.outbox import HORIZON
from bot.domain.outbox_payloads import DueReminder
from bot.domain.people import hours_for
from bot.domain.plan_report import PlanReport, catch_up, due_rows
from bot.models import ActionItem, DeliveryKind, ItemStatus, PersonStatus, Workspace

CLOSED = (ItemStatus.DONE, ItemStatus.DROPPED)


def plan_due_reminders(session: Session, workspace: Workspace, now: datetime, report: PlanReport) -> None:
    """Note a reminder for each due item whose due date is near: its owner's last working day on or before it."""
    owners = (selectinload(ActionItem.owner),)
    for chunk in due_rows(session, ActionItem, team_id=workspace.team_id, now=now, options=owners):
        for item in chunk:
            report.later(item, _plan_one(workspace, item, now, report))
        report.flush(session, now)


def _plan_one(workspace: Workspace, item: ActionItem, now: datetime, report: PlanReport) -> datetime | None:
    """Queue the item's reminder if its due date is near; returns when to look at it again (None: once it changes)."""
    owner = item.owner
    if item.status in CLOSED or item.due_date is None or owner.status is PersonStatus.LEFT:
        return None
    # The planning horizon reaches a due date on the UTC day HORIZON before it.
    if item.due_date > (now + HORIZON).date():
        return datetime.combine(item.due_date, time(0), UTC) - HORIZON
    if item.due_date < (now - timedelta(days=1)).date() or item.due_date < to_local(now, owner.tz).date():
        return None
    hours = hours_for(owner, workspace)
    day = hours.last_working_day_on_or_before(item.due_date)
    due = hours.next_open(hours.at(day, hours.start_minute))
    end_of_due_day = hours.at(item.due_date + timedelta(days=1), 0)
    due_at = catch_up(due, now=now, hours=hours, deadline=end_of_due_day)
    if due_at is not None:
        report.queue(
            kind=DeliveryKind.DUE_REMINDER,
            key=f"due:{item.id}:{item.due_date.isoformat()}",
            recipient=owner,
            due=due_at,
            payload=DueReminder(item.id, item.due_date),
        )
    return None
