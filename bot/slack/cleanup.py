"""Deleting the bot's own messages that held deleted text (chat.delete), and telling the person what stayed."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.domain.posted import PostedMessage

logger = logging.getLogger(__name__)

# Already gone (someone deleted it, or the channel with it): nothing left to delete.
MESSAGE_GONE = frozenset({"message_not_found"})
# chat.delete is Tier 3 (about 50 a minute): wait as asked, but never long, then report what is left.
RATE_LIMIT_WAIT_MAX_S = 30.0
UNREACHABLE = "slack_unreachable"


@dataclass(frozen=True)
class Undeleted:
    message: PostedMessage
    error: str  # Slack's error code, or UNREACHABLE


@dataclass(frozen=True)
class Cleanup:
    deleted: int
    undeleted: tuple[Undeleted, ...]


def delete_posted(
    client: WebClient, messages: Sequence[PostedMessage], *, wait: Callable[[float], None] = time.sleep
) -> Cleanup:
    """Delete each message from Slack; one that is already gone counts as deleted."""
    deleted = 0
    undeleted: list[Undeleted] = []
    for message in messages:
        error = _delete(client, message, wait)
        if error is None or error in MESSAGE_GONE:
            deleted += 1
        else:
            undeleted.append(Undeleted(message, error))
    if undeleted:
        codes = sorted({u.error for u in undeleted})
        logger.warning("deleted %d posted messages; %d could not be deleted: %s", deleted, len(undeleted), codes)
    else:
        logger.info("deleted %d posted messages", deleted)
    return Cleanup(deleted=deleted, undeleted=tuple(undeleted))


def _delete(client: WebClient, message: PostedMessage, wait: Callable[[float], None]) -> str | None:
    for attempt in (1, 2):
        try:
            client.chat_delete(channel=message.channel, ts=message.ts)
            return None
        except SlackApiError as exc:
            code = str(exc.response.get("error") or "unknown_error")
            if code != "ratelimited" or attempt == 2:
                return code
            wait(min(_retry_after(exc), RATE_LIMIT_WAIT_MAX_S))
        except (SlackClientError, OSError):
            return UNREACHABLE
    return UNREACHABLE  # pragma: no cover - the loop always returns


def _retry_after(exc: SlackApiError) -> float:
    try:
        return float(exc.response.headers.get("Retry-After", 1))
    except (TypeError, ValueError):
        return 1.0
