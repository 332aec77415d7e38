"""Global middleware after Slack's signature check: a request must come from the bot's own workspace
and name only Slack's own response URLs before any listener sees it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse

from bot.slack.identity import REQUEST_TIMEOUT_SECONDS, SlackIdentity
from bot.slack.response_urls import ResponseUrls

logger = logging.getLogger("bot.slack.gate")

OTHER_WORKSPACE = (
    "This Career Prep server belongs to another Slack workspace, so it can't help you here. "
    "Ask whoever installed Career Prep in your workspace to run their own copy."
)


def request_team(body: dict[str, Any]) -> set[str]:
    """Every workspace id a request names where listeners read one."""
    found = {body.get("team_id"), (body.get("view") or {}).get("team_id")}
    if isinstance(body.get("team"), dict):
        found.add(body["team"].get("id"))
    return {str(team) for team in found if team}


def install(app: App, identity: SlackIdentity, urls: ResponseUrls) -> None:
    """Register the gate as the first of the app's own middleware (it runs after Slack's checks)."""

    @app.middleware
    def gate(request: BoltRequest, response: BoltResponse, next_: Callable[[], None]) -> BoltResponse:
        body = request.body
        refusal = _foreign(body, identity)
        if refusal is not None:
            return refusal
        foreign_urls = urls.foreign_in(body)
        if foreign_urls:
            logger.warning("refused a request whose response_url is not Slack's: %s", foreign_urls[0][:100])
            return BoltResponse(status=400, body="response_url is not Slack's")
        next_()
        return response


def _foreign(body: dict[str, Any], identity: SlackIdentity) -> BoltResponse | None:
    event: dict[str, Any] = body["event"] if isinstance(body.get("event"), dict) else {}
    teams = request_team(body)
    if body.get("type") in ("url_verification", "ssl_check"):
        return None
    if not teams:
        enterprise = _enterprise(body)
        if enterprise is None:
            logger.warning("ignored a %s that names no workspace", event.get("type") or body.get("type") or "request")
        else:
            # An org-wide (Enterprise Grid) install names only its organization; this bot serves one workspace.
            logger.warning(
                "ignored %s from Enterprise Grid organization %s: org-wide installs are not supported",
                event.get("type") or body.get("type") or "a request",
                enterprise,
            )
        return BoltResponse(status=200, body="")
    # Known from auth.test (a lifecycle event may come first, or while Slack refuses the token:
    # then it only ever touches the rows of the workspace it names).
    known = identity.known or identity.recheck(timeout=REQUEST_TIMEOUT_SECONDS).identity
    ours = known.team_id if known is not None else None
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
