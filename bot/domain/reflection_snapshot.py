"""What a mid-year reflection shows an employee: their own words from about six months ago.

The prep closest to six months before the round (at least three months old): where they wanted to
head, the skills they wanted to build and the paths they were curious about; the asks they made in it
with the answers they got; and their own action items from that 1:1, done or still open.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.prep_answers import ASK_LABELS, AskKind, PrepAnswers
from bot.models import ActionItem, Ask, AskState, Conversation, ItemStatus

TARGET_AGO = timedelta(days=182)
MIN_AGO = timedelta(days=90)
MAX_AGO = timedelta(days=365)
MAX_LINES = 12
LINE_MAX = 600
PREP_LINES = (
    ("direction", "Where you wanted to head"),
    ("grow_skills", "Skills you wanted to build"),
    ("paths", "Paths you were curious about"),
)
ANSWERED = {AskState.YES: "yes", AskState.NOT_NOW: "not now", AskState.REDIRECTED: "passed to someone else"}


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LINE_MAX else text[: LINE_MAX - 1] + "…"


def source_conversation(session: Session, *, team_id: str, employee_id: int, on: datetime) -> Conversation | None:
    """The employee's prep closest to six months before `on` (between three and twelve months old)."""
    found = session.scalars(
        select(Conversation).where(
            Conversation.team_id == team_id,
            Conversation.employee_id == employee_id,
            Conversation.prep.is_not(None),
            Conversation.scheduled_at <= on - MIN_AGO,
            Conversation.scheduled_at >= on - MAX_AGO,
        )
    ).all()
    target = on - TARGET_AGO
    return min(found, key=lambda c: (abs(c.scheduled_at - target), c.id), default=None)


def snapshot_lines(session: Session, *, team_id: str, employee_id: int, on: datetime) -> list[dict[str, Any]]:
    """The lines of the reflection: [{"key", "kind", "text", "detail"?, "on"}], at most MAX_LINES."""
    source = source_conversation(session, team_id=team_id, employee_id=employee_id, on=on)
    if source is None:
        return []
    day = source.scheduled_at.date().isoformat()
    answers = PrepAnswers.from_json(source.prep)
    lines: list[dict[str, Any]] = [
        {"key": name, "kind": "prep", "text": _clip(f"{label}: {getattr(answers, name)}"), "on": day}
        for name, label in PREP_LINES
        if getattr(answers, name).strip()
    ]
    asks = session.scalars(
        select(Ask)
        .where(Ask.team_id == team_id, Ask.conversation_id == source.id, Ask.employee_id == employee_id)
        .where(Ask.state.not_in([AskState.WITHDRAWN, AskState.PROPOSED]))
        .order_by(Ask.position, Ask.id)
    )
    for ask in asks:
        lines.append({"key": f"ask:{ask.id}", "kind": "ask", "text": _clip(_ask_text(ask)), "on": day} | _answer(ask))
    items = session.scalars(
        select(ActionItem)
        .where(ActionItem.team_id == team_id, ActionItem.conversation_id == source.id)
        .where(ActionItem.owner_id == employee_id, ActionItem.status != ItemStatus.DROPPED)
        .order_by(ActionItem.id)
    )
    for item in items:
        done = "done" if item.status is ItemStatus.DONE else "still open"
        lines.append({"key": f"item:{item.id}", "kind": "item", "text": _clip(item.text), "detail": done, "on": day})
    return lines[:MAX_LINES]


def _ask_text(ask: Ask) -> str:
    try:
        label = ASK_LABELS[AskKind(ask.kind)]
    except ValueError:
        label = ask.kind
    return f"You asked for {label[0].lower()}{label[1:]}" + (f": {ask.detail}" if ask.detail else "")


def _answer(ask: Ask) -> dict[str, str]:
    said = ANSWERED.get(ask.state)
    if said is None:
        return {"detail": "no answer yet"}
    return {"detail": _clip(f"the answer: {said}" + (f" ({ask.answer_text})" if ask.answer_text else ""))}
