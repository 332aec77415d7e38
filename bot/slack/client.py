"""The one place a Slack Web API client is built: the bot token, pointed at SLACK_API_URL."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web import SlackResponse

from bot import metrics
from bot.config import Settings

TIMEOUT_SECONDS = 15


def web_client(settings: Settings, *, timeout: int = TIMEOUT_SECONDS) -> WebClient:
    """The Web API client every part of the bot uses, with the bot token from `settings`."""
    return _build(settings.slack_bot_token.get_secret_value(), settings.slack_api_url, timeout=timeout)


def relay_client(settings: Settings) -> WebClient:
    """The relay's client: no silent retry after a connection error, which would post a message whose
    reply was lost a second time. The relay retries itself, after looking for the first post."""
    return _build(
        settings.slack_bot_token.get_secret_value(), settings.slack_api_url, timeout=TIMEOUT_SECONDS, retries=False
    )


def quick_client(
    client: WebClient, *, timeout: int, retries: bool = False, logger: logging.Logger | None = None
) -> WebClient:
    """A copy of `client` (same token and Slack URL) for a call inside a request's 3 seconds: its own
    timeout, and by default no silent retry that could double it."""
    return _build(client.token, client.base_url, timeout=timeout, retries=retries, logger=logger)


def _build(
    token: str | None, base_url: str, *, timeout: int, retries: bool = True, logger: logging.Logger | None = None
) -> WebClient:
    # retry_handlers=None keeps slack_sdk's default handlers (connection errors); [] turns them off.
    return CountingClient(
        token=token, base_url=base_url, timeout=timeout, logger=logger, retry_handlers=None if retries else []
    )


class CountingClient(WebClient):
    """A WebClient that counts every failed call in /metrics by method and Slack's error code."""

    def api_call(self, api_method: str, **kwargs: Any) -> SlackResponse:
        try:
            return super().api_call(api_method, **kwargs)
        except (SlackClientError, OSError) as exc:
            metrics.count_slack_error(api_method, error_code(exc))
            raise


def error_code(exc: Exception) -> str:
    """Slack's `error` (`ratelimited`, `channel_not_found`, …), else `http_<status>`, else the exception's name."""
    if isinstance(exc, SlackApiError):
        error = exc.response.get("error") if isinstance(exc.response.data, dict) else None
        return str(error) if error else f"http_{exc.response.status_code}"
    return type(exc).__name__
