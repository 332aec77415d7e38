"""How the relay sorts Slack failures: rate limits, gone targets, blocked workspaces, our bugs, transient trouble."""

from __future__ import annotations

import urllib.error
from typing import Any

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse

from bot.slack.identity import TokenCheck, TokenState
from bot.slack.outbound.slack_errors import Classified, SendFailure, classify, confirm_refusal


def api_error(error: str | None = None, *, status: int = 200, headers: dict[str, Any] | None = None) -> SlackApiError:
    """The exception slack_sdk's WebClient raises for a failed call, built the way it builds it."""
    data: dict[str, Any] = {"ok": False}
    if error is not None:
        data["error"] = error
    response = SlackResponse(
        client=None,
        http_verb="POST",
        api_url="https://slack.com/api/chat.postMessage",
        req_args={"json": {"channel": "U0EMPLOYEE", "text": "hi"}},
        data=data,
        headers=headers or {},
        status_code=status,
    )
    return SlackApiError("The request to the Slack API failed. (url: https://slack.com/api/chat.postMessage)", response)


def test_429_with_retry_after_waits_that_long() -> None:
    result = classify(api_error("ratelimited", status=429, headers={"Retry-After": "7"}))

    assert result == Classified(SendFailure.RATE_LIMITED, "rate limited by Slack", 7.0)


@pytest.mark.parametrize(
    "headers",
    [
        {"retry-after": "7"},
        {"Retry-After": "7", "retry-after": "7"},  # what slack_sdk's urllib client passes on for a 429
        {"Retry-After": ["7"]},
        {"Content-Type": "application/json", "RETRY-AFTER": "7"},
    ],
)
def test_retry_after_header_is_found_in_any_case(headers: dict[str, Any]) -> None:
    result = classify(api_error("ratelimited", status=429, headers=headers))

    assert result.failure is SendFailure.RATE_LIMITED
    assert result.retry_after_seconds == 7.0


@pytest.mark.parametrize("error", ["ratelimited", "rate_limited"])
def test_ratelimited_without_header_waits_one_second(error: str) -> None:
    result = classify(api_error(error))

    assert result.failure is SendFailure.RATE_LIMITED
    assert result.retry_after_seconds == 1.0


def test_429_without_an_error_code_is_rate_limited() -> None:
    result = classify(api_error(status=429, headers={"Retry-After": "30"}))

    assert (result.failure, result.retry_after_seconds) == (SendFailure.RATE_LIMITED, 30.0)


@pytest.mark.parametrize(("raw", "seconds"), [("2.5", 2.5), ("0", 1.0), ("-3", 1.0), ("soon", 1.0), ("", 1.0)])
def test_retry_after_is_at_least_one_second_and_tolerates_junk(raw: str, seconds: float) -> None:
    result = classify(api_error("ratelimited", status=429, headers={"Retry-After": raw}))

    assert result.failure is SendFailure.RATE_LIMITED
    assert result.retry_after_seconds == seconds


@pytest.mark.parametrize(
    "error",
    ["user_not_found", "user_disabled", "cannot_dm_bot", "channel_not_found", "is_archived", "not_in_channel"],
)
def test_gone_person_or_channel_is_target_gone(error: str) -> None:
    result = classify(api_error(error))

    assert result == Classified(SendFailure.TARGET_GONE, error)


# With a bot token, account_inactive means the bot or workspace was deactivated, not the recipient.
@pytest.mark.parametrize("error", ["invalid_auth", "token_revoked", "account_inactive", "not_authed"])
def test_auth_failures_block_the_workspace(error: str) -> None:
    result = classify(api_error(error))

    assert result == Classified(SendFailure.WORKSPACE_BLOCKED, error)


@pytest.mark.parametrize("error", ["invalid_blocks", "no_text"])
def test_malformed_messages_are_bugs(error: str) -> None:
    result = classify(api_error(error))

    assert result.failure is SendFailure.BUG
    assert result.reason.startswith(f"{error}: ")
    assert result.retry_after_seconds is None


def test_bug_reason_carries_slacks_explanation() -> None:
    exc = api_error("invalid_blocks")
    exc.response.data["response_metadata"] = {"messages": ["[ERROR] must be at most 3000 characters"]}

    assert "must be at most 3000 characters" in classify(exc).reason


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors_are_transient(status: int) -> None:
    result = classify(api_error(status=status))

    assert result.failure is SendFailure.TRANSIENT
    assert str(status) in result.reason
    assert result.retry_after_seconds is None


def test_server_error_with_an_unparseable_body_is_transient() -> None:
    # slack_sdk turns a non-JSON body (say, a proxy's HTML page) into {"ok": false, "error": "<description>"}.
    result = classify(api_error("Received an unexpected response: <html>503 Service Unavailable</html>", status=503))

    assert result.failure is SendFailure.TRANSIENT


@pytest.mark.parametrize("error", ["internal_error", "fatal_error", "service_unavailable", "request_timeout"])
def test_slack_side_failures_with_200_are_transient(error: str) -> None:
    result = classify(api_error(error))

    assert result == Classified(SendFailure.TRANSIENT, error)


@pytest.mark.parametrize(
    "exc",
    [
        ConnectionError("connection reset by peer"),
        ConnectionResetError(104, "Connection reset by peer"),
        TimeoutError("timed out"),
        ConnectionRefusedError(111, "Connection refused"),
        urllib.error.URLError("Name or service not known"),
    ],
)
def test_network_failures_are_transient(exc: Exception) -> None:
    result = classify(exc)

    assert result.failure is SendFailure.TRANSIENT
    assert type(exc).__name__ in result.reason
    assert result.retry_after_seconds is None


def test_outcome_values_are_stable_strings() -> None:
    assert {o.value for o in SendFailure} == {
        "rate_limited",
        "transient",
        "target_gone",
        "workspace_blocked",
        "bug",
        "stale_message",
    }


@pytest.mark.parametrize("error", ["message_not_found", "cant_update_message"])
def test_a_vanished_message_to_update_is_stale(error: str) -> None:
    assert classify(api_error(error)) == Classified(SendFailure.STALE_MESSAGE, error)


@pytest.mark.parametrize(
    ("check", "expected"),
    [
        (TokenCheck(TokenState.REFUSED, "invalid_auth"), Classified(SendFailure.WORKSPACE_BLOCKED, "invalid_auth")),
        (
            TokenCheck(TokenState.REFUSED, "token_revoked"),
            Classified(SendFailure.WORKSPACE_BLOCKED, "invalid_auth; token_revoked"),
        ),
        (
            TokenCheck(TokenState.OK, "ok"),
            Classified(SendFailure.TRANSIENT, "invalid_auth, but auth.test accepts the token: retrying"),
        ),
        (
            TokenCheck(TokenState.UNREACHABLE, "Slack answered HTTP 500"),
            Classified(SendFailure.TRANSIENT, "invalid_auth; auth.test could not confirm it (Slack answered HTTP 500)"),
        ),
    ],
)
def test_a_refusal_blocks_only_when_auth_test_refuses_the_token_too(check: TokenCheck, expected: Classified) -> None:
    assert confirm_refusal(Classified(SendFailure.WORKSPACE_BLOCKED, "invalid_auth"), check) == expected


def test_a_missing_scope_with_a_working_token_fails_the_message_not_the_workspace() -> None:
    result = confirm_refusal(
        Classified(SendFailure.WORKSPACE_BLOCKED, "missing_scope"), TokenCheck(TokenState.OK, "ok")
    )

    assert result.failure is SendFailure.BUG
