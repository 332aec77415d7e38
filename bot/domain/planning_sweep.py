"""Planning the team-planning digest: one DM a week before each planning date, in the manager's hours.

The planner sweeps TeamPlanning rows whose `plan_after` has come. The digest is due seven days before the
date (the working day on or before it, at the workspace's brief minute, in the manager's zone); its key
names the manager and the date, so planning again changes nothing and a new date gets its own digest. A
quarterly date rolls on three months once it has passed.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session, selectinload

from bot.calendar.recurrence import to_local
from bot.calendar.working_hours import WorkingHours
from bot.domain.outbox import HORIZON
from bot.domain.outbox_payloads import PlanningDigestRef
from bot.domain.people import hours_for
from bot.domain.plan_report import PlanReport, catch_up, due_rows
from bot.domain.planning import next_planning_date
from bot.models import DeliveryKind, PersonStatus, TeamPlanning, Workspace

DAYS_BEFORE = 7


def digest_moment(hours: WorkingHours, planning_on: date, *, minute: int) -> datetime:
    """When the digest for `planning_on` reaches the manager: a week before, on a working day, at `minute`."""
    day = hours.last_working_day_on_or_before(planning_on - timedelta(days=DAYS_BEFORE))
    return hours.next_open(hours.at(day, minute))


def digest_key(manager_id: int, planning_on: date) -> str:
    return f"planning_digest:{manager_id}:{planning_on.isoformat()}"


def plan_team_planning(session: Session, workspace: Workspace, now: datetime, report: PlanReport) -> None:
    """Note the digest of each planning date whose moment is within the horizon."""
    managers = (selectinload(TeamPlanning.manager),)
    for chunk in due_rows(session, TeamPlanning, team_id=workspace.team_id, now=now, options=managers):
        for planning in chunk:
            report.later(planning, _plan_one(workspace, planning, now, report))
        report.flush(session, now)


def _plan_one(workspace: Workspace, planning: TeamPlanning, now: datetime, report: PlanReport) -> datetime | None:
    """Queue the digest if it is near; returns when to look at the row again (None: once it changes)."""
    manager = planning.manager
    if manager.status is PersonStatus.LEFT:
        return None
    hours = hours_for(manager, workspace)
    today = to_local(now, hours.tz).date()
    upcoming = next_planning_date(planning.planning_on, quarterly=planning.quarterly, today=today)
    if upcoming != planning.planning_on:  # a quarterly date that passed rolls on
        planning.planning_on = upcoming
        planning.updated_at = now
    if upcoming < today:
        return None  # a one-off date that has passed: nothing more until a new one is set
    # A quarterly date is looked at again once it has passed, to roll on.
    after = hours.at(upcoming + timedelta(days=1), 0) if planning.quarterly else None
    if planning.digest_for == upcoming:
        return after
    due = digest_moment(hours, upcoming, minute=workspace.manager_brief_minute)
    if due > now + HORIZON:
        return due - HORIZON
    # Set late (less than a week ahead): the digest goes at once, in hours, if that is before the day.
    due_at = catch_up(due, now=now, hours=hours, deadline=hours.at(upcoming, 0))
    if due_at is not None:
        report.queue(
            kind=DeliveryKind.PLANNING_DIGEST,
            key=digest_key(manager.id, upcoming),
            recipient=manager,
            due=due_at,
            payload=PlanningDigestRef(manager.id, upcoming),
        )
        planning.digest_for = upcoming
    return after
