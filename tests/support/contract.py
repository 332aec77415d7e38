"""The HTTP contract: harvest every control the bot showed, build Slack-shaped requests for them, and
send them in concurrent waves over real HTTP, checking Slack's rule for each answer."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse

from tests.support.fake_slack import Call, FakeSlack
from tests.support.http_slack import SLACK_TIMEOUT, post
from tests.support.signed import FORM, JSON, SignedSlack

Json = dict[str, Any]
# Element types that send block_actions when used outside an input block.
CLICKABLE = {"button", "overflow", "static_select", "users_select", "datepicker", "timepicker", "checkboxes"}


# -- What the bot showed -------------------------------------------------------------------------


@dataclass(frozen=True)
class Surface:
    """Where a control sits: a DM/channel message, an ephemeral reply, a modal or an App Home."""

    kind: str  # "message" | "ephemeral" | "modal" | "home"
    owner: str | None  # the user who sees it (None: a channel message anyone in it sees)
    data: Json

    def label(self) -> str:
        return f"{self.kind}:{self.data.get('callback_id') or self.data.get('channel') or self.data.get('name', '')}"


@dataclass(frozen=True)
class Control:
    action_id: str
    element: Json
    block_id: str
    surface: Surface


def controls(surface: Surface) -> Iterator[Control]:
    """Every clickable element on the surface (inputs inside input blocks are submitted, not clicked)."""
    for block in surface.data.get("blocks") or []:
        if block.get("type") == "input":
            element = block.get("element") or {}
            if element.get("dispatch_action") or block.get("dispatch_action"):
                yield Control(str(element["action_id"]), element, str(block.get("block_id", "")), surface)
            continue
        candidates = list(block.get("elements") or []) + ([block["accessory"]] if block.get("accessory") else [])
        for element in candidates:
            if element.get("type") in CLICKABLE and element.get("action_id"):
                yield Control(str(element["action_id"]), element, str(block.get("block_id", "")), surface)


def surfaces(fake_slack: FakeSlack, slack: SignedSlack, modals: Iterable[Json] = ()) -> list[Surface]:
    """Everything the fake Slack shows now: messages, ephemeral replies (seen by whoever sent the request
    they answer), App Homes, and the modals (snapshots taken when opened or updated by an ack)."""
    readers = reply_readers(slack)
    found: list[Surface] = []
    for message in fake_slack.messages():
        channel = str(message["channel"])
        members = fake_slack.dm_members(channel)
        owner = channel[1:] if channel.startswith("D") else (members[0] if members else None)
        found.append(Surface("message", owner, message))
    for reply in fake_slack.responses:
        found.append(Surface("ephemeral", readers.get(str(reply["name"])), reply))
    for user, view in fake_slack.home_views.items():
        found.append(Surface("home", user, view))
    for view in modals:
        found.append(Surface("modal", view.get("_opened_by"), view))
    return found


def reply_readers(slack: SignedSlack) -> dict[str, str]:
    """Who sent each request that carried a response_url, by the url's name."""
    readers = {}
    for body, _headers in slack.sent:
        payload = _parse(body)
        user = payload.get("user_id") or (payload.get("user") or {}).get("id")
        if payload.get("response_url") and user:
            readers[str(payload["response_url"]).rsplit("/", 1)[-1]] = str(user)
    return readers


# -- The requests ------------------------------------------------------------------------------


@dataclass
class Probe:
    """One request of the contract: what it is, who sends it, and what Slack must get back."""

    kind: str  # "command" | "action" | "view" | "event"
    name: str  # the subcommand, action id, callback id or event type it exercises
    case: str  # "valid", "refused", "garbage", "stranger", "malformed", "retry", …
    user: str | None
    body: Callable[[], tuple[str, str]]  # built at send time: (body, content type)
    expect: int = 200
    refused: bool = False  # the person must be told why nothing happened
    by_dm: bool = False  # no response_url, no form to answer in: a refusal can only come by direct message
    extra_headers: dict[str, str] = field(default_factory=dict)
    # Filled in when sent:
    status: int | None = None
    seconds: float | None = None
    answer: str = ""
    response_name: str | None = None
    trigger_id: str | None = None
    view_id: str | None = None
    wave: int = -1
    calls: list[Call] = field(default_factory=list)

    def label(self) -> str:
        return f"{self.kind} {self.name} [{self.case}] by {self.user}"


