"""Who sees asks: not a manager who has not confirmed the link, nor a redirect target before the employee
agrees; the export holds both sides; forgetting removes the asker's asks and the answerer's words."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.ask_nudges import PERIOD, still_waiting
from bot.domain.ask_redirect import pass_on
from bot.domain.asks import answer_not_now, answer_yes, open_asks, redirect_to_person
from bot.domain.errors import InvalidInput, NotAllowed
from bot.domain.export import build_export
from bot.domain.forget import forget, forget_summary
from bot.domain.outbox import HORIZON
from bot.domain.people import upsert_person
from bot.domain.schedule import plan
from bot.domain.setup import confirm_manager
from bot.models import Ask, AskState, Delivery, DeliveryState, Person
from tests.support.asks import asks_of, person, share_asks
from tests.support.asks_follow import nudges
from tests.support.pairs import planned_conversation
from tests.support.people import LEO, TEAM

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def export_of(session: Session, user: str) -> str:
    export = build_export(session, team_id=TEAM, slack_user_id=user, now=NOW)
    assert export is not None
    return export.markdown


def test_a_manager_who_has_not_confirmed_sees_and_answers_nothing_until_they_do(db: Session) -> None:
    conversation = share_asks(db, NOW, planned_conversation(db, NOW, confirm=False))
    ask = asks_of(db, conversation)[0]
    mira = person(db, "UMIRA")

    assert open_asks(db, team_id=TEAM, asked_id=mira.id) == []
    with pytest.raises(NotAllowed):
        answer_yes(db, team_id=TEAM, ask_id=ask.id, actor_slack_id="UMIRA", next_step="ok", now=NOW)
    assert "someone in product" not in export_of(db, "UMIRA")

    confirm_manager(
        db, team_id=TEAM, series_id=conversation.series_id, manager_id=mira.id, actor_slack_id="UMIRA", now=NOW
    )
    assert len(open_asks(db, team_id=TEAM, asked_id=mira.id)) == 2


def test_the_export_has_my_asks_with_answers_and_the_asks_put_to_me(db: Session) -> None:
    conversation = share_asks(db, NOW)
    first, second = asks_of(db, conversation)
    answer_not_now(db, team_id=TEAM, ask_id=first.id, actor_slack_id="UMIRA", reason="After the reorg", now=NOW)
    leo = upsert_person(db, team_id=TEAM, profile=LEO, now=NOW)
    redirect_to_person(
        db, team_id=TEAM, ask_id=second.id, actor_slack_id="UMIRA", target_person_id=leo.id, note="Leo knows", now=NOW
    )

    ana = export_of(db, "UANA")
    assert "## Asks" in ana
    assert "someone in product" in ana
    assert "After the reorg" in ana
    assert "Passed on to: Leo Park" in ana
    mira = export_of(db, "UMIRA")
    assert "## Asks put to you" in mira
    assert "Your words: After the reorg" in mira
    assert "AWS architect" not in export_of(db, "ULEO")  # not passed on yet

    child = next(a for a in asks_of(db, conversation) if a.parent_id == second.id)
    pass_on(db, team_id=TEAM, ask_id=child.id, actor_slack_id="UANA", now=NOW)
    assert "AWS architect" in export_of(db, "ULEO")


def test_forgetting_the_employee_removes_their_asks_and_the_message_to_a_redirect_target(db: Session) -> None:
    conversation = share_asks(db, NOW)
    ask = asks_of(db, conversation)[0]
    leo = upsert_person(db, team_id=TEAM, profile=LEO, now=NOW)
    redirect_to_person(
        db, team_id=TEAM, ask_id=ask.id, actor_slack_id="UMIRA", target_person_id=leo.id, note="", now=NOW
    )
    child = next(a for a in asks_of(db, conversation) if a.parent_id == ask.id)
    pass_on(db, team_id=TEAM, ask_id=child.id, actor_slack_id="UANA", now=NOW)
    to_leo = db.scalars(select(Delivery).where(Delivery.recipient_id == leo.id)).one()
    summary = forget_summary(db, team_id=TEAM, slack_user_id="UANA")
    assert summary is not None
    assert summary.asks == 2  # the redirected copy goes with its ask

    forget(db, team_id=TEAM, slack_user_id="UANA", now=NOW)

    assert db.scalars(select(Ask)).all() == []
    assert to_leo.state is DeliveryState.CANCELLED


def test_forgetting_the_manager_keeps_the_employees_asks_without_the_managers_words(db: Session) -> None:
    conversation = share_asks(db, NOW)
    first, second = asks_of(db, conversation)
    answer_not_now(db, team_id=TEAM, ask_id=first.id, actor_slack_id="UMIRA", reason="Mira's private reason", now=NOW)
    mira_id = person(db, "UMIRA").id

    forget(db, team_id=TEAM, slack_user_id="UMIRA", now=NOW)

    rows = db.scalars(select(Ask).order_by(Ask.id)).all()
    assert [(a.id, a.state, a.answer_text, a.answered_by_id) for a in rows] == [
        (first.id, AskState.WITHDRAWN, None, None),
        (second.id, AskState.WITHDRAWN, None, None),
    ]
    scrubbed = db.get(Person, mira_id)
    assert scrubbed is not None
    assert scrubbed.display_name == "Former colleague"
    assert "Mira's private reason" not in export_of(db, "UANA")


def test_the_30_day_nudge_never_reaches_a_manager_who_has_not_confirmed_the_link(db: Session) -> None:
    """Planned for the person named as manager, but not sent while they could not see the ask itself."""
    conversation = share_asks(db, NOW, planned_conversation(db, NOW, confirm=False))
    ask = asks_of(db, conversation)[0]
    assert ask.opened_at is not None
    plan(db, now=ask.opened_at + PERIOD - HORIZON)
    queued = [n for n in nudges(db) if n.recipient_id == person(db, "UMIRA").id]

    assert queued
    assert all(isinstance(still_waiting(db, nudge, nudge.due_at), str) for nudge in queued)


def test_a_colleague_an_ask_was_passed_on_to_answers_yes_without_an_item_in_someone_elses_1on1(db: Session) -> None:
    conversation = share_asks(db, NOW)
    ask = asks_of(db, conversation)[0]
    leo = upsert_person(db, team_id=TEAM, profile=LEO, now=NOW)
    redirect_to_person(
        db, team_id=TEAM, ask_id=ask.id, actor_slack_id="UMIRA", target_person_id=leo.id, note="", now=NOW
    )
    child = next(a for a in asks_of(db, conversation) if a.parent_id == ask.id)
    pass_on(db, team_id=TEAM, ask_id=child.id, actor_slack_id="UANA", now=NOW)

    with pytest.raises(InvalidInput):
        answer_yes(
            db,
            team_id=TEAM,
            ask_id=child.id,
            actor_slack_id=LEO.slack_user_id,
            next_step="Shadow my team on Thursday",
            item_text="Send Ana the on-call rota",
            item_owner_id=leo.id,
            now=NOW,
        )
    answered = answer_yes(
        db, team_id=TEAM, ask_id=child.id, actor_slack_id=LEO.slack_user_id, next_step="Shadow us Thursday", now=NOW
    )
    assert answered.state is AskState.YES
    assert answered.action_item_id is None
