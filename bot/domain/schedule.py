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
from bot.domain.ask_nudges import plan_ask_nudges
from bot.domain.check_ins import plan_check_ins
from bot.domain.conversations import LAST_CALL, RECAP_WINDOW, ends_at, upcoming_conversation
from bot.domain.digest.planning import plan_digests
from bot.domain.due_reminders import plan_due_reminders
from bot.domain.intro_follow_ups import plan_intro_follow_ups
from bot.domain.office_hours_planning import plan_office_hours
from bot.domain.opportunity_planning import plan_opportunities
from bot.domain.outbox import HORIZON
from bot.domain.outbox_payloads import MeetingReminder
from bot.domain.people import hours_for, person_by_id
from bot.domain.plan_report import PlanReport, catch_up, due_rows
from bot.domain.planning_sweep import plan_team_planning
from bot.domain.reflection_planning import plan_reflections
from bot.models import Conversation, ConversationState, DeliveryKind, OneOnOneSeries, Person, PersonStatus, Workspace


def plan(session: Session, *, now: datetime) -> PlanReport:
    """Queue every reminder due within the horizon, for every workspace that can receive them.

    A sweep: only rows whose planning moment (`plan_after`) has come are looked at, so a pass with
    nothing new to plan costs a few queries whatever the size of the org."""
    report = PlanReport()
    workspaces = session.scalars(
        select(Workspace).where(Workspace.sends_blocked_reason.is_(None), Workspace.uninstalled_at.is_(None))
    ).all()
    for workspace in workspaces:
        _plan_series(session, workspace, now, report)
        plan_check_ins(session, workspace, now, report)
        plan_due_reminders(session, workspace, now, report)
        plan_office_hours(session, workspace, now, report)
        plan_intro_follow_ups(session, workspace, now, report)
        plan_ask_nudges(session, workspace, now, report)
        plan_team_planning(session, workspace, now, report)
        plan_opportunities(session, workspace, now, report)
        report.queued += plan_digests(session, workspace, now)
        report.queued += plan_reflections(session, workspace, now)
    return report


def _meeting_key(kind: str, conversation: Conversation) -> str:
    return f"{kind}:{conversation.id}:{int(conversation.scheduled_at.timestamp())}"


def _plan_series(session: Session, workspace: Workspace, now: datetime, report: PlanReport) -> None:
    """Each due series: its next meeting's prep reminder and brief, its recent meetings' recap nudges."""
    people = (selectinload(OneOnOneSeries.employee), selectinload(OneOnOneSeries.manager))
    for chunk in due_rows(session, OneOnOneSeries, team_id=workspace.team_id, now=now, options=people):
        recent = _recent_planned(session, [s.id for s in chunk], now)
        for series in chunk:
            conversations = recent.get(series.id, [])
            if series.employee.status is PersonStatus.LEFT:
                report.later(series, None)  # until they come back (replan.replan_person)
                continue
            for conversation in conversations:
                _plan_recap_nudges(workspace, conversation, series.employee, now, report)
            upcoming = _plan_meeting(session, workspace, series, conversations, now, report)
            report.later(series, _next_moment(workspace, series, [*conversations, *upcoming], now))
        report.flush(session, now)


def _plan_meeting(
    session: Session,
    workspace: Workspace,
    series: OneOnOneSeries,
    recent: list[Conversation],
    now: datetime,
    report: PlanReport,
) -> list[Conversation]:
    """The next meeting's prep reminder and brief once it is within the horizon; the meeting, if looked at."""
    if not series.active or series.next_meeting_at > now + HORIZON:
        return []
    known = recent[-1] if recent else None
    # The common case (the next meeting is already planned) needs no query of its own.
    conversation = (
        known if known is not None and ends_at(known) > now else upcoming_conversation(session, series=series, now=now)
    )
    if conversation.scheduled_at - now > HORIZON or conversation.scheduled_at <= now:
        return [conversation]
    employee, manager = series.employee, person_by_id(session, conversation.manager_id)
    _plan_prep_reminder(workspace, conversation, employee, now, report)
    if employee.manager_confirmed and employee.manager_id == manager.id and manager.status is not PersonStatus.LEFT:
        _plan_brief(workspace, conversation, manager, now, report)
    return [conversation]


def _next_moment(
    workspace: Workspace, series: OneOnOneSeries, conversations: list[Conversation], now: datetime
) -> datetime | None:
    """When something new could become plannable for this series: its next meeting entering the
    horizon, a meeting starting or ending (recap nudges, rolling forward). None: nothing until a change."""
    delay = timedelta(minutes=workspace.recap_nudge_delay_minutes)
    moments = [series.next_meeting_at - HORIZON] if series.active else []
    for c in conversations:
        if c.state is ConversationState.PLANNED and c.recap_submitted_at is None:
            moments += [c.scheduled_at - HORIZON, max(c.scheduled_at, ends_at(c) - delay), ends_at(c)]
    return min((m for m in moments if m > now), default=None)


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


def _recent_planned(session: Session, series_ids: list[int], now: datetime) -> dict[int, list[Conversation]]:
    """Each series' planned, unrecorded conversations from the recap window on, oldest first (one query)."""
    recent: dict[int, list[Conversation]] = {}
    rows = session.scalars(
        select(Conversation)
        .options(selectinload(Conversation.manager))
        .where(
            Conversation.series_id.in_(series_ids),
            Conversation.state == ConversationState.PLANNED,
            Conversation.recap_submitted_at.is_(None),
            Conversation.scheduled_at >= now - RECAP_WINDOW,
        )
        .order_by(Conversation.scheduled_at)
    )
    for conversation in rows:
        recent.setdefault(conversation.series_id, []).append(conversation)
    return recent


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


def _plan_recap_nudges(
    workspace: Workspace, conversation: Conversation, employee: Person, now: datetime, report: PlanReport
) -> None:
    """Both nudges to record a meeting that has ended (only the follow-up once its time has come)."""
    delay = timedelta(minutes=workspace.recap_nudge_delay_minutes)
    if conversation.scheduled_at > now or ends_at(conversation) > now + delay:
        return
    hours = hours_for(employee, workspace)
    first = hours.next_open(ends_at(conversation) + delay)
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
