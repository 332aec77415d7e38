"""The HTTP contract (issue 9, item 11): every command, subcommand, action id, view callback and event,
with valid, refused and malformed inputs, sent concurrently over real HTTP into the running server.

Each answer must come within Slack's 3 seconds with 200 (400 for a malformed body), the server log
must show no missing ack, unhandled request or traceback (the `watched_log` fixture), and every
refused request must tell the person why. The world is built through the real flows, and the clicks
use the values of the controls the bot actually showed."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from slack_bolt import App, BoltResponse
from sqlalchemy import select

from bot.db import SessionFactory
from bot.domain.workspace_settings import apply_settings
from bot.models import ActionItem
from bot.scheduling.relay import Relay
from bot.scheduling.tick import tick
from bot.slack.blocks.data import CONFIRM_VALUE
from bot.slack.ids import COMMAND, Action, Block, Callback, Event
from bot.slack.listeners.commands import SUBCOMMANDS, route
from tests.conftest import TEAM_ID, FakeClock
from tests.slack.prep_helpers import prep_values, share_values
from tests.slack.test_recap_flow import recap_values
from tests.slack.test_request_flow import request_values, slot_values
from tests.slack.test_setup_flow import setup_values
from tests.support import fake_slack_views_files
from tests.support.contract import (
    Control,
    Probe,
    Surface,
    click_body,
    controls,
    empty_values,
    event_body,
    listeners_matching,
    pack,
    send_waves,
    submission_body,
    surfaces,
    without_state,
)
from tests.support.fake_slack import FakeSlack
from tests.support.http_slack import ServerLog
from tests.support.signed import FORM, JSON, SignedSlack, plain_text

Json = dict[str, Any]
Values = dict[str, dict[str, Json]]

ANA, MIRA = "UANA", "UMIRA"  # Ana reports to Mira
PRIYA, KAI = "UPRIYA", "UKAI"  # invited by Mira
LEO, SAM, OLGA = "ULEO", "USAM", "UOLGA"  # named Mira as manager; she has not answered yet
ADMIN = "UPAT"
STRANGERS = ("UEVE", "UZED", "UNED", "UQUIN")  # never set up, never invited
CHANNEL = "C123"
MEETING_OVER = datetime(2026, 12, 8, 15, 10, tzinfo=UTC)  # Ana's 1:1 was 14:30-15:00 UTC
PREP_REMINDER_AT = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
CONTRACT_AT = datetime(2026, 12, 9, 10, 0, tzinfo=UTC)  # a Wednesday morning in Berlin
MISSING_ID = 987_654
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
    set_up(slack, fake_slack, world, LEO)
    set_up(slack, fake_slack, world, SAM, day="2027-01-20")  # Sam's first 1:1 is after the contract's day
    set_up(slack, fake_slack, world, OLGA)
    # Ana prepares and shares her agenda.
    slack.command(ANA, "prep")
    form = shown(world, fake_slack, ANA, Callback.PREP_FORM)
    review = after_ack(world, fake_slack, ANA, form, slack.submit_view(ANA, form, prep_values()))
    assert review is not None
    slack.submit_view(ANA, review, share_values(True))
    # Mira: a digest for her channel, and invitations for Priya and Kai.
    slack.command(MIRA, f"digest <#{CHANNEL}|mgrs>")
    slack.command(MIRA, "team")
    team = shown(world, fake_slack, MIRA, Callback.TEAM_INVITE)
    picked = {Block.TEAM_PEOPLE: {Action.TEAM_PEOPLE: {"type": "multi_users_select", "selected_users": [PRIYA, KAI]}}}
    after_ack(world, fake_slack, MIRA, team, slack.submit_view(MIRA, team, picked))
    # The prep reminder (with its snooze menu) goes out before the 1:1.
    clock.set(PREP_REMINDER_AT)
    tick(sessions, relay, clock.now)
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
    tick(sessions, relay, clock.now)
    for user in (ANA, MIRA, PRIYA):
        open_home(slack, user)
    slack.command(ANA, "items")
    slack.command(MIRA, "items")
    slack.command(MIRA, "digest")
    click_shown(slack, fake_slack, ANA, Action.ITEM_BLOCKED, where="ephemeral", value='"item_id":1,')
    shown(world, fake_slack, ANA, Callback.ITEM_BLOCKED)
    click_shown(slack, fake_slack, ANA, Action.ITEM_EDIT, where="ephemeral", value='"item_id":2,')
    shown(world, fake_slack, ANA, Callback.ITEM_EDIT)
    slack.command(ANA, "settings")
    shown(world, fake_slack, ANA, Callback.SETUP)
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
    slack.command(ANA, "recap")
    shown(world, fake_slack, ANA, Callback.RECAP_FORM)
    slack.wait_for_listeners()
    return world


# -- The requests -------------------------------------------------------------------------------------

# Clicks that change something; the others open a form or show a list.
CHANGES = {
    Action.ITEM_DONE,
    Action.ITEM_STILL_ON_IT,
    Action.ITEM_DROP,
    Action.MANAGER_CONFIRM,
    Action.MANAGER_DECLINE,
    Action.REQUEST_ACCEPT,
    Action.INVITE_ACCEPT,
    Action.INVITE_DECLINE,
    Action.DIGEST_OFF,
    Action.SNOOZE,
}
# Registered, but no surface of this world shows them (App Home shows history only past five
# conversations; the export button is clicked from App Home in test_data_flow): clicked from Ana's Home.
UNSHOWN = (Action.OPEN_HOME_HISTORY, Action.OPEN_EXPORT)
WARNING = ":warning:"  # how the edge shows a refusal (bot.slack.edge)
NEWCOMER = "UVIC"  # submits someone else's setup form: the form sets up whoever submits it
# submits someone else's setup form: the form sets up whoever submits it


def value_of(control: Control) -> str | None:
    if control.element["type"] == "overflow":
        return str(control.element["options"][0]["value"])
    value = control.element.get("value")
    return str(value) if value is not None else None


def ref_of(control: Control) -> dict[str, Any]:
    try:
        ref = json.loads(value_of(control) or "")
    except json.JSONDecodeError:
        return {}
    return ref if isinstance(ref, dict) else {}


def missing_ref(control: Control) -> str | None:
    """The control's value pointing at an id that does not exist."""
    ref = ref_of(control)
    if not any(key.endswith("_id") for key in ref):
        return None
    return json.dumps({k: MISSING_ID if k.endswith("_id") else v for k, v in ref.items()})


