"""Recap steps for flow tests: the recap form's state values, and opening it once the 1:1 is over."""

from __future__ import annotations

from typing import Any

from bot.slack.ids import Action, Block, recap_row_block
from tests.support.fake_slack import FakeSlack
from tests.support.prep_flow import EMPLOYEE
from tests.support.signed import SignedSlack, datepicker, plain_text, static_select

MEETING_OVER = (2026, 12, 8, 15, 10)  # the 1:1 is 14:30-15:00 UTC on 8 Dec


def recap_values(
    *,
    met: bool = True,
    takeaways: str = "A move to product is realistic within a year",
    feedback: str = "Speak up earlier in design reviews",
    rows: list[tuple[str, str, str | None]] | None = None,
    count: int = 3,
    closing: list[int] | None = None,
) -> dict[str, dict[str, dict[str, Any]]]:
    chosen = "met" if met else "skipped"
    values: dict[str, dict[str, dict[str, Any]]] = {
        Block.RECAP_MET: {Action.RECAP_MET: {"type": "radio_buttons", "selected_option": {"value": chosen}}},
        Block.RECAP_TAKEAWAYS: {Action.RECAP_TEXT: plain_text(takeaways)},
        Block.RECAP_FEEDBACK: {Action.RECAP_TEXT: plain_text(feedback)},
    }
    rows = (
        rows
        if rows is not None
        else [
            ("Ask the platform lead about shadowing on-call", "employee", "2026-12-18"),
            ("Introduce Ana to the product director", "manager", "2026-12-15"),
        ]
    )
    for index in range(max(count, len(rows))):
        text, owner, due = rows[index] if index < len(rows) else ("", "employee", None)
        values[recap_row_block(index, "text")] = {Action.RECAP_ITEM_TEXT: plain_text(text)}
        values[recap_row_block(index, "owner")] = {Action.RECAP_ITEM_OWNER: static_select(owner)}
        values[recap_row_block(index, "due")] = {Action.RECAP_ITEM_DUE: datepicker(due)}
    if closing is not None:
        values[Block.RECAP_CLOSE_CARRIED] = {
            Action.RECAP_CLOSE_CARRIED: {"type": "checkboxes", "selected_options": [{"value": str(i)} for i in closing]}
        }
    return values


def open_recap(slack: SignedSlack, fake_slack: FakeSlack) -> dict[str, Any]:
    slack.command(EMPLOYEE, "recap")
    view = fake_slack.last_view()
    assert view["callback_id"] == "recap_form"
    return view
