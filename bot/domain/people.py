"""People: looked up by Slack id within a workspace, refreshed from their Slack profile."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import ColumnElement, and_, select, update
from sqlalchemy.orm import Session

from bot.calendar.working_hours import WorkingHours, holiday_dates, valid_days
from bot.domain.errors import InvalidInput, NotFound
from bot.domain.replan import replan_person
from bot.models import Delivery, DeliveryState, Person, PersonStatus, Workspace
from bot.models.person import DEFAULT_TZ


@dataclass(frozen=True)
class Profile:
    """What the bot needs from a Slack user object, parsed at the edge."""

    slack_user_id: str
    display_name: str
    tz: str | None
    is_bot: bool = False
    deleted: bool = False


def valid_tz(name: str | None) -> str:
    """`name` if it is an IANA zone this machine knows, else UTC."""
    if not name:
        return DEFAULT_TZ
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return DEFAULT_TZ
    return name


def find_person(session: Session, *, team_id: str, slack_user_id: str) -> Person | None:
    """The person with this Slack id in this workspace, if the bot knows them."""
    return session.scalar(select(Person).where(Person.team_id == team_id, Person.slack_user_id == slack_user_id))


class Pair(Protocol):
    """Anything about an employee and their manager: a series, a conversation, a meeting request."""

    @property
    def employee_id(self) -> int: ...

    @property
    def manager_id(self) -> int: ...


def person_by_id(session: Session, person_id: int) -> Person:
    """A person the database must hold (a foreign key points at them); no query if already in the
    session. Relationships to people never lazy-load (a loop would query once per row), so a single
    object's people are loaded here and a list's with its query (selectinload)."""
    person = session.get(Person, person_id)
    assert person is not None, f"no person {person_id}"
    return person


def slack_id_of(session: Session, person_id: int | None) -> str | None:
    """A person's Slack id; None when there is no such person (e.g. the forgotten side of an intro)."""
    person = session.get(Person, person_id) if person_id is not None else None
    return person.slack_user_id if person is not None else None


def people_of(session: Session, pair: Pair) -> tuple[Person, Person]:
    """The employee and the manager of a series, conversation or meeting request."""
    return person_by_id(session, pair.employee_id), person_by_id(session, pair.manager_id)


def local_today(session: Session, *, team_id: str, slack_user_id: str, now: datetime) -> date:
    """The person's own calendar date at `now` (UTC's for someone the bot doesn't know yet)."""
    person = find_person(session, team_id=team_id, slack_user_id=slack_user_id)
    return now.astimezone(ZoneInfo(valid_tz(person.tz if person is not None else None))).date()


def upsert_person(
    session: Session, *, team_id: str, profile: Profile, now: datetime, as_of: datetime | None = None
) -> Person:
    """Create or refresh a person from their Slack profile (name, time zone, departure), as it was
    at `as_of` (default `now`: a profile just read from Slack)."""
    person = find_person(session, team_id=team_id, slack_user_id=profile.slack_user_id)
    if person is None:
        person = Person(team_id=team_id, slack_user_id=profile.slack_user_id, created_at=now)
        session.add(person)
    person.display_name = profile.display_name or person.display_name or profile.slack_user_id
    # A zone Slack can't name (missing, unknown here) keeps the one we knew; UTC only for a newcomer.
    known = valid_tz(profile.tz) if profile.tz else DEFAULT_TZ
    person.tz = known if known != DEFAULT_TZ or profile.tz == DEFAULT_TZ or not person.tz else person.tz
    if profile.deleted:
        person.status = PersonStatus.LEFT
    elif person.status is PersonStatus.LEFT or person.status is None:
        if person.status is PersonStatus.LEFT:  # back: what was dropped while they were gone is planned again
            replan_person(session, team_id=team_id, person_id=person.id, now=now)
        person.status = PersonStatus.ACTIVE
    person.profile_at = as_of or now
    person.updated_at = now
    session.flush()
    return person


def set_working_hours(
    session: Session, *, team_id: str, slack_user_id: str, window: tuple[int, int] | None, now: datetime
) -> Person:
    """A person's own working window (minutes after local midnight), or None for the workspace's."""
    person = find_person(session, team_id=team_id, slack_user_id=slack_user_id)
    if person is None:
        raise NotFound("You haven't set up your 1:1s yet. Run `/career-prep settings` first.")
    if window is not None:
        start, end = window
        if not 0 <= start < end <= 24 * 60 or end - start < 60:
            raise InvalidInput({"hours": "The window must start before it ends and last at least an hour."})
    person.work_start_minute, person.work_end_minute = window if window is not None else (None, None)
    person.updated_at = now
    replan_person(session, team_id=team_id, person_id=person.id, now=now)
    return person


def mark_left(session: Session, *, person_id: int, reason: str, now: datetime) -> Person | None:
    """The person has left the workspace (deactivated, unreachable): nothing more is sent to them."""
    person = session.get(Person, person_id)
    if person is None:
        return None
    person.status = PersonStatus.LEFT
    person.updated_at = now
    session.execute(
        update(Delivery)
        .where(
            Delivery.team_id == person.team_id,
            Delivery.recipient_id == person.id,
            Delivery.state == DeliveryState.PENDING,
        )
        .values(state=DeliveryState.CANCELLED, last_error=reason, updated_at=now)
    )
    return person


def refresh_profile(
    session: Session, *, team_id: str, profile: Profile, changed_at: datetime, now: datetime
) -> Person | None:
    """Keep a known person's name and time zone current when Slack reports a change (user_change)
    made at `changed_at`; None when nothing was applied.

    People the bot has never met are not created. A deactivated account counts as leaving. A change
    older than the profile stored (an event retried or delivered late) is ignored, so it never
    restores an old name, time zone or deactivation.
    """
    person = find_person(session, team_id=team_id, slack_user_id=profile.slack_user_id)
    if person is None:
        return None
    if person.profile_at is not None and changed_at < person.profile_at:
        return None
    if profile.deleted:
        person.profile_at = changed_at
        return mark_left(session, person_id=person.id, reason="deactivated in Slack", now=now)
    return upsert_person(session, team_id=team_id, profile=profile, now=now, as_of=changed_at)


def hours_for(person: Person, workspace: Workspace) -> WorkingHours:
    """A person's working hours: their own window if set, on the workspace's working days."""
    return WorkingHours(
        tz=person.tz,
        days=valid_days(workspace.working_days),
        start_minute=person.work_start_minute if person.work_start_minute is not None else workspace.work_start_minute,
        end_minute=person.work_end_minute if person.work_end_minute is not None else workspace.work_end_minute,
        holidays=holiday_dates(workspace.holidays),
    )


def is_confirmed_report_of(team_id: str, manager_id: int) -> ColumnElement[bool]:
    """People who named this manager, whom the manager confirmed, and who have not left: a manager's team
    for digests, team planning and who may post opportunities."""
    return and_(
        Person.team_id == team_id,
        Person.manager_id == manager_id,
        Person.manager_confirmed.is_(True),
        Person.status != PersonStatus.LEFT,
    )
