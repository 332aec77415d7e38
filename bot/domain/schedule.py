"""What the bot owes people and when: the planner writes reminders into the outbox ahead of time.

`plan` is one pass over every workspace; the reminders around each 1:1 (prep reminder, manager
brief, recap nudges) are planned here, check-ins, due reminders and digests in their own modules.
Every reminder has an idempotency key naming what it is about (and, for meetings, the meeting's
start), so planning again changes nothing, and a moved meeting gets fresh reminders while the
renderer cancels the stale ones. Due times land in the recipient's working hours, in their zone.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.calendar.recurrence import to_local
from bot.calendar.working_hours import WorkingHours
from bot.domain.check_ins import plan_check_ins
from bot.domain.conversations import LAST_CALL, RECAP_WINDOW, ends_at, upcoming_conversation
from bot.domain.digest.planning import plan_digests
from bot.domain.due_reminders import plan_due_reminders
from bot.domain.outbox import HORIZON
from bot.domain.outbox_payloads import MeetingReminder
from bot.domain.people import hours_for, people_of
from bot.domain.plan_report import PlanReport, catch_up
from bot.models import Conversation, ConversationState, DeliveryKind, OneOnOneSeries, Person, PersonStatus, Workspace


def plan(session: Session, *, now: datetime) -> PlanReport:
    """Queue every reminder due within the horizon, for every workspace that can receive them."""
    report = PlanReport()
    workspaces = session.scalars(
        select(Workspace).where(Workspace.sends_blocked_reason.is_(None), Workspace.uninstalled_at.is_(None))
    ).all()
    for workspace in workspaces:
        _plan_meetings(session, workspace, now, report)
        _plan_recap_nudges(session, workspace, now, report)
        plan_check_ins(session, workspace, now, report)
        plan_due_reminders(session, workspace, now, report)
        report.flush(session, now)
        report.queued += plan_digests(session, workspace, now)
    return report


def _meeting_key(kind: str, conversation: Conversation) -> str:
    return f"{kind}:{conversation.id}:{int(conversation.scheduled_at.timestamp())}"


def _plan_meetings(session: Session, workspace: Workspace, now: datetime, report: PlanReport) -> None:
    series_rows = session.scalars(
        select(OneOnOneSeries)
        .options(selectinload(OneOnOneSeries.employee), selectinload(OneOnOneSeries.manager))
        .join(Person, Person.id == OneOnOneSeries.employee_id)
        .where(
            OneOnOneSeries.team_id == workspace.team_id,
            OneOnOneSeries.active.is_(True),
            OneOnOneSeries.next_meeting_at <= now + HORIZON,
            Person.status != PersonStatus.LEFT,
        )
    ).all()
    latest = _latest_planned(session, [s.id for s in series_rows])
    for series in series_rows:
        known = latest.get(series.id)
        # The common case (the next meeting is already planned) needs no query of its own.
        if known is not None and ends_at(known) > now:
            conversation = known
        else:
            conversation = upcoming_conversation(session, series=series, now=now)
        if conversation.scheduled_at - now > HORIZON or conversation.scheduled_at <= now:
            continue
        employee, manager = people_of(session, conversation)  # loaded with the query above
        _plan_prep_reminder(workspace, conversation, employee, now, report)
        if employee.manager_confirmed and employee.manager_id == manager.id and manager.status is not PersonStatus.LEFT:
            _plan_brief(workspace, conversation, manager, now, report)


def _plan_before_meeting(
    report: PlanReport,
    conversation: Conversation,
    *,
    kind: DeliveryKind,
    key: str,
    recipient: Person,
    hours: WorkingHours,
    working_days: int,
    minute: int,
    now: datetime,
) -> None:
    """A reminder `working_days` before the meeting at `minute` local, caught up if missed."""
    meeting_day = to_local(conversation.scheduled_at, recipient.tz).date()
    day = hours.working_days_before(meeting_day, working_days)
    due = hours.next_open(hours.at(day, minute))
    due_at = catch_up(due, now=now, hours=hours, deadline=conversation.scheduled_at - LAST_CALL)
    if due_at is None or due_at >= conversation.scheduled_at:
        return
    report.queue(
        kind=kind,
        key=_meeting_key(key, conversation),
        recipient=recipient,
        due=due_at,
        payload=_meeting_payload(conversation),
    )


def _latest_planned(session: Session, series_ids: list[int]) -> dict[int, Conversation]:
    """Each series' latest planned, unrecorded conversation, in one query per 500 series."""
    latest: dict[int, Conversation] = {}
    for start in range(0, len(series_ids), 500):
        rows = session.scalars(
            select(Conversation)
            .options(selectinload(Conversation.employee), selectinload(Conversation.manager))
            .where(
                Conversation.series_id.in_(series_ids[start : start + 500]),
                Conversation.state == ConversationState.PLANNED,
                Conversation.recap_submitted_at.is_(None),
            )
            .order_by(Conversation.scheduled_at)
        )
        for conversation in rows:
            latest[conversation.series_id] = conversation  # ordered by time: the last one wins
    return latest


