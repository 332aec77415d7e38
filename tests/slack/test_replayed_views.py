"""A signed view submission sent again (a replay inside Slack's 5-minute window, or a second click on Submit)
is answered with a plain 200 and changes nothing: no row, no message, no update, no response_url post."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from bot.db import SessionFactory
from bot.models import ActionItemEvent, Conversation, MeetingRequest, OneOnOneSeries, Person
from bot.slack.ids import Action, Callback
from tests.conftest import FakeClock
from tests.support.data_flow import TICKED, open_forget
from tests.support.fake_slack import FakeSlack
from tests.support.items_flow import Seeded, dm_list, edit_values, reason_values, state_of, value_for
from tests.support.items_flow import seeded as seeded
from tests.support.prep_flow import (
    EMPLOYEE,
    MANAGER,
    add_people,
    body,
    open_prep,
    prep_values,
    set_up_pair,
    share_values,
)
from tests.support.recap_flow import MEETING_OVER, open_recap, recap_values
from tests.support.replays import assert_replays_change_nothing
from tests.support.request_flow import button, open_request, request_values, send_request, slot_values
from tests.support.setup_flow import open_setup, setup_values
from tests.support.signed import FORM, SignedSlack
from tests.support.team_flow import open_team, picked

PRIYA = "UPRIYA"


@pytest.fixture
def pair(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    add_people(fake_slack)
    set_up_pair(slack, fake_slack)
    fake_slack.clear_calls()


def count(sessions: SessionFactory, model: type[object]) -> int:
    with sessions.begin() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def manager_of(sessions: SessionFactory, user: str) -> str | None:
    with sessions.begin() as session:
        person = session.scalars(
            select(Person).options(selectinload(Person.manager)).where(Person.slack_user_id == user)
        ).one()
        return person.manager.slack_user_id if person.manager else None


# --- The two cases seen in the wild ---------------------------------------------------------------------------------


@pytest.mark.usefixtures("pair")
def test_a_meeting_request_sent_three_times_makes_one_request_and_one_dm(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    before = len(fake_slack.messages(channel="D" + MANAGER))
    send_request(slack, fake_slack)

    assert_replays_change_nothing(slack, fake_slack, sessions, times=2)

    assert count(sessions, MeetingRequest) == 1
    assert len(fake_slack.messages(channel="D" + MANAGER)) == before + 1


@pytest.mark.usefixtures("pair")
def test_concurrent_copies_of_one_meeting_request_make_one_request(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    copy = slack.view_submission_body(EMPLOYEE, open_request(slack, fake_slack), request_values())
    before = len(fake_slack.messages(channel="D" + MANAGER))
    statuses: list[int] = []

    def send() -> None:
        statuses.append(slack.dispatch(copy, FORM).status)

    threads = [threading.Thread(target=send) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)

    assert statuses == [200, 200, 200]
    assert count(sessions, MeetingRequest) == 1
    assert len(fake_slack.messages(channel="D" + MANAGER)) == before + 1


def test_a_blocked_reason_sent_three_times_writes_one_history_row_and_one_notice(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, seeded: Seeded
) -> None:
    listed = dm_list(slack, fake_slack, EMPLOYEE)
    slack.click(EMPLOYEE, Action.ITEM_BLOCKED, value_for(listed["blocks"], seeded.plan), message=listed)
    notices = len(fake_slack.messages(channel="D" + MANAGER))
    slack.submit_view(EMPLOYEE, fake_slack.last_view(), reason_values("Waiting on budget approval"))

    assert_replays_change_nothing(slack, fake_slack, sessions, times=2)

    assert len(state_of(sessions, seeded.plan)[3]) == 1
    assert count(sessions, ActionItemEvent) == 1
    assert len(fake_slack.messages(channel="D" + MANAGER)) == notices + 1


# --- Every other submission that changes something ------------------------------------------------------------------


def test_a_replayed_item_edit_changes_nothing(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, seeded: Seeded
) -> None:
    listed = dm_list(slack, fake_slack, EMPLOYEE)
    slack.click(EMPLOYEE, Action.ITEM_EDIT, value_for(listed["blocks"], seeded.plan), message=listed)
    slack.submit_view(EMPLOYEE, fake_slack.last_view(), edit_values("Draft a learning plan with Mira", "2026-12-11"))

    assert_replays_change_nothing(slack, fake_slack, sessions)


@pytest.mark.usefixtures("pair")
def test_a_replayed_prep_form_does_not_bring_back_older_answers(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    slack.submit_view(EMPLOYEE, open_prep(slack, fake_slack), prep_values(direction="Leading a team"))
    first = len(slack.sent) - 1
    slack.submit_view(EMPLOYEE, open_prep(slack, fake_slack), prep_values(direction="Staying hands-on"))

    assert_replays_change_nothing(slack, fake_slack, sessions, which=first)


@pytest.mark.usefixtures("pair")
def test_a_replayed_share_after_taking_the_agenda_back_shares_nothing(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    form = open_prep(slack, fake_slack)
    review = {**body(slack.submit_view(EMPLOYEE, form, prep_values()))["view"], "id": form["id"]}
    slack.submit_view(EMPLOYEE, review, share_values(True))
    shared = len(slack.sent) - 1
    slack.submit_view(EMPLOYEE, review, share_values(False))

    assert_replays_change_nothing(slack, fake_slack, sessions, which=shared)


@pytest.mark.usefixtures("pair")
def test_a_replayed_recap_does_not_undo_a_later_edit(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, clock: FakeClock
) -> None:
    year, month, day, hour, minute = MEETING_OVER
    clock.set(clock.now.replace(year=year, month=month, day=day, hour=hour, minute=minute))
    slack.submit_view(EMPLOYEE, open_recap(slack, fake_slack), recap_values(takeaways="First thoughts"))
    first = len(slack.sent) - 1
    slack.submit_view(EMPLOYEE, open_recap(slack, fake_slack), recap_values(takeaways="What we agreed"))

    assert_replays_change_nothing(slack, fake_slack, sessions, which=first)

    with sessions.begin() as session:
        assert session.scalars(select(Conversation.recap)).one()["takeaways"] == "What we agreed"


@pytest.mark.usefixtures("pair")
def test_a_replayed_counter_proposal_changes_nothing(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    dm = send_request(slack, fake_slack)
    slack.click(MANAGER, Action.REQUEST_PROPOSE, button(dm, Action.REQUEST_PROPOSE)["value"], message=dm)
    counter_view = fake_slack.last_view()
    assert counter_view["callback_id"] == Callback.REQUEST_COUNTER
    slack.submit_view(MANAGER, counter_view, slot_values("2026-11-27", "11:00"))

    assert_replays_change_nothing(slack, fake_slack, sessions)


@pytest.mark.usefixtures("pair")
def test_a_replayed_setup_does_not_undo_a_newer_one(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    first = len(slack.sent) - 1  # the pair's setup, naming Mira
    slack.submit_view(EMPLOYEE, open_setup(slack, fake_slack, "settings"), setup_values(manager=PRIYA))
    assert manager_of(sessions, EMPLOYEE) == PRIYA

    assert_replays_change_nothing(slack, fake_slack, sessions, which=first)

    assert manager_of(sessions, EMPLOYEE) == PRIYA


@pytest.mark.usefixtures("pair")
def test_a_replayed_team_invite_changes_nothing(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    slack.submit_view(MANAGER, open_team(slack, fake_slack), picked(PRIYA))

    assert_replays_change_nothing(slack, fake_slack, sessions)


@pytest.mark.usefixtures("pair")
def test_a_replayed_forget_does_not_delete_a_new_setup(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    slack.submit_view(EMPLOYEE, open_forget(slack, fake_slack), TICKED)
    forgot = len(slack.sent) - 1
    set_up_pair(slack, fake_slack)
    assert count(sessions, OneOnOneSeries) == 1

    assert_replays_change_nothing(slack, fake_slack, sessions, which=forgot)

    assert count(sessions, OneOnOneSeries) == 1