def pack(probes: list[Probe], *, width: int) -> list[list[Probe]]:
    """Waves of at most `width` requests; a person has at most one request in a wave that may be
    answered by direct message (so a direct message to them during the wave answers that one)."""
    waves: list[list[Probe]] = []
    for probe in probes:
        for wave in waves:
            if len(wave) < width and not (probe.by_dm and any(p.by_dm and p.user == probe.user for p in wave)):
                wave.append(probe)
                break
        else:
            waves.append([probe])
    return waves


def send_waves(slack: SignedSlack, fake_slack: FakeSlack, waves: list[list[Probe]], *, threads: int = 8) -> list[str]:
    """Send each wave's requests concurrently, wait for their listeners, and return what broke the rule.

    Each probe keeps the Web API calls made during its wave, to see whether its sender was told."""
    assert slack.http_url is not None
    problems: list[str] = []
    with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="slack") as pool:
        for number, wave in enumerate(waves):
            before = len(fake_slack.calls)
            prepared = []
            for probe in wave:
                body, content_type = probe.body()
                probe.wave = number
                probe.response_name, probe.trigger_id, probe.view_id = _names(body)
                headers = {**slack.headers(body, content_type), **probe.extra_headers}
                slack.sent.append((body, headers))
                prepared.append((probe, body, headers))
            for probe, answer in zip(
                wave, pool.map(lambda p: post(f"{slack.http_url}/slack/events", p[1], p[2]), prepared), strict=True
            ):
                probe.status, probe.seconds, probe.answer = answer.status, answer.seconds, answer.body
                if answer.seconds >= SLACK_TIMEOUT:
                    problems.append(f"{probe.label()}: answered after {answer.seconds:.2f} s")
                if answer.status != probe.expect:
                    problems.append(
                        f"{probe.label()}: HTTP {answer.status} (expected {probe.expect}) {answer.body[:200]}"
                    )
            slack.wait_for_listeners()
            during = fake_slack.calls[before:]
            for probe in wave:
                probe.calls = during
    return problems


def _names(body: str) -> tuple[str | None, str | None, str | None]:
    """The response_url name, trigger_id and view id a request carries, to find what answered it."""
    payload = _parse(body)
    url = payload.get("response_url")
    name = str(url).rsplit("/", 1)[-1] if url else None
    trigger = payload.get("trigger_id")
    view = payload.get("view") if isinstance(payload.get("view"), dict) else {}
    return name, (str(trigger) if trigger else None), (str(view["id"]) if view.get("id") else None)


def _parse(body: str) -> Json:
    from bot.slack.payload_shape import parse

    try:
        return parse(body, JSON if body.startswith("{") else FORM)
    except (ValueError, KeyError):
        return {}


# -- Payloads -----------------------------------------------------------------------------------


def click_body(
    slack: SignedSlack,
    fake_slack: FakeSlack,
    user: str,
    control: Control,
    *,
    value: str | object | None = ...,
) -> str:
    """A block_actions request for using `control` where it sits (optionally with another value)."""
    element = control.element
    action: Json = {
        "type": element["type"],
        "action_id": control.action_id,
        "block_id": control.block_id,
        "action_ts": f"{time.time():.6f}",
    }
    chosen = element.get("value") if value is ... else value
    if element["type"] in ("overflow", "static_select"):
        options = element.get("options") or []
        option = dict(options[0]) if options else {"text": {"type": "plain_text", "text": "x"}}
        if value is not ...:
            option["value"] = value
        action["selected_option"] = option
    elif chosen is not None:
        action["value"] = chosen
    payload: Json = {
        "type": "block_actions",
        "team": {"id": slack.team_id, "domain": "example"},
        "user": {"id": user, "team_id": slack.team_id},
        "api_app_id": slack.api_app_id,
        "token": "legacy-verification-token",
        "trigger_id": slack._next("trigger."),
        "actions": [action],
    }
    surface = control.surface
    if surface.kind in ("message", "ephemeral"):
        ephemeral = surface.kind == "ephemeral"
        channel = "D" + user if ephemeral else str(surface.data["channel"])
        ts = f"{time.time():.6f}" if ephemeral else str(surface.data["ts"])
        payload["container"] = {"type": "message", "message_ts": ts, "channel_id": channel, "is_ephemeral": ephemeral}
        payload["channel"] = {"id": channel}
        payload["message"] = {"ts": ts, "text": surface.data.get("text", ""), "blocks": surface.data.get("blocks")}
        payload["response_url"] = fake_slack.response_url(slack._next("action-"))
    else:
        view = {k: v for k, v in surface.data.items() if not k.startswith("_")}
        current = fake_slack.views.get(str(view.get("id")))
        if surface.kind == "modal" and current is not None:
            view["hash"] = current["hash"]  # Slack sends the hash of the view as it is now
        payload["container"] = {"type": "view", "view_id": view.get("id")}
        payload["view"] = {**view, "state": view.get("state") or {"values": {}}}
    return slack.interactive_body(payload)


