"""Set up a pair in the database, as the setup form would: an employee, their manager, monthly 1:1s."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.people import Profile
from bot.domain.setup import SetupInput, confirm_manager, save_setup
from bot.models import Cadence, Conversation
from tests.support.people import ANA, MIRA, TEAM


def planned_conversation(
    session: Session,
    now: datetime,
    employee: Profile = ANA,
    manager: Profile = MIRA,
    *,
    day: date = date(2026, 12, 8),
    at: time = time(15, 30),
    confirm: bool = True,
    team_id: str = TEAM,
    cadence: Cadence = Cadence.MONTHLY,
) -> Conversation:
    """A pair with (monthly) 1:1s from `day` at `at` in the employee's zone (the manager confirmed unless
    `confirm` is False); returns the first planned conversation."""
    form = SetupInput(employee, manager, day, at, cadence, 30)
    result = save_setup(session, team_id=team_id, form=form, submission_id=f"s-{employee.slack_user_id}", now=now)
    if confirm:
        confirm_manager(
            session,
            team_id=team_id,
            series_id=result.series.id,
            manager_id=result.manager.id,
            actor_slack_id=manager.slack_user_id,
            now=now,
        )
    return session.scalars(select(Conversation).where(Conversation.series_id == result.series.id)).one()
