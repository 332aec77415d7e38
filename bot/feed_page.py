"""What GET /calendar/<token>.ics answers: the token's owner's private feed, or nothing.

Served by the HTTP front (bot/web.py) in both modes: on Slack's port in HTTP mode, and on the /healthz
port in Socket Mode. The token is the only secret in the URL, so nothing here logs it or the path.
"""

from __future__ import annotations

from bot.clock import Clock
from bot.db import SessionFactory
from bot.domain.calendar_feed import feed_owner
from bot.domain.calendar_feed_events import feed_calendar


class FeedPage:
    """One short read transaction per request: the token lookup, then one query per kind of event."""

    def __init__(self, sessions: SessionFactory, clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    def __call__(self, token: str) -> bytes | None:
        """The feed's body, or None for a token nobody holds (or whose holder has left)."""
        with self._sessions.begin() as session:
            person = feed_owner(session, token)
            if person is None:
                return None
            return feed_calendar(session, person=person, now=self._clock())
