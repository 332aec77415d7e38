"""The requests of the HTTP contract test, stage by stage, built from the controls the bot showed."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

from bot.slack.forms.forget import CONFIRM_VALUE
from bot.slack.ids import Action, Block, Callback, Event
from bot.slack.listeners.commands import SUBCOMMANDS, route
from tests.conftest import TEAM_ID
from tests.support.asks_flow import answer_values
from tests.support.contract import (
    Control,
    Probe,
    Surface,
    click_body,
    controls,
    empty_values,
    event_body,
    submission_body,
    surfaces,
    without_state,
)
from tests.support.contract_intros import FORM_FOR
from tests.support.contract_opportunities import OTHER_VALUES as OPPORTUNITY_OTHER_VALUES
from tests.support.contract_opportunities import valid_values as opportunity_values
from tests.support.contract_reflection import note_values as reflection_note_values
from tests.support.contract_world import (
    ADMIN,
    ANA,
    CHANNEL,
    DELETED,
    HUGE_ID,
    KAI,
    LEO,
    MIRA,
    MISSING_ID,
    NEWCOMER,
    OLGA,
    PRIYA,
    ROWS,
    SAM,
    STRANGERS,
    World,
)
from tests.support.fake_slack import FakeSlack
from tests.support.intro_flow import intro_values
from tests.support.offer_flow import offer_values
from tests.support.office_hours_flow import form_values as office_hours_values
from tests.support.prep_flow import prep_values, share_values
from tests.support.recap_flow import recap_values
from tests.support.request_flow import request_values, slot_values
from tests.support.setup_flow import setup_values
from tests.support.signed import FORM, JSON, SignedSlack, plain_text

Json = dict[str, Any]
Values = dict[str, dict[str, Json]]


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
    Action.OFFICE_HOURS_CANCEL,
    Action.INTRO_ACCEPT,
    Action.INTRO_DECLINE,
    Action.INTRO_CANCEL,
    Action.INTRO_MET,
    Action.INTRO_NOT_YET,
    Action.INTRO_NOT_HAPPENING,
    Action.ASK_PASS_ON,
    Action.ASK_KEEP,
    Action.OPPORTUNITY_CLOSE,
    Action.REFLECTION_STILL_TRUE,
    Action.REFLECTION_CHANGED,
    Action.REFLECTION_DONE,
}
LATE_CHANGES = {
    Action.ASK_PASS_ON,
    Action.ASK_KEEP,
    Action.REFLECTION_STILL_TRUE,
    Action.REFLECTION_CHANGED,
    Action.REFLECTION_DONE,
}
# Anyone in the channel may click these (a Book button on an office-hours announcement): a stranger's
# click is a valid one, and only forged values are refused.
PUBLIC = {Action.OFFICE_HOURS_BOOK, Action.OPPORTUNITY_INTERESTED}
# Controls anyone set up may use with the same value: "Ask for an intro" names a helper whose offer is
# public, so another person's click opens the form for them too (only a stranger, never set up, is refused).
SHARED = {Action.INTRO_START, Action.OPPORTUNITY_BRING}
# Registered, but no surface of this world shows them (App Home shows history only past five
# conversations; the export button is clicked from App Home in test_data_flow): clicked from Ana's Home.
UNSHOWN = (Action.OPEN_HOME_HISTORY, Action.OPEN_EXPORT)
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


def with_ids(raw: str | None, new_id: int) -> str | None:
    """A context value (button value or private_metadata) with each of its ids replaced by `new_id`."""
    try:
        ref = json.loads(raw or "")
    except json.JSONDecodeError:
        return None
    if not isinstance(ref, dict) or not any(key.endswith("_id") for key in ref):
        return None
    return json.dumps({k: new_id if k.endswith("_id") else v for k, v in ref.items()})


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
        # Refused: a value missing, out of range, past or unreadable, and a command this person may not use.
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
        # Who can help: no offer to switch off yet, a topic list only admins set, the directory.
        self.command(ANA, "offer off", "refused")
        self.command(ANA, "settings help-topics sql", "refused")
        self.command(ADMIN, "settings help-topics sql, leadership", "valid")
        self.command(ANA, "helpers sql", "valid")
        self.command(STRANGERS[0], "recap", "stranger")  # before setup
        self.command(STRANGERS[1], "pause", "stranger")  # before setup
        args = {"hours": "hours 09:00-17:00", "pause": "pause until 2027-01-05", "digest": "digest #mgrs"}
        for sub in SUBCOMMANDS:
            self.command(self.stranger(), args.get(sub.name, sub.name), "stranger")
        self.command(self.stranger(), "", "stranger")
        # Numbers no calendar or clock has, and text Slack would never send.
        huge = "99999999999999999999"
        for user, text in (
            (ANA, f"pause for {huge} days"),
            (ANA, f"hours {huge}:00-17:00"),
            (MIRA, f"digest #mgrs every {huge} weeks"),
            (MIRA, f"digest #mgrs monday {huge}:00"),
            (ANA, "hours 08:00-\u0000"),
            (ANA, "pause until 2026-02-30"),
            (ANA, "status " + "x" * 3000),
        ):
            self.command(user, text, "fuzz")

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
        start = {"type": "button", "action_id": Action.INTRO_START, "value": self.world.intro_start}
        every += [Control(Action.INTRO_START, start, "extra", home)]
        deleted = [c for c in every if ref_of(c).get("item_id") == self.deleted_item]
        live = [c for c in every if c not in deleted]
        firsts: dict[tuple[str, str], Control] = {}
        for control in live:
            firsts.setdefault((control.surface.kind, control.action_id), control)
        for (_, action_id), first in firsts.items():
            if action_id in PUBLIC:
                self.public(first)
                continue
            owner = reader(first)
            outsider = SAM if owner == LEO else LEO  # set up, but not a party to this control
            self.click("refused", self.stranger(), first, "stranger", refused=True)
            if value_of(first) is not None:
                public = action_id in SHARED
                self.click("opens" if public else "refused", outsider, first, "not theirs", refused=not public)
                for garbage in ("x", "{}", with_ids(value_of(first), MISSING_ID), with_ids(value_of(first), HUGE_ID)):
                    if garbage is not None:
                        self.click("refused", owner, first, f"value {garbage[:12]}", value=garbage, refused=True)
            if action_id in CHANGES:
                self.change(first.surface.kind, action_id)
            else:
                self.click("opens", owner, first, "valid", refused=False)
                self.no_trigger(owner, first)
        for control in deleted:
            self.click("refused", reader(control), control, "deleted item", refused=True)
        # A check-in's button naming a conversation id no database holds: the click still works.
        checkin = next(
            c for c in live if c.action_id == Action.ITEM_STILL_ON_IT and "checkin:" in str(ref_of(c).get("surface"))
        )
        forged = json.dumps({**ref_of(checkin), "surface": f"checkin:{HUGE_ID}"})
        self.click("refused", reader(checkin), checkin, "huge check-in id", value=forged, refused=False)

        def no_actions() -> tuple[str, str]:
            body = _parse_form(click_body(self.slack, self.fake_slack, ANA, live[0]))
            body.pop("actions")
            return self.slack.interactive_body(body), FORM

        self.add("refused", Probe("action", live[0].action_id, "malformed", None, no_actions, expect=400))

    def public(self, control: Control) -> None:
        """A control anyone may use: forged values refused, a stranger's click valid."""
        for garbage in ("x", "{}", with_ids(value_of(control), MISSING_ID), with_ids(value_of(control), HUGE_ID)):
            if garbage is not None:
                self.click("refused", LEO, control, f"value {garbage[:12]}", value=garbage, refused=True)
        stranger = self.stranger()
        self.click("opens", stranger, control, "valid", refused=False)
        self.no_trigger(stranger, control)

    def no_trigger(self, user: str, control: Control) -> None:
        """A click that can't open a form: its trigger_id is missing (a forged or truncated body)."""

        def body() -> tuple[str, str]:
            payload = _parse_form(click_body(self.slack, self.fake_slack, user, control))
            payload.pop("trigger_id")
            return self.slack.interactive_body(payload), FORM

        # Slack sends a trigger_id with every click; a body without one is malformed.
        label = f"malformed: no trigger_id ({control.surface.kind})"
        self.add("refused", Probe("action", control.action_id, label, user, body, expect=400))

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
        # The answers to redirected asks (and a reflection's marks) come after the other changes, so the
        # waves of those stay as they were.
        self.add("consents" if action_id in LATE_CHANGES else "changes", probe)

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
        valid = valid_values()
        for callback, view in latest.items():
            owner = view["_opened_by"]
            values = valid[callback]
            if callback == Callback.FORGET_CONFIRM:  # the valid one deletes Olga; the rest try Ana's
                self.submit("last forms", OLGA, self.world.modal(callback, OLGA), values, "valid", refused=False)
                view, owner = self.world.modal(callback, ANA), ANA
            else:  # a new meeting request replaces the one the manager answers in "changes"
                stage = "last forms" if callback == Callback.REQUEST_FORM else "submits"
                self.submit(stage, owner, view, values, "valid", refused=False)
            # Empty is a fine answer there (and a review without its Share box is not shared: fail-safe).
            # (A reflection's note may be empty, and without its share choice it is not shared: fail-safe.)
            quiet = callback in (
                Callback.PREP_REVIEW,
                Callback.PREP_FORM,
                Callback.OPPORTUNITY_INTEREST,
                Callback.REFLECTION_NOTE,
            )
            self.submit("refused", owner, view, empty_values(view), "empty", refused=not quiet)
            # The newcomer also sends the stranger's team invitation: a stranger may later forget themselves
            # (the forget form is anyone's), which would take back an invitation a later valid click answers.
            stranger = NEWCOMER if callback in (Callback.SETUP, Callback.TEAM_INVITE) else self.stranger()
            # Where the form itself is accepted from anyone, other values: a submission is handled once
            # per view and values, so the same values would make the owner's later one a no-op.
            theirs = OTHER_VALUES.get(callback, values)
            self.submit("refused", stranger, view, theirs, "stranger", refused=True)
            # The setup form's context only says where it was opened from; its submission ignores it.
            needs_context = callback != Callback.SETUP
            if view["private_metadata"]:
                other = next(m for c, m in foreign.items() if c != callback)
                own = view["private_metadata"]
                garbages = ("x", "{}", with_ids(own, MISSING_ID), with_ids(own, HUGE_ID), other)
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

            if callback == Callback.RECAP_FORM:  # a carried item to close, by an id no database holds
                closing = {"type": "checkboxes", "selected_options": [{"value": str(HUGE_ID)}]}
                forged = {**values, Block.RECAP_CLOSE_CARRIED: {Action.RECAP_CLOSE_CARRIED: closing}}
                # On a form of its own: a recap saved from one form makes its later submissions no-ops.
                other_form = [m for m in modals if m["callback_id"] == callback][-2]
                self.submit("refused", owner, other_form, forged, "huge item id to close", refused=False)
            # Every input with values of the wrong type (a forged body): a clear refusal, no traceback.
            self.submit("refused", owner, view, odd_values(view), "odd values", refused=not quiet)
            # Not one of the form's blocks (the form has changed since, or the body is forged).
            self.submit("refused", owner, view, {}, "no blocks", refused=not quiet)

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

    def _event_once(self, event: Json) -> Callable[[], tuple[str, str]]:
        return lambda: (event_body(self.slack, event), JSON)

    def events(self) -> None:
        for user in (ANA, MIRA, STRANGERS[0]):
            self.event("events", {"type": Event.APP_HOME_OPENED, "user": user, "tab": "home"}, retry_stage="retries")
        self.event("events", {"type": Event.APP_HOME_OPENED, "user": ANA, "tab": "messages"}, retry_stage="retries")
        for user, tz in ((ANA, "Europe/Berlin"), (STRANGERS[1], "UTC")):
            profile = {"id": user, "name": user.lower(), "real_name": user, "tz": tz, "team_id": TEAM_ID}
            self.event("events", {"type": Event.USER_CHANGE, "user": profile}, retry_stage="retries")
        # Fields of the wrong shape in a signed event: 400 where a listener reads them
        # (bot.slack.payload_shape), ignored otherwise; never a traceback.
        for odd, status in (
            ({"type": Event.APP_HOME_OPENED, "tab": "home"}, 400),
            ({"type": Event.APP_HOME_OPENED, "user": {"id": ANA}, "tab": "home"}, 400),
            ({"type": Event.USER_CHANGE, "user": "x"}, 400),
            ({"type": Event.USER_CHANGE, "user": {"id": ANA, "tz": 5, "name": ["x"]}}, 200),
            ({"type": Event.TOKENS_REVOKED, "tokens": "x"}, 400),
            ({"type": Event.TOKENS_REVOKED, "tokens": {"bot": "UBOT"}}, 400),
        ):
            probe = Probe("event", str(odd["type"]), "odd shape", None, self._event_once(odd), expect=status)
            self.add("events", probe)
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
    "consents",
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
    # Anyone the bot knows may ask the helper the form names (offers are public).
    Callback.INTRO_FORM: intro_values(kind=FORM_FOR[1], note="Could I shadow you for a day?"),
    Callback.TEAM_INVITE: {
        Block.TEAM_PEOPLE: {Action.TEAM_PEOPLE: {"type": "multi_users_select", "selected_users": [PRIYA]}}
    },
    **OPPORTUNITY_OTHER_VALUES,
}


def odd_values(view: Json) -> Values:
    odd: Json = {
        "value": None,  # text of any type is read as text; left empty, the form can't be saved by accident
        "selected_option": "x",
        "selected_date": 5,
        "selected_time": [],
        "selected_user": 5,
        "selected_users": "x",
        "selected_options": ["x"],
    }
    return {
        block_id: {action_id: {**odd, "type": element["type"]} for action_id, element in elements.items()}
        for block_id, elements in empty_values(view).items()
    }


def valid_values() -> dict[str, Values]:
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
        Callback.OFFICE_HOURS_FORM: office_hours_values(channel=CHANNEL, slots="4", lead="10080", topic="our roadmap"),
        Callback.INTRO_FORM: intro_values(kind=FORM_FOR[1], note="I'd love to shadow a day on call."),
        Callback.OFFER_FORM: offer_values(kinds=["plan_review"]),
        Callback.ASK_ANSWER: answer_values("not_now", "Let's look again after the reorg"),
        **opportunity_values(CHANNEL),
        Callback.REFLECTION_NOTE: reflection_note_values(),
    }


def _parse_form(body: str) -> Json:
    return dict(json.loads(dict(parse_qsl(body))["payload"]))
