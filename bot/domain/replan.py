"""Marking rows for the planner: a change a reminder depends on makes its row due for planning now.

The planner's sweep (bot.domain.schedule) only looks at rows whose `plan_after` has come. Planning
sets it to the next moment something new could become plannable; the changes below bring it forward
to `now`, in the same transaction as the change, so the next pass plans them with what changed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, or_, update
from sqlalchemy.orm import Session

from bot.models import ActionItem, CheckIn, DigestSubscription, ItemStatus, OfficeHours, OneOnOneSeries
from bot.models.base import Planned


def mark(row: Planned, *, now: datetime) -> None:
    """Plan this row at the next pass (never later than it already would be)."""
    if row.plan_after is None or row.plan_after > now:
        row.plan_after = now


def replan_series(session: Session, *, series_id: int, now: datetime) -> None:
    """One series, by id (a meeting recorded or skipped rolls it forward)."""
    _bring_forward(session, OneOnOneSeries, now, OneOnOneSeries.id == series_id)


def replan_person(session: Session, *, team_id: str, person_id: int, now: datetime) -> None:
    """Everything a person's reminders hang on: their series (either side), open items, check-ins, digests."""
    series_of = or_(OneOnOneSeries.employee_id == person_id, OneOnOneSeries.manager_id == person_id)
    _bring_forward(session, OneOnOneSeries, now, OneOnOneSeries.team_id == team_id, series_of)
    open_item = ActionItem.status.not_in([ItemStatus.DONE, ItemStatus.DROPPED])
    _bring_forward(session, ActionItem, now, ActionItem.team_id == team_id, ActionItem.owner_id == person_id, open_item)
    _bring_forward(session, CheckIn, now, CheckIn.team_id == team_id, CheckIn.owner_id == person_id)
    owned = DigestSubscription.owner_id == person_id
    _bring_forward(session, DigestSubscription, now, DigestSubscription.team_id == team_id, owned)
    hosted = OfficeHours.host_id == person_id
    _bring_forward(session, OfficeHours, now, OfficeHours.team_id == team_id, hosted)


def replan_workspace(session: Session, *, team_id: str, now: datetime) -> None:
    """A workspace's settings changed: its active series are planned again (a recap nudge's moment
    depends on them; the other kinds' planning moments do not, and their due times are computed when
    they are planned)."""
    active = OneOnOneSeries.active.is_(True)
    _bring_forward(session, OneOnOneSeries, now, OneOnOneSeries.team_id == team_id, active)
    # Office-hours sessions skip holidays: a changed list is planned again.
    _bring_forward(session, OfficeHours, now, OfficeHours.team_id == team_id, OfficeHours.active.is_(True))


def _bring_forward(session: Session, model: type[Any], now: datetime, *where: ColumnElement[bool]) -> None:
    """One UPDATE: the matching rows are planned at the next pass (rows already due keep their moment)."""
    later = or_(model.plan_after.is_(None), model.plan_after > now)
    session.execute(update(model).where(*where, later).values(plan_after=now))
