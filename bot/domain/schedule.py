"""What the bot owes people and when: the planner writes reminders into the outbox ahead of time.

Every reminder has an idempotency key naming what it is about (and, for meetings, the meeting's
start), so planning again changes nothing, and a moved meeting gets fresh reminders while the
renderer cancels the stale ones. Due times land in the recipient's working hours, in their zone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.calendar.recurrence import to_local
from bot.calendar.working_hours import WorkingHours
from bot.domain.conversations import ends_at, upcoming_conversation
from bot.domain.digest_schedule import plan_digests
from bot.domain.outbox import HORIZON, enqueue
from bot.domain.outbox_payloads import CheckInRef, DueReminder, MeetingReminder, encode
from bot.domain.people import hours_for
from bot.models import (
    ActionItem,
    CheckIn,
    Conversation,
    ConversationState,
    Delivery,
    DeliveryKind,
    ItemStatus,
    OneOnOneSeries,
    Person,
    PersonStatus,
    Workspace,
)

RECAP_WINDOW = timedelta(days=4)  # after this, an unrecorded meeting is left to the digest
LAST_CALL = timedelta(hours=1)  # a prep reminder or brief this close to the meeting is pointless


@dataclass(frozen=True)
class _Candidate:
    kind: DeliveryKind
    key: str
    recipient: Person
    due: datetime
    payload: dict[str, object]


@dataclass
class PlanReport:
    """What a planning pass queued; candidates are checked against the outbox in bulk."""

    queued: int = 0
    candidates: list[_Candidate] = field(default_factory=list)

    def flush(self, session: Session, now: datetime) -> None:
        """Queue the candidates the outbox doesn't hold yet: one query per 500 keys, not per reminder."""
        wanted = {f"{c.recipient.team_id}:{c.key}": c for c in self.candidates}
        self.candidates = []
        keys = list(wanted)
        known: set[str] = set()
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            known.update(session.scalars(select(Delivery.idempotency_key).where(Delivery.idempotency_key.in_(chunk))))
        for full_key, c in wanted.items():
            if full_key in known:
                continue
            enqueue(
                session,
                team_id=c.recipient.team_id,
                kind=c.kind,
                key=c.key,
                due_at=c.due,
                now=now,
                recipient=c.recipient,
                payload=c.payload,
            )
            self.queued += 1


def plan(session: Session, *, now: datetime) -> PlanReport:
    """Queue every reminder due within the horizon, for every workspace that can receive them."""
    report = PlanReport()
    workspaces = session.scalars(
        select(Workspace).where(Workspace.sends_blocked_reason.is_(None), Workspace.uninstalled_at.is_(None))
    ).all()
    for workspace in workspaces:
        _plan_meetings(session, workspace, now, report)
        _plan_recap_nudges(session, workspace, now, report)
        _plan_check_ins(session, workspace, now, report)
        _plan_due_reminders(session, workspace, now, report)
        report.flush(session, now)
        report.queued += plan_digests(session, workspace, now)
    return report


def _queue(
    session: Session,
    report: PlanReport,
    *,
    kind: DeliveryKind,
    key: str,
    recipient: Person,
    due: datetime,
    now: datetime,
    payload: dict[str, object],
) -> None:
    report.candidates.append(_Candidate(kind, key, recipient, due, payload))


def _meeting_key(kind: str, conversation: Conversation) -> str:
    return f"{kind}:{conversation.id}:{int(conversation.scheduled_at.timestamp())}"


def _catch_up(due: datetime, *, now: datetime, hours: WorkingHours, deadline: datetime) -> datetime | None:
    """A due time that was missed (downtime, late setup) moves to now if it still makes sense."""
    if due >= now:
        return due
    late = hours.next_open(now)
    return late if late < deadline else None


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
        _plan_prep_reminder(workspace, conversation, now, report)
        employee, manager = conversation.employee, conversation.manager
        if employee.manager_confirmed and employee.manager_id == manager.id and manager.status is not PersonStatus.LEFT:
            _plan_brief(workspace, conversation, now, report)


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
    due_at = _catch_up(due, now=now, hours=hours, deadline=conversation.scheduled_at - LAST_CALL)
    if due_at is None or due_at >= conversation.scheduled_at:
        return
    report.candidates.append(
        _Candidate(kind, _meeting_key(key, conversation), recipient, due_at, _meeting_payload(conversation))
    )


def _latest_planned(session: Session, series_ids: list[int]) -> dict[int, Conversation]:
    """Each series' latest planned, unrecorded conversation, in one query per 500 series."""
    latest: dict[int, Conversation] = {}
    for start in range(0, len(series_ids), 500):
        rows = session.scalars(
            select(Conversation)
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


def _plan_prep_reminder(workspace: Workspace, conversation: Conversation, now: datetime, report: PlanReport) -> None:
    employee = conversation.employee
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


def _plan_brief(workspace: Workspace, conversation: Conversation, now: datetime, report: PlanReport) -> None:
    manager = conversation.manager
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


def _meeting_payload(conversation: Conversation, *, follow_up: bool | None = None) -> dict[str, object]:
    return encode(MeetingReminder(conversation.id, conversation.scheduled_at, follow_up=follow_up))


def _plan_recap_nudges(session: Session, workspace: Workspace, now: datetime, report: PlanReport) -> None:
    ended = session.scalars(
        select(Conversation).where(
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
            _queue(
                session,
                report,
                kind=DeliveryKind.RECAP_NUDGE,
                key=_meeting_key("recap_nudge:1", conversation),
                recipient=employee,
                due=max(first, hours.next_open(now)) if first < now else first,
                now=now,
                payload=_meeting_payload(conversation, follow_up=False),
            )
        _queue(
            session,
            report,
            kind=DeliveryKind.RECAP_NUDGE,
            key=_meeting_key("recap_nudge:2", conversation),
            recipient=employee,
            due=max(second, hours.next_open(now)) if second < now else second,
            now=now,
            payload=_meeting_payload(conversation, follow_up=True),
        )


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


def _plan_check_ins(session: Session, workspace: Workspace, now: datetime, report: PlanReport) -> None:
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
        _queue(
            session,
            report,
            kind=DeliveryKind.CHECK_IN,
            key=f"check_in:{check_in.id}",
            recipient=owner,
            due=max(due, hours.next_open(now)) if due < now else due,
            now=now,
            payload=encode(CheckInRef(check_in.id, check_in.conversation_id)),
        )


def _plan_due_reminders(session: Session, workspace: Workspace, now: datetime, report: PlanReport) -> None:
    soon = (now + HORIZON).date()
    items = session.scalars(
        select(ActionItem).where(
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
        due_at = _catch_up(due, now=now, hours=hours, deadline=end_of_due_day)
        if due_at is None:
            continue
        _queue(
            session,
            report,
            kind=DeliveryKind.DUE_REMINDER,
            key=f"due:{item.id}:{item.due_date.isoformat()}",
            recipient=owner,
            due=due_at,
            now=now,
            payload=encode(DueReminder(item.id, item.due_date)),
        )
