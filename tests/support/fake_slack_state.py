"""Workspace state, call log and failure rules behind the fake Slack Web API server."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from tests.support.fake_slack_records import (
    BASE_EPOCH,
    Call,
    InjectedFailure,
    Store,
    Violation,
    make_channel,
    make_user,
)


class FakeSlackState:
    """Users, channels, messages, views and files of one fake workspace, plus the call log."""

    def __init__(self, *, team_id: str = "T0001", bot_user_id: str = "UBOT", bot_id: str = "B0001") -> None:
        self.team_id = team_id
        self.team_name = "Career Prep Test"
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.app_id = "A0001"
        self.strict = True
        self.base_url = "http://127.0.0.1:0/api/"
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._counter = 0
        # When set (fake_slack_history.follow_clock), a message's ts is the time it was posted, as in Slack.
        self.ts_clock: Callable[[], float] | None = None
        self._last_ts_micros = 0
        self._id_counters: dict[str, int] = {}
        self._users: dict[str, dict[str, Any]] = {}
        self._channels: dict[str, dict[str, Any]] = {}
        self._dms: dict[str, str] = {}  # DM/MPIM channel id -> user ids joined by ","
        self._revoked: set[str] = set()
        self._issued: set[str] | None = None  # None: any well-formed token is accepted
        self._store = Store()
        self.add_user(bot_user_id, name="career-prep", real_name="Career Prep", is_bot=True)

    # -- directory -------------------------------------------------------------------------------

    def add_user(
        self,
        user_id: str,
        name: str | None = None,
        real_name: str | None = None,
        tz: str = "America/New_York",
        is_bot: bool = False,
        deleted: bool = False,
        is_admin: bool = False,
        is_owner: bool = False,
        team_id: str | None = None,
        email: str | None = None,
    ) -> dict[str, Any]:
        """Register (or replace) a user; ``name`` defaults to the lower-cased id."""
        name = name or user_id.lower()
        user = make_user(
            user_id,
            name=name,
            real_name=real_name or name,
            tz=tz,
            is_bot=is_bot,
            deleted=deleted,
            is_admin=is_admin,
            is_owner=is_owner,
            team_id=team_id or self.team_id,
            email=email,
        )
        if is_bot:
            user["profile"]["bot_id"] = self.bot_id if user_id == self.bot_user_id else f"B{user_id}"
        with self._lock:
            self._users[user_id] = user
        return user

    def add_channel(
        self,
        channel_id: str,
        name: str,
        is_private: bool = False,
        is_archived: bool = False,
        is_member: bool = True,
    ) -> dict[str, Any]:
        """Register (or replace) a public or private channel."""
        channel = make_channel(channel_id, name, is_private=is_private, is_archived=is_archived, is_member=is_member)
        with self._lock:
            self._channels[channel_id] = channel
        return channel

    def revoke_token(self, token: str) -> None:
        """Calls made with ``token`` answer ``token_revoked`` from now on."""
        with self._lock:
            self._revoked.add(token)

    def issue_tokens(self, *tokens: str) -> None:
        """From now on only these tokens (and later issued ones) are valid; others answer ``invalid_auth``,
        as Slack does for a well-formed token it never issued."""
        with self._lock:
            self._issued = (self._issued or set()) | set(tokens)

    def is_issued(self, token: str) -> bool:
        with self._lock:
            return self._issued is None or token in self._issued

    def user(self, user_id: str) -> dict[str, Any] | None:
        with self._lock:
            return self._users.get(user_id)

    def users(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._users.values())

    def channel(self, channel_id: str) -> dict[str, Any] | None:
        with self._lock:
            return self._channels.get(channel_id)

    def dm_members(self, channel_id: str) -> list[str] | None:
        """The user ids of an opened DM/MPIM, or None when ``channel_id`` is not one."""
        with self._lock:
            members = self._dms.get(channel_id)
        return members.split(",") if members is not None else None

    def register_dm(self, channel_id: str, user_ids: list[str]) -> bool:
        """Remember an opened DM/MPIM; True when it was already open."""
        with self._lock:
            already = channel_id in self._dms
            self._dms[channel_id] = ",".join(user_ids)
            return already

    def is_revoked(self, token: str) -> bool:
        with self._lock:
            return token in self._revoked

    # -- ids ---------------------------------------------------------------------------------------

    def next_number(self) -> int:
        with self._lock:
            self._counter += 1
            return self._counter

    def next_id(self, prefix: str, width: int = 6) -> str:
        """A fresh id such as ``V000001`` (one counter per prefix, never reset)."""
        with self._lock:
            number = self._id_counters[prefix] = self._id_counters.get(prefix, 0) + 1
        return f"{prefix}{number:0{width}d}"

    def next_ts(self) -> str:
        """A unique, monotonically increasing message ts such as ``1700000000.000100``."""
        n = self.next_number()
        if self.ts_clock is not None:
            with self._lock:
                self._last_ts_micros = max(int(self.ts_clock() * 1_000_000), self._last_ts_micros + 1)
                return f"{self._last_ts_micros // 1_000_000}.{self._last_ts_micros % 1_000_000:06d}"
        return f"{BASE_EPOCH + n // 10_000}.{(n % 10_000) * 100:06d}"

    # -- call log ----------------------------------------------------------------------------------

    def record(self, method: str, params: dict[str, Any], token: str | None, at: float | None = None) -> None:
        """Log a call (``at`` defaults to now) and wake up ``wait_for`` callers."""
        with self._changed:
            self._store.calls.append(Call(method, params, token, time.time() if at is None else at))
            self._changed.notify_all()

    @property
    def calls(self) -> list[Call]:
        """A snapshot of every recorded call, oldest first."""
        with self._lock:
            return list(self._store.calls)

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [call for call in self._store.calls if call.method == method]

    def last(self, method: str) -> Call:
        """The latest call to ``method`` (AssertionError when there was none)."""
        calls = self.calls_to(method)
        if not calls:
            seen = sorted({call.method for call in self.calls})
            raise AssertionError(f"no call to {method}; methods called: {seen}")
        return calls[-1]

    def clear_calls(self) -> None:
        with self._lock:
            self._store.calls.clear()

    def wait_for(self, method: str, count: int = 1, timeout: float = 2.0) -> list[Call]:
        """Block until ``method`` was called at least ``count`` times; returns those calls."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(calls := self.calls_to(method)) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"expected {count} call(s) to {method} within {timeout}s, got {len(calls)}")
                self._changed.wait(remaining)
            return calls

    # -- recorded surfaces -------------------------------------------------------------------------

    @property
    def store(self) -> Store:
        """The raw store (hold ``lock`` while touching it)."""
        return self._store

    @property
    def lock(self) -> threading.RLock:
        return self._lock

    def messages(self, channel: str | None = None) -> list[dict[str, Any]]:
        """Stored messages (copies), optionally only those in ``channel``."""
        with self._lock:
            return [dict(m) for m in self._store.messages if channel is None or m["channel"] == channel]

    @property
    def ephemerals(self) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(m) for m in self._store.ephemerals]

    @property
    def views(self) -> dict[str, dict[str, Any]]:
        with self._lock:
            return dict(self._store.views)

    @property
    def home_views(self) -> dict[str, dict[str, Any]]:
        with self._lock:
            return dict(self._store.home_views)

    def last_view(self) -> dict[str, Any]:
        """The view most recently opened, pushed or updated (AssertionError when none)."""
        with self._lock:
            if self._store.last_view_id is None:
                raise AssertionError("no view was opened, pushed or updated")
            return dict(self._store.views[self._store.last_view_id])

    @property
    def files(self) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(f) for f in self._store.files]

    @property
    def violations(self) -> list[Violation]:
        """A snapshot of rejected payloads (use ``take_violations()`` to consume them)."""
        with self._lock:
            return list(self._store.violations)

    def take_violations(self) -> list[Violation]:
        """Return and forget the recorded violations (for tests that provoke them on purpose)."""
        with self._lock:
            taken = list(self._store.violations)
            self._store.violations.clear()
            return taken

    # -- failure injection -------------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        error: str = "ratelimited",
        *,
        status: int | None = None,
        retry_after: int | None = None,
        times: int = 1,
        disconnect: bool = False,
        html: bool = False,
        after: int = 0,
    ) -> None:
        """Make the next ``times`` calls to ``method`` (``"*"``: any method) fail, once ``after``
        calls have gone through normally.

        ``status`` defaults to 429 for ``ratelimited`` and 200 (a Slack-style ``ok: false``) otherwise;
        a 429 carries ``Retry-After: 1`` unless ``retry_after`` says otherwise. ``html`` answers with an
        HTML body instead of JSON; ``disconnect`` closes the connection without answering.
        """
        if status is None:
            status = 429 if error == "ratelimited" else 200
        if retry_after is None and status == 429:
            retry_after = 1
        rule = InjectedFailure(error, status, retry_after, disconnect, html, times, skip=after)
        with self._lock:
            self._store.fail_next.setdefault(method, []).append(rule)

    def slow_next(self, method: str, seconds: float, *, times: int = 1) -> None:
        """Make the next ``times`` calls to ``method`` answer only after ``seconds`` (a slow Slack)."""
        with self._lock:
            self._store.slow_next.setdefault(method, []).extend([seconds] * times)

    def take_delay(self, method: str) -> float:
        with self._lock:
            delays = self._store.slow_next.get(method)
            return delays.pop(0) if delays else 0.0

    def fail_for_channel(self, channel_or_user: str, error: str) -> None:
        """Every post/update/upload to this channel (or this user's DM) fails with ``error``."""
        with self._lock:
            self._store.channel_failures[channel_or_user] = error

    def clear_failures(self) -> None:
        with self._lock:
            self._store.fail_next.clear()
            self._store.channel_failures.clear()

    def take_failure(self, method: str) -> InjectedFailure | None:
        """Consume one injected failure for ``method`` if any is pending."""
        with self._lock:
            for key in (method, "*"):
                rules = self._store.fail_next.get(key)
                if rules:
                    rule = rules[0]
                    if rule.skip > 0:
                        rule.skip -= 1
                        return None
                    rule.remaining -= 1
                    if rule.remaining <= 0:
                        rules.pop(0)
                    return rule
        return None

    def canonical_channel(self, channel: str) -> str:
        """Map a user id to the id of their DM; other ids are returned unchanged."""
        with self._lock:
            return f"D{channel}" if channel in self._users else channel

    def channel_failure(self, channel: str) -> str | None:
        """The error injected by ``fail_for_channel`` for posts to ``channel`` (user id == their DM)."""
        with self._lock:
            wanted = self.canonical_channel(channel)
            for target, error in self._store.channel_failures.items():
                if self.canonical_channel(target) == wanted:
                    return error
            return None

    def post_as_user(self, channel: str, user_id: str, text: str) -> str:
        """A message a person wrote (the bot can read it but not delete it); returns its ts."""
        with self._lock:
            ts = self.next_ts()
            self._store.messages.append(
                {
                    "channel": self.canonical_channel(channel),
                    "ts": ts,
                    "text": text,
                    "blocks": [],
                    "thread_ts": None,
                    "updated": False,
                    "edited_ts": None,
                    "user": user_id,
                    "attachments": None,
                    "metadata": None,
                    "posted_at": 0.0,
                }
            )
            return ts

    def reset(self) -> None:
        """Forget calls, messages, views, files, failures and violations (users and channels stay)."""
        with self._lock:
            self._store = Store()
