"""The ask ledger against a real database: asks from a shared prep, answers, who may answer, redirects."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.ask_redirect import keep_between_us, pass_on
from bot.domain.asks import answer_not_now, answer_yes, open_asks, redirect_to_person, redirect_to_resource
from bot.domain.errors import InvalidInput, NotAllowed, NotFound
from bot.domain.outbox_payloads import Notice
from bot.domain.outbox_payloads.stored import stored_template
from bot.domain.people import upsert_person
from bot.domain.prep_answers import Ask as PrepAsk
from bot.domain.prep_answers import AskKind
from bot.domain.prep_share import manager_changing
from bot.models import ActionItem, AskState, Delivery, DeliveryKind, ItemStatus
from tests.support.asks import TWO_ASKS, asks_of, person, share_asks
from tests.support.people import LEO, TEAM

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def notices(session: Session, template: Notice) -> list[Delivery]:
    return list(
        session.scalars(
            select(Delivery).where(Delivery.kind == DeliveryKind.NOTICE, stored_template() == template.value)
        )
    )


def test_a_shared_prep_makes_one_open_ask_per_request_for_the_manager(db: Session) -> None:
    conversation = share_asks(db, NOW)

    rows = asks_of(db, conversation)
    mira = person(db, "UMIRA")
    assert [(a.position, a.kind, a.detail, a.state) for a in rows] == [
        (0, "mentor", "someone in product", AskState.OPEN),
        (1, "certification", "AWS architect", AskState.OPEN),
    ]
    assert {a.asked_id for a in rows} == {mira.id}
    assert {a.opened_at for a in rows} == {NOW}
    assert all(a.plan_after is not None and a.plan_after <= NOW for a in rows)
    assert [a.id for a in open_asks(db, team_id=TEAM, asked_id=mira.id)] == [a.id for a in rows]


def test_a_draft_not_shared_makes_no_asks(db: Session) -> None:
    conversation = share_asks(db, NOW, share=False)

    assert asks_of(db, conversation) == []


def test_reshare_updates_open_asks_withdraws_removed_ones_and_keeps_answers(db: Session) -> None:
    conversation = share_asks(db, NOW)
    first, second = asks_of(db, conversation)
    answer_not_now(db, team_id=TEAM, ask_id=second.id, actor_slack_id="UMIRA", reason="Budget is frozen", now=NOW)
    later = NOW + timedelta(hours=1)

    share_asks(db, later, conversation, (PrepAsk(AskKind.MENTOR, "someone in design"),))

    assert (first.state, first.detail, first.opened_at) == (AskState.OPEN, "someone in design", NOW)
    assert (second.state, second.detail, second.answer_text) == (AskState.NOT_NOW, "AWS architect", "Budget is frozen")
    share_asks(db, later, conversation, (PrepAsk(AskKind.TRAINING, "public speaking"),))
    rows = asks_of(db, conversation)
    assert [(a.kind, a.state) for a in rows] == [
        ("mentor", AskState.WITHDRAWN),
        ("training", AskState.OPEN),
        ("certification", AskState.NOT_NOW),
    ]


def test_take_back_withdraws_open_asks_and_sharing_again_reopens_them(db: Session) -> None:
    conversation = share_asks(db, NOW)
    later = NOW + timedelta(hours=2)

    share_asks(db, later, conversation, share=False)
    assert {a.state for a in asks_of(db, conversation)} == {AskState.WITHDRAWN}
    assert open_asks(db, team_id=TEAM, asked_id=person(db, "UMIRA").id) == []

    share_asks(db, later, conversation)
    rows = asks_of(db, conversation)
    assert [(a.state, a.opened_at) for a in rows] == [(AskState.OPEN, later), (AskState.OPEN, later)]


def test_a_change_of_manager_withdraws_the_open_asks(db: Session) -> None:
    conversation = share_asks(db, NOW)

    manager_changing(db, conversation, now=NOW)

    assert {a.state for a in asks_of(db, conversation)} == {AskState.WITHDRAWN}


def test_only_the_person_asked_may_answer(db: Session) -> None:
    conversation = share_asks(db, NOW)
    ask = asks_of(db, conversation)[0]

    for actor in ("UANA", "ULEO"):
        with pytest.raises(NotAllowed, match="Only the person this ask was sent to"):
            answer_yes(db, team_id=TEAM, ask_id=ask.id, actor_slack_id=actor, next_step="Sure", now=NOW)
    with pytest.raises(NotFound):
        answer_yes(db, team_id="T0002", ask_id=ask.id, actor_slack_id="UMIRA", next_step="Sure", now=NOW)
    assert ask.state is AskState.OPEN
    assert notices(db, Notice.ASK_ANSWERED) == []


def test_not_now_needs_a_reason_and_tells_the_employee_in_their_hours(db: Session) -> None:
    conversation = share_asks(db, NOW)
    ask = asks_of(db, conversation)[0]

    with pytest.raises(InvalidInput) as refused:
        answer_not_now(db, team_id=TEAM, ask_id=ask.id, actor_slack_id="UMIRA", reason="  ", now=NOW)
    assert set(refused.value.errors) == {"reason"}
    with pytest.raises(InvalidInput) as past:
        answer_not_now(
            db, team_id=TEAM, ask_id=ask.id, actor_slack_id="UMIRA", reason="x", revisit_on=date(2026, 1, 1), now=NOW
        )
    assert set(past.value.errors) == {"revisit_on"}

    answer_not_now(
        db, team_id=TEAM, ask_id=ask.id, actor_slack_id="UMIRA", reason="After Q1", revisit_on=date(2027, 3, 1), now=NOW
    )

    assert (ask.state, ask.answer_text, ask.revisit_on, ask.answer_revision) == (
        AskState.NOT_NOW,
        "After Q1",
        date(2027, 3, 1),
        1,
    )
    told = notices(db, Notice.ASK_ANSWERED)
    assert [(d.recipient_id, d.idempotency_key) for d in told] == [
        (ask.employee_id, f"{TEAM}:notice:ask_answered:{ask.id}:1")
    ]


def test_a_not_now_ask_can_later_be_answered_yes_with_an_action_item(db: Session) -> None:
    conversation = share_asks(db, NOW)
    ask = asks_of(db, conversation)[0]
    answer_not_now(db, team_id=TEAM, ask_id=ask.id, actor_slack_id="UMIRA", reason="After Q1", now=NOW)
    ana = person(db, "UANA")

    answer_yes(
        db,
        team_id=TEAM,
        ask_id=ask.id,
        actor_slack_id="UMIRA",
        next_step="I'll introduce you to Priya",
        item_text="Write to Priya",
        item_owner_id=person(db, "UMIRA").id,
        item_due=date(2026, 12, 15),
        now=NOW,
    )

    item = db.get(ActionItem, ask.action_item_id)
    assert item is not None
    assert (item.text, item.owner_id, item.counterpart_id, item.due_date, item.status) == (
        "Write to Priya",
        ask.asked_id,
        ana.id,
        date(2026, 12, 15),
        ItemStatus.OPEN,
    )
    assert (ask.state, ask.answer_revision) == (AskState.YES, 2)
    assert len(notices(db, Notice.ASK_ANSWERED)) == 2
    with pytest.raises(NotFound, match="already has its answer"):
        answer_not_now(db, team_id=TEAM, ask_id=ask.id, actor_slack_id="UMIRA", reason="x", now=NOW)


def test_yes_with_an_item_needs_a_valid_owner(db: Session) -> None:
    conversation = share_asks(db, NOW)
    ask = asks_of(db, conversation)[0]

    with pytest.raises(InvalidInput) as refused:
        answer_yes(
            db,
            team_id=TEAM,
            ask_id=ask.id,
            actor_slack_id="UMIRA",
            next_step="ok",
            item_text="x",
            item_owner_id=None,
            now=NOW,
        )

    assert set(refused.value.errors) == {"item_owner"}
    assert db.scalars(select(ActionItem)).all() == []


def test_a_redirect_reaches_the_other_person_only_with_the_employees_consent(db: Session) -> None:
    conversation = share_asks(db, NOW)
    ask = asks_of(db, conversation)[0]
    leo = upsert_person(db, team_id=TEAM, profile=LEO, now=NOW)

    redirect_to_person(
        db, team_id=TEAM, ask_id=ask.id, actor_slack_id="UMIRA", target_person_id=leo.id, note="Leo runs it", now=NOW
    )

    child = next(a for a in asks_of(db, conversation) if a.parent_id == ask.id)
    assert (ask.state, ask.redirected_to_id, child.state, child.asked_id) == (
        AskState.REDIRECTED,
        leo.id,
        AskState.PROPOSED,
        leo.id,
    )
    assert open_asks(db, team_id=TEAM, asked_id=leo.id) == []
    assert notices(db, Notice.ASK_PASSED_ON) == []
    with pytest.raises(NotAllowed):
        answer_yes(db, team_id=TEAM, ask_id=child.id, actor_slack_id="ULEO", next_step="ok", now=NOW)
    with pytest.raises(NotAllowed):
        pass_on(db, team_id=TEAM, ask_id=child.id, actor_slack_id="UMIRA", now=NOW)

    later = NOW + timedelta(hours=3)
    pass_on(db, team_id=TEAM, ask_id=child.id, actor_slack_id="UANA", now=later)

    assert (child.state, child.opened_at) == (AskState.OPEN, later)
    assert [a.id for a in open_asks(db, team_id=TEAM, asked_id=leo.id)] == [child.id]
    assert [d.recipient_id for d in notices(db, Notice.ASK_PASSED_ON)] == [leo.id]
    with pytest.raises(NotFound, match="already decided"):
        keep_between_us(db, team_id=TEAM, ask_id=child.id, actor_slack_id="UANA", now=later)
    answer_yes(db, team_id=TEAM, ask_id=child.id, actor_slack_id="ULEO", next_step="Come shadow Friday", now=later)
    assert child.state is AskState.YES


def test_kept_between_us_the_other_person_never_sees_it(db: Session) -> None:
    conversation = share_asks(db, NOW)
    ask = asks_of(db, conversation)[0]
    leo = upsert_person(db, team_id=TEAM, profile=LEO, now=NOW)
    redirect_to_person(
        db, team_id=TEAM, ask_id=ask.id, actor_slack_id="UMIRA", target_person_id=leo.id, note="", now=NOW
    )
    child = next(a for a in asks_of(db, conversation) if a.parent_id == ask.id)

    keep_between_us(db, team_id=TEAM, ask_id=child.id, actor_slack_id="UANA", now=NOW)

    assert child.state is AskState.WITHDRAWN
    assert notices(db, Notice.ASK_PASSED_ON) == []


def test_redirect_refuses_the_two_of_them_and_a_resource_needs_a_link(db: Session) -> None:
    conversation = share_asks(db, NOW)
    ask = asks_of(db, conversation)[0]
    with pytest.raises(InvalidInput) as own:
        redirect_to_person(
            db, team_id=TEAM, ask_id=ask.id, actor_slack_id="UMIRA", target_person_id=ask.employee_id, note="", now=NOW
        )
    assert set(own.value.errors) == {"target"}
    with pytest.raises(InvalidInput):
        redirect_to_resource(db, team_id=TEAM, ask_id=ask.id, actor_slack_id="UMIRA", resource=" ", note="", now=NOW)

    redirect_to_resource(
        db,
        team_id=TEAM,
        ask_id=ask.id,
        actor_slack_id="UMIRA",
        resource="https://wiki/mentoring",
        note="Sign up",
        now=NOW,
    )

    assert (ask.state, ask.redirect_resource, ask.answer_text) == (
        AskState.REDIRECTED,
        "https://wiki/mentoring",
        "Sign up",
    )
    assert TWO_ASKS  # the second ask is untouched
    assert asks_of(db, conversation)[1].state is AskState.OPEN
