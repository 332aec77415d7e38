"""What the prep form and the agenda are built from, without a database: Ana's state before her 1:1
with Mira on 8 December, with any field changed."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from bot.domain.prep import Agenda, CarriedItem, PrepState
from bot.domain.prep_answers import PrepAnswers

MEETING = datetime(2026, 12, 8, 14, 30, tzinfo=UTC)


def agenda(answers: PrepAnswers, carried: tuple[CarriedItem, ...] = (), name: str = "Ana Silva") -> Agenda:
    return Agenda("U0ANA", name, "U0MIRA", MEETING, answers, carried)


def prep_state(answers: PrepAnswers, **changes: Any) -> PrepState:
    base = PrepState(
        conversation_id=42,
        employee_tz="Europe/Berlin",
        manager_user_id="U0MIRA",
        manager_name="Mira Chen",
        manager_tz="America/New_York",
        manager_confirmed=True,
        scheduled_at=MEETING,
        answers=answers,
        saved_at=None,
        shared_at=None,
        agenda=agenda(answers),
    )
    return replace(base, **changes)
