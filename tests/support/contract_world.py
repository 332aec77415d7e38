"""The world of the HTTP contract test, built through the real flows: Ana reports to Mira, has shared a
prep, had her 1:1 and recorded a recap with items for both, asked for another conversation; Mira has
invited two people and subscribed a channel to her digest; three more people wait for Mira's answer; Kai
holds office hours announced in the channel, and Ana booked a slot."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from slack_bolt import BoltResponse
from sqlalchemy import select

from bot.db import SessionFactory
from bot.domain.workspace_settings import apply_settings
from bot.models import ActionItem, Ask
from bot.scheduling.relay import Relay
from bot.scheduling.tick import tick
from bot.slack.ids import Action, Block, Callback, Event
from tests.conftest import TEAM_ID, FakeClock
from tests.support import fake_slack_views_files
from tests.support.asks_flow import ASKS, answer_values
from tests.support.contract import (
    click_body,
    controls,
    surfaces,
)
from tests.support.contract_intros import offers_and_accepted_intros, waiting_intros
from tests.support.contract_opportunities import forms_open, post_first
from tests.support.contract_reflection import reflection_for_ana
from tests.support.fake_slack import FakeSlack
from tests.support.office_hours_flow import form_values as office_hours_values
from tests.support.prep_flow import prep_values, share_values
from tests.support.recap_flow import recap_values
from tests.support.request_flow import request_values
from tests.support.setup_flow import setup_values
from tests.support.signed import FORM, SignedSlack

Json = dict[str, Any]
Values = dict[str, dict[str, Json]]

ANA, MIRA = "UANA", "UMIRA"  # Ana reports to Mira
PRIYA, KAI = "UPRIYA", "UKAI"  # invited by Mira
LEO, SAM, OLGA = "ULEO", "USAM", "UOLGA"  # named Mira as manager; she has not answered yet
ADMIN = "UPAT"
STRANGERS = ("UEVE", "UZED", "UNED", "UQUIN")  # never set up, never invited
NEWCOMER = "UVIC"  # submits someone else's setup form: the form sets up whoever submits it
CHANNEL = "C123"
MEETING_OVER = datetime(2026, 12, 8, 15, 10, tzinfo=UTC)  # Ana's 1:1 was 14:30-15:00 UTC
PREP_REMINDER_AT = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
CONTRACT_AT = datetime(2026, 12, 9, 10, 0, tzinfo=UTC)  # a Wednesday morning in Berlin
MISSING_ID = 987_654
HUGE_ID = 10**20  # an id no database column holds
DELETED = "Read the architecture doc"
ROWS = [  # the recap's action items: (text, owner, due)
    ("Ask the platform lead about shadowing on-call", "employee", "2026-12-10"),
    ("Draft a learning plan", "employee", "2026-12-18"),
    ("Book a mentor session", "employee", None),
    ("Introduce Ana to the product director", "manager", "2026-12-15"),
    ("Share the promotion criteria", "manager", None),
    (DELETED, "employee", None),
    ("Pair on the next incident review", "employee", "2026-12-21"),
    ("Find a conference talk slot", "manager", None),
    ("Write up the on-call notes", "employee", None),
]


# -- Building the world through the real flows ------------------------------------------------------


@dataclass
class World:
    modals: list[Json] = field(default_factory=list)  # every modal as shown, with who opened it
    deleted_item: int = 0
    intro_start: str = ""  # an "Ask for an intro" value (suggestions show it; no surface here does)

    def modal(self, callback: str, user: str | None = None) -> Json:
        found = [m for m in self.modals if m["callback_id"] == callback and user in (None, m["_opened_by"])]
        assert found, f"no {callback} modal was shown" + (f" to {user}" if user else "")
        return found[-1]


def add_people(fake_slack: FakeSlack) -> None:
    fake_slack.add_user(ANA, name="ana", real_name="Ana Silva", tz="Europe/Berlin")
    fake_slack.add_user(MIRA, name="mira", real_name="Mira Chen", tz="America/New_York")
    fake_slack.add_user(PRIYA, name="priya", real_name="Priya Rao", tz="Europe/London")
    fake_slack.add_user(KAI, name="kai", real_name="Kai Turner", tz="Europe/Paris")
    for user in (LEO, SAM, OLGA):
        fake_slack.add_user(user, name=user[1:].lower(), tz="Europe/Madrid")
    fake_slack.add_user(ADMIN, name="pat", tz="UTC", is_admin=True)
    for user in (*STRANGERS, NEWCOMER):
        fake_slack.add_user(user, name=user[1:].lower(), tz="UTC")
    fake_slack.add_channel(CHANNEL, "mgrs")


def shown(world: World, fake_slack: FakeSlack, user: str, callback: str) -> Json:
    """The modal just opened for `user`, recorded as shown."""
    view = fake_slack.last_view()
    assert view["callback_id"] == callback, (view.get("callback_id"), callback)
    world.modals.append({**view, "_opened_by": user})
    return view


def after_ack(world: World, fake_slack: FakeSlack, user: str, view: Json, response: BoltResponse) -> Json | None:
    """Apply an ack's `response_action: update` to the modal, as Slack does, and record the new view."""
    answer = json.loads(response.body) if response.body and response.body.startswith("{") else {}
    if answer.get("response_action") != "update":
        return None
    with fake_slack.lock:
        record = fake_slack_views_files.views_update(fake_slack, {"view_id": view["id"], "view": answer["view"]}, None)
        updated = dict(record["view"])
    world.modals.append({**updated, "_opened_by": user})
    return updated


