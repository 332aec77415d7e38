"""A signed button click sent again (a replay inside Slack's 5-minute window) is answered with a plain 200
and changes nothing: no row, no message, no update, no response_url post. A new click still acts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.db import SessionFactory
from bot.models import ActionItemEvent, DigestSubscription, InvitationState
from bot.scheduling.relay import Relay
from bot.slack.ids import Action
from bot.slack.values import DigestRef, encode
from tests.conftest import FakeClock
from tests.support.fake_slack import FakeSlack
from tests.support.items_flow import Seeded, dm_list, state_of, value_for
from tests.support.items_flow import seeded as seeded
from tests.support.prep_flow import EMPLOYEE, MANAGER, add_people, set_up_pair
from tests.support.reminders_flow import PREP_DUE, choose, option_value, sent_prep_reminder
from tests.support.reminders_flow import paired as paired
from tests.support.replays import assert_replays_change_nothing
from tests.support.request_flow import button, send_request
from tests.support.signed import SignedSlack
from tests.support.team_flow import invitations, open_team, picked

PRIYA = "UPRIYA"


@pytest.fixture
def pair(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    add_people(fake_slack)
    set_up_pair(slack, fake_slack)
    fake_slack.clear_calls()


@pytest.mark.parametrize("action_id", [Action.MANAGER_CONFIRM, Action.MANAGER_DECLINE])
def test_a_replayed_answer_to_the_manager_question_changes_nothing(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, action_id: str
) -> None:
    add_people(fake_slack)
    set_up_pair(slack, fake_slack, confirm=False)
    question = fake_slack.messages(channel="D" + MANAGER)[0]
    slack.click(MANAGER, action_id, button(question, action_id)["value"], message=question)

    assert_replays_change_nothing(slack, fake_slack, sessions)


@pytest.mark.usefixtures("pair")
def test_a_replayed_accept_of_a_meeting_request_changes_nothing(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    dm = send_request(slack, fake_slack)
    slack.click(MANAGER, Action.REQUEST_ACCEPT, button(dm, Action.REQUEST_ACCEPT)["value"], message=dm)

    assert_replays_change_nothing(slack, fake_slack, sessions)


@pytest.mark.parametrize("action_id", [Action.ITEM_DONE, Action.ITEM_STILL_ON_IT, Action.ITEM_DROP])
def test_a_replayed_item_button_writes_one_history_row(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, seeded: Seeded, action_id: str
) -> None:
    listed = dm_list(slack, fake_slack, EMPLOYEE)
    slack.click(EMPLOYEE, action_id, value_for(listed["blocks"], seeded.plan, action_id), message=listed)

    assert_replays_change_nothing(slack, fake_slack, sessions)

    assert len(state_of(sessions, seeded.plan)[3]) == 1


def test_a_new_click_after_a_replay_still_acts(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, seeded: Seeded
) -> None:
    listed = dm_list(slack, fake_slack, EMPLOYEE)
    slack.click(EMPLOYEE, Action.ITEM_DONE, value_for(listed["blocks"], seeded.plan), message=listed)
    slack.replay()

    slack.click(EMPLOYEE, Action.ITEM_DONE, value_for(listed["blocks"], seeded.shadow), message=listed)

    with sessions.begin() as session:
        assert sorted(session.scalars(select(ActionItemEvent.item_id))) == sorted([seeded.plan, seeded.shadow])


@pytest.fixture
def in_slack(fake_slack: FakeSlack) -> None:
    add_people(fake_slack)


@pytest.mark.usefixtures("in_slack", "paired")
def test_a_replayed_snooze_changes_nothing(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay, clock: FakeClock
) -> None:
    reminder = sent_prep_reminder(sessions, relay, fake_slack, clock)
    clock.set(PREP_DUE + timedelta(minutes=30))
    assert choose(slack, fake_slack, "UANA", reminder, option_value(reminder, "hour")).status == 200

    assert_replays_change_nothing(slack, fake_slack, sessions)


@pytest.mark.parametrize("action_id", [Action.INVITE_ACCEPT, Action.INVITE_DECLINE])
def test_a_replayed_answer_to_an_invitation_changes_nothing(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, action_id: str
) -> None:
    add_people(fake_slack)
    slack.submit_view(MANAGER, open_team(slack, fake_slack), picked(EMPLOYEE))
    [dm] = fake_slack.messages(channel="D" + EMPLOYEE)
    slack.click(EMPLOYEE, action_id, button(dm, action_id)["value"], message=dm)
    answered = invitations(sessions)
    assert answered[0][1] is not InvitationState.PENDING

    assert_replays_change_nothing(slack, fake_slack, sessions)


@pytest.mark.usefixtures("pair")
def test_a_replayed_stop_of_a_digest_changes_nothing(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    fake_slack.add_channel("C123", "mgrs")
    slack.command(MANAGER, "digest <#C123|mgrs>")
    with sessions.begin() as session:
        subscription_id = session.scalars(select(DigestSubscription.id)).one()
    slack.click(MANAGER, Action.DIGEST_OFF, encode(DigestRef(subscription_id=subscription_id)))

    assert_replays_change_nothing(slack, fake_slack, sessions)
