"""The pace of posts to Slack: a workspace-wide rate and about one message a second per channel, so
that Slack rarely has to answer 429 (its Retry-After pauses are kept in bot/scheduling/pauses.py).
Times are monotonic seconds from an injectable clock."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

# Posts are spaced for 95 % of the workspace limit: Slack counts them as they arrive, and arrivals
# jitter (threads, network), so posts spaced at exactly the limit would run into it now and then.
HEADROOM = 0.95


@dataclass(frozen=True)
class Pace:
    """How fast one relay process may post: `per_second` in a workspace, one message per
    `channel_interval` seconds in a channel (a DM to each person is a channel of its own)."""

    per_second: float
    channel_interval: float = 1.0


class Pacer:
    """Books each post a moment to go: after the channel's last post plus its interval, after the
    workspace's last booking plus 1/rate, and after a short pause Slack asked for. Thread-safe;
    without a Pace every post may go at once (but still after a pause)."""

    def __init__(self, pace: Pace | None, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._pace = pace
        self._clock = clock
        self._lock = threading.Lock()
        self._channel_next: dict[str, float] = {}
        self._team_next: dict[str, float] = {}
        self._paused: dict[str, float] = {}

    def now(self) -> float:
        return self._clock()

    def channel_ready_at(self, channel: str) -> float:
        """When `channel` may take its next post (in the past when it may now)."""
        with self._lock:
            return self._channel_next.get(channel, 0.0)

    def book(self, team_id: str, channel: str) -> float:
        """Book the next post to `channel` of `team_id`; the monotonic instant it may go."""
        with self._lock:
            now = self._clock()
            if self._pace is None:
                return max(now, self._paused.get(team_id, 0.0))
            at = max(now, self._channel_next.get(channel, 0.0), self._team_next.get(team_id, 0.0))
            at = max(at, self._paused.get(team_id, 0.0))
            self._team_next[team_id] = at + 1.0 / (self._pace.per_second * HEADROOM)
            self._channel_next[channel] = at + self._pace.channel_interval
            return at

    def posted(self, channel: str) -> None:
        """A post to `channel` came back: its next one waits a full interval from now, since Slack
        counted this one at some point before it answered."""
        if self._pace is None:
            return
        with self._lock:
            after = self._clock() + self._pace.channel_interval
            self._channel_next[channel] = max(self._channel_next.get(channel, 0.0), after)
            if len(self._channel_next) > 50_000:  # forget channels whose wait is over
                now = self._clock()
                self._channel_next = {c: t for c, t in self._channel_next.items() if t > now}

    def pause(self, team_id: str, seconds: float) -> None:
        """Slack answered 429 with a short Retry-After: no post to `team_id` is booked before it ends."""
        with self._lock:
            until = self._clock() + seconds
            self._paused[team_id] = max(self._paused.get(team_id, 0.0), until)
