"""Planning the mid-year reflection: on each round's planning moment, one Reflection per set-up
employee (set up at least 90 days before the round) with their own words from six months ago, and one
REFLECTION DM queued for the round's day at the workspace's reflection minute in their hours.

The trigger is the workspace row the pass already loaded (`reflection_plan_after`): an idle pass
costs no statement. Exactly once: one row per employee and round (unique), one delivery per row (its
key). A paused person's DM waits in the outbox and goes when they resume (the relay holds it).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.domain.outbox import enqueue
from bot.domain.outbox_payloads import ReflectionRef
from bot.domain.people import hours_for
from bot.domain.reflection_rounds import current_round, next_moment
from bot.domain.reflection_snapshot import snapshot_lines
from bot.models import DeliveryKind, OneOnOneSeries, Person, PersonStatus, Reflection, Workspace

SETTLING_IN = timedelta(days=90)


def plan_reflections(session: Session, workspace: Workspace, now: datetime) -> int:
    """Open the current round if its moment has come; how many DMs were queued."""
    if workspace.reflection_plan_after is not None and workspace.reflection_plan_after > now:
        return 0
    day = current_round(workspace, now)
    queued = _open_round(session, workspace, day, now) if day is not None else 0
    workspace.reflection_plan_after = next_moment(workspace, now)
    return queued


def _eligible(session: Session, team_id: str, day: date) -> list[Person]:
    """Employees with an active series, first set up at least 90 days before the round, not gone."""
    first_setup = (
        select(OneOnOneSeries.employee_id, func.min(OneOnOneSeries.created_at).label("since"))
        .where(OneOnOneSeries.team_id == team_id)
        .group_by(OneOnOneSeries.employee_id)
        .subquery()
    )
    active = select(OneOnOneSeries.employee_id).where(
        OneOnOneSeries.team_id == team_id, OneOnOneSeries.active.is_(True)
    )
    before = datetime.combine(day, time(0), tzinfo=UTC) - SETTLING_IN  # 90 days before the round
    return list(
        session.scalars(
            select(Person)
            .join(first_setup, first_setup.c.employee_id == Person.id)
            .where(Person.team_id == team_id, Person.id.in_(active), Person.status != PersonStatus.LEFT)
            .where(first_setup.c.since <= before)
            .order_by(Person.id)
        )
    )


def _open_round(session: Session, workspace: Workspace, day: date, now: datetime) -> int:
    period = day.isoformat()
    done = set(
        session.scalars(
            select(Reflection.employee_id).where(Reflection.team_id == workspace.team_id, Reflection.period == period)
        )
    )
    queued = 0
    for person in _eligible(session, workspace.team_id, day):
        if person.id in done:
            continue
        hours = hours_for(person, workspace)
        due = hours.next_open(hours.at(day, workspace.reflection_minute))
        reflection = Reflection(
            team_id=workspace.team_id,
            employee_id=person.id,
            period=period,
            lines=snapshot_lines(session, team_id=workspace.team_id, employee_id=person.id, on=due),
            answers={},
            plan_after=None,
            created_at=now,
            updated_at=now,
        )
        session.add(reflection)
        session.flush()
        enqueue(
            session,
            team_id=workspace.team_id,
            kind=DeliveryKind.REFLECTION,
            key=f"reflection:{reflection.id}",
            due_at=max(due, hours.next_open(now)),
            now=now,
            recipient=person,
            payload=ReflectionRef(reflection.id),
        )
        queued += 1
    return queued
