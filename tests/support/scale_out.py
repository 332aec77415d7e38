"""A small busy workspace for the scale-out tests: notices due now, 1:1 pairs for the planner to work on,
and the checks that every delivery went out exactly once."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import Engine, event, func, select

from bot.db import SessionFactory
from bot.domain.people import Profile
from bot.domain.setup import SetupInput, save_setup
from bot.models import Cadence, Conversation, Delivery, DeliveryKind, DeliveryState, Person
from tests.support.fake_slack import FakeSlack
from tests.support.notices import queue_notices
from tests.support.people import TEAM


def busy_workspace(
    sessions: SessionFactory, fake_slack: FakeSlack, now: datetime, *, notices: int, pairs: int
) -> list[int]:
    """`notices` notices due now (each to its own person, sent at once) and `pairs` employees whose next
    1:1 is tomorrow, so planning has reminders to write while the relays send; the notices' ids."""
    users = [f"UNOTE{n:04d}" for n in range(notices)]
    for user in users:
        fake_slack.add_user(user, tz="UTC")
    with sessions.begin() as session:
        ids = queue_notices(session, team_id=TEAM, users=users, per_person=1, due_at=now, now=now, immediate=True)
        tomorrow = (now + timedelta(days=1)).date()
        for n in range(pairs):
            employee, manager = (
                Profile(f"UEMP{n:04d}", f"Employee {n}", "UTC"),
                Profile(f"UMGR{n:04d}", f"Boss {n}", "UTC"),
            )
            for profile in (employee, manager):
                fake_slack.add_user(profile.slack_user_id, tz="UTC")
            form = SetupInput(employee, manager, tomorrow, time(15, 30), Cadence.MONTHLY, 30)
            save_setup(session, team_id=TEAM, form=form, submission_id=f"scale-{n}", now=now)
    return ids


def posts_per_channel(fake_slack: FakeSlack) -> Counter[str]:
    return Counter(str(call.params["channel"]) for call in fake_slack.calls_to("chat.postMessage"))


def sent_per_channel(sessions: SessionFactory) -> Counter[str]:
    """How many deliveries the database records as sent to each person's DM (the fake names it D<user>)."""
    with sessions.begin() as session:
        rows = session.execute(
            select(Person.slack_user_id, func.count())
            .join(Delivery, Delivery.recipient_id == Person.id)
            .where(Delivery.state == DeliveryState.SENT)
            .group_by(Person.slack_user_id)
        )
        return Counter({f"D{user}": count for user, count in rows})


def states(sessions: SessionFactory, ids: list[int] | None = None) -> Counter[DeliveryState]:
    with sessions.begin() as session:
        query = select(Delivery.state)
        if ids is not None:
            query = query.where(Delivery.id.in_(ids))
        return Counter(session.scalars(query))


def planned(sessions: SessionFactory, kind: DeliveryKind) -> int:
    with sessions.begin() as session:
        return session.scalar(select(func.count()).select_from(Delivery).where(Delivery.kind == kind)) or 0


def conversations(sessions: SessionFactory) -> int:
    with sessions.begin() as session:
        return session.scalar(select(func.count()).select_from(Conversation)) or 0


@contextmanager
def parameters_per_statement(engine: Engine) -> Iterator[list[int]]:
    """How many bound parameters each statement sent inside the block carries (PostgreSQL takes 65,535 at most)."""
    seen: list[int] = []

    def record(_conn: Any, _cursor: Any, _statement: str, parameters: Any, *_args: Any) -> None:
        seen.append(len(parameters or ()))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)
