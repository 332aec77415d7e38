"""What people see of asks: one line per ask for the agenda, the brief, App Home, the list and export.
Each query names its reader: an ask's text goes only to its employee and the person asked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.domain.ask_sync import WAITING, visible_to_asked
from bot.domain.people import find_person
from bot.domain.prep_answers import ASK_LABELS, AskKind
from bot.models import ActionItem, Ask, AskState, Conversation, Person

DAY_SECONDS = 86400


@dataclass(frozen=True)
class AskLine:
    ask_id: int
    label: str
    detail: str
    state: AskState
    opened_at: datetime | None
    employee_user_id: str
    employee_name: str
    asked_user_id: str
    asked_name: str
    answer_text: str | None = None
    revisit_on: date | None = None
    resource: str | None = None
    redirected_to_user_id: str | None = None
    item_text: str | None = None
    answered_at: datetime | None = None

    @property
    def waiting(self) -> bool:
        return self.state in WAITING

    def age_days(self, now: datetime) -> int:
        return 0 if self.opened_at is None else max(0, int((now - self.opened_at).total_seconds() // DAY_SECONDS))


def label_of(kind: str) -> str:
    return ASK_LABELS[AskKind(kind)] if kind in set(AskKind) else kind


def line_of(session: Session, ask: Ask) -> AskLine:
    """The line for one ask whose employee and asked person are loaded (selectinload)."""
    target = session.get(Person, ask.redirected_to_id) if ask.redirected_to_id is not None else None
    item = session.get(ActionItem, ask.action_item_id) if ask.action_item_id is not None else None
    return AskLine(
        ask_id=ask.id,
        label=label_of(ask.kind),
        detail=ask.detail,
        state=ask.state,
        opened_at=ask.opened_at,
        employee_user_id=ask.employee.slack_user_id,
        employee_name=ask.employee.display_name,
        asked_user_id=ask.asked.slack_user_id,
        asked_name=ask.asked.display_name,
        answer_text=ask.answer_text,
        revisit_on=ask.revisit_on,
        resource=ask.redirect_resource,
        redirected_to_user_id=target.slack_user_id if target is not None else None,
        item_text=item.text if item is not None else None,
        answered_at=ask.answered_at,
    )


def _lines(session: Session, *where: object, order: tuple[object, ...] = (), for_asked: bool = False) -> list[AskLine]:
    """The asks matching `where`; `for_asked`: only those the person asked may see."""
    rows = session.scalars(
        select(Ask)
        .options(selectinload(Ask.employee), selectinload(Ask.asked))
        .where(*where)  # type: ignore[arg-type]
        .order_by(*order, Ask.id)  # type: ignore[arg-type]
    )
    return [line_of(session, a) for a in rows if not for_asked or visible_to_asked(session, a)]


def waiting_on(session: Session, *, team_id: str, asked_id: int, employee_id: int | None = None) -> list[AskLine]:
    """Asks waiting on `asked_id` (open, or parked with not now), oldest first."""
    where = [Ask.team_id == team_id, Ask.asked_id == asked_id, Ask.state.in_(WAITING)]
    if employee_id is not None:
        where.append(Ask.employee_id == employee_id)
    return _lines(session, *where, order=(Ask.opened_at,), for_asked=True)


def agenda_asks(session: Session, conversation: Conversation) -> tuple[AskLine, ...]:
    """The shared prep's asks to its manager, in prep order (answered ones with their answer)."""
    return tuple(
        _lines(
            session,
            Ask.conversation_id == conversation.id,
            Ask.parent_id.is_(None),
            Ask.asked_id == conversation.manager_id,
            Ask.state.not_in((AskState.WITHDRAWN, AskState.PROPOSED)),
            order=(Ask.position,),
            for_asked=True,
        )
    )


@dataclass(frozen=True)
class MyAsks:
    """A person's two sides: asks waiting on them, and the asks they made (with answers)."""

    owed: tuple[AskLine, ...]
    mine: tuple[AskLine, ...]


def my_asks(session: Session, *, team_id: str, slack_user_id: str) -> MyAsks:
    person = find_person(session, team_id=team_id, slack_user_id=slack_user_id)
    if person is None:
        return MyAsks((), ())
    owed = waiting_on(session, team_id=team_id, asked_id=person.id)
    mine = _lines(
        session,
        Ask.team_id == team_id,
        Ask.employee_id == person.id,
        Ask.state != AskState.WITHDRAWN,
        order=(Ask.opened_at.desc(),),
    )
    return MyAsks(tuple(owed), tuple(mine))