def empty_values(view: Json) -> dict[str, dict[str, Json]]:
    """What Slack submits for a modal nobody filled in: every input present, every value null."""
    values: dict[str, dict[str, Json]] = {}
    for block in view.get("blocks") or []:
        if block.get("type") != "input":
            continue
        element = block.get("element") or {}
        kind = str(element.get("type"))
        empty: Json = {"type": kind}
        key = {
            "plain_text_input": "value",
            "users_select": "selected_user",
            "datepicker": "selected_date",
            "timepicker": "selected_time",
            "static_select": "selected_option",
            "radio_buttons": "selected_option",
        }.get(kind)
        if key is not None:
            empty[key] = None
        elif kind == "multi_users_select":
            empty["selected_users"] = []
        elif kind == "checkboxes":
            empty["selected_options"] = []
        values[str(block["block_id"])] = {str(element["action_id"]): empty}
    return values


def submission_body(
    slack: SignedSlack, user: str, view: Json, values: dict[str, dict[str, Json]], **overrides: Any
) -> str:
    """A view_submission of `view` (as shown) with `values`; `overrides` replace view fields."""
    shown = {k: v for k, v in view.items() if not k.startswith("_")}
    return slack.view_submission_body(user, {**shown, **overrides}, values)


def without_state(slack: SignedSlack, user: str, view: Json) -> str:
    """A view_submission whose view has no state.values: Bolt can't read it; the edge answers 400."""
    payload = _parse(submission_body(slack, user, view, {}))
    payload["view"].pop("state", None)
    return slack.interactive_body(payload)


def event_body(slack: SignedSlack, event: Json) -> str:
    fields: Json = {
        "token": "legacy-verification-token",
        "team_id": slack.team_id,
        "api_app_id": slack.api_app_id,
        "event": {"event_ts": f"{time.time():.6f}", **event},
        "type": "event_callback",
        "event_id": slack._next("Ev"),
        "event_time": int(time.time()),
        "authorizations": [{"team_id": slack.team_id, "user_id": "UBOT", "is_bot": True}],
    }
    return json.dumps(fields)


# -- What the app registers ---------------------------------------------------------------------


def listeners_matching(app: App, payloads: Iterable[Json]) -> set[int]:
    """The indexes of the app's listeners that take at least one of these requests."""
    requests = list(payloads)
    found: set[int] = set()
    for index, listener in enumerate(app._listeners):
        for payload in requests:
            if _matches(listener, payload):
                found.add(index)
                break
    return found


def _matches(listener: Any, payload: Json) -> bool:
    from urllib.parse import quote, urlencode

    if payload.get("type") == "event_callback":
        request = BoltRequest(body=json.dumps(payload), headers={"content-type": JSON}, mode="socket_mode")
    elif "command" in payload:
        request = BoltRequest(body=urlencode(payload), headers={"content-type": FORM}, mode="socket_mode")
    else:
        request = BoltRequest(
            body="payload=" + quote(json.dumps(payload)), headers={"content-type": FORM}, mode="socket_mode"
        )
    return bool(listener.matches(req=request, resp=BoltResponse(status=404)))