def reader(control: Control) -> str:
    assert control.surface.owner is not None, control.surface.label()
    return control.surface.owner


class Plan:
    """The requests of the contract, stage by stage; a stage's requests go out concurrently."""

    def __init__(self, slack: SignedSlack, fake_slack: FakeSlack, world: World) -> None:
        self.slack, self.fake_slack, self.world, self.deleted_item = slack, fake_slack, world, world.deleted_item
        self.stages: dict[str, list[Probe]] = {}
        self._strangers = 0
        self._aimed_at: set[tuple[str, Any]] = set()

    def add(self, stage: str, probe: Probe) -> None:
        self.stages.setdefault(stage, []).append(probe)

    def stranger(self) -> str:
        self._strangers += 1
        return STRANGERS[self._strangers % len(STRANGERS)]

    def probes(self) -> list[Probe]:
        return [p for stage in self.stages.values() for p in stage]

    # Commands ---------------------------------------------------------------------------------------

    def command(self, user: str, text: str, case: str) -> None:
        sub, _ = route(text)
        name = sub.name if sub is not None else "(default)"
        body: Callable[[], tuple[str, str]] = lambda: (self.slack.command_body(user, text), FORM)  # noqa: E731
        # A slash command always gets a visible answer: a reply, a form, or a direct message.
        self.add("commands", Probe("command", name, case, user, body, refused=True))

    def commands(self) -> None:
        for text in ("", "prep", "request", "recap", "items", "status", "settings", "hours 08:00-16:30"):
            self.command(ANA, text, "valid")
        for text in ("hours default", "team", "digest", "export", "forget"):
            self.command(ANA, text, "valid")
        for text in ("help", "what can you do", "HOURS 9-17", "digest off"):
            self.command(ANA, text, "valid")
        # Refused as the issue lists them, and a few more.
        for text in ("hours", "hours 25:00-26:00", "pause until 2026-11-01", "pause until someday", "hours 9"):
            self.command(ANA, text, "refused")
        for text in ("digest #mgrs funday", "digest #mgrs org", "digest #nowhere", "digest", "team", "items"):
            self.command(MIRA, text, "refused" if text.startswith("digest #") else "valid")
        self.command(MIRA, "request", "valid")
        self.command(SAM, "recap", "refused")  # before a meeting
        # Not Ana: held messages would hide what the later stages show her.
        self.command(SAM, "pause until 2027-01-05", "valid")
        self.command(LEO, "resume", "valid")
        self.command(ADMIN, f"digest <#{CHANNEL}|mgrs> org", "valid")
        self.command(STRANGERS[0], "recap", "stranger")  # before setup
        self.command(STRANGERS[1], "pause", "stranger")  # before setup
        args = {"hours": "hours 09:00-17:00", "pause": "pause until 2027-01-05", "digest": "digest #mgrs"}
        for sub in SUBCOMMANDS:
            self.command(self.stranger(), args.get(sub.name, sub.name), "stranger")
        self.command(self.stranger(), "", "stranger")

        def no_user() -> tuple[str, str]:
            body = self.slack.command_body(ANA, "status")
            return "&".join(p for p in body.split("&") if not p.startswith("user_id=")), FORM

        self.add("refused", Probe("command", "(default)", "malformed", None, no_user, expect=400))

    # Clicks -----------------------------------------------------------------------------------------

    def click(self, stage: str, user: str, control: Control, case: str, *, value: Any = ..., refused: bool) -> None:
        def body() -> tuple[str, str]:
            return click_body(self.slack, self.fake_slack, user, control, value=value), FORM

        label = f"{case} ({control.surface.kind})"
        by_dm = control.surface.kind in ("home", "modal")
        self.add(stage, Probe("action", control.action_id, label, user, body, refused=refused, by_dm=by_dm))

    def actions(self, shown: list[Surface]) -> None:
        every = [c for s in shown for c in controls(s)]
        home = next(s for s in shown if s.kind == "home" and s.owner == ANA)
        every += [Control(a, {"type": "button", "action_id": a}, "extra", home) for a in UNSHOWN]
        deleted = [c for c in every if ref_of(c).get("item_id") == self.deleted_item]
        live = [c for c in every if c not in deleted]
        firsts: dict[tuple[str, str], Control] = {}
        for control in live:
            firsts.setdefault((control.surface.kind, control.action_id), control)
        for (_, action_id), first in firsts.items():
            owner = reader(first)
            outsider = SAM if owner == LEO else LEO  # set up, but not a party to this control
            self.click("refused", self.stranger(), first, "stranger", refused=True)
            if value_of(first) is not None:
                self.click("refused", outsider, first, "not theirs", refused=True)
                for garbage in ("x", "{}", missing_ref(first)):
                    if garbage is not None:
                        self.click("refused", owner, first, f"value {garbage[:12]}", value=garbage, refused=True)
            if action_id in CHANGES:
                self.change(first.surface.kind, action_id)
            else:
                self.click("opens", owner, first, "valid", refused=False)
        for control in deleted:
            self.click("refused", reader(control), control, "deleted item", refused=True)

        def no_actions() -> tuple[str, str]:
            body = _parse_form(click_body(self.slack, self.fake_slack, ANA, live[0]))
            body.pop("actions")
            return self.slack.interactive_body(body), FORM

        self.add("refused", Probe("action", live[0].action_id, "malformed", None, no_actions, expect=400))

    def change(self, kind: str, action_id: str) -> None:
        """A valid click that changes something, on the newest such control shown when it is sent (after
        the forms were submitted: e.g. Accept on the time the manager proposed), aimed at something no
        other valid click aims at, by the person who sees it."""
        probe = Probe("action", action_id, f"valid ({kind})", None, lambda: ("", FORM))

        def body() -> tuple[str, str]:
            now = [
                c
                for s in reversed(surfaces(self.fake_slack, self.slack, self.world.modals))
                if s.kind == kind
                for c in controls(s)
                if c.action_id == action_id and ref_of(c).get("item_id") != self.deleted_item
            ]
            assert now, f"no {action_id} shown on a {kind} any more"
            control = next((c for c in now if self._target(c) not in self._aimed_at), now[0])
            self._aimed_at.add(self._target(control))
            probe.user = reader(control)
            return click_body(self.slack, self.fake_slack, probe.user, control), FORM

        probe.body = body
        self.add("changes", probe)

    @staticmethod
    def _target(control: Control) -> tuple[str, Any]:
        ref = ref_of(control)
        return next(((k, v) for k, v in ref.items() if k.endswith("_id")), ("value", value_of(control)))

    # Forms --------------------------------------------------------------------------------------------

    def submit(
        self, stage: str, user: str, view: Json, values: Values, case: str, *, refused: bool, **over: Any
    ) -> None:
        def body() -> tuple[str, str]:
            return submission_body(self.slack, user, view, values, **over), FORM

        # A form that closes on success tells the person by direct message.
        self.add(stage, Probe("view", view["callback_id"], case, user, body, refused=refused, by_dm=True))

    def views(self) -> None:
        modals = [m for m in self.world.modals if m["callback_id"]]
        latest = {m["callback_id"]: m for m in modals}
        foreign = {m["callback_id"]: m["private_metadata"] for m in modals if m["private_metadata"]}
        valid = valid_values(self.world)
        for callback, view in latest.items():
            owner = view["_opened_by"]
            values = valid[callback]
            if callback == Callback.FORGET_CONFIRM:  # the valid one deletes Olga; the rest try Ana's
                self.submit("last forms", OLGA, self.world.modal(callback, OLGA), values, "valid", refused=False)
                view, owner = self.world.modal(callback, ANA), ANA
            else:  # a new meeting request replaces the one the manager answers in "changes"
                stage = "last forms" if callback == Callback.REQUEST_FORM else "submits"
                self.submit(stage, owner, view, values, "valid", refused=False)
            quiet = callback in (Callback.PREP_REVIEW, Callback.PREP_FORM)  # empty is a fine answer there
            self.submit("refused", owner, view, empty_values(view), "empty", refused=not quiet)
            stranger = NEWCOMER if callback == Callback.SETUP else self.stranger()
            # Where the form itself is accepted from anyone, other values: a submission is handled once
            # per view and values, so the same values would make the owner's later one a no-op.
            theirs = OTHER_VALUES.get(callback, values)
            self.submit("refused", stranger, view, theirs, "stranger", refused=True)
            # The setup form's context only says where it was opened from; its submission ignores it.
            needs_context = callback != Callback.SETUP
            if view["private_metadata"]:
                other = next(m for c, m in foreign.items() if c != callback)
                garbages = ("x", "{}", '{"conversation_id": 987654, "item_id": 987654}', other)
                for minute, garbage in enumerate(garbages):
                    self.submit(
                        "refused",
                        owner,
                        view,
                        values if needs_context else setup_values(day="2027-01-12", at=f"16:{minute:02d}"),
                        f"metadata {garbage[:12]}",
                        refused=needs_context,
                        private_metadata=garbage,
                    )

            def malformed(user: str = owner, shown: Json = view) -> tuple[str, str]:
                return without_state(self.slack, user, shown), FORM

            self.add("refused", Probe("view", callback, "malformed", None, malformed, expect=400))

    # Events -------------------------------------------------------------------------------------------

    def event(self, stage: str, event: Json, *, retry_stage: str) -> None:
        made: list[str] = []

        def body() -> tuple[str, str]:
            made.append(event_body(self.slack, event))
            return made[0], JSON

        def again() -> tuple[str, str]:
            return made[0], JSON

        self.add(stage, Probe("event", str(event["type"]), "normal", None, body))
        retry = {"x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout"}
        self.add(retry_stage, Probe("event", str(event["type"]), "retry", None, again, extra_headers=retry))

    def events(self) -> None:
        for user in (ANA, MIRA, STRANGERS[0]):
            self.event("events", {"type": Event.APP_HOME_OPENED, "user": user, "tab": "home"}, retry_stage="retries")
        self.event("events", {"type": Event.APP_HOME_OPENED, "user": ANA, "tab": "messages"}, retry_stage="retries")
        for user, tz in ((ANA, "Europe/Berlin"), (STRANGERS[1], "UTC")):
            profile = {"id": user, "name": user.lower(), "real_name": user, "tz": tz, "team_id": TEAM_ID}
            self.event("events", {"type": Event.USER_CHANGE, "user": profile}, retry_stage="retries")
        bot = {"type": Event.TOKENS_REVOKED, "tokens": {"oauth": [], "bot": ["UBOT"]}}
        self.event("revoked", bot, retry_stage="revoked again")
        self.event("uninstalled", {"type": Event.APP_UNINSTALLED}, retry_stage="uninstalled again")

        def no_event() -> tuple[str, str]:
            payload = json.loads(event_body(self.slack, {"type": Event.USER_CHANGE}))
            payload.pop("event")
            return json.dumps(payload), JSON

        self.add("refused", Probe("event", Event.USER_CHANGE, "malformed", None, no_event, expect=400))


