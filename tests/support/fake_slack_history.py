"""The fake Slack's conversations.history (message metadata, oldest/latest, limit and cursor as Slack
pages them), and the faults exactly-once delivery is tested against: replies lost after Slack stored
the post, and outages in which every call fails for a while."""

from __future__ import annotations

import base64
import binascii
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from tests.support.fake_slack_methods import message_object, require_str
from tests.support.fake_slack_records import InjectedFailure, SlackError
from tests.support.fake_slack_state import FakeSlackState

Params = dict[str, Any]
DEFAULT_LIMIT = 100
MAX_LIMIT = 999
CURSOR_PREFIX = "next_ts:"
LOSABLE = frozenset({"chat.postMessage", "files.completeUploadExternal"})


def _flag(value: Any) -> bool:
    return str(value).lower() in ("1", "true")


def _ts(params: Params, key: str, default: Decimal) -> Decimal:
    raw = params.get(key)
    if raw in (None, ""):
        return default
    try:
        return Decimal(str(raw))
    except InvalidOperation:
        raise SlackError(f"invalid_ts_{key}") from None


def _cursor(params: Params) -> Decimal | None:
    raw = params.get("cursor")
    if not raw:
        return None
    try:
        text = base64.b64decode(str(raw), validate=True).decode()
        if not text.startswith(CURSOR_PREFIX):
            raise ValueError(text)
        return Decimal(text[len(CURSOR_PREFIX) :])
    except (ValueError, binascii.Error, InvalidOperation):
        raise SlackError("invalid_cursor") from None


def _readable_channel(state: FakeSlackState, channel: str) -> None:
    """As Slack: a channel id the bot cannot see answers channel_not_found, one it left not_in_channel."""
    known = state.channel(channel)
    if known is not None:
        if not known["is_member"]:
            raise SlackError("channel_not_found" if known["is_private"] else "not_in_channel")
        return
    if state.dm_members(channel) is None:
        raise SlackError("channel_not_found")


def conversations_history(state: FakeSlackState, params: Params, token: str | None) -> dict[str, Any]:
    """Top-level messages of a channel, newest first, between `oldest` and `latest` (exclusive unless
    `inclusive`); message metadata only with `include_all_metadata`."""
    channel = require_str(params, "channel", "channel_not_found")
    _readable_channel(state, channel)
    oldest, latest = _ts(params, "oldest", Decimal(0)), _ts(params, "latest", Decimal("Infinity"))
    inclusive = _flag(params.get("inclusive"))
    limit = max(1, min(int(params.get("limit") or DEFAULT_LIMIT), MAX_LIMIT))
    before = _cursor(params)
    with state.lock:
        stored = [dict(m) for m in state.store.messages if m["channel"] == channel]
    window = [
        m
        for m in stored
        if m["thread_ts"] in (None, m["ts"])
        and (oldest <= Decimal(m["ts"]) <= latest if inclusive else oldest < Decimal(m["ts"]) < latest)
        and (before is None or Decimal(m["ts"]) < before)
    ]
    window.sort(key=lambda m: Decimal(m["ts"]), reverse=True)
    page, more = window[:limit], len(window) > limit
    with_metadata = _flag(params.get("include_all_metadata"))
    answer: dict[str, Any] = {
        "messages": [_history_message(state, m, with_metadata=with_metadata) for m in page],
        "has_more": more,
        "pin_count": 0,
    }
    if more:
        cursor = base64.b64encode(f"{CURSOR_PREFIX}{page[-1]['ts']}".encode()).decode()
        answer["response_metadata"] = {"next_cursor": cursor}
    return answer


def _history_message(state: FakeSlackState, stored: dict[str, Any], *, with_metadata: bool) -> dict[str, Any]:
    message = message_object(state, stored)
    message["user"] = stored["user"]
    if with_metadata and isinstance(stored.get("metadata"), dict):
        message["metadata"] = stored["metadata"]
    return message


