"""Mid-year reflection steps for flow tests: Ana's December prep (her words six months before the June
round), the reflection DM's buttons, and the "what changed" form's values as Slack sends them."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from bot.db import SessionFactory
from bot.domain.asks import answer_yes
from bot.domain.items import change_status
from bot.domain.prep import save_prep, set_sharing
from bot.domain.prep_answers import Ask as PrepAsk
from bot.domain.prep_answers import AskKind, PrepAnswers
from bot.models import ActionItem, Ask, Delivery, DeliveryKind, DeliveryState, ItemStatus, Reflection
from bot.slack.forms.reflection import KEEP, SHARE
from bot.slack.ids import Action, Block
from tests.support.asks import person
from tests.support.pairs import planned_conversation
from tests.support.people import TEAM
from tests.support.signed import plain_text

# The default June round: the first working Monday of June 2027 is Mon 7 June; 10:00 in Berlin (CEST).
ROUND_DAY = "2027-06-07"
PLANNED = datetime(2027, 6, 5, 1, 0, tzinfo=UTC)  # the round's planning moment has come
DM_DUE = datetime(2027, 6, 7, 8, 0, tzinfo=UTC)
# Ana's 1:1 on Tue 8 June 15:30 Berlin; Mira's brief the working day before, 09:00 New York.
BRIEF_DUE = datetime(2027, 6, 7, 13, 0, tzinfo=UTC)
DIRECTION = "Lead the platform team"
SKILLS = "Kubernetes operations"
PATHS = "SRE or staff engineer"
ASK_DETAIL = "someone in product"
ANSWER = "I'll introduce you to Priya"
ITEM = "Shadow the on-call rotation"
DONE_ITEM = "Write the runbook for deploys"
HEADER = "Your mid-year reflection"


def ana_with_december_prep(sessions: SessionFactory, now: datetime) -> None:
    """Ana and Mira set up on `now`; Ana's prep for 8 Dec shared, her ask answered yes with an item for
    her (left open), and a second item of hers done."""
    with sessions.begin() as session:
        conversation = planned_conversation(session, now)
        answers = PrepAnswers(
            direction=DIRECTION, grow_skills=SKILLS, paths=PATHS, asks=(PrepAsk(AskKind.MENTOR, ASK_DETAIL),)
        )
        save_prep(
            session, team_id=TEAM, conversation_id=conversation.id, slack_user_id="UANA", answers=answers, now=now
        )
        set_sharing(session, team_id=TEAM, conversation_id=conversation.id, slack_user_id="UANA", share=True, now=now)
        ask = session.scalars(select(Ask).where(Ask.conversation_id == conversation.id)).one()
        ana = person(session, "UANA")
        answer_yes(
            session,
            team_id=TEAM,
            ask_id=ask.id,
            actor_slack_id="UMIRA",
            next_step=ANSWER,
            item_text=ITEM,
            item_owner_id=ana.id,
            now=now,
        )
        done = ActionItem(
            team_id=TEAM,
            conversation_id=conversation.id,
            owner_id=ana.id,
            counterpart_id=person(session, "UMIRA").id,
            text=DONE_ITEM,
            created_at=now,
            updated_at=now,
        )
        session.add(done)
        session.flush()
        change_status(session, team_id=TEAM, item_id=done.id, slack_user_id="UANA", to=ItemStatus.DONE, now=now)


def reflections(sessions: SessionFactory) -> list[Reflection]:
    with sessions.begin() as session:
        found = list(session.scalars(select(Reflection).order_by(Reflection.id)))
        session.expunge_all()
        return found


def reflection_dms(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [m for m in messages if m.get("text", "").startswith(HEADER)]


def line_button(message: dict[str, Any], text: str, action_id: str) -> tuple[str, str]:
    """The block id and value of `action_id`'s button on the line that reads `text`."""
    blocks = message["blocks"]
    for shown, actions in itertools.pairwise(blocks):
        if text in str((shown.get("text") or {}).get("text", "")) and actions.get("type") == "actions":
            for element in actions["elements"]:
                if element["action_id"] == action_id:
                    return str(actions["block_id"]), str(element["value"])
    raise AssertionError(f"no {action_id} button under a line with {text!r}")


def note_button(message: dict[str, Any]) -> str:
    for block in message["blocks"]:
        for element in block.get("elements") or []:
            if element.get("action_id") == Action.REFLECTION_NOTE:
                return str(element["value"])
    raise AssertionError("no what-changed button")


def note_values(note: str | None, *, share: bool) -> dict[str, dict[str, dict[str, Any]]]:
    radio = {"type": "radio_buttons", "selected_option": {"value": SHARE if share else KEEP}}
    return {
        Block.REFLECTION_NOTE: {Action.REFLECTION_NOTE: plain_text(note)},
        Block.REFLECTION_SHARE: {Action.REFLECTION_SHARE: radio},
    }


def reflection_deliveries(sessions: SessionFactory) -> list[tuple[str, DeliveryState, str | None]]:
    """(idempotency key, state, why it was not sent) of every REFLECTION delivery, oldest first."""
    with sessions.begin() as session:
        rows = session.scalars(select(Delivery).where(Delivery.kind == DeliveryKind.REFLECTION).order_by(Delivery.id))
        return [(d.idempotency_key, d.state, d.last_error) for d in rows]
