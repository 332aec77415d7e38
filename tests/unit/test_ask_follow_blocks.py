"""The open-ask builders without mocks: the "still waiting" nudge names who and what kind, never the detail."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from bot.slack.blocks.ask_follow import ask_label, ask_nudge, waiting_on_section
from bot.slack.blocks.common import Message
from bot.slack.blocks.recap import AnswerLine, manager_recap
from bot.slack.ids import Action
from bot.slack.values import AskButton, decode
from tests.support.blockkit_checks import check_message


def valid(message: Message) -> str:
    kwargs = message.as_kwargs()
    assert check_message(kwargs["text"], kwargs["blocks"]) == []
    return json.dumps(kwargs, ensure_ascii=False)


def test_the_nudge_names_the_employee_the_kind_and_the_wait_and_offers_the_answer() -> None:
    message = ask_nudge(delivery_id=3, ask_id=8, employee_user_id="UANA", kind="lead_project", days_open=31)
    shown = valid(message)

    assert "<@UANA> is still waiting for your answer to their ask (lead a project): 31 days now." in shown
    assert "`/career-prep asks`" in shown
    assert '"action_id": "snooze"' in shown
    [button] = [e for b in message.blocks_json() for e in b.get("elements", []) if e.get("type") == "button"]
    assert (button["action_id"], decode(AskButton, button["value"])) == (Action.ASK_ANSWER, AskButton(ask_id=8))


def test_no_snooze_left_to_offer_means_no_menu() -> None:
    shown = valid(ask_nudge(delivery_id=3, ask_id=8, employee_user_id="UANA", kind="mentor", days_open=30, snoozes=()))

    assert "overflow" not in shown
    assert "Answer" in shown


@pytest.mark.parametrize(
    ("kind", "label"), [("mentor", "A mentor"), ("training", "A training or course"), ("gone", "Something else")]
)
def test_ask_labels(kind: str, label: str) -> None:
    assert ask_label(kind) == label


def test_the_check_in_line_for_one_ask_and_for_several() -> None:
    one = valid(
        Message(
            text="x", blocks=[waiting_on_section(employee_user_id="UANA", count=1, oldest_days=1, kinds=["stretch"])]
        )
    )
    many = valid(
        Message(
            text="x",
            blocks=[waiting_on_section(employee_user_id="UANA", count=3, oldest_days=40, kinds=["mentor", "other"])],
        )
    )

    assert "<@UANA> is also waiting on your answer to an ask (a stretch assignment), 1 day old." in one
    assert "to 3 asks (a mentor, something else), the oldest 40 days old." in many


def test_the_managers_recap_lists_the_answers_recorded_in_their_name_escaped() -> None:
    answers = [
        AnswerLine("mentor", "<@UBOSS> & co", True, "x" * 600),
        AnswerLine("stretch", "", False, "Not <b>now</b>"),
    ]
    shown = valid(
        manager_recap(
            employee_user_id="UANA",
            employee_name="Ana",
            manager_user_id="UMIRA",
            scheduled_at=datetime(2026, 12, 8, 14, 30, tzinfo=UTC),
            reader_tz="UTC",
            takeaways="",
            feedback="",
            items=[],
            check_in_on=None,
            answers=answers,
        )
    )

    assert "Your answers to <@UANA>'s asks, as <@UANA> recorded them" in shown
    assert "A mentor: &lt;@UBOSS&gt; &amp; co — *yes*: " in shown
    assert "A stretch assignment — *not now*: Not &lt;b&gt;now&lt;/b&gt;" in shown
    assert "<@UBOSS>" not in shown
