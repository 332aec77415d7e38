"""`/career-prep team` end to end: a manager invites, the invitee gets a DM in their working hours,
accepts into a prefilled setup, saves, and the manager sees them joined; refusals and "not now"."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from slack_bolt import BoltResponse
from sqlalchemy import select

from bot.db import SessionFactory
from bot.models import Delivery, DeliveryKind, DeliveryState, InvitationState, Person
from bot.scheduling.relay import Relay
from bot.slack.ids import Action, Block, Callback
from tests.conftest import FakeClock
from tests.support.fake_slack import FakeSlack
from tests.support.items_flow import dms
from tests.support.request_flow import button
from tests.support.setup_flow import setup_values
from tests.support.signed import SignedSlack
from tests.support.team_flow import ANA, LEO, MANAGER, Json, invitations, open_team, picked


@pytest.fixture(autouse=True)
def people(fake_slack: FakeSlack) -> None:
    fake_slack.add_user(MANAGER, name="mira", real_name="Mira Chen", tz="America/New_York")
    fake_slack.add_user(ANA, name="ana", real_name="Ana Silva", tz="Europe/Berlin")
    fake_slack.add_user(LEO, name="leo", real_name="Leo Park", tz="Asia/Tokyo")  # 23:00 there at the clock's start
    fake_slack.add_user("UEVE", name="eve", real_name="Eve Outsider", tz="UTC")
    fake_slack.add_user("UGONE", name="gone", real_name="Former Colleague", deleted=True)
    fake_slack.add_user("UAPP", name="someapp", real_name="Some App", is_bot=True)


def text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def invite(slack: SignedSlack, fake_slack: FakeSlack, *users: str) -> Json:
    response = slack.submit_view(MANAGER, open_team(slack, fake_slack), picked(*users))
    return json.loads(response.body or "{}")


def errors_of(response: BoltResponse) -> dict[str, str]:
    payload = json.loads(response.body or "{}")
    assert payload.get("response_action") == "errors", payload
    return dict(payload["errors"])


def test_invite_accept_set_up_and_the_manager_sees_them_joined(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    assert "You haven't invited anyone yet." in text(open_team(slack, fake_slack))

    result = invite(slack, fake_slack, ANA)

    assert result["response_action"] == "update"
    assert f"<@{ANA}>: invited." in text(result["view"])
    [dm] = dms(fake_slack, ANA)
    assert f"<@{MANAGER}> invited you" in dm["text"]

    accept = button(dm, Action.INVITE_ACCEPT)
    slack.click(ANA, Action.INVITE_ACCEPT, accept["value"], message=dm)

    setup = fake_slack.last_view()
    assert setup["callback_id"] == Callback.SETUP
    assert setup["blocks"][1]["element"]["initial_user"] == MANAGER
    assert setup["blocks"][3]["element"]["timezone"] == "Europe/Berlin"
    assert "You accepted" in dms(fake_slack, ANA)[0]["text"]
    assert dms(fake_slack, ANA)[0]["updated"] is True
    [told] = dms(fake_slack, MANAGER)
    assert f"<@{ANA}> accepted your invitation" in told["text"]

    slack.submit_view(ANA, setup, setup_values(manager=MANAGER))

    with sessions.begin() as session:
        ana = session.scalars(select(Person).filter_by(slack_user_id=ANA)).one()
        assert ana.manager_confirmed is True
        kinds = set(session.scalars(select(Delivery.kind)))
    assert DeliveryKind.MANAGER_CONFIRMATION not in kinds
    assert len(dms(fake_slack, MANAGER)) == 1  # no "does Ana report to you?" on top
    assert "has confirmed they're your manager" in text(dms(fake_slack, ANA)[-1])
    # The manager's Home was refreshed by Ana's setup, and the form shows her joined.
    assert f"<@{ANA}>" in text(fake_slack.home_views[MANAGER])
    assert "Your team" in text(fake_slack.home_views[MANAGER])
    overview = text(open_team(slack, fake_slack))
    assert f"<@{ANA}>: joined your team" in overview
    assert "*On your team* (1)" in overview


def test_accept_again_reopens_the_form_without_telling_the_manager_twice(
    slack: SignedSlack, fake_slack: FakeSlack
) -> None:
    invite(slack, fake_slack, ANA)
    [dm] = dms(fake_slack, ANA)
    slack.click(ANA, Action.INVITE_ACCEPT, button(dm, Action.INVITE_ACCEPT)["value"], message=dm)
    updated = dms(fake_slack, ANA)[0]

    slack.click(ANA, Action.INVITE_ACCEPT, button(updated, Action.INVITE_ACCEPT)["value"], message=updated)

    assert [c.params["view"]["callback_id"] for c in fake_slack.calls_to("views.open")][-2:] == [
        Callback.SETUP,
        Callback.SETUP,
    ]
    assert len(dms(fake_slack, MANAGER)) == 1


def test_inviting_the_same_person_again_sends_nothing_new(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    invite(slack, fake_slack, ANA)

    again = invite(slack, fake_slack, ANA, ANA)

    assert "already invited and still deciding" in text(again["view"])
    assert len(dms(fake_slack, ANA)) == 1
    assert invitations(sessions) == [(ANA, InvitationState.PENDING)]


def test_not_now_is_recorded_quietly(slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory) -> None:
    invite(slack, fake_slack, ANA)
    [dm] = dms(fake_slack, ANA)

    slack.click(ANA, Action.INVITE_DECLINE, button(dm, Action.INVITE_DECLINE)["value"], message=dm)

    assert invitations(sessions) == [(ANA, InvitationState.DECLINED)]
    assert "No problem" in dms(fake_slack, ANA)[0]["text"]
    assert dms(fake_slack, MANAGER) == []
    assert f"<@{ANA}>: said not now" in text(open_team(slack, fake_slack))


def test_only_the_invitee_can_answer(slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory) -> None:
    invite(slack, fake_slack, ANA)
    [dm] = dms(fake_slack, ANA)

    slack.click("UEVE", Action.INVITE_ACCEPT, button(dm, Action.INVITE_ACCEPT)["value"], message=dm)

    assert invitations(sessions) == [(ANA, InvitationState.PENDING)]
    assert "Only the person who was invited" in text(fake_slack.responses[-1])
    assert dms(fake_slack, MANAGER) == []


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (MANAGER, "You can't invite yourself."),
        ("UAPP", "someapp is an app, not a person."),
        ("UGONE", "is no longer in this workspace."),
    ],
)
def test_yourself_apps_and_people_who_left_are_refused(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, who: str, expected: str
) -> None:
    response = slack.submit_view(MANAGER, open_team(slack, fake_slack), picked(ANA, who))

    assert expected in errors_of(response)[Block.TEAM_PEOPLE]
    assert invitations(sessions) == []
    assert dms(fake_slack, ANA) == []


def test_a_failed_lookup_asks_to_try_again(slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory) -> None:
    view = open_team(slack, fake_slack)
    fake_slack.fail_next("users.info", "internal_error")

    response = slack.submit_view(MANAGER, view, picked(ANA))

    assert "couldn't look these people up" in errors_of(response)[Block.TEAM_PEOPLE]
    assert invitations(sessions) == []


def test_too_many_at_once_is_refused_before_any_lookup(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    view = open_team(slack, fake_slack)
    fake_slack.clear_calls()

    response = slack.submit_view(MANAGER, view, picked(*[f"U{n:03d}" for n in range(11)]))

    assert "up to 10" in errors_of(response)[Block.TEAM_PEOPLE]
    assert fake_slack.calls_to("users.info") == []


def test_the_invitation_waits_for_the_invitees_working_hours(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay, clock: FakeClock
) -> None:
    invite(slack, fake_slack, LEO)

    assert dms(fake_slack, LEO) == []
    with sessions.begin() as session:
        held = session.scalars(select(Delivery).filter_by(kind=DeliveryKind.INVITATION)).one()
        assert held.state is DeliveryState.PENDING
        assert held.due_at == datetime(2026, 11, 24, 0, 0, tzinfo=UTC)  # Tuesday 09:00 in Tokyo

    clock.set(datetime(2026, 11, 24, 0, 5, tzinfo=UTC))
    relay.run_once(clock.now)

    assert f"<@{MANAGER}> invited you" in dms(fake_slack, LEO)[0]["text"]


def test_the_homes_invite_button_opens_the_form(slack: SignedSlack, fake_slack: FakeSlack) -> None:
    invite(slack, fake_slack, ANA)
    slack.event({"type": "app_home_opened", "user": MANAGER, "tab": "home", "channel": "D" + MANAGER})
    home = fake_slack.home_views[MANAGER]
    assert "1 invitation waiting for an answer" in text(home)

    slack.click(MANAGER, Action.OPEN_TEAM, view=home)

    form = fake_slack.last_view()
    assert form["callback_id"] == Callback.TEAM_INVITE
    assert f"<@{ANA}>: waiting for an answer" in text(form)
