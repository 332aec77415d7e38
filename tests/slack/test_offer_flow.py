"""Who can help, end to end: the offer form (public notice, normalised topics, prefilled on edit, field
errors), `offer off` / `offer on`, the workspace topic list (admins only), the helpers directory within
Block Kit limits, and suggestions with their reasons shown after a prep is saved."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from bot.db import SessionFactory
from bot.domain.people import find_person
from bot.models import Workspace
from bot.models.help_offer import HelpOffer, OfferKind
from bot.slack.ids import Action, Block, Callback
from bot.slack.values import IntroStart, decode
from tests.conftest import FakeClock
from tests.support.fake_slack import FakeSlack
from tests.support.offer_flow import buttons, last_reply, offer_values, open_home
from tests.support.offers import add_offer, add_person
from tests.support.prep_flow import EMPLOYEE, MANAGER, add_people, open_prep, prep_values, set_up_pair
from tests.support.signed import SignedSlack

KIM = "UKIM"
TEAM = "T0001"


@pytest.fixture(autouse=True)
def people(fake_slack: FakeSlack) -> None:
    add_people(fake_slack)
    fake_slack.add_user(KIM, name="kim", real_name="Kim Lee", tz="Europe/London")
    fake_slack.add_user("UADMIN", name="ada", real_name="Ada Admin", tz="UTC", is_admin=True)


def text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def open_offer(slack: SignedSlack, fake_slack: FakeSlack, user: str = KIM) -> dict[str, Any]:
    assert slack.command(user, "offer").status == 200
    view = fake_slack.last_view()
    assert view["callback_id"] == Callback.OFFER_FORM
    return view


def offer_row(sessions: SessionFactory, user: str = KIM) -> HelpOffer | None:
    with sessions.begin() as session:
        person = find_person(session, team_id=TEAM, slack_user_id=user)
        if person is None:
            return None
        row = session.scalars(select(HelpOffer).filter_by(person_id=person.id)).first()
        if row is not None:
            session.expunge(row)
        return row


def test_an_offer_is_saved_normalised_and_prefilled_when_edited(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    view = open_offer(slack, fake_slack)
    assert "visible to everyone in this workspace" in text(view)
    assert Block.OFFER_TOPICS not in text(view)  # no workspace list yet: only free tags

    values = offer_values(
        typed="SQL, Data   Modelling;sql, public speaking",
        kinds=["mentoring", "shadowing"],
        capacity="3",
        note="Happy to talk  about moving from support to data",
    )
    response = slack.submit_view(KIM, view, values)

    answer = json.loads(response.body or "{}")
    assert answer["response_action"] == "update"
    assert "open to new conversations" in text(answer["view"])
    offer = offer_row(sessions)
    assert offer is not None
    assert offer.topics == ["sql", "data modelling", "public speaking"]
    assert offer.kinds == ["mentoring", "shadowing"]
    assert (offer.capacity_per_month, offer.open) == (3, True)
    assert offer.note == "Happy to talk about moving from support to data"

    again = open_offer(slack, fake_slack)
    by_block = {b.get("block_id"): b for b in again["blocks"]}
    assert by_block[Block.OFFER_TAGS]["element"]["initial_value"] == "sql, data modelling, public speaking"
    assert [o["value"] for o in by_block[Block.OFFER_KINDS]["element"]["initial_options"]] == ["mentoring", "shadowing"]
    assert by_block[Block.OFFER_CAPACITY]["element"]["initial_option"]["value"] == "3"
    assert by_block[Block.OFFER_NOTE]["element"]["initial_value"] == offer.note


def test_an_offer_needs_a_topic_and_a_kind(slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory) -> None:
    view = open_offer(slack, fake_slack)
    response = slack.submit_view(KIM, view, offer_values(typed=" , ", kinds=[]))
    payload = json.loads(response.body or "{}")
    assert payload["response_action"] == "errors"
    assert set(payload["errors"]) == {Block.OFFER_TAGS, Block.OFFER_KINDS}
    too_many = ", ".join(f"topic {n}" for n in range(16))
    payload = json.loads(slack.submit_view(KIM, view, offer_values(typed=too_many)).body or "{}")
    assert "up to 15 topics" in payload["errors"][Block.OFFER_TAGS]
    assert offer_row(sessions) is None


def test_offer_off_and_on(slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory) -> None:
    slack.command(KIM, "offer off")
    assert "haven't offered help yet" in text(last_reply(fake_slack))

    slack.submit_view(KIM, open_offer(slack, fake_slack), offer_values())
    slack.command(KIM, "offer off")
    assert "paused" in last_reply(fake_slack)["text"]
    offer = offer_row(sessions)
    assert offer is not None
    assert offer.open is False
    slack.command(EMPLOYEE, "helpers")
    assert "Nobody has offered help yet" in text(last_reply(fake_slack))

    slack.command(KIM, "offer on")
    offer = offer_row(sessions)
    assert offer is not None
    assert offer.open is True
    slack.command(EMPLOYEE, "helpers")
    assert f"<@{KIM}>" in text(last_reply(fake_slack))


def test_only_admins_set_the_workspace_topic_list_and_the_form_offers_it(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    slack.command(KIM, "settings help-topics sql, leadership")
    assert "only workspace admins" in text(last_reply(fake_slack))

    slack.command("UADMIN", "settings help-topics SQL, Leadership, sql, career change")
    assert "sql, leadership, career change" in last_reply(fake_slack)["text"]
    with sessions.begin() as session:
        workspace = session.get(Workspace, TEAM)
        assert workspace is not None
        assert workspace.help_topics == ["sql", "leadership", "career change"]

    view = open_offer(slack, fake_slack)
    [topics] = [b for b in view["blocks"] if b.get("block_id") == Block.OFFER_TOPICS]
    assert [o["value"] for o in topics["element"]["options"]] == ["sql", "leadership", "career change"]
    slack.submit_view(KIM, view, offer_values(picked=["leadership"], typed="Golang"))
    offer = offer_row(sessions)
    assert offer is not None
    assert offer.topics == ["leadership", "golang"]


def test_the_directory_of_fifty_offers_fits_and_filters_by_topic(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, clock: FakeClock
) -> None:
    with sessions.begin() as session:
        for n in range(50):
            helper = add_person(session, f"UH{n:02d}", now=clock())
            topics = ["sql", "data modelling"] if n % 10 == 0 else ["public speaking", "x" * 40]
            add_offer(session, helper, now=clock(), topics=topics, note="n" * 200, kinds=list(OfferKind))

    slack.command(EMPLOYEE, "helpers")
    everyone = last_reply(fake_slack)
    assert len(everyone["blocks"]) <= 50
    assert "and 25 more" in text(everyone)
    intro = buttons(everyone["blocks"], Action.INTRO_START)
    assert len(intro) == 25
    decoded = decode(IntroStart, intro[0]["value"])
    assert decoded.kind == OfferKind.INFORMATIONAL_INTERVIEW.value

    slack.command(EMPLOYEE, "helpers Data Modelling")
    narrowed = last_reply(fake_slack)
    assert len(buttons(narrowed["blocks"], Action.INTRO_START)) == 5
    assert "more" not in text(narrowed)
    assert fake_slack.violations == []


def test_suggestions_with_reasons_after_a_prep_is_saved(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    set_up_pair(slack, fake_slack)
    # Kim offers mentoring about design reviews; the manager offers too, but is in Ana's reporting line.
    slack.submit_view(KIM, open_offer(slack, fake_slack), offer_values(typed="design reviews, golang", capacity="3"))
    slack.submit_view(MANAGER, open_offer(slack, fake_slack, MANAGER), offer_values(typed="design reviews"))

    form = open_prep(slack, fake_slack)
    values = prep_values(grow_skills="Running design reviews", asks=[("mentor", "Someone who has run design reviews")])
    response = slack.submit_view(EMPLOYEE, form, values)

    review = json.loads(response.body or "{}")["view"]
    assert review["callback_id"] == Callback.PREP_REVIEW
    shown = text(review)
    assert "For your mentor ask" in shown
    assert "also into: design reviews" in shown
    assert "outside your reporting line" in shown
    assert "3 of 3 conversations free this month" in shown
    assert "works hours that overlap yours" in shown
    [button] = buttons(review["blocks"], Action.INTRO_START)
    with sessions.begin() as session:
        kim = find_person(session, team_id=TEAM, slack_user_id=KIM)
        assert kim is not None
        assert decode(IntroStart, button["value"]).helper_id == kim.id
        offer = session.scalars(select(HelpOffer).filter_by(person_id=kim.id)).one()
        assert offer.suggested_count >= 1


def test_the_home_shows_who_offered_help_and_who_could_help_with_the_latest_prep(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory
) -> None:
    set_up_pair(slack, fake_slack)
    slack.submit_view(KIM, open_offer(slack, fake_slack), offer_values(typed="design reviews", capacity="3"))
    slack.submit_view(MANAGER, open_offer(slack, fake_slack, MANAGER), offer_values(typed="design reviews"))
    values = prep_values(asks=[("mentor", "Someone who has run design reviews")])
    slack.submit_view(EMPLOYEE, open_prep(slack, fake_slack), values)
    before = offer_row(sessions)
    assert before is not None

    home = open_home(slack, fake_slack, EMPLOYEE)

    shown = text(home)
    assert "2 colleagues offered help" in shown
    assert "Who could help with your latest prep" in shown
    [button] = buttons(home["blocks"], Action.INTRO_START)
    assert "also into: design reviews" in text(decode(IntroStart, button["value"]).reasons)
    after = offer_row(sessions)
    assert after is not None
    assert after.suggested_count == before.suggested_count  # the Home only reads
    kims_home = text(open_home(slack, fake_slack, KIM))
    assert "Your offer is open: 3 of 3 conversations free this month" in kims_home
    assert EMPLOYEE not in kims_home  # suggesting Kim to Ana tells Kim nothing about Ana
