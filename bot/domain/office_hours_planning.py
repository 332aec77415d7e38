"""What the planner queues for office hours: each session's channel announcement at the host's lead time
(once per session: its key names the office hours and the session's start), and the host's list of
bookings the morning of the session, in the host's working hours."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.calendar.office_hours import sessions_after
from bot.calendar.recurrence import to_local
from bot.calendar.working_hours import WorkingHours
from bot.domain.office_hours import rule_of, skipped_days
from bot.domain.office_hours_booking import announcement_key, list_key
from bot.domain.outbox import CHANNEL_GONE, CHANNEL_PROBLEMS, HORIZON, enqueue, notice
from bot.domain.outbox_payloads import Notice, OfficeHoursRefused, OfficeHoursSession
from bot.domain.outbox_payloads.stored import Ref, stored_id
from bot.domain.people import hours_for
from bot.domain.plan_report import PlanReport, due_rows
from bot.models import Delivery, DeliveryKind, DeliveryState, OfficeHours, PersonStatus, Workspace

# Sessions looked at per pass: enough for any lead time within the planning horizon.
AHEAD = 3
# A list for a session at the very start of the host's day goes this long before the end of the day before.
LIST_BEFORE = timedelta(minutes=30)
# How long after an announcement is due the planner looks whether the channel took it.
AFTER_ANNOUNCING = timedelta(minutes=5)
# Refusals older than this are not told any more (as for digests).
FAILURE_LOOKBACK = timedelta(days=14)


def list_moment(hours: WorkingHours, session_at: datetime) -> datetime:
    """When the host's list of bookings is due: the start of their working day on the session's day (their
    own zone). A session that starts before that, or within LIST_BEFORE of it, or on a day they don't work,
    gets its list LIST_BEFORE before the end of their last working day before it: a list due outside their
    hours would be held until the session had started, and then dropped."""
    day = to_local(session_at, hours.tz).date()
    morning = hours.at(day, hours.start_minute)
    if hours.is_working_day(day) and morning + LIST_BEFORE <= session_at:
        return morning
    previous = hours.working_days_before(day, 1)
    return hours.at(previous, hours.end_minute) - LIST_BEFORE


def plan_office_hours(session: Session, workspace: Workspace, now: datetime, report: PlanReport) -> None:
    """Each due office hours: the announcements and host lists of its next sessions within the horizon."""
    hosts = (selectinload(OfficeHours.host),)
    for chunk in due_rows(session, OfficeHours, team_id=workspace.team_id, now=now, options=hosts):
        for hours in chunk:
            report.later(hours, _plan_one(session, workspace, hours, now, report))
        report.flush(session, now)


def _plan_one(
    session: Session, workspace: Workspace, hours: OfficeHours, now: datetime, report: PlanReport
) -> datetime | None:
    """Queue what is near; returns when to look again (None: nothing until the office hours or host change)."""
    host = hours.host
    if not hours.active or host.status is PersonStatus.LEFT:
        return None
    if _tell_if_refused(session, hours, now):
        return None  # the channel is gone: paused until the host picks another
    starts = sessions_after(rule_of(hours, host), now, skipped=skipped_days(host, workspace, now), count=AHEAD)
    if not starts:
        return None  # a pause with no end: resuming plans again (replan_person)
    working = hours_for(host, workspace)
    moments = [starts[0]]  # once the first has started, the one after it comes into view
    for session_at in starts:
        announce_at = session_at - timedelta(minutes=hours.lead_minutes)
        if announce_at > now + HORIZON:
            moments.append(announce_at - HORIZON)
            break
        # Look again just after it goes out, to tell the host at once if the channel refuses it.
        moments.append(announce_at + AFTER_ANNOUNCING)
        payload = OfficeHoursSession(hours.id, session_at)
        enqueue(
            session,
            team_id=hours.team_id,
            kind=DeliveryKind.OFFICE_HOURS_ANNOUNCEMENT,
            key=announcement_key(hours.id, session_at),
            due_at=max(announce_at, now),
            now=now,
            channel_id=hours.channel_id,
            payload=payload,
        )
        report.queue(
            kind=DeliveryKind.OFFICE_HOURS_LIST,
            key=list_key(hours.id, session_at),
            recipient=host,
            due=max(list_moment(working, session_at), now),
            payload=payload,
        )
    return min(m for m in moments if m > now)


def _tell_if_refused(session: Session, hours: OfficeHours, now: datetime) -> bool:
    """An announcement the channel refused for good: the host is told once per problem (until they change
    their office hours); a channel that is gone pauses them. Returns True when paused."""
    failed = session.scalar(
        select(Delivery)
        .where(
            Delivery.team_id == hours.team_id,
            Delivery.kind == DeliveryKind.OFFICE_HOURS_ANNOUNCEMENT,
            Delivery.state == DeliveryState.FAILED,
            Delivery.channel_id == hours.channel_id,
            Delivery.last_error.in_(sorted(CHANNEL_PROBLEMS)),
            Delivery.updated_at >= max(now - FAILURE_LOOKBACK, hours.updated_at),
            stored_id(Ref.OFFICE_HOURS) == hours.id,
        )
        .order_by(Delivery.id.desc())
        .limit(1)
    )
    if failed is None:
        return False
    reason = str(failed.last_error)
    notice(
        session,
        recipient=hours.host,
        template=Notice.OFFICE_HOURS_UNDELIVERABLE,
        payload=OfficeHoursRefused(hours.id, hours.channel_id, reason),
        key=f"{hours.id}:{hours.channel_id}:{reason}:{int(hours.updated_at.timestamp())}",
        now=now,
    )
    if reason in CHANNEL_GONE:
        hours.active = False
        return True
    return False
