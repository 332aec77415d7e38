"""Coverage: how long people have gone without a development conversation, per person and per manager.

Read-only queries that return plain values, dates and counts only. The workspace digest is built
here: coverage per manager, in groups of at least `MIN_GROUP` people (see bot.domain.digest.counts).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.calendar.recurrence import to_local
from bot.domain.digest.asks import answer_shares, met_intros
from bot.domain.digest.counts import AnswerShare, ManagerCoverage, OrgDigest
from bot.domain.digest.opportunities import interest_per_opportunity
from bot.domain.people import valid_tz
from bot.models import Conversation, ConversationState, Person, PersonStatus, Workspace


@dataclass(frozen=True)
class Coverage:
    """How long one person has gone without a development conversation, seen from `today`."""

    last_held_on: date | None  # local date of the latest held conversation; None: none recorded
    days_since: int | None
    covered: bool  # had one within the workspace's coverage window
    flagged: bool  # none recorded, or none for longer than the flag threshold


def coverage(
    last_held: datetime | None,
    *,
    today: date,
    tz: str,
    window_days: int,
    flag_days: int,
    since: datetime | None = None,
) -> Coverage:
    """Days are counted between local dates in `tz`, so a conversation yesterday is 1 day ago.

    With none recorded, the wait counts from `since` (when the person joined the team or set up):
    someone who arrived last week is not overdue."""
    if last_held is None:
        waited = None if since is None else (today - to_local(since, tz).date()).days
        return Coverage(None, None, covered=False, flagged=waited is None or waited > flag_days)
    held_on = to_local(last_held, tz).date()
    days = (today - held_on).days
    return Coverage(held_on, days, covered=days <= window_days, flagged=days > flag_days)


def last_held(session: Session, *, team_id: str, employee_ids: list[int] | None, now: datetime) -> dict[int, datetime]:
    """The latest held conversation of each employee, with any manager: it is the person's coverage.

    `None` asks for everyone in the workspace in one pass, without a list of ids: a list of 100,000
    would pass PostgreSQL's limit of 65,535 parameters a statement."""
    if employee_ids is not None and not employee_ids:
        return {}
    query = (
        select(Conversation.employee_id, func.max(Conversation.scheduled_at))
        .where(
            Conversation.team_id == team_id,
            Conversation.state == ConversationState.HELD,
            Conversation.scheduled_at <= now,
        )
        .group_by(Conversation.employee_id)
    )
    if employee_ids is not None:
        query = query.where(Conversation.employee_id.in_(employee_ids))
    return {employee_id: at for employee_id, at in session.execute(query) if at is not None}


def windows(session: Session, team_id: str) -> tuple[int, int]:
    """The workspace's coverage window and flag threshold, in days."""
    workspace = session.get(Workspace, team_id)
    if workspace is None:
        return 60, 45
    return workspace.coverage_window_days, workspace.coverage_flag_days


def org_digest(session: Session, *, team_id: str, tz: str, now: datetime) -> OrgDigest:
    """Coverage per manager across the workspace: counts only, lowest coverage first."""
    tz = valid_tz(tz)
    today = to_local(now, tz).date()
    window, flag = windows(session, team_id)
    confirmed = (
        Person.team_id == team_id,
        Person.manager_id.is_not(None),
        Person.manager_confirmed.is_(True),
        Person.status != PersonStatus.LEFT,
    )
    rows = session.execute(
        select(Person.id, Person.manager_id, Person.manager_confirmed_at, Person.created_at).where(*confirmed)
    ).all()
    held = last_held(session, team_id=team_id, employee_ids=None, now=now)
    by_manager: dict[int, list[Coverage]] = defaultdict(list)
    for person_id, manager_id, linked_at, created_at in rows:
        if manager_id is not None:
            since = linked_at or created_at
            by_manager[manager_id].append(
                coverage(held.get(person_id), today=today, tz=tz, window_days=window, flag_days=flag, since=since)
            )
    managers = session.scalars(
        select(Person).where(
            Person.team_id == team_id,
            Person.id.in_(select(Person.manager_id).where(*confirmed).correlate(None)),
        )
    ).all()
    shares = answer_shares(session, team_id=team_id, now=now)
    lines = [
        ManagerCoverage(
            slack_user_id=m.slack_user_id,
            name=m.display_name,
            still_here=m.status is not PersonStatus.LEFT,
            reports=len(by_manager[m.id]),
            covered=sum(c.covered for c in by_manager[m.id]),
            flagged=sum(c.flagged for c in by_manager[m.id]),
            asks=shares.get(m.id, AnswerShare()),
        )
        for m in managers
    ]
    intros = met_intros(session, team_id=team_id, employee_ids=None, today=today, tz=tz, now=now)
    grouped = OrgDigest.grouped(lines, tz=tz, today=today, window_days=window, flag_days=flag, intros=intros)
    return replace(grouped, opportunities=interest_per_opportunity(session, team_id=team_id))
