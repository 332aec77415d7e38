"""Opportunity steps for flow tests: the posting and interest forms' state values, posting one, the
channel, and buttons in messages and views."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from bot.db import SessionFactory
from bot.models.opportunity import Opportunity
from bot.slack.ids import Action, Block, Callback
from tests.support.fake_slack import FakeSlack
from tests.support.signed import SignedSlack, datepicker, plain_text, static_select

CHANNEL = "COPPS"
NOT_IN = "CNOTIN"
Values = dict[str, dict[str, dict[str, Any]]]


def opportunity_values(
    *,
    kind: str | None = "stretch_project",
    title: str | None = "Run the design review guild for a quarter",
    description: str | None = "Chair the fortnightly reviews and coach two new reviewers.",
    tags: str | None = "Design Reviews, public speaking",
    closes_on: str | None = "2026-12-04",
    channel: str | None = CHANNEL,
) -> Values:
    return {
        Block.OPPORTUNITY_KIND: {Action.OPPORTUNITY_KIND: static_select(kind)},
        Block.OPPORTUNITY_TITLE: {Action.OPPORTUNITY_TITLE: plain_text(title)},
        Block.OPPORTUNITY_DESCRIPTION: {Action.OPPORTUNITY_DESCRIPTION: plain_text(description)},
        Block.OPPORTUNITY_TAGS: {Action.OPPORTUNITY_TAGS: plain_text(tags)},
        Block.OPPORTUNITY_CLOSES: {Action.OPPORTUNITY_CLOSES: datepicker(closes_on)},
        Block.OPPORTUNITY_CHANNEL: {
            Action.OPPORTUNITY_CHANNEL: {"type": "conversations_select", "selected_conversation": channel}
        },
    }


def interest_values(message: str | None, *, send_skills: bool = False) -> Values:
    chosen = [{"value": "skills", "text": {"type": "plain_text", "text": "skills"}}] if send_skills else []
    return {
        Block.OPPORTUNITY_MESSAGE: {Action.OPPORTUNITY_MESSAGE: plain_text(message)},
        Block.OPPORTUNITY_SEND_SKILLS: {
            Action.OPPORTUNITY_SEND_SKILLS: {"type": "checkboxes", "selected_options": chosen}
        },
    }


def open_form(slack: SignedSlack, fake_slack: FakeSlack, user: str) -> dict[str, Any]:
    assert slack.command(user, "opportunity").status == 200
    view = fake_slack.last_view()
    assert view["callback_id"] == Callback.OPPORTUNITY_FORM
    return view


def answer(body: str | None) -> dict[str, Any]:
    return dict(json.loads(body or "{}"))


def post(slack: SignedSlack, fake_slack: FakeSlack, user: str, **values: Any) -> dict[str, Any]:
    """Open the form and post; the form's answer (an update, or errors)."""
    return answer(slack.submit_view(user, open_form(slack, fake_slack, user), opportunity_values(**values)).body)


def only_opportunity(sessions: SessionFactory) -> Opportunity:
    with sessions.begin() as session:
        row = session.scalars(select(Opportunity)).one()
        session.expunge(row)
        return row


def buttons(blocks: list[dict[str, Any]], action_id: str) -> list[dict[str, Any]]:
    """Every button with this action id, in actions blocks or as section accessories."""
    found: list[dict[str, Any]] = []
    for block in blocks:
        elements = block.get("elements", []) if block["type"] == "actions" else [block.get("accessory") or {}]
        found += [dict(e) for e in elements if e.get("action_id") == action_id]
    return found


def shown(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
