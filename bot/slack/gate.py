"""Global middleware after Slack's signature check: a request must come from the bot's own workspace
and name only Slack's own response URLs before any listener sees it."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltContext, BoltRequest, BoltResponse
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.response_urls import ResponseUrls

logger = logging.getLogger("bot.slack.gate")

LIFECYCLE_EVENTS = frozenset({"app_uninstalled", "tokens_revoked", "team_access_revoked"})
OTHER_WORKSPACE = (
    "This Career Prep server belongs to another Slack workspace, so it can't help you here. "
    "Ask whoever installed Career Prep in your workspace to run their own copy."
)


class BotIdentity:
    """The workspace the bot token belongs to, from `auth.test`, learned once and kept."""

    def __init__(self, client: WebClient, *, timeout: int = 2) -> None:
        self._client = client
        self._timeout = timeout
        self._team_id: str | None = None
        self._lock = threading.Lock()

    def learn(self, team_id: str | None) -> None:
        if team_id:
            with self._lock:
                self._team_id = team_id

    def team_id(self) -> str | None:
        """The bot's team; asks Slack (briefly) if nothing has told us yet, None if Slack can't say."""
        if self._team_id is None:
            quick = WebClient(token=self._client.token, base_url=self._client.base_url, timeout=self._timeout)
            try:
                self.learn(quick.auth_test().get("team_id"))
            except (SlackApiError, OSError) as error:
                logger.warning("could not learn the bot's workspace from auth.test: %s", error)
        return self._team_id


def request_team(body: dict[str, Any]) -> set[str]:
    """Every workspace id a request names where listeners read one."""
    found = {body.get("team_id"), (body.get("view") or {}).get("team_id")}
    if isinstance(body.get("team"), dict):
        found.add(body["team"].get("id"))
    return {str(team) for team in found if team}


def install(app: App, identity: BotIdentity, urls: ResponseUrls) -> None:
    """Register the gate as the first of the app's own middleware (it runs after Slack's checks)."""

    @app.middleware
    def gate(
        request: BoltRequest, context: BoltContext, response: BoltResponse, next_: Callable[[], None]
    ) -> BoltResponse:
        body = request.body
        refusal = _foreign(body, context, identity)
        if refusal is not None:
            return refusal
        foreign_urls = urls.foreign_in(body)
        if foreign_urls:
            logger.warning("refused a request whose response_url is not Slack's: %s", foreign_urls[0][:100])
            return BoltResponse(status=400, body="response_url is not Slack's")
        next_()
        return response


def _foreign(body: dict[str, Any], context: BoltContext, identity: BotIdentity) -> BoltResponse | None:
    event: dict[str, Any] = body["event"] if isinstance(body.get("event"), dict) else {}
    lifecycle = body.get("type") == "event_callback" and event.get("type") in LIFECYCLE_EVENTS
    if not lifecycle and context.authorize_result is not None:
        # Bolt learned this from auth.test with the bot token: it is the bot's own workspace.
        identity.learn(context.authorize_result.team_id)
    teams = request_team(body)
    if body.get("type") in ("url_verification", "ssl_check"):
        return None
    if not teams:
        # An org-wide (Enterprise Grid) install names only its organization; this bot serves one workspace.
        logger.warning(
            "ignored %s from Enterprise Grid organization %s: org-wide installs are not supported",
            event.get("type") or body.get("type") or "a request",
            _enterprise(body) or "(unknown)",
        )
        return BoltResponse(status=200, body="")
    ours = identity.team_id()
    if ours is None or teams == {ours}:
        return None
    logger.warning("refused a request from workspace %s: this bot's token belongs to %s", ",".join(sorted(teams)), ours)
    if body.get("command") is not None:
        return BoltResponse(status=200, body={"response_type": "ephemeral", "text": OTHER_WORKSPACE})
    return BoltResponse(status=200, body="")


def _enterprise(body: dict[str, Any]) -> str | None:
    if body.get("enterprise_id"):
        return str(body["enterprise_id"])
    authorizations = body.get("authorizations")
    if isinstance(authorizations, list) and authorizations and isinstance(authorizations[0], dict):
        found = authorizations[0].get("enterprise_id")
        return str(found) if found else None
    enterprise = body.get("enterprise")
    return str(enterprise["id"]) if isinstance(enterprise, dict) and enterprise.get("id") else None