# In this order; the requests of one stage go out concurrently. Uninstalling erases the workspace: last.
STAGES = (
    "commands",
    "refused",
    "opens",
    "submits",
    "changes",
    "last forms",
    "events",
    "retries",
    "revoked",
    "revoked again",
    "uninstalled",
    "uninstalled again",
)


OTHER_VALUES: dict[str, Values] = {
    Callback.SETUP: setup_values(day="2027-01-14"),
    Callback.TEAM_INVITE: {
        Block.TEAM_PEOPLE: {Action.TEAM_PEOPLE: {"type": "multi_users_select", "selected_users": [PRIYA]}}
    },
}


def valid_values(world: World) -> dict[str, Values]:
    due = {"type": "datepicker", "selected_date": "2026-12-22"}
    rows = [row for row in ROWS if row[0] != DELETED]  # the rows as the recap form shows them again
    picked = {"type": "multi_users_select", "selected_users": [KAI]}
    check = {"type": "checkboxes", "selected_options": [{"value": CONFIRM_VALUE}]}
    return {
        Callback.SETUP: setup_values(day="2027-01-12"),
        Callback.PREP_FORM: prep_values(topics="What a staff role looks like here"),
        Callback.PREP_REVIEW: share_values(True),
        Callback.REQUEST_FORM: request_values(day="2026-12-15", at="11:00"),
        Callback.REQUEST_COUNTER: slot_values(day="2026-12-16", at="09:00"),
        Callback.RECAP_FORM: recap_values(rows=rows, count=len(rows)),
        Callback.ITEM_BLOCKED: {Block.ITEM_REASON: {Action.ITEM_REASON: plain_text("Waiting on the platform lead")}},
        Callback.ITEM_EDIT: {
            Block.ITEM_TEXT: {Action.ITEM_TEXT: plain_text("Ask about shadowing on-call in January")},
            Block.ITEM_DUE: {Action.ITEM_DUE: due},
        },
        Callback.TEAM_INVITE: {Block.TEAM_PEOPLE: {Action.TEAM_PEOPLE: picked}},
        Callback.FORGET_CONFIRM: {Block.FORGET_CHECK: {Action.FORGET_CHECK: check}},
    }


