"""The HTTP contract: every command, subcommand, action id, view callback and event,
with valid, refused and malformed inputs, sent concurrently over real HTTP into the running server.

Each answer must come within Slack's 3 seconds with 200 (400 for a malformed body), the server log
must show no missing ack, unhandled request or traceback (the `watched_log` fixture), and every
refused request must tell the person why. The world is built through the real flows, and the clicks
use the values of the controls the bot actually showed."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import App

from bot.db import SessionFactory
from bot.scheduling.relay import Relay
from bot.slack.ids import COMMAND, Action, Callback, Event
from bot.slack.listeners.commands import SUBCOMMANDS
from tests.conftest import TEAM_ID, FakeClock
from tests.support.contract import (
    Probe,
    controls,
    listeners_matching,
    pack,
    send_waves,
    surfaces,
)
from tests.support.contract_plan import STAGES, Plan
from tests.support.contract_world import ANA, build_world
from tests.support.fake_slack import FakeSlack
from tests.support.http_slack import ServerLog
from tests.support.signed import SignedSlack

Json = dict[str, Any]


WARNING = ":warning:"  # how the edge shows a refusal (bot.slack.edge)


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
