"""The planner's sweep for opportunities: each one is looked at once its closing moment (the end of its
closing day in the owner's zone, stored as `plan_after`) has come; it closes, and everyone who said they
were interested is told, in their own working hours."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session, selectinload

from bot.domain.opportunities import close, closes_at, tell_interested
from bot.domain.plan_report import PlanReport, due_rows
from bot.models import Workspace
from bot.models.opportunity import Opportunity


def plan_opportunities(session: Session, workspace: Workspace, now: datetime, report: PlanReport) -> None:
    """Close each opportunity whose closing day is over (one indexed query when none is)."""
    owners = (selectinload(Opportunity.owner),)
    for chunk in due_rows(session, Opportunity, team_id=workspace.team_id, now=now, options=owners):
        for row in chunk:
            moment = closes_at(row, row.owner)
            if moment > now:  # the owner's zone changed since it was planned
                report.later(row, moment)
                continue
            seen = row.plan_after
            if close(row, now=now):
                tell_interested(session, row, now)
            row.plan_after = seen  # the report's compare-and-set clears it
            report.later(row, None)
        report.flush(session, now)