def _parse_form(body: str) -> Json:
    from urllib.parse import parse_qsl

    return dict(json.loads(dict(parse_qsl(body))["payload"]))


# -- What the person was told ---------------------------------------------------------------------------


def told(probe: Probe, replies: set[str]) -> str | None:
    """How the sender of a probe learnt what happened, or None if nothing reached them."""
    answer = json.loads(probe.answer) if probe.answer.startswith("{") else {}
    if answer.get("text") or answer.get("response_action"):
        return "in the answer"
    if probe.response_name in replies:
        return "an ephemeral reply"
    user = probe.user or ""
    for call in probe.calls:
        params = call.params
        if call.method in ("views.open", "views.push") and params.get("trigger_id") == probe.trigger_id:
            return "a form"
        if call.method == "views.update" and probe.view_id and params.get("view_id") == probe.view_id:
            return "the form, updated"
        if probe.by_dm and call.method == "chat.postMessage" and params.get("channel") in (user, "D" + user):
            return "a direct message"
        if call.method == "chat.postEphemeral" and params.get("user") == user:
            return "an ephemeral message"
    return None


def warning(probe: Probe, fake_slack: FakeSlack) -> str | None:
    """The refusal a valid request drew: a field error, or a warning in a reply or a direct message."""
    answer = json.loads(probe.answer) if probe.answer.startswith("{") else {}
    if answer.get("response_action") == "errors":
        return json.dumps(answer["errors"])
    replies = [r for r in fake_slack.responses if r["name"] == probe.response_name]
    dms = [c.params for c in probe.calls if c.method == "chat.postMessage" and c.params.get("channel") == probe.user]
    for message in replies + dms:
        if WARNING in json.dumps(message.get("blocks")):
            return str(message.get("text"))
    return None


