"""The one error handler at the edge: known errors become clear messages, unknown ones a reference."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from pydantic import ValidationError
from slack_bolt import App, BoltResponse
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from bot.domain.errors import DomainError
from bot.slack.blocks.common import Message, escape, section

logger = logging.getLogger("bot.errors")

TRIGGER_ERRORS = frozenset({"expired_trigger_id", "trigger_expired", "invalid_trigger_id"})
SLOW_TRIGGER = (
    "Slack gives me only a few seconds to open a form, and this time it took too long. "
    "Please run the command (or click the button) again."
)
STALE_CONTEXT = "This button or form is out of date. Run the command again to get a fresh one."


def message_for(error: Exception) -> str:
    """What the person who triggered `error` is told; unknown errors are logged with a reference."""
    if isinstance(error, DomainError):
        return error.message
    if isinstance(error, ValidationError):
        return STALE_CONTEXT
    if isinstance(error, SlackApiError) and error.response.get("error") in TRIGGER_ERRORS:
        return SLOW_TRIGGER
    reference = uuid.uuid4().hex[:8]
    logger.error("unhandled error (reference %s)", reference, exc_info=error)
    return (
        f"Something went wrong on my side (reference `{reference}`). Nothing you saved is lost; "
        "please try again, and if it keeps happening, pass the reference to whoever runs Career Prep."
    )


def _user_id(body: dict[str, Any]) -> str | None:
    user = body.get("user")
    if isinstance(user, dict):
        return user.get("id")
    return body.get("user_id") or (body.get("event") or {}).get("user")


def _response_url(body: dict[str, Any]) -> str | None:
    if body.get("response_url"):
        return str(body["response_url"])
    for entry in body.get("response_urls") or []:
        if entry.get("response_url"):
            return str(entry["response_url"])
    return None


def register(app: App) -> None:
    @app.error
    def on_error(error: Exception, body: dict[str, Any], client: WebClient, response: BoltResponse | None) -> None:
        text = message_for(error)
        message = Message(text=escape(text), blocks=[section(f":warning: {escape(text)}")])
        try:
            if response_url := _response_url(body):
                WebhookClient(response_url).send(
                    response_type="ephemeral", replace_original=False, **message.as_kwargs()
                )
            elif user_id := _user_id(body):
                client.chat_postMessage(channel=user_id, **message.as_kwargs())
            else:
                return
        except Exception:
            logger.exception("could not tell the user about an error")
            return
        if response is not None and response.status >= 500:
            # The person has been told; answering Slack with an error too would show a second,
            # vaguer failure (this matters when responses wait for the listener, as on FaaS).
            response.status = 200
            response.body = ""
