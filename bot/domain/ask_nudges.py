"""The "still waiting" nudge: an ask left open 30 days reminds the person asked, once per ask per 30 days.

The planner sweeps asks whose `plan_after` has come. The nudge for an ask's k-th 30 days open is due at
`opened_at + k * 30 days` (on that day at the workspace's reminder minute, in the recipient's hours),
and never sooner than 30 days after the last one sent (`Ask.nudged_at`); its key names the ask and k,
so planning again changes nothing. The renderer checks the ask is still open when it is due.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.domain.ask_sync import visible_to_asked
from bot.domain.check_ins import check_in_moment
from bot.domain.outbox import HORIZON
from bot.domain.outbox_payloads import AskNudge, decode
from bot.domain.people import hours_for
from bot.domain.plan_report import PlanReport, due_rows
from bot.models import Ask, AskState, Delivery, Person, PersonStatus, Workspace
from bot.models.delivery import DeliveryKind

PERIOD = timedelta(days=30)


def plan_ask_nudges(session: Session, workspace: Workspace, now: datetime, report: PlanReport) -> None:
    """Note the nudge of each open ask whose next 30 days run out within the horizon."""
    asked = (selectinload(Ask.asked),)
    for chunk in due_rows(session, Ask, team_id=workspace.team_id, now=now, options=asked):
        for ask in chunk:
            report.later(ask, _plan_one(workspace, ask, now, report))
        report.flush(session, now)


def _plan_one(workspace: Workspace, ask: Ask, now: datetime, report: PlanReport) -> datetime | None:
    """Queue the ask's next nudge if it is near; returns when to look at the ask again (None: once it changes)."""
    if ask.state is not AskState.OPEN or ask.opened_at is None or ask.asked.status is PersonStatus.LEFT:
        return None
    earliest = (ask.nudged_at or ask.opened_at) + PERIOD
    if earliest > now + HORIZON:
        return earliest - HORIZON
    # The latest 30-day mark within the horizon: a nudge missed meanwhile (downtime) is not sent twice.
    period = (now + HORIZON - ask.opened_at) // PERIOD
    due = max(ask.opened_at + period * PERIOD, earliest)
    hours = hours_for(ask.asked, workspace)
    moment = check_in_moment(hours, due, minute=workspace.prep_reminder_minute)
    report.queue(
        kind=DeliveryKind.ASK_NUDGE,
        key=f"ask_nudge:{ask.id}:{period}",
        recipient=ask.asked,
        due=moment if moment >= now else hours.next_open(now),
        payload=AskNudge(ask.id, period),
    )
    return ask.opened_at + (period + 1) * PERIOD - HORIZON


@dataclass(frozen=True)
class Waiting:
    """An open ask as its nudge shows it: who asked, for what kind of thing, since when."""

    ask: Ask
    employee: Person
    days_open: int


def still_waiting(session: Session, delivery: Delivery, now: datetime) -> Waiting | str:
    """The ask a nudge is about, if it should still go; else why not."""
    ask = session.get(Ask, decode(AskNudge, delivery.payload).ask_id)
    if ask is None or ask.team_id != delivery.team_id or ask.opened_at is None:
        return "the ask no longer exists"
    if ask.state is not AskState.OPEN:
        return "the ask was answered or taken back"
    if ask.asked_id != delivery.recipient_id:
        return "someone else owes the answer now"
    if not visible_to_asked(session, ask):
        return "the person asked may not see this ask (the manager link is unconfirmed or was declined)"
    if ask.nudged_at is not None and ask.nudged_at >= delivery.created_at:
        return "another nudge about this ask went out since this one was planned"
    employee = session.get(Person, ask.employee_id)
    if employee is None or employee.status is PersonStatus.LEFT:
        return "the person who asked has left"
    return Waiting(ask, employee, (now - ask.opened_at).days)


def ask_nudged(session: Session, delivery: Delivery, channel: str, ts: str) -> None:
    """Remember when the person asked was last nudged: the next nudge waits 30 days from then."""
    ask = session.get(Ask, decode(AskNudge, delivery.payload).ask_id)
    if ask is not None and delivery.sent_at is not None:
        ask.nudged_at = max(ask.nudged_at or delivery.sent_at, delivery.sent_at)


@dataclass(frozen=True)
class WaitingOn:
    """The asks one employee is waiting on from one person: how many, the oldest's age, their kinds."""

    count: int
    oldest_days: int
    kinds: tuple[str, ...]  # each kind once, oldest ask's first


def waiting_on(session: Session, *, team_id: str, asked_id: int, employee_id: int, now: datetime) -> WaitingOn | None:
    """The employee's open asks to `asked_id`, summed up without their text; None when there are none."""
    rows = session.execute(
        select(Ask.kind, Ask.opened_at)
        .where(
            Ask.team_id == team_id,
            Ask.asked_id == asked_id,
            Ask.employee_id == employee_id,
            Ask.state == AskState.OPEN,
            Ask.opened_at.is_not(None),
        )
        .order_by(Ask.opened_at, Ask.id)
    ).all()
    if not rows:
        return None
    oldest = rows[0][1]
    assert oldest is not None
    return WaitingOn(len(rows), (now - oldest).days, tuple(dict.fromkeys(kind for kind, _ in rows)))
