"""Forged or odd input at the edge: user ids that aren't Slack's are refused before they can become
mentions, NUL bytes and over-long names from profiles and forms are cleaned instead of failing setup
(PostgreSQL refuses NUL in text and has column limits), and refusals don't say whose thing it was."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from bot.db import SessionFactory
from bot.models import Conversation, Person
from bot.slack import parse
from bot.slack.blocks.common import mention
from bot.slack.ids import Block
from bot.slack.profiles import profile_from_user
from tests.support.fake_slack import FakeSlack
from tests.support.prep_flow import EMPLOYEE, MANAGER, add_people, body, open_prep, prep_values, set_up_pair
from tests.support.setup_flow import open_setup, setup_values
from tests.support.signed import SignedSlack

FORGED = "U1> <!channel"


def everything_slack_got(fake_slack: FakeSlack) -> str:
    return json.dumps([c.params for c in fake_slack.calls], ensure_ascii=False)


def people(sessions: SessionFactory) -> dict[str, str]:
    with sessions.begin() as session:
        return {p.slack_user_id: p.display_name for p in session.scalars(select(Person))}


# -- user ids ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [FORGED, "C0123", "u123", "U", "", "U12 3", "W" + "A" * 40, 42, None])
def test_only_slack_user_ids_pass(value: Any) -> None:
    assert not parse.is_user_id(value)
    with pytest.raises(parse.ForgedUserId):
        parse.user_id(value)


@pytest.mark.parametrize("value", ["U0123ABC", "W0G9QF9C7"])
def test_real_looking_ids_pass(value: str) -> None:
    assert parse.user_id(value) == value


def test_a_forged_id_is_never_a_mention() -> None:
    assert mention(FORGED) == "_someone_"
    assert mention("U0123ABC") == "<@U0123ABC>"


def test_a_forged_manager_is_refused_clearly_and_nothing_is_stored(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    add_people(fake_slack)
    view = open_setup(slack, fake_slack)
    fake_slack.clear_calls()

    response = slack.submit_view(EMPLOYEE, view, setup_values(manager=FORGED))

    told = json.dumps(body(response)) + everything_slack_got(fake_slack)
    assert parse.NOT_A_USER in told
    assert "<!channel" not in everything_slack_got(fake_slack)
    assert fake_slack.calls_to("users.info") == []  # refused before anything was looked up
    assert people(sessions) == {}


def test_a_forged_person_in_the_prep_form_is_a_field_error(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    add_people(fake_slack)
    set_up_pair(slack, fake_slack)
    form = open_prep(slack, fake_slack)

    answer = body(slack.submit_view(EMPLOYEE, form, prep_values(people=["UEVE", FORGED])))

    assert answer == {"response_action": "errors", "errors": {Block.PREP_PEOPLE: parse.NOT_A_USER}}
    with sessions.begin() as session:
        assert session.scalars(select(Conversation.prep)).one() is None


# -- NUL bytes and lengths ----------------------------------------------------------------------------------


def test_profile_names_lose_nul_bytes_and_fit_the_column() -> None:
    user = {"id": "U1", "name": "ana", "tz": "Europe/Berlin", "profile": {"display_name": "A\x00na  " + "x" * 400}}

    profile = profile_from_user(user)

    assert profile.display_name.startswith("Ana ")
    assert "\x00" not in profile.display_name
    assert len(profile.display_name) == 255
    assert profile.tz == "Europe/Berlin"


@pytest.mark.parametrize("tz", ["Europe/Berlin\x00", "A" * 300, 7])
def test_an_odd_time_zone_counts_as_unknown(tz: object) -> None:
    assert profile_from_user({"id": "U1", "name": "ana", "tz": tz}).tz is None


def test_a_name_of_only_control_bytes_falls_back_to_the_next_name() -> None:
    user = {"id": "U1", "name": "ana", "real_name": "Ana Silva", "profile": {"display_name": "\x00\x01"}}
    assert profile_from_user(user).display_name == "Ana Silva"


def test_setup_works_with_nul_bytes_long_names_and_odd_zones_in_slack_profiles(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    add_people(fake_slack)
    employee = fake_slack.user(EMPLOYEE)
    manager = fake_slack.user(MANAGER)
    assert employee is not None
    assert manager is not None
    employee["tz"] = "Europe/" + "B" * 300
    manager["profile"]["display_name"] = "Mi\x00ra " + "C" * 600

    set_up_pair(slack, fake_slack)

    names = people(sessions)
    assert names[MANAGER].startswith("Mira C")
    assert len(names[MANAGER]) == 255
    with sessions.begin() as session:
        ana = session.scalars(select(Person).where(Person.slack_user_id == EMPLOYEE)).one()
        assert ana.tz == "UTC"


def test_typed_text_loses_nul_and_control_bytes(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    add_people(fake_slack)
    set_up_pair(slack, fake_slack)
    form = open_prep(slack, fake_slack)

    slack.submit_view(EMPLOYEE, form, prep_values(strengths="Calm\x00 under\x07 pressure\nand kind\ttoo"))

    with sessions.begin() as session:
        prep = session.scalars(select(Conversation.prep)).one()
    assert prep is not None
    assert prep["strengths"] == "Calm under pressure\nand kind\ttoo"
