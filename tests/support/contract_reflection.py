"""A mid-year reflection in the world of the HTTP contract test: Ana's, with two lines, in her DM (its
buttons are clicked and its "what changed" form submitted in the contract)."""

from __future__ import annotations

from datetime import datetime

from bot.db import SessionFactory
from bot.domain.outbox import enqueue
from bot.domain.outbox_payloads import ReflectionRef
from bot.domain.people import find_person
from bot.models import DeliveryKind, Reflection
from bot.slack.ids import Action, Block
from tests.support.signed import plain_text

LINES = [
    {"key": "direction", "kind": "prep", "text": "Where you wanted to head: staff engineer", "on": "2026-06-09"},
    {"key": "grow_skills", "kind": "prep", "text": "Skills you wanted to build: SQL", "on": "2026-06-09"},
]


def reflection_for_ana(sessions: SessionFactory, team_id: str, now: datetime) -> None:
    """Ana's reflection, queued to her DM now (as the June and December rounds queue one)."""
    with sessions.begin() as session:
        ana = find_person(session, team_id=team_id, slack_user_id="UANA")
        assert ana is not None
        period = now.date().isoformat()
        reflection = Reflection(team_id=team_id, employee_id=ana.id, period=period, lines=LINES, answers={})
        reflection.created_at = reflection.updated_at = now
        reflection.plan_after = None
        session.add(reflection)
        session.flush()
        enqueue(
            session,
            team_id=team_id,
            kind=DeliveryKind.REFLECTION,
            key=f"reflection:{reflection.id}",
            due_at=now,
            now=now,
            recipient=ana,
            payload=ReflectionRef(reflection.id),
        )


def note_values() -> dict[str, dict[str, dict[str, object]]]:
    share = {"type": "radio_buttons", "selected_option": {"value": "share"}}
    return {
        Block.REFLECTION_NOTE: {Action.REFLECTION_NOTE: plain_text("Less SQL, more systems design now")},
        Block.REFLECTION_SHARE: {Action.REFLECTION_SHARE: share},
    }
