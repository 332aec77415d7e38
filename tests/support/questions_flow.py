"""Steps for the workspace-questions tests: a question file, the CLI run as a real process, and a brief
queued for the pair's upcoming 1:1 and sent by the relay."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import Engine, select

from bot.db import SessionFactory
from bot.domain.outbox import enqueue
from bot.domain.outbox_payloads import MeetingReminder
from bot.models import Conversation, DeliveryKind, Person
from bot.scheduling.relay import Relay
from tests.conftest import FakeClock

REPO = Path(__file__).resolve().parents[2]

GOOD_FILE = """\
# Acme's own questions
- id: acme-garden
  text: Which corner of our product garden would you like to tend next?
  audience: brief
  theme: direction
  tags: [career_growth]
- id: acme-stay-ladder
  text: If you could redesign one rung of our career ladder, which one?
  audience: brief
  theme: stay
  tags: [stay_interview]
- id: acme-stay-prep
  text: Jot down the moment this year you felt most at home at Acme.
  audience: prep
  tags: [stay_interview]
"""


def career_prep(engine: Engine, database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """The `career-prep` command in a process of its own, against the test database.

    The test process's pooled connections are closed first, as the CLI's process would find them
    between two requests of a quiet bot: with SQLite, a connection left idle here through the other
    process's exit was seen to keep reading a write-ahead log that process had already removed."""
    engine.dispose()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env={**env, "PYTHONPATH": str(REPO), "DATABASE_URL": database_url, "LOG_LEVEL": "WARNING"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def brief_now(sessions: SessionFactory, relay: Relay, clock: FakeClock, manager: str) -> None:
    """Queue the day-before brief of the latest conversation for `manager` and run the relay."""
    with sessions.begin() as session:
        conversation = session.scalars(select(Conversation).order_by(Conversation.scheduled_at.desc())).first()
        assert conversation is not None
        recipient = session.scalars(select(Person).where(Person.slack_user_id == manager)).one()
        enqueue(
            session,
            team_id=conversation.team_id,
            kind=DeliveryKind.MANAGER_BRIEF,
            key=f"brief:{conversation.id}:{manager}",
            due_at=clock.now,
            now=clock.now,
            recipient=recipient,
            payload=MeetingReminder(conversation.id),
        )
    relay.run_once(clock.now)
