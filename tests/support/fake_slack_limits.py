"""Slack's limits on chat.postMessage for the fake Slack, off unless a test or a bench turns them on:
about one message a second per channel and a workspace-wide cap, answered as Slack does (HTTP 429,
a Retry-After header, `{"ok": false, "error": "ratelimited"}`), and server errors (HTTP 500) at a
given rate. Time comes from the real monotonic clock or an injected one (`ManualClock`)."""

from __future__ import annotations

import math
import random
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from tests.support.fake_slack_records import InjectedFailure

LIMITED_METHODS = ("chat.postMessage",)


class ManualClock:
    """Monotonic seconds that move only when someone sleeps: `sleep(s)` moves time on by `s` at once.
    Give it to the relay's pacer (clock and wait) and to PostLimits, and call times become exact."""

    def __init__(self, start: float = 1000.0) -> None:
        self._now = start
        self._lock = threading.Lock()
        self.slept: list[float] = []

    def __call__(self) -> float:
        with self._lock:
            return self._now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.slept.append(seconds)
            self._now += max(seconds, 0.0)


@dataclass(frozen=True)
class Post:
    """A post the limits let through: where to, and when (by the limits' clock)."""

    channel: str
    at: float


@dataclass
class PostLimits:
    """What chat.postMessage allows; `check` is asked for every call before it is answered."""

    channel_interval: float | None = 1.0  # seconds between two posts to one channel (None: no limit)
    per_second: int | None = None  # posts a workspace may make in any one second (None: no limit)
    server_errors: float = 0.0  # the share of posts answered HTTP 500 (internal_error), never posted
    clock: Callable[[], float] = time.monotonic
    seed: int = 11
    posts: list[Post] = field(default_factory=list)
    refused: int = 0  # answered 429
    refused_for_channel: int = 0  # of which for a channel's pace (the rest: the workspace cap)
    errors: int = 0  # answered 500
    _last: dict[str, float] = field(default_factory=dict)
    _window: deque[float] = field(default_factory=deque)
    _random: random.Random = field(init=False)

    def __post_init__(self) -> None:
        self._random = random.Random(self.seed)

    def check(self, method: str, channel: str) -> InjectedFailure | None:
        """How Slack would refuse this call now, or None to let it through (counted as posted)."""
        if method not in LIMITED_METHODS:
            return None
        now = self.clock()
        for_channel, wait = self._wait(channel, now)
        if wait > 0:
            self.refused += 1
            self.refused_for_channel += for_channel
            return InjectedFailure("ratelimited", 429, max(1, math.ceil(wait)), False, False, 1)
        if self.server_errors and self._random.random() < self.server_errors:
            self.errors += 1
            return InjectedFailure("internal_error", 500, None, False, False, 1)
        self._last[channel] = now
        self._window.append(now)
        self.posts.append(Post(channel, now))
        return None

    def _wait(self, channel: str, now: float) -> tuple[bool, float]:
        """Whether the channel's pace is what holds a post to `channel`, and for how many seconds
        (0: allowed now)."""
        wait = 0.0
        if self.channel_interval is not None and channel in self._last:
            wait = self._last[channel] + self.channel_interval - now
        for_channel = wait > 0
        if self.per_second is not None:
            while self._window and self._window[0] <= now - 1.0:
                self._window.popleft()
            if len(self._window) >= self.per_second:
                wait = max(wait, self._window[0] + 1.0 - now)
        return for_channel, wait
