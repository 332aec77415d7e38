"""The one Web API client factory: the bot token and Slack URL from settings, and quick copies for
calls inside a request's 3 seconds that must not retry silently."""

from __future__ import annotations

import logging

from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler

from bot.config import Settings
from bot.slack.client import TIMEOUT_SECONDS, quick_client, web_client


def settings() -> Settings:
    return Settings(
        SLACK_BOT_TOKEN="xoxb-factory-token",
        SLACK_SIGNING_SECRET="secret",
        SLACK_API_URL="http://slack.invalid/api/",
        DATABASE_URL="sqlite://",
        _env_file=None,  # type: ignore[call-arg]
    )


def test_the_client_uses_the_bot_token_and_the_configured_slack_url() -> None:
    client = web_client(settings())

    assert (client.token, client.base_url, client.timeout) == (
        "xoxb-factory-token",
        "http://slack.invalid/api/",
        TIMEOUT_SECONDS,
    )
    assert any(isinstance(h, ConnectionErrorRetryHandler) for h in client.retry_handlers)


def test_a_client_can_have_its_own_timeout() -> None:
    assert web_client(settings(), timeout=5).timeout == 5


def test_a_quick_copy_keeps_token_and_url_and_does_not_retry() -> None:
    quick = quick_client(web_client(settings()), timeout=2)

    assert (quick.token, quick.base_url, quick.timeout, quick.retry_handlers) == (
        "xoxb-factory-token",
        "http://slack.invalid/api/",
        2,
        [],
    )


def test_a_quick_copy_may_keep_the_retries_and_log_elsewhere() -> None:
    quiet = logging.getLogger("test.quiet")

    copy = quick_client(web_client(settings()), timeout=15, retries=True, logger=quiet)

    assert copy.logger is quiet
    assert any(isinstance(h, ConnectionErrorRetryHandler) for h in copy.retry_handlers)