def set_up(slack: SignedSlack, fake_slack: FakeSlack, world: World, user: str, **values: Any) -> None:
    slack.command(user, "")
    slack.submit_view(user, shown(world, fake_slack, user, Callback.SETUP), setup_values(**values))


def click_shown(
    slack: SignedSlack, fake_slack: FakeSlack, user: str, action_id: str, where: str | None = None, value: str = ""
) -> None:
    """Click the newest control with this action id (and `value` in its value) that `user` sees."""
    found = [
        c
        for s in surfaces(fake_slack, slack)
        if s.owner in (user, None) and (where is None or s.kind == where)
        for c in controls(s)
        if c.action_id == action_id and value in str(c.element.get("value"))
    ]
    assert found, f"{user} sees no {action_id}"
    slack.dispatch(click_body(slack, fake_slack, user, found[-1]), FORM)


def open_home(slack: SignedSlack, user: str) -> None:
    slack.event({"type": Event.APP_HOME_OPENED, "user": user, "channel": "D" + user, "tab": "home"})


def build_world(
    slack: SignedSlack, fake_slack: FakeSlack, sessions: SessionFactory, relay: Relay, clock: FakeClock
) -> World:
    world = World()
    add_people(fake_slack)
    # Ana sets up with Mira, who confirms; three more people name Mira and wait for her answer.
    set_up(slack, fake_slack, world, ANA)
    click_shown(slack, fake_slack, MIRA, Action.MANAGER_CONFIRM)
    offers_and_accepted_intros(sessions, fake_slack, clock.now)
    post_first(slack, fake_slack, MIRA, CHANNEL)  # a manager now: her opportunity matches Ana's prep
    set_up(slack, fake_slack, world, LEO)
    set_up(slack, fake_slack, world, SAM, day="2027-01-20")  # Sam's first 1:1 is after the contract's day
    set_up(slack, fake_slack, world, OLGA)
    # Ana prepares and shares her agenda.
    slack.command(ANA, "prep")
    form = shown(world, fake_slack, ANA, Callback.PREP_FORM)
    review = after_ack(world, fake_slack, ANA, form, slack.submit_view(ANA, form, prep_values(asks=ASKS)))
    assert review is not None
    slack.submit_view(ANA, review, share_values(True))
    # Mira passes her last two asks on to Priya (Ana is asked whether she agrees); the first stays open,
    # and its answer form is the one submitted in the contract.
    slack.wait_for_listeners()
    with sessions.begin() as session:  # ids differ run to run on PostgreSQL
        ask_ids = session.scalars(select(Ask.id).order_by(Ask.position)).all()
    for index in (2, 1, 0):
        click_shown(slack, fake_slack, MIRA, Action.ASK_ANSWER, where="message", value=f'"ask_id":{ask_ids[index]}}}')
        answer = shown(world, fake_slack, MIRA, Callback.ASK_ANSWER)
        if index:
            slack.submit_view(MIRA, answer, answer_values("redirect", "Priya runs this", target=PRIYA))
    # Mira: a digest for her channel, and invitations for Priya and Kai.
    slack.command(MIRA, f"digest <#{CHANNEL}|mgrs>")
    slack.command(MIRA, "team")
    team = shown(world, fake_slack, MIRA, Callback.TEAM_INVITE)
    picked = {Block.TEAM_PEOPLE: {Action.TEAM_PEOPLE: {"type": "multi_users_select", "selected_users": [PRIYA, KAI]}}}
    after_ack(world, fake_slack, MIRA, team, slack.submit_view(MIRA, team, picked))
    # Kai holds office hours (only he may, the workspace says), announced in the channel a week ahead.
    with sessions.begin() as session:
        apply_settings(session, team_id=TEAM_ID, assignments=[f"office-hours-hosts={KAI}"], now=clock.now)
    slack.command(KAI, "office-hours")
    hours_form = shown(world, fake_slack, KAI, Callback.OFFICE_HOURS_FORM)
    slack.submit_view(KAI, hours_form, office_hours_values(channel=CHANNEL, slots="4", lead="10080"))
    # The prep reminder (with its snooze menu) goes out before the 1:1.
    clock.set(PREP_REMINDER_AT)
    tick(sessions, relay, clock.now)
    click_shown(slack, fake_slack, ANA, Action.OFFICE_HOURS_BOOK)  # Thursday's session: her confirmation can cancel
    # After the 1:1, Ana records a recap with items for both of them; the workspace's admin has set
    # check-ins for the next day (as `career-prep workspace set` does), so Ana's arrives in the contract.
    clock.set(MEETING_OVER)
    with sessions.begin() as session:
        apply_settings(session, team_id=TEAM_ID, assignments=["check-in-days=1"], now=clock.now)
    slack.command(ANA, "recap")
    recap = shown(world, fake_slack, ANA, Callback.RECAP_FORM)
    slack.submit_view(ANA, recap, recap_values(rows=ROWS, count=len(ROWS)))
    # Ana asks for another conversation; Mira opens the form to propose another time.
    slack.command(ANA, "request")
    request_form = shown(world, fake_slack, ANA, Callback.REQUEST_FORM)
    slack.submit_view(ANA, request_form, request_values(day="2026-12-14", at="10:00"))
    click_shown(slack, fake_slack, MIRA, Action.REQUEST_PROPOSE)
    shown(world, fake_slack, MIRA, Callback.REQUEST_COUNTER)
    # The day after: item reminders, the Homes, the lists, and the forms that open from buttons.
    clock.set(CONTRACT_AT)
    world.intro_start = waiting_intros(sessions, clock.now)
    reflection_for_ana(sessions, TEAM_ID, clock.now)
    tick(sessions, relay, clock.now)
    click_shown(slack, fake_slack, ANA, Action.REFLECTION_NOTE)
    shown(world, fake_slack, ANA, Callback.REFLECTION_NOTE)
    slack.click(ANA, Action.INTRO_START, world.intro_start)
    shown(world, fake_slack, ANA, Callback.INTRO_FORM)
    for user in (ANA, MIRA, PRIYA):
        open_home(slack, user)
    slack.command(ANA, "items")
    slack.command(MIRA, "items")
    slack.command(MIRA, "digest")
    forms_open(
        slack,
        MIRA,
        ANA,
        lambda user, callback: shown(world, fake_slack, user, callback),
        lambda user, action, where: click_shown(slack, fake_slack, user, action, where=where),
    )
    with sessions.begin() as session:  # the recap's first two items (ids differ run to run on PostgreSQL)
        first, second = session.scalars(select(ActionItem.id).order_by(ActionItem.id).limit(2)).all()
    click_shown(slack, fake_slack, ANA, Action.ITEM_BLOCKED, where="ephemeral", value=f'"item_id":{first},')
    shown(world, fake_slack, ANA, Callback.ITEM_BLOCKED)
    click_shown(slack, fake_slack, ANA, Action.ITEM_EDIT, where="ephemeral", value=f'"item_id":{second},')
    shown(world, fake_slack, ANA, Callback.ITEM_EDIT)
    slack.command(ANA, "settings")
    shown(world, fake_slack, ANA, Callback.SETUP)
    # Leo opens the offer form (a plan review only: no prep here needs one, so no intro button is shown).
    slack.command(LEO, "offer")
    shown(world, fake_slack, LEO, Callback.OFFER_FORM)
    for user in (OLGA, ANA):
        slack.command(user, "forget")
        shown(world, fake_slack, user, Callback.FORGET_CONFIRM)
    # One item is deleted (as forget and uninstall delete items) after its buttons were shown.
    with sessions.begin() as session:
        gone = session.scalars(select(ActionItem).filter_by(text=DELETED)).one()
        world.deleted_item = gone.id
        session.delete(gone)
    # Fresh forms for the next 1:1 (those submitted above are closed in Slack): a prep at its review
    # step, a prep form, a recap form.
    slack.command(ANA, "prep")
    form = shown(world, fake_slack, ANA, Callback.PREP_FORM)
    assert after_ack(world, fake_slack, ANA, form, slack.submit_view(ANA, form, prep_values())) is not None
    slack.command(ANA, "prep")
    shown(world, fake_slack, ANA, Callback.PREP_FORM)
    for _ in range(2):  # the second for the forged submission that saves (see Plan.views)
        slack.command(ANA, "recap")
        shown(world, fake_slack, ANA, Callback.RECAP_FORM)
    slack.wait_for_listeners()
    return world
