"""The planner's sweep for opportunities. A new one with an announce channel is looked at just after its
announcement is due, so its owner hears at once if the channel refused it; after that, once its closing
moment (the end of its closing day in the owner's zone) has come: it closes, and everyone who said they
were interested is told, in their own working hours."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from bot.domain.opportunities import ANNOUNCE_CHECK, announcement_key, close, closes_at, tell_interested
from bot.domain.outbox import notice
from bot.domain.outbox_payloads import AnnouncementRefused, Notice
from bot.domain.plan_report import PlanReport, due_rows
from bot.models import Delivery, DeliveryState, Workspace
from bot.models.opportunity import Opportunity


def plan_opportunities(session: Session, workspace: Workspace, now: datetime, report: PlanReport) -> None:
    """Each due opportunity: its announcement checked, or it closes (one indexed query when none is due)."""
    owners = (selectinload(Opportunity.owner),)
    for chunk in due_rows(session, Opportunity, team_id=workspace.team_id, now=now, options=owners):
        for row in chunk:
            moment = closes_at(row, row.owner)
            if moment > now:  # just posted, or the owner's zone changed since it was planned
                report.later(row, min(moment, _announcement_settled(session, row, now) or moment))
                continue
            seen = row.plan_after
            if close(row, now=now):
                tell_interested(session, row, now)
            row.plan_after = seen  # the report's compare-and-set clears it
            report.later(row, None)
        report.flush(session, now)


def announcement_query(row: Opportunity) -> Select[Delivery]:
    """The opportunity's announcement, by its unique key: one indexed row, however large the outbox."""
    return select(Delivery).where(Delivery.idempotency_key == f"{row.team_id}:{announcement_key(row.id)}")


def _announcement_settled(session: Session, row: Opportunity, now: datetime) -> datetime | None:
    """None once the announcement went out (or there is none); told to the owner if the channel refused it;
    while it is still on its way, when to look again."""
    if row.announce_channel is None:
        return None
    delivery = session.scalar(announcement_query(row))
    if delivery is None or delivery.state in (DeliveryState.SENT, DeliveryState.CANCELLED):
        return None
    if delivery.state is not DeliveryState.FAILED:
        return now + ANNOUNCE_CHECK
    notice(
        session,
        recipient=row.owner,
        template=Notice.OPPORTUNITY_UNDELIVERABLE,
        payload=AnnouncementRefused(row.id, row.announce_channel, str(delivery.last_error or "")),
        key=str(row.id),
        now=now,
    )
    return None
