"""The pace of posts to Slack: a workspace-wide rate and about one message a second per channel, so
that Slack rarely has to answer 429 (its Retry-After pauses are kept in bot/scheduling/pauses.py).
Times are monotonic seconds from an injectable clock."""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

# How long a worker waits before asking again when every post the workspace may have in the air is.
BUSY_RETRY_SECONDS = 0.01


@dataclass(frozen=True)
class Pace:
    """How fast one relay process may post: `per_second` in a workspace, one message per
    `channel_interval` seconds in a channel (a DM to each person is a channel of its own)."""

    per_second: float
    channel_interval: float = 1.0

    @property
    def window(self) -> tuple[float, int]:
        """The workspace limit as (seconds, posts): at most that many posts in any such window."""
        seconds = max(1.0, 1.0 / self.per_second)
        return seconds, max(1, math.floor(self.per_second * seconds + 1e-9))


@dataclass
class _Workspace:
    in_flight: int = 0
    answered: deque[float] = field(default_factory=deque)  # when recent posts came back
    paused_until: float = 0.0


class Pacer:
    """Lets a post go when its channel's interval has passed since its last answer, and when fewer
    than the workspace's limit of posts may have reached Slack within the last window. Slack counts
    a post when it arrives, somewhere between its start and its answer, so a post still in the air
    counts, and an answered one counts until a window after its answer: however late threads or the
    network make posts arrive, Slack never sees more than the limit in one window. Thread-safe;
    without a Pace every post may go at once (but never during a pause Slack asked for)."""

    def __init__(self, pace: Pace | None, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._pace = pace
        self._clock = clock
        self._lock = threading.Lock()
        self._channel_next: dict[str, float] = {}
        self._teams: dict[str, _Workspace] = {}

    def now(self) -> float:
        return self._clock()

    def channel_ready_at(self, channel: str) -> float:
        """When `channel` may take its next post (in the past when it may now)."""
        with self._lock:
            return self._channel_next.get(channel, 0.0)

    def acquire(self, team_id: str, channel: str) -> float:
        """0 when a post to `channel` of `team_id` may go now (it is then counted as in the air until
        `posted`); else how many seconds to wait before asking again."""
        with self._lock:
            now = self._clock()
            team = self._teams.setdefault(team_id, _Workspace())
            wait = max(team.paused_until - now, 0.0)
            if self._pace is not None:
                wait = max(wait, self._channel_next.get(channel, 0.0) - now, self._workspace_wait(team, now))
            if wait > 0:
                return wait
            team.in_flight += 1
            if self._pace is not None:
                self._channel_next[channel] = now + self._pace.channel_interval
            return 0.0

    def posted(self, team_id: str, channel: str) -> None:
        """The post `acquire` let go came back (sent or refused): its channel waits a full interval
        from now, and it counts against the workspace for a window from now."""
        with self._lock:
            now = self._clock()
            team = self._teams.setdefault(team_id, _Workspace())
            team.in_flight = max(team.in_flight - 1, 0)
            if self._pace is None:
                return
            team.answered.append(now)
            after = now + self._pace.channel_interval
            self._channel_next[channel] = max(self._channel_next.get(channel, 0.0), after)
            if len(self._channel_next) > 50_000:  # forget channels whose wait is over
                self._channel_next = {c: t for c, t in self._channel_next.items() if t > now}

    def pause(self, team_id: str, seconds: float) -> None:
        """Slack answered 429 with a short Retry-After: no post to `team_id` goes before it ends."""
        with self._lock:
            team = self._teams.setdefault(team_id, _Workspace())
            team.paused_until = max(team.paused_until, self._clock() + seconds)

    def _workspace_wait(self, team: _Workspace, now: float) -> float:
        assert self._pace is not None
        seconds, limit = self._pace.window
        while team.answered and team.answered[0] <= now - seconds:
            team.answered.popleft()
        if team.in_flight + len(team.answered) < limit:
            return 0.0
        if team.in_flight >= limit or not team.answered:
            return BUSY_RETRY_SECONDS  # wait for an answer
        # The oldest answers leave the window first; enough of them must, for one more post.
        leaving = team.in_flight + len(team.answered) - limit + 1
        return team.answered[leaving - 1] + seconds - now
