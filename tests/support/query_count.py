"""Count the SQL statements a block of code sends, and build a team of any size to run it against."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.domain.items import change_status
from bot.domain.people import Profile
from bot.domain.recap import save_recap
from bot.domain.recap_input import Owner, RecapInput, RecapRow
from bot.domain.setup import SetupInput, confirm_manager, save_setup
from bot.models import ActionItem, Cadence, Conversation, ItemStatus, Person
from tests.support.people import MIRA, TEAM

SET_UP_AT = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
DUE = date(2026, 12, 15)
MET_AT = datetime(2026, 12, 8, 16, 30, tzinfo=UTC)  # the 8 December 15:30 UTC meetings below are over


@dataclass
class Statements:
    """The statements sent while counting (their SQL text, for a readable failure)."""

    sql: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.sql)


@contextmanager
def counted(engine: Engine) -> Iterator[Statements]:
    """Every statement the engine sends inside the block."""
    seen = Statements()

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.sql.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def report(n: int) -> Profile:
    return Profile(f"UREPORT{n}", f"Report {n}", "UTC")


def team_of(db: Session, size: int, *, recapped: bool) -> list[Conversation]:
    """Mira with `size` confirmed reports, each with a 1:1 on 8 December and (`recapped`) a recap with
    one item for each of them; the conversations, in report order."""
    conversations = []
    for n in range(size):
        employee = report(n)
        form = SetupInput(employee, MIRA, date(2026, 12, 8), time(15, 30), Cadence.MONTHLY, 30)
        saved = save_setup(db, team_id=TEAM, form=form, submission_id=f"setup-{n}", now=SET_UP_AT)
        args = {"series_id": saved.series.id, "manager_id": saved.manager.id}
        confirm_manager(db, team_id=TEAM, actor_slack_id=MIRA.slack_user_id, now=SET_UP_AT, **args)
        conversation = db.scalars(select(Conversation).where(Conversation.series_id == saved.series.id)).one()
        conversations.append(conversation)
        if not recapped:
            continue
        rows = (RecapRow(f"Report {n}'s step", Owner.ME, DUE), RecapRow(f"Mira's step for {n}", Owner.MANAGER, DUE))
        data = RecapInput(met=True, takeaways="Good talk", rows=rows)
        save_recap(
            db,
            team_id=TEAM,
            conversation_id=conversation.id,
            slack_user_id=employee.slack_user_id,
            data=data,
            submission_id=f"recap-{n}",
            today=MET_AT.date(),
            now=MET_AT,
        )
    db.flush()
    db.expunge_all()  # what the code under test needs, it loads itself
    return conversations


def block_every_reports_step(db: Session, size: int) -> None:
    """Each report marks their own step blocked, with a reason (which a list shows from the history)."""
    for n in range(size):
        step = db.scalars(select(ActionItem).where(ActionItem.text == f"Report {n}'s step")).one()
        user = report(n).slack_user_id
        change_status(
            db, team_id=TEAM, item_id=step.id, slack_user_id=user, to=ItemStatus.BLOCKED, note="waiting", now=MET_AT
        )
    db.flush()
    db.expunge_all()


def manager(db: Session) -> Person:
    return db.scalars(select(Person).filter_by(team_id=TEAM, slack_user_id=MIRA.slack_user_id)).one()