# -- What the app registers ---------------------------------------------------------------------------


def registered(app: App) -> dict[str, set[str]]:
    """Which ids of bot.slack.ids the app's listeners take, asked of Bolt's own matchers; and a check
    that no listener takes anything else (a listener on an id outside ids.py would go unseen)."""
    user = {"id": ANA, "team_id": TEAM_ID}
    team = {"id": TEAM_ID}
    kinds: dict[str, dict[str, Json]] = {
        "action": {
            a: {"type": "block_actions", "user": user, "team": team, "actions": [{"action_id": a, "block_id": "b"}]}
            for a in Action
        },
        "view": {
            c: {
                "type": "view_submission",
                "user": user,
                "team": team,
                "view": {"callback_id": c, "id": "V1", "type": "modal"},
            }
            for c in Callback
        },
        "view_closed": {
            c: {
                "type": "view_closed",
                "user": user,
                "team": team,
                "view": {"callback_id": c, "id": "V1", "type": "modal"},
            }
            for c in Callback
        },
        "event": {e: {"type": "event_callback", "team_id": TEAM_ID, "event": {"type": e, "user": ANA}} for e in Event},
        "command": {COMMAND: {"command": COMMAND, "team_id": TEAM_ID, "user_id": ANA, "text": ""}},
    }
    found = {
        kind: {name for name, payload in cases.items() if listeners_matching(app, [payload])}
        for kind, cases in kinds.items()
    }
    every = [payload for cases in kinds.values() for payload in cases.values()]
    assert listeners_matching(app, every) == set(range(len(app._listeners))), "a listener takes an id not in ids.py"
    return found


