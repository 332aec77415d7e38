"""Send Slack-shaped, signed requests into the real Bolt app, as Slack itself would."""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, urlencode

from slack_bolt import App, BoltRequest, BoltResponse
from slack_sdk.signature import SignatureVerifier

from bot.slack.background import Background
from bot.slack.turns import Turns
from tests.support.http_slack import SLACK_TIMEOUT, TrackingExecutor, post

_IDS = itertools.count(1)
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


class SignedSlack:
    """Builds payloads like Slack's, signs them with the app's secret and dispatches them to Bolt."""

    def __init__(
        self,
        app: App,
        signing_secret: str,
        *,
        team_id: str = "T0001",
        api_app_id: str = "A0001",
        now: Callable[[], float] = time.time,
        response_url: Callable[[str], str] = lambda name: f"https://hooks.slack.com/test/{name}",
        http_url: str | None = None,
    ) -> None:
        self.app = app
        # Over real HTTP into the running server when set; straight into Bolt otherwise.
        self.http_url = http_url
        self.team_id = team_id
        self.api_app_id = api_app_id
        self._verifier = SignatureVerifier(signing_secret)
        self._now = now
        self._response_url = response_url
        self.sent: list[tuple[str, dict[str, str]]] = []  # every request dispatched: body and headers

    def _next(self, prefix: str) -> str:
        # Unique across every SignedSlack of the run, as Slack's trigger and event ids are.
        return f"{prefix}{next(_IDS):06d}"

    def headers(self, body: str, content_type: str, *, timestamp: int | None = None) -> dict[str, str]:
        ts = str(int(self._now()) if timestamp is None else timestamp)
        return {
            "content-type": content_type,
            "x-slack-request-timestamp": ts,
            "x-slack-signature": self._verifier.generate_signature(timestamp=ts, body=body),
        }

    def dispatch(
        self,
        body: str,
        content_type: str,
        extra_headers: dict[str, str] | None = None,
        *,
        expect: int = 200,
    ) -> BoltResponse:
        """Send a request as Slack would and wait for the listeners it started to finish.

        Over HTTP, the answer must come within Slack's 3 seconds with the `expect`ed status."""
        headers = {**self.headers(body, content_type), **(extra_headers or {})}
        self.sent.append((body, headers))
        return self._send(body, headers, expect)

    def replay(self, which: int = -1, *, retry_num: int | None = None, expect: int = 200) -> BoltResponse:
        """Send a request sent before (the last by default) again, byte for byte with its signature, as
        a replay inside Slack's 5-minute window would; with `retry_num`, as Slack's own retry of it."""
        body, headers = self.sent[which]
        if retry_num is not None:
            headers = {**headers, "x-slack-retry-num": str(retry_num), "x-slack-retry-reason": "http_timeout"}
        return self._send(body, headers, expect)

    def _send(self, body: str, headers: dict[str, str], expect: int) -> BoltResponse:
        if self.http_url is None:
            response = self.app.dispatch(BoltRequest(body=body, headers=headers))
        else:
            answer = post(f"{self.http_url}/slack/events", body, headers)
            assert answer.seconds < SLACK_TIMEOUT, f"Slack gave up: no answer within 3 s ({answer.seconds:.2f} s)"
            assert answer.status == expect, f"Slack got {answer.status} (expected {expect}): {answer.body[:300]}"
            response = BoltResponse(status=answer.status, body=answer.body, headers=answer.headers)
        self.wait_for_listeners()
        return response

    def wait_for_listeners(self) -> None:
        """Wait for the listeners the last request started, then for what they left to the background."""
        executor = getattr(getattr(self.app, "listener_runner", None), "listener_executor", None)
        if isinstance(executor, TrackingExecutor):
            executor.wait_idle()
        turns = getattr(self.app, "turns", None)
        if isinstance(turns, Turns):
            assert turns.drain(timeout=30.0), "listeners still running after 30 s"
        background = getattr(self.app, "background", None)
        if isinstance(background, Background):
            assert background.drain(timeout=30.0), "background work still running after 30 s"

    # Payload builders -------------------------------------------------------------------------

    def command_body(self, user_id: str, text: str = "", *, channel_id: str = "C0GENERAL") -> str:
        return urlencode(
            {
                "token": "legacy-verification-token",
                "team_id": self.team_id,
                "team_domain": "example",
                "channel_id": channel_id,
                "channel_name": "general",
                "user_id": user_id,
                "user_name": user_id.lower(),
                "command": "/career-prep",
                "text": text,
                "api_app_id": self.api_app_id,
                "response_url": self._response_url(self._next("command-")),
                "trigger_id": self._next("trigger."),
            }
        )

    def interactive_body(self, payload: dict[str, Any]) -> str:
        return "payload=" + quote(json.dumps(payload))

    def view_submission_body(
        self, user_id: str, view: dict[str, Any], values: dict[str, dict[str, dict[str, Any]]]
    ) -> str:
        submitted = {**view, "state": {"values": values}, "team_id": self.team_id}
        payload = {
            "type": "view_submission",
            "team": {"id": self.team_id, "domain": "example"},
            "user": {"id": user_id, "team_id": self.team_id},
            "api_app_id": self.api_app_id,
            "token": "legacy-verification-token",
            "trigger_id": self._next("trigger."),
            "view": submitted,
            "response_urls": [],
        }
        return self.interactive_body(payload)

    # Requests --------------------------------------------------------------------------------

    def command(self, user_id: str, text: str = "", *, channel_id: str = "C0GENERAL") -> BoltResponse:
        return self.dispatch(self.command_body(user_id, text, channel_id=channel_id), FORM)

    def submit_view(
        self,
        user_id: str,
        view: dict[str, Any],
        values: dict[str, dict[str, dict[str, Any]]],
        *,
        retry_num: int | None = None,
    ) -> BoltResponse:
        """Submit `view` (as the fake Slack stored it) with the given state values."""
        extra = {"x-slack-retry-num": str(retry_num), "x-slack-retry-reason": "http_timeout"} if retry_num else None
        response = self.dispatch(self.view_submission_body(user_id, view, values), FORM, extra)
        _check_response_view(response)
        return response

    def click(
        self,
        user_id: str,
        action_id: str,
        value: str | None = None,
        *,
        message: dict[str, Any] | None = None,
        block_id: str = "actions",
        view: dict[str, Any] | None = None,
    ) -> BoltResponse:
        """A block_actions request for a button in a message (pass the stored message) or a view."""
        action: dict[str, Any] = {
            "type": "button",
            "action_id": action_id,
            "block_id": block_id,
            "action_ts": f"{self._now():.6f}",
        }
        if value is not None:
            action["value"] = value
        payload: dict[str, Any] = {
            "type": "block_actions",
            "team": {"id": self.team_id, "domain": "example"},
            "user": {"id": user_id, "team_id": self.team_id},
            "api_app_id": self.api_app_id,
            "token": "legacy-verification-token",
            "trigger_id": self._next("trigger."),
            "actions": [action],
        }
        if message is not None:
            payload["container"] = {
                "type": "message",
                "message_ts": message["ts"],
                "channel_id": message["channel"],
                "is_ephemeral": False,
            }
            payload["channel"] = {"id": message["channel"]}
            payload["message"] = {"ts": message["ts"], "text": message.get("text", ""), "blocks": message.get("blocks")}
            payload["response_url"] = self._response_url(self._next("action-"))
        if view is not None:
            payload["container"] = {"type": "view", "view_id": view["id"]}
            payload["view"] = view
        return self.dispatch(self.interactive_body(payload), FORM)

    def event(
        self,
        event: dict[str, Any],
        *,
        retry_num: int | None = None,
        envelope: dict[str, Any] | None = None,
        expect: int = 200,
    ) -> BoltResponse:
        """An Events API callback; `envelope` overrides its fields (event_id, event_time, …), None removes one."""
        fields: dict[str, Any] = {
            "token": "legacy-verification-token",
            "team_id": self.team_id,
            "api_app_id": self.api_app_id,
            "event": {"event_ts": f"{self._now():.6f}", **event},
            "type": "event_callback",
            "event_id": self._next("Ev"),
            "event_time": int(self._now()),
            "authorizations": [{"team_id": self.team_id, "user_id": "UBOT", "is_bot": True}],
            **(envelope or {}),
        }
        body = json.dumps({name: value for name, value in fields.items() if value is not None})
        extra = {"x-slack-retry-num": str(retry_num), "x-slack-retry-reason": "http_timeout"} if retry_num else None
        return self.dispatch(body, JSON, extra, expect=expect)


# State values for view submissions, shaped as Slack sends them -------------------------------


def users_select(user_id: str | None) -> dict[str, Any]:
    return {"type": "users_select", "selected_user": user_id}


def datepicker(value: str | None) -> dict[str, Any]:
    return {"type": "datepicker", "selected_date": value}


def timepicker(value: str | None) -> dict[str, Any]:
    return {"type": "timepicker", "selected_time": value}


def static_select(value: str | None) -> dict[str, Any]:
    option = {"text": {"type": "plain_text", "text": value}, "value": value} if value else None
    return {"type": "static_select", "selected_option": option}


def plain_text(value: str | None) -> dict[str, Any]:
    return {"type": "plain_text_input", "value": value}


def _check_response_view(response: BoltResponse) -> None:
    """A view returned in an ack (response_action update/push) must pass Slack's limits too."""
    from tests.support.blockkit_checks import check_view

    if not response.body or not response.body.startswith("{"):
        return
    payload = json.loads(response.body)
    if payload.get("response_action") in ("update", "push"):
        problems = check_view(payload["view"])
        assert problems == [], f"Slack would reject this view: {problems}"