def _plan_prep_reminder(
    workspace: Workspace, conversation: Conversation, employee: Person, now: datetime, report: PlanReport
) -> None:
    _plan_before_meeting(
        report,
        conversation,
        kind=DeliveryKind.PREP_REMINDER,
        key="prep_reminder",
        recipient=employee,
        hours=hours_for(employee, workspace),
        working_days=workspace.prep_reminder_working_days,
        minute=workspace.prep_reminder_minute,
        now=now,
    )


def _plan_brief(
    workspace: Workspace, conversation: Conversation, manager: Person, now: datetime, report: PlanReport
) -> None:
    _plan_before_meeting(
        report,
        conversation,
        kind=DeliveryKind.MANAGER_BRIEF,
        key="brief",
        recipient=manager,
        hours=hours_for(manager, workspace),
        working_days=workspace.manager_brief_working_days,
        minute=workspace.manager_brief_minute,
        now=now,
    )


def _meeting_payload(conversation: Conversation, *, follow_up: bool | None = None) -> MeetingReminder:
    return MeetingReminder(conversation.id, conversation.scheduled_at, follow_up=follow_up)


def _plan_recap_nudges(session: Session, workspace: Workspace, now: datetime, report: PlanReport) -> None:
    ended = session.scalars(
        select(Conversation)
        .options(selectinload(Conversation.employee))
        .where(
            Conversation.team_id == workspace.team_id,
            Conversation.state == ConversationState.PLANNED,
            Conversation.recap_submitted_at.is_(None),
            Conversation.scheduled_at <= now,
            Conversation.scheduled_at >= now - RECAP_WINDOW,
        )
    ).all()
    for conversation in ended:
        employee = conversation.employee
        if ends_at(conversation) > now + timedelta(minutes=workspace.recap_nudge_delay_minutes) or (
            employee.status is PersonStatus.LEFT
        ):
            continue
        hours = hours_for(employee, workspace)
        first = hours.next_open(ends_at(conversation) + timedelta(minutes=workspace.recap_nudge_delay_minutes))
        # The follow-up comes the working day after the first nudge (not after the meeting), so a
        # meeting that ends late never gets two nudges an hour apart the next morning.
        first_day = to_local(first, employee.tz).date()
        second = hours.next_open(hours.at(hours.next_working_day(first_day), workspace.prep_reminder_minute))
        if now < second:  # once the follow-up is due, the first nudge would only be noise
            report.queue(
                kind=DeliveryKind.RECAP_NUDGE,
                key=_meeting_key("recap_nudge:1", conversation),
                recipient=employee,
                due=max(first, hours.next_open(now)) if first < now else first,
                payload=_meeting_payload(conversation, follow_up=False),
            )
        report.queue(
            kind=DeliveryKind.RECAP_NUDGE,
            key=_meeting_key("recap_nudge:2", conversation),
            recipient=employee,
            due=max(second, hours.next_open(now)) if second < now else second,
            payload=_meeting_payload(conversation, follow_up=True),
        )
