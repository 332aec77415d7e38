"""Faults injected in-process: a database that refuses transactions for a while, and a Slack client
that turns the database off right after Slack accepted a post (the window where a crash or a
restart used to lose the record of a sent message)."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any

from slack_sdk import WebClient
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from bot.db import SessionFactory


class FlakySessions:
    """A session factory whose next `failing` transactions fail to start, as during a database restart."""

    def __init__(self, sessions: SessionFactory) -> None:
        self._sessions = sessions
        self.failing = 0
        self.refused = 0

    def begin(self) -> AbstractContextManager[Session]:
        if self.failing > 0:
            self.failing -= 1
            self.refused += 1
            raise OperationalError("BEGIN", {}, ConnectionRefusedError("the database is restarting"))
        return self._sessions.begin()

    def __call__(self) -> Session:
        return self._sessions()


class DatabaseDownAfterPost(WebClient):
    """Posts go to Slack as usual; after the posts named in `down_after` (1 = the first), the database
    refuses the next `transactions` transactions."""

    def __init__(self, sessions: FlakySessions, *, down_after: set[int], transactions: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._flaky = sessions
        self._down_after = down_after
        self._transactions = transactions
        self.posts = 0

    def chat_postMessage(self, **kwargs: Any) -> Any:
        response = super().chat_postMessage(**kwargs)
        self.posts += 1
        if self.posts in self._down_after:
            self._flaky.failing = self._transactions
        return response
