"""Who the bot is in Slack (auth.test), and whether Slack accepts its token right now.

Bolt would call auth.test once while it starts and die if Slack is down; instead the runtime
checks here, starts anyway, retries in the background and answers requests cleanly meanwhile.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from slack_bolt.authorization import AuthorizeResult
from slack_bolt.authorization.authorize import Authorize
from slack_bolt.context import BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.client import quick_client

logger = logging.getLogger(__name__)

# auth.test answers that mean Slack refuses this token (not that Slack is unwell).
TOKEN_REFUSED = frozenset({"invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive"})
# The URL reaches something that is not Slack's Web API (SLACK_API_URL without /api/, a proxy page).
NOT_THE_API = frozenset({"unknown_method"})
REQUEST_TIMEOUT_SECONDS = 2  # an auth.test inside Slack's 3-second window must be short
RECHECK_EVERY = timedelta(seconds=5)  # requests during an outage share one auth.test per this
# The SDK logs an ERROR for every non-JSON answer; check_token reports the outcome itself, once.
_SDK_LOGGER = logging.getLogger(f"{__name__}.sdk")
_SDK_LOGGER.setLevel(logging.CRITICAL)


class TokenState(StrEnum):
    OK = "ok"
    REFUSED = "refused"  # Slack answered and refused the token
    WRONG_URL = "wrong_url"  # something answered, but not Slack's Web API
    UNREACHABLE = "unreachable"  # no answer, a 5xx, a timeout: try again later


@dataclass(frozen=True)
class BotIdentity:
    team_id: str
    bot_user_id: str | None
    bot_id: str | None
    enterprise_id: str | None


@dataclass(frozen=True)
class TokenCheck:
    state: TokenState
    reason: str  # "ok", the Slack error (invalid_auth), or what went wrong on the way
    identity: BotIdentity | None = None


def check_token(client: WebClient, *, timeout: int | None = None) -> TokenCheck:
    """Call auth.test once and sort the answer; never raises for Slack or network trouble."""
    # A check with a timeout runs inside a request's 3 seconds: no silent retry may double it.
    quiet = quick_client(client, timeout=timeout or client.timeout, retries=not timeout, logger=_SDK_LOGGER)
    try:
        response = quiet.auth_test()
    except SlackApiError as exc:
        return _refusal(exc)
    except (OSError, ValueError) as exc:  # URLError, timeouts, refused connections, bad URLs
        return TokenCheck(TokenState.UNREACHABLE, f"{type(exc).__name__}: {exc}")
    identity = BotIdentity(
        team_id=str(response.get("team_id") or ""),
        bot_user_id=_optional(response.get("user_id")),
        bot_id=_optional(response.get("bot_id")),
        enterprise_id=_optional(response.get("enterprise_id")),
    )
    return TokenCheck(TokenState.OK, "ok", identity)


def _refusal(exc: SlackApiError) -> TokenCheck:
    response = exc.response
    status = int(getattr(response, "status_code", 200) or 200)
    error = str(response.get("error", "")) if isinstance(response.data, dict) else ""
    if status >= 500 or status == 429:
        return TokenCheck(TokenState.UNREACHABLE, f"Slack answered HTTP {status}")
    if error in TOKEN_REFUSED:
        return TokenCheck(TokenState.REFUSED, error)
    if error in NOT_THE_API or not isinstance(response.data, dict) or "ok" not in response.data:
        return TokenCheck(TokenState.WRONG_URL, error or f"HTTP {status}, not a Slack Web API answer")
    if status != 200:
        return TokenCheck(TokenState.WRONG_URL, f"HTTP {status}, not a Slack Web API answer")
    return TokenCheck(TokenState.UNREACHABLE, error or "auth.test failed")


def _optional(value: object) -> str | None:
    return str(value) if value else None


class SlackIdentity:
    """The bot's identity, learnt from auth.test; thread-safe, shared by requests and the runtime."""

    def __init__(self, client: WebClient, clock: Callable[[], datetime]) -> None:
        self._client = client
        self._clock = clock
        self._lock = threading.Lock()
        self._last: TokenCheck | None = None
        self._checked_at: datetime | None = None

    @property
    def token(self) -> str | None:
        return self._client.token

    @property
    def known(self) -> BotIdentity | None:
        with self._lock:
            return self._last.identity if self._last is not None else None

    @property
    def last_check(self) -> tuple[TokenCheck | None, datetime | None]:
        with self._lock:
            return self._last, self._checked_at

    def check(self, *, timeout: int | None = None) -> TokenCheck:
        """Ask Slack now; a failed check keeps an identity learnt earlier (the token did not change)."""
        result = check_token(self._client, timeout=timeout)
        with self._lock:
            known = self._last.identity if self._last is not None else None
            if result.identity is None and known is not None:
                result = TokenCheck(result.state, result.reason, known)
            self._last, self._checked_at = result, self._clock()
        return result

    def recheck(self, *, timeout: int, at_most_every: timedelta = RECHECK_EVERY) -> TokenCheck:
        """`check`, unless one ran moments ago: while Slack is down, requests share one answer
        instead of each waiting on its own auth.test."""
        with self._lock:
            last, at = self._last, self._checked_at
        if last is not None and at is not None and abs(self._clock() - at) < at_most_every:
            return last
        return self.check(timeout=timeout)

    def retry_until_known(self, stop: threading.Event, *, first_wait: float = 5.0, max_wait: float = 60.0) -> None:
        """Re-check in the background, backing off, until Slack answers or `stop` is set."""
        wait = first_wait
        while self.known is None and not stop.wait(wait):
            result = self.check()
            if result.state is TokenState.OK and result.identity is not None:
                logger.warning(
                    "Slack answers again: auth.test accepts the bot token (team %s)", result.identity.team_id
                )
                return
            logger.warning("Slack still unreachable (%s); trying auth.test again in %.0f s", result.reason, wait)
            wait = min(wait * 2, max_wait)

    def authorize(self) -> IdentityAuthorize:
        """A Bolt `authorize` that answers from what auth.test said, so no request waits on it."""
        return IdentityAuthorize(self)


class IdentityAuthorize(Authorize):
    """Bolt's `authorize` for one bot token: the team and bot ids come from auth.test."""

    def __init__(self, identity: SlackIdentity) -> None:
        self._identity = identity

    def __call__(
        self,
        *,
        context: BoltContext,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None,
        **_: Any,
    ) -> AuthorizeResult:
        known = self._identity.known
        if known is None:
            # Slack was unreachable at startup: one quick try inside the 3-second window.
            known = self._identity.recheck(timeout=REQUEST_TIMEOUT_SECONDS).identity
        if known is None:
            # Bolt answers a SlackApiError here with the app's user-facing authorize message, in
            # the HTTP response itself (returning None would make it post to response_url, which
            # fails too while Slack is down, and turn the answer into a 500).
            raise SlackApiError(  # type: ignore[no-untyped-call]
                "Slack is unreachable; auth.test has not succeeded yet", {"error": "slack_unreachable"}
            )
        token = self._identity.token
        return AuthorizeResult(
            enterprise_id=known.enterprise_id,
            team_id=known.team_id,
            bot_user_id=known.bot_user_id,
            bot_id=known.bot_id,
            bot_token=token,
            user_id=user_id,
        )