# -- The contract ---------------------------------------------------------------------------------------


def test_every_listener_answers_valid_refused_and_malformed_requests_within_slacks_three_seconds(
    app: App,
    slack: SignedSlack,
    fake_slack: FakeSlack,
    sessions: SessionFactory,
    relay: Relay,
    clock: FakeClock,
    watched_log: ServerLog,
) -> None:
    world = build_world(slack, fake_slack, sessions, relay, clock)
    shown_now = surfaces(fake_slack, slack, world.modals)
    plan = Plan(slack, fake_slack, world)
    plan.commands()
    plan.actions(shown_now)
    plan.views()
    plan.events()

    ids = registered(app)
    exercised = {(p.kind, p.name) for p in plan.probes() if p.case.startswith("valid")}
    assert ids["view_closed"] == set(), "a view_closed listener: add it to this contract"
    assert {("action", a) for a in ids["action"]} <= exercised, "a registered action no valid click reaches"
    assert {("view", c) for c in ids["view"]} <= exercised, "a registered form no valid submission reaches"
    assert {("event", e) for e in ids["event"]} <= {(p.kind, p.name) for p in plan.probes()}
    assert {s.name for s in SUBCOMMANDS} <= {p.name for p in plan.probes() if p.kind == "command"}
    unhandled = {c.action_id for s in shown_now for c in controls(s)} - ids["action"]
    assert unhandled == set(), f"controls the bot shows that no listener takes: {unhandled}"

    problems: list[str] = []
    for stage in STAGES:
        problems += send_waves(slack, fake_slack, pack(plan.stages.get(stage, []), width=8))
    assert problems == [], "\n".join(problems)

    replies = {str(r["name"]) for r in fake_slack.responses}
    silent = [p.label() for p in plan.probes() if p.refused and p.user is not None and told(p, replies) is None]
    assert silent == [], "refused without a word to the person:\n" + "\n".join(silent)
    warned = [p.label() for p in plan.probes() if p.case.startswith("valid") and warning(p, fake_slack)]
    assert warned == [], "valid requests that were refused:\n" + "\n".join(warned)
