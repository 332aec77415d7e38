"""Someone named as manager gets only the confirmation request until they confirm: the agenda and
meeting requests wait for it, arrive when they confirm, and never arrive if they decline."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from bot.db import SessionFactory
from bot.domain.schedule import plan
from bot.models import Delivery, DeliveryState
from bot.scheduling.relay import Relay
from bot.slack.ids import Action
from tests.conftest import FakeClock
from tests.support.fake_slack import FakeSlack
from tests.support.items_flow import add_item, dm_list, held_conversation, items_list, shown, value_for
from tests.support.prep_flow import (
    EMPLOYEE,
    MANAGER,
    add_people,
    all_text,
    answer_confirmation,
    body,
    open_prep,
    prep_values,
    set_up_pair,
    share_values,
)
from tests.support.request_flow import open_request, request_values
from tests.support.setup_flow import open_setup, setup_values
from tests.support.signed import SignedSlack

SECRET = "I'd like to move into product within a year"
ASK = "Could we talk about my move into product?"


@pytest.fixture(autouse=True)
def named_not_confirmed(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    add_people(fake_slack)
    set_up_pair(slack, fake_slack, confirm=False)


def to(fake_slack: FakeSlack, user: str) -> list[dict[str, object]]:
    return fake_slack.messages(channel="D" + user)


def share_and_request(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    form = open_prep(slack, fake_slack)
    review = body(slack.submit_view(EMPLOYEE, form, prep_values(direction=SECRET)))
    assert "once they confirm" in all_text(review["view"])
    slack.submit_view(EMPLOYEE, {**review["view"], "id": form["id"]}, share_values(True))
    slack.submit_view(EMPLOYEE, open_request(slack, fake_slack), request_values(message=ASK))


def test_content_waits_for_the_confirmation_and_arrives_with_it(
    slack: SignedSlack, fake_slack: FakeSlack, relay: Relay, clock: FakeClock
) -> None:
    share_and_request(slack, fake_slack)
    relay.run_once(clock.advance(days=2))  # a working morning in New York: still nothing

    [only] = to(fake_slack, MANAGER)
    assert "Can you confirm?" in only["text"]
    assert SECRET not in all_text(to(fake_slack, MANAGER))
    assert ASK not in all_text(to(fake_slack, MANAGER))
    # Ana is told plainly that both wait for Mira's confirmation.
    told = all_text([m["text"] for m in to(fake_slack, EMPLOYEE)])
    assert "Your agenda is ready for" in told
    assert "Your request (30 minutes on" in told
    assert told.count("They get it as soon as they confirm") == 2

    answer_confirmation(slack, fake_slack, Action.MANAGER_CONFIRM)

    # Confirming releases what waited, at once, and nothing is lost.
    received = all_text(to(fake_slack, MANAGER))
    assert SECRET in received
    assert ASK in received
    assert len(to(fake_slack, MANAGER)) == 3  # the answered confirmation, the agenda, the request


def test_an_agenda_held_past_its_1_1_is_not_sent_when_they_confirm_late(
    slack: SignedSlack, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    form = open_prep(slack, fake_slack)
    review = body(slack.submit_view(EMPLOYEE, form, prep_values(direction=SECRET)))
    slack.submit_view(EMPLOYEE, {**review["view"], "id": form["id"]}, share_values(True))
    clock.advance(days=17)  # Thu 10 Dec, 09:00 in New York: the 1:1 on Tue 8 Dec has come and gone

    answer_confirmation(slack, fake_slack, Action.MANAGER_CONFIRM)

    assert SECRET not in all_text(to(fake_slack, MANAGER))


def test_nothing_ever_reaches_someone_who_says_not_me(
    slack: SignedSlack, fake_slack: FakeSlack, relay: Relay, clock: FakeClock, sessions: SessionFactory
) -> None:
    share_and_request(slack, fake_slack)

    answer_confirmation(slack, fake_slack, Action.MANAGER_DECLINE)
    for _ in range(4):
        relay.run_once(clock.advance(hours=7))

    [only] = to(fake_slack, MANAGER)
    assert "You said you're not" in only["text"]
    assert SECRET not in all_text(to(fake_slack, MANAGER))
    assert ASK not in all_text(to(fake_slack, MANAGER))
    with sessions.begin() as session:
        mira_rows = session.scalars(select(Delivery).where(Delivery.kind.in_(["agenda", "meeting_request"]))).all()
        assert {d.state for d in mira_rows} == {DeliveryState.CANCELLED}


def test_the_export_of_someone_who_said_not_me_holds_nothing_of_the_report(
    slack: SignedSlack, fake_slack: FakeSlack
) -> None:
    share_and_request(slack, fake_slack)
    answer_confirmation(slack, fake_slack, Action.MANAGER_DECLINE)

    slack.command(MANAGER, "export")

    exported = "".join(f["content"].decode("utf-8") for f in fake_slack.files)
    assert exported  # Mira's own record was exported
    assert ASK not in exported
    assert SECRET not in exported


def test_naming_someone_else_before_confirmation_sends_the_first_person_nothing(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay, clock: FakeClock
) -> None:
    with sessions.begin() as session:
        held = held_conversation(session, EMPLOYEE, clock.now)
        add_item(session, held, held.manager, held.employee, "Find Ana a product mentor", date(2026, 11, 25), clock)
    share_and_request(slack, fake_slack)

    slack.submit_view(EMPLOYEE, open_setup(slack, fake_slack, "settings"), setup_values(manager="UEVE"))
    for _ in range(6):
        with sessions.begin() as session:
            plan(session, now=clock.now)  # would queue a due-day reminder for the item "owned" by Mira
        relay.run_once(clock.advance(hours=8))

    assert len(to(fake_slack, MANAGER)) == 1
    assert SECRET not in all_text(to(fake_slack, MANAGER))
    assert ASK not in all_text(to(fake_slack, MANAGER))
    assert SECRET not in all_text(to(fake_slack, "UEVE"))  # the new person gets nothing shared either


def test_items_and_news_about_them_wait_for_the_confirmation(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, clock: FakeClock
) -> None:
    with sessions.begin() as session:
        held = held_conversation(session, EMPLOYEE, clock.now)
        ana, mira = held.employee, held.manager
        mine = add_item(session, held, ana, mira, "Draft my product transition plan", None, clock)
        add_item(session, held, mira, ana, "Introduce Ana to the product director", None, clock)

    listed_for_ana = dm_list(slack, fake_slack, EMPLOYEE)
    slack.click(EMPLOYEE, Action.ITEM_DONE, value_for(listed_for_ana["blocks"], mine), message=listed_for_ana)
    # Ana is told the truth: Mira hears of it once she confirms, not "I've let her know".
    refreshed = shown(to(fake_slack, EMPLOYEE)[-1]["blocks"])
    assert "once they confirm they're your manager" in refreshed
    assert "I've let" not in refreshed
    listed = shown(items_list(slack, fake_slack, MANAGER))

    assert "product" not in listed
    assert len(to(fake_slack, MANAGER)) == 1  # only the confirmation request: no "Ana marked done"

    answer_confirmation(slack, fake_slack, Action.MANAGER_CONFIRM)

    assert "Introduce Ana to the product director" in shown(items_list(slack, fake_slack, MANAGER))
    assert "marked their action item as done" in all_text(to(fake_slack, MANAGER))


def test_after_not_me_no_item_or_reminder_about_the_report_reaches_them(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay, clock: FakeClock
) -> None:
    with sessions.begin() as session:
        held = held_conversation(session, EMPLOYEE, clock.now)
        ana, mira = held.employee, held.manager
        mine = add_item(session, held, ana, mira, "Draft my product transition plan", None, clock)
        add_item(session, held, mira, ana, "Introduce Ana to the product director", date(2026, 11, 25), clock)

    answer_confirmation(slack, fake_slack, Action.MANAGER_DECLINE)
    slack.click(EMPLOYEE, Action.ITEM_DONE, value_for(items_list(slack, fake_slack, EMPLOYEE)["blocks"], mine))
    for _ in range(6):
        with sessions.begin() as session:
            plan(session, now=clock.now)  # would queue a due-day reminder for the item "owned" by Mira
        relay.run_once(clock.advance(hours=8))

    [only] = to(fake_slack, MANAGER)
    assert "You said you're not" in only["text"]
    assert "product" not in shown(items_list(slack, fake_slack, MANAGER))


def test_named_again_and_confirmed_after_not_me_the_link_works(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    answer_confirmation(slack, fake_slack, Action.MANAGER_DECLINE)
    slack.submit_view(EMPLOYEE, open_setup(slack, fake_slack), setup_values())
    answer_confirmation(slack, fake_slack, Action.MANAGER_CONFIRM)

    form = open_prep(slack, fake_slack)
    review = body(slack.submit_view(EMPLOYEE, form, prep_values(direction=SECRET)))
    slack.submit_view(EMPLOYEE, {**review["view"], "id": form["id"]}, share_values(True))

    assert SECRET in all_text(to(fake_slack, MANAGER))


def test_shared_after_being_named_again_waits_and_arrives_on_confirmation(
    slack: SignedSlack, fake_slack: FakeSlack
) -> None:
    """Not me, then named again: what is shared before they answer waits for them, and is not lost."""
    answer_confirmation(slack, fake_slack, Action.MANAGER_DECLINE)
    slack.submit_view(EMPLOYEE, open_setup(slack, fake_slack), setup_values())
    form = open_prep(slack, fake_slack)
    review = body(slack.submit_view(EMPLOYEE, form, prep_values(direction=SECRET)))
    slack.submit_view(EMPLOYEE, {**review["view"], "id": form["id"]}, share_values(True))
    assert SECRET not in all_text(to(fake_slack, MANAGER))

    answer_confirmation(slack, fake_slack, Action.MANAGER_CONFIRM)

    assert SECRET in all_text(to(fake_slack, MANAGER))
