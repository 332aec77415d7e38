"""Intro steps for flow tests: a seeded offer of help, the "Ask for an intro" click, the form's values,
and finding the intro messages the fake Slack holds."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from bot.db import SessionFactory
from bot.domain.people import Profile, upsert_person
from bot.models import HelpOffer, OfferKind, Person
from bot.slack.ids import Action, Block, Callback
from bot.slack.values import IntroStart, encode
from tests.conftest import TEAM_ID
from tests.support.fake_slack import FakeSlack
from tests.support.signed import SignedSlack, plain_text, static_select

HELPER = "UPRIYA"  # Priya, in Asia/Kolkata
OTHER_HELPER = "UOMAR"  # Omar, in Europe/Berlin


def seed_offer(
    sessions: SessionFactory,
    fake_slack: FakeSlack,
    slack_user_id: str,
    *,
    name: str,
    tz: str,
    now: datetime,
    kinds: tuple[str, ...] = (OfferKind.INFORMATIONAL_INTERVIEW, OfferKind.MENTORING),
    capacity: int = 2,
    topics: tuple[str, ...] = ("platform", "design reviews"),
) -> int:
    """A colleague known to the bot with an open offer of help; returns their person id."""
    if fake_slack.user(slack_user_id) is None:
        fake_slack.add_user(slack_user_id, name=name.lower(), real_name=name, tz=tz)
    with sessions.begin() as session:
        person = upsert_person(session, team_id=TEAM_ID, profile=Profile(slack_user_id, name, tz), now=now)
        session.add(
            HelpOffer(
                team_id=TEAM_ID,
                person_id=person.id,
                topics=list(topics),
                kinds=list(kinds),
                capacity_per_month=capacity,
                open=True,
                note="Happy to talk about moving into platform work",
                created_at=now,
                updated_at=now,
            )
        )
        session.flush()
        return person.id


def person_id(sessions: SessionFactory, slack_user_id: str) -> int:
    with sessions.begin() as session:
        return session.scalars(select(Person.id).where(Person.slack_user_id == slack_user_id)).one()


def start_value(helper_id: int, kind: str = OfferKind.MENTORING, reasons: str | None = None) -> str:
    return encode(IntroStart(helper_id=helper_id, kind=kind, reasons=reasons))


def open_intro_form(slack: SignedSlack, fake_slack: FakeSlack, user: str, value: str) -> dict[str, Any]:
    """Click "Ask for an intro" (as a suggestion shows it); returns the form the fake Slack opened."""
    assert slack.click(user, Action.INTRO_START, value).status == 200
    view = fake_slack.last_view()
    assert view["callback_id"] == Callback.INTRO_FORM
    return view


def intro_values(
    *, kind: str | None = OfferKind.MENTORING, note: str | None = None, include: tuple[str, ...] = ()
) -> dict[str, dict[str, dict[str, Any]]]:
    values: dict[str, dict[str, dict[str, Any]]] = {
        Block.INTRO_KIND: {Action.INTRO_KIND: static_select(kind)},
        Block.INTRO_NOTE: {Action.INTRO_NOTE: plain_text(note)},
    }
    if include:
        options = [{"value": key, "text": {"type": "plain_text", "text": key}} for key in include]
        values[Block.INTRO_INCLUDE] = {Action.INTRO_INCLUDE: {"type": "checkboxes", "selected_options": options}}
    return values


def buttons(message: dict[str, Any]) -> dict[str, str]:
    """A message's buttons: action id -> value."""
    return {
        e["action_id"]: e.get("value", "")
        for b in message.get("blocks") or []
        if b["type"] == "actions"
        for e in b["elements"]
    }


def with_button(fake_slack: FakeSlack, channel: str, action_id: str) -> list[dict[str, Any]]:
    """The messages in `channel` that show a button `action_id`."""
    return [m for m in fake_slack.messages(channel=channel) if action_id in buttons(m)]
