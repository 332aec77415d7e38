"""The request form's first draft: who it goes to, a warm message to edit, and a slot a few working days out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy.orm import Session

from bot.calendar.recurrence import to_local
from bot.domain.conversations import active_series
from bot.domain.people import person_by_id, valid_tz
from bot.models import Workspace
from bot.models.workspace import DEFAULT_WORKING_DAYS

SUGGEST_AFTER_WORKING_DAYS = 3
SUGGEST_AT = time(10, 0)


@dataclass(frozen=True)
class RequestDraft:
    """What the request form starts with: who it goes to, a draft message and a suggested slot."""

    manager_user_id: str
    manager_name: str
    tz: str
    message: str
    slot_local: datetime  # naive, in `tz`


def default_message(manager_name: str) -> str:
    """A short, warm first draft; the employee edits it before sending."""
    greeting = f"Hi {manager_name.strip()}," if manager_name.strip() else "Hi,"
    return (
        f"{greeting}\n\n"
        "Could we find 30 minutes for a career development conversation? I'd like to think out loud with "
        "you about how I can keep growing here and where I might head in the longer run, and hear how you "
        "see it. I'll send you my talking points before we meet.\n\n"
        "To be clear, this isn't about a performance review or about pay, just about what comes next. Thank you!"
    )


def suggested_slot(*, now: datetime, tz: str, working_days: frozenset[int]) -> datetime:
    """10:00 local on the third working day after today: soon, but with time to prepare."""
    # A hand-edited workspace could list no valid weekday; Monday to Friday then, not an endless loop.
    days = (working_days & frozenset(range(7))) or frozenset(range(5))
    day = to_local(now, tz).date()
    counted = 0
    while counted < SUGGEST_AFTER_WORKING_DAYS:
        day += timedelta(days=1)
        counted += day.weekday() in days
    return datetime.combine(day, SUGGEST_AT)


def request_draft(session: Session, *, team_id: str, employee_slack_id: str, now: datetime) -> RequestDraft:
    """The form's starting point; NotFound if not set up, ManagerGone if the manager left."""
    person, series = active_series(session, team_id=team_id, slack_user_id=employee_slack_id)
    workspace = session.get(Workspace, team_id)
    working_days = frozenset(workspace.working_days if workspace is not None else DEFAULT_WORKING_DAYS)
    manager = person_by_id(session, series.manager_id)
    return RequestDraft(
        manager_user_id=manager.slack_user_id,
        manager_name=manager.display_name,
        tz=valid_tz(person.tz),
        message=default_message(manager.display_name),
        slot_local=suggested_slot(now=now, tz=valid_tz(person.tz), working_days=working_days),
    )
