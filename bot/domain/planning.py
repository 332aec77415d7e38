"""A manager's team-planning date: set, shown, turned off, rolled on every quarter, and the line a report
sees in App Home. The digest a week before is planned in `planning_sweep` and read in `planning_digest`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.calendar.recurrence import to_local
from bot.domain.errors import InvalidInput, NotAllowed
from bot.domain.outbox_payloads import PlanningDigestRef
from bot.domain.outbox_payloads.stored import peek
from bot.domain.people import find_person, is_confirmed_report_of, valid_tz
from bot.models import Delivery, DeliveryKind, DeliveryState, Person, PersonStatus, TeamPlanning

QUARTER = relativedelta(months=3)
# A date further out than this is more likely a typo than a plan.
MAX_AHEAD = relativedelta(months=15)
NOT_A_MANAGER = (
    "Team planning is for managers: once someone has confirmed you as their manager, you can set a "
    "planning date and get their shared interests a week before it."
)


@dataclass(frozen=True)
class PlanningView:
    """A manager's planning setting as they see it; `planning_on` None means none is set."""

    planning_on: date | None = None
    quarterly: bool = False
    reports: int = 0  # confirmed reports, whose shared interests the digest lists
    today: date | None = None  # the manager's local date: a past, one-off date reads as done


def next_planning_date(planning_on: date, *, quarterly: bool, today: date) -> date:
    """The planning date itself, or for a quarterly one the first of its quarters that is not past."""
    if not quarterly:
        return planning_on
    step, current = 0, planning_on
    while current < today:
        step += 1
        current = planning_on + step * QUARTER  # from the first date, so 31 Jan keeps landing on month ends
    return current


def planning_of(session: Session, *, team_id: str, slack_user_id: str, now: datetime) -> PlanningView:
    """What `planning` alone shows."""
    manager = find_person(session, team_id=team_id, slack_user_id=slack_user_id)
    if manager is None:
        return PlanningView()
    today = to_local(now, valid_tz(manager.tz)).date()
    reports = _report_count(session, manager)
    planning = _planning(session, manager)
    if planning is None:
        return PlanningView(reports=reports, today=today)
    upcoming = next_planning_date(planning.planning_on, quarterly=planning.quarterly, today=today)
    return PlanningView(upcoming, planning.quarterly, reports, today)


def set_planning(
    session: Session, *, team_id: str, slack_user_id: str, planning_on: date, quarterly: bool, now: datetime
) -> PlanningView:
    """Save the manager's planning date (one per manager); the planner looks at it again at once."""
    manager = find_person(session, team_id=team_id, slack_user_id=slack_user_id)
    reports = _report_count(session, manager) if manager is not None else 0
    if manager is None or reports == 0:
        raise NotAllowed(NOT_A_MANAGER)
    today = to_local(now, valid_tz(manager.tz)).date()
    if planning_on <= today:
        raise InvalidInput({"date": "Pick a planning date after today, so there is time to read the digest first."})
    if planning_on > today + MAX_AHEAD:
        raise InvalidInput({"date": "Pick a planning date within the next 15 months."})
    planning = _planning(session, manager)
    if planning is None:
        planning = TeamPlanning(team_id=team_id, manager_id=manager.id, created_at=now, planning_on=planning_on)
        session.add(planning)
    if planning.planning_on != planning_on:
        # The old date's unsent digest is dropped below; the new date (even one set before) is planned
        # afresh. A digest already sent for it is not sent again: its outbox key is still taken.
        planning.digest_for = None
    planning.planning_on = planning_on
    planning.quarterly = quarterly
    planning.plan_after = now  # a new date is planned at the next pass; a digest for the old one is stale
    planning.updated_at = now
    _drop_stale_digests(session, manager, keep=planning_on)
    session.flush()
    return PlanningView(planning_on, quarterly, reports, today)


def stop_planning(session: Session, *, team_id: str, slack_user_id: str, now: datetime) -> PlanningView | None:
    """`planning off`: the date is deleted (a digest still queued for it is then skipped); None if none was set."""
    manager = find_person(session, team_id=team_id, slack_user_id=slack_user_id)
    planning = _planning(session, manager) if manager is not None else None
    if manager is None or planning is None:
        return None
    today = to_local(now, valid_tz(manager.tz)).date()
    view = PlanningView(planning.planning_on, planning.quarterly, _report_count(session, manager), today)
    session.delete(planning)
    _drop_stale_digests(session, manager, keep=None)
    session.flush()
    return view


@dataclass(frozen=True)
class PlanningNote:
    """For a report's App Home: their manager plans the team on this date, with what the report shared."""

    manager_user_id: str
    planning_on: date


def planning_note(session: Session, *, person: Person, now: datetime) -> PlanningNote | None:
    """The report's confirmed manager's next planning date, if they set one that is still ahead."""
    if person.manager_id is None or not person.manager_confirmed:
        return None
    row = session.execute(
        select(TeamPlanning, Person)
        .join(Person, Person.id == TeamPlanning.manager_id)
        .where(TeamPlanning.team_id == person.team_id, TeamPlanning.manager_id == person.manager_id)
    ).one_or_none()
    if row is None or row[1].status is PersonStatus.LEFT:
        return None
    planning, manager = row
    today = to_local(now, valid_tz(manager.tz)).date()
    upcoming = next_planning_date(planning.planning_on, quarterly=planning.quarterly, today=today)
    return PlanningNote(manager.slack_user_id, upcoming) if upcoming >= today else None


def _planning(session: Session, manager: Person) -> TeamPlanning | None:
    return session.scalar(
        select(TeamPlanning).where(TeamPlanning.team_id == manager.team_id, TeamPlanning.manager_id == manager.id)
    )


def _drop_stale_digests(session: Session, manager: Person, *, keep: date | None) -> None:
    """Digests still queued for another date are dropped (never sent), so going back to that date
    later queues it afresh; one already sent stays, and its date is not sent twice."""
    queued = session.scalars(
        select(Delivery).where(
            Delivery.team_id == manager.team_id,
            Delivery.recipient_id == manager.id,
            Delivery.kind == DeliveryKind.PLANNING_DIGEST,
            Delivery.state == DeliveryState.PENDING,
        )
    ).all()
    stale = [d.id for d in queued if (ref := peek(PlanningDigestRef, d)) is None or ref.planning_on != keep]
    if stale:
        session.execute(delete(Delivery).where(Delivery.id.in_(stale)))


def _report_count(session: Session, manager: Person) -> int:
    count = select(func.count()).select_from(Person).where(is_confirmed_report_of(manager.team_id, manager.id))
    return session.scalar(count) or 0
