"""How the relay treats each kind of Slack failure: wait, retry, drop one target, hold the workspace, or fail."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from slack_sdk.errors import SlackApiError

from bot.domain.outbox import CHANNEL_PROBLEMS
from bot.slack.identity import TokenCheck, TokenState


class SendFailure(StrEnum):
    """What kind of failure a Slack call ended in, and so what the relay does next."""

    RATE_LIMITED = "rate_limited"  # wait Retry-After, try again, not a failed attempt
    TRANSIENT = "transient"  # retry with capped backoff
    TARGET_GONE = "target_gone"  # permanent for this person or channel
    WORKSPACE_BLOCKED = "workspace_blocked"  # token refused: confirm with auth.test, then hold the team's sends
    BUG = "bug"  # our message is malformed: fail now, retrying cannot help
    STALE_MESSAGE = "stale_message"  # the message to update is gone: post a new one instead


PERSON_GONE = frozenset({"user_not_found", "user_disabled", "user_not_visible", "cannot_dm_bot"})
# With a bot token, account_inactive means the bot or the workspace was deactivated, not the
# recipient (Slack's chat.postMessage error table), so it stops the workspace's sends.
# One such answer is only a suspicion: the relay asks auth.test before it holds anything.
WORKSPACE_ERRORS = frozenset(
    {"invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive", "missing_scope"}
)
BUG_ERRORS = frozenset(
    {
        "invalid_blocks",
        "invalid_arguments",
        "msg_too_long",
        "msg_blocks_too_long",
        "no_text",
        "invalid_blocks_format",
    }
)


@dataclass(frozen=True)
class Classified:
    failure: SendFailure
    reason: str
    retry_after_seconds: float | None = None


def classify(exc: Exception) -> Classified:
    """Sort an exception from a Slack call into what the relay should do next."""
    if isinstance(exc, SlackApiError):
        response = exc.response
        status = getattr(response, "status_code", 200)
        error = str(response.get("error", "")) if hasattr(response, "get") else ""
        if status == 429 or error in ("ratelimited", "rate_limited"):
            headers = getattr(response, "headers", {}) or {}
            retry_after = _retry_after(headers)
            return Classified(SendFailure.RATE_LIMITED, "rate limited by Slack", retry_after)
        if error in ("message_not_found", "cant_update_message", "edit_window_closed"):
            return Classified(SendFailure.STALE_MESSAGE, error)
        if error in PERSON_GONE or error in CHANNEL_PROBLEMS:
            return Classified(SendFailure.TARGET_GONE, error)
        if error in WORKSPACE_ERRORS:
            return Classified(SendFailure.WORKSPACE_BLOCKED, error)
        if error in BUG_ERRORS:
            return Classified(SendFailure.BUG, f"{error}: {response.get('response_metadata', '')}")
        if status >= 500:
            return Classified(SendFailure.TRANSIENT, f"Slack answered HTTP {status}")
        return Classified(SendFailure.TRANSIENT, error or f"Slack answered HTTP {status}")
    return Classified(SendFailure.TRANSIENT, f"{type(exc).__name__}: {exc}")


def confirm_refusal(suspect: Classified, check: TokenCheck) -> Classified:
    """A refused token is only believed once auth.test refuses it too: one `invalid_auth` answer
    (a blip on Slack's side) must not stop a workspace."""
    if check.state is TokenState.REFUSED:
        same = check.reason == suspect.reason
        return Classified(
            SendFailure.WORKSPACE_BLOCKED, suspect.reason if same else f"{suspect.reason}; {check.reason}"
        )
    if check.state is TokenState.OK and suspect.reason == "missing_scope":
        return Classified(SendFailure.BUG, "missing_scope: reinstall the app from app_manifest.yml to grant its scopes")
    if check.state is TokenState.OK:
        return Classified(SendFailure.TRANSIENT, f"{suspect.reason}, but auth.test accepts the token: retrying")
    return Classified(SendFailure.TRANSIENT, f"{suspect.reason}; auth.test could not confirm it ({check.reason})")


def _retry_after(headers: object) -> float:
    value = None
    if isinstance(headers, dict):
        for key, raw in headers.items():
            if str(key).lower() == "retry-after":
                value = raw[0] if isinstance(raw, list) else raw
    try:
        return max(1.0, float(value)) if value is not None else 1.0
    except (TypeError, ValueError):
        return 1.0
