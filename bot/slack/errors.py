"""The one error handler at the edge: known errors become clear messages, unknown ones a reference."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from pydantic import ValidationError
from slack_bolt import App
from slack_sdk import WebClient

from bot.domain.errors import DomainError
from bot.slack.blocks.common import Message, section

logger = logging.getLogger("bot.errors")

STALE_CONTEXT = "This button or form is out of date. Run the command again to get a fresh one."


def message_for(error: Exception) -> str:
    """What the person who triggered `error` is told; unknown errors are logged with a reference."""
    if isinstance(error, DomainError):
        return error.message
    if isinstance(error, ValidationError):
        return STALE_CONTEXT
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


def register(app: App) -> None:
    @app.error
    def on_error(error: Exception, body: dict[str, Any], client: WebClient) -> None:
        text = message_for(error)
        message = Message(text=text, blocks=[section(f":warning: {text}")])
        response_url = body.get("response_url") or next(
            (url.get("response_url") for url in body.get("response_urls") or [] if url.get("response_url")),
            None,
        )
        try:
            if response_url:
                from slack_sdk.webhook import WebhookClient

                WebhookClient(response_url).send(
                    response_type="ephemeral", replace_original=False, **message.as_kwargs()
                )
                return
            user_id = _user_id(body)
            if user_id:
                client.chat_postMessage(channel=user_id, **message.as_kwargs())
        except Exception:
            logger.exception("could not tell the user about an error")
