"""Known errors become clear messages; unknown ones a logged reference. Answering happens in the
listener edge (bot/slack/edge.py); the app-level handler only sees failures outside listeners."""

from __future__ import annotations

import logging
import uuid

from pydantic import ValidationError
from slack_bolt import App, BoltRequest, BoltResponse
from slack_sdk.errors import SlackApiError

from bot.domain.errors import DomainError

logger = logging.getLogger("bot.errors")

TRIGGER_ERRORS = frozenset({"expired_trigger_id", "trigger_expired", "invalid_trigger_id"})
SLOW_TRIGGER = (
    "Slack gives me only a few seconds to open a form, and this time it took too long. "
    "Please run the command (or click the button) again."
)
STALE_CONTEXT = "This button or form is out of date. Run the command again to get a fresh one."
SLACK_UNREACHABLE_NOW = (
    "I couldn't reach Slack just now to finish this. Anything you saved is kept; please try again in a moment."
)
# Slack answers these when a person or conversation is gone or out of the bot's reach: not our bug.
GONE_ERRORS = frozenset(
    {"user_not_found", "users_not_found", "channel_not_found", "cannot_dm_bot", "user_disabled", "is_archived"}
)
GONE = (
    "Slack says that person or conversation isn't there (or is one I can't write to), so I couldn't "
    "finish this. Nothing you saved is lost."
)
CHANGED_VIEW = (
    "This form changed while you were clicking (another click got there first). "
    "Nothing was lost: look at the form again and carry on from there."
)


def message_for(error: Exception) -> str:
    """What the person who triggered `error` is told; unknown errors are logged with a reference."""
    if isinstance(error, DomainError):
        return error.message
    if isinstance(error, ValidationError):
        return STALE_CONTEXT
    if isinstance(error, SlackApiError) and error.response.get("error") in TRIGGER_ERRORS:
        return SLOW_TRIGGER
    if isinstance(error, SlackApiError) and error.response.get("error") == "hash_conflict":
        return CHANGED_VIEW
    if isinstance(error, SlackApiError) and error.response.get("error") in GONE_ERRORS:
        logger.warning("Slack could not find what a request named: %s", error.response.get("error"))
        return GONE
    if isinstance(error, OSError):
        # The network between us and Slack (a timeout, a refused or reset connection, DNS): not a bug.
        logger.warning("a Slack call failed on the network: %s: %s", type(error).__name__, error)
        return SLACK_UNREACHABLE_NOW
    reference = uuid.uuid4().hex[:8]
    logger.error("unhandled error (reference %s)", reference, exc_info=error)
    return (
        f"Something went wrong on my side (reference `{reference}`). Nothing you saved is lost; "
        "please try again, and if it keeps happening, pass the reference to whoever runs Career Prep."
    )


def register(app: App) -> None:
    @app.error
    def on_error(error: Exception, request: BoltRequest, response: BoltResponse | None) -> None:
        # Only failures outside listeners reach this handler (listeners answer their own). Nothing
        # here talks to Slack or to the request's response_url: the request may not even be verified.
        if request.context.authorize_result is None:
            # Verification or authorization itself failed (e.g. a timestamp that isn't a number).
            logger.info("refused a request that could not be verified (%s)", type(error).__name__)
            if response is not None:
                response.status, response.body = 401, '{"error": "invalid request"}'
            return
        reference = uuid.uuid4().hex[:8]
        logger.error("unhandled error outside a listener (reference %s)", reference, exc_info=error)