def conversations_replies(state: FakeSlackState, params: Params, token: str | None) -> dict[str, Any]:
    """A thread: its parent first, then the replies, oldest first (`limit` and `cursor` page them)."""
    channel = require_str(params, "channel", "channel_not_found")
    _readable_channel(state, channel)
    parent_ts = require_str(params, "ts", "thread_not_found")
    limit = max(1, min(int(params.get("limit") or DEFAULT_LIMIT), MAX_LIMIT))
    after = _cursor(params)
    with state.lock:
        stored = [dict(m) for m in state.store.messages if m["channel"] == channel]
    if not any(m["ts"] == parent_ts for m in stored):
        raise SlackError("thread_not_found")
    thread = [m for m in stored if m["ts"] == parent_ts or m["thread_ts"] == parent_ts]
    thread = [m for m in thread if after is None or Decimal(m["ts"]) > after]
    thread.sort(key=lambda m: Decimal(m["ts"]))
    page, more = thread[:limit], len(thread) > limit
    answer: dict[str, Any] = {
        "messages": [_history_message(state, m, with_metadata=False) for m in page],
        "has_more": more,
    }
    if more:
        cursor = base64.b64encode(f"{CURSOR_PREFIX}{page[-1]['ts']}".encode()).decode()
        answer["response_metadata"] = {"next_cursor": cursor}
    return answer


HANDLERS = {"conversations.history": conversations_history, "conversations.replies": conversations_replies}


# -- faults ----------------------------------------------------------------------------------------


def _wall_clock() -> datetime:
    return datetime.now(UTC)


@dataclass
class _Outage:
    start: datetime
    end: datetime
    failure: InjectedFailure


@dataclass
class SlackFaults:
    """Faults applied to every call while they last, by the clock they are given (a test's FakeClock, or
    the wall clock): outages, and replies to stored posts that never arrive."""

    clock: Callable[[], datetime] = _wall_clock
    seed: int = 11
    lost_rate: float = 0.0
    hang_seconds: float = 0.0  # before dropping a lost reply (past the client's timeout, if it is longer)
    lost: int = 0  # replies lost so far
    _outages: list[_Outage] = field(default_factory=list)
    _lost_windows: list[tuple[datetime, datetime]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self._random = random.Random(self.seed)

    def outage(self, start: datetime, end: datetime, *, status: int = 500, disconnect: bool = False) -> None:
        """From `start` to `end` every call fails: HTTP `status`, or the connection is dropped unanswered."""
        failure = InjectedFailure("internal_error", status, None, disconnect, html=status >= 500, remaining=1)
        with self._lock:
            self._outages.append(_Outage(start, end, failure))

    def lose_replies(
        self, *, rate: float | None = None, start: datetime | None = None, end: datetime | None = None
    ) -> None:
        """Store posts but lose the reply: a share `rate` of them, or all from `start` to `end`."""
        with self._lock:
            if rate is not None:
                self.lost_rate = rate
            if start is not None and end is not None:
                self._lost_windows.append((start, end))

    def failure_now(self) -> InjectedFailure | None:
        """The failure every call gets now, during an outage."""
        now = self.clock()
        with self._lock:
            return next((o.failure for o in self._outages if o.start <= now < o.end), None)

    def loses(self, method: str, reply_ok: bool) -> bool:
        """Whether this successful call's reply is lost (counted); sleeps `hang_seconds` first if so."""
        if method not in LOSABLE or not reply_ok:
            return False
        now = self.clock()
        with self._lock:
            lost = any(s <= now < e for s, e in self._lost_windows) or self._random.random() < self.lost_rate
            self.lost += int(lost)
        if lost and self.hang_seconds:
            time.sleep(self.hang_seconds)
        return lost


def follow_clock(state: FakeSlackState, faults: SlackFaults, clock: Callable[[], datetime]) -> None:
    """Stamp messages with `clock` (as Slack, a message's ts is when it was posted, which history's
    oldest/latest filter on) and time the faults by it."""
    state.ts_clock = lambda: clock().timestamp()
    faults.clock = clock


def posts_per_delivery(state: FakeSlackState) -> dict[int, int]:
    """How many stored messages carry each delivery id in their metadata."""
    counts: dict[int, int] = {}
    for message in state.messages():
        meta = message.get("metadata")
        payload = meta.get("event_payload") if isinstance(meta, dict) else None
        if isinstance(payload, dict) and "delivery_id" in payload:
            delivery_id = int(payload["delivery_id"])
            counts[delivery_id] = counts.get(delivery_id, 0) + 1
    return counts
