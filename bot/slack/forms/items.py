"""The action item forms: what is in the way of an item (Blocked), and an edit of its text and due date;
built, read back, and field errors placed."""

from __future__ import annotations

from datetime import date

from slack_sdk.models.blocks import DatePickerElement, InputBlock, PlainTextInputElement
from slack_sdk.models.views import View

from bot.domain.items import F_DUE, F_REASON, F_TEXT, ITEM_TEXT_MAX, REASON_MAX
from bot.slack import parse
from bot.slack.blocks.common import context, mention, section
from bot.slack.blocks.items import quote
from bot.slack.ids import Action, Callback
from bot.slack.ids import Block as BlockId
from bot.slack.values import ItemRef, encode

FIELD_BLOCKS: dict[str, str] = {F_TEXT: BlockId.ITEM_TEXT, F_DUE: BlockId.ITEM_DUE, F_REASON: BlockId.ITEM_REASON}


def blocked_modal(*, ref: ItemRef, text: str, other_user_id: str) -> View:
    """Asks what is in the way; the answer goes to the other person."""
    return View(
        type="modal",
        callback_id=Callback.ITEM_BLOCKED,
        title="What's in the way?",
        submit="Send",
        close="Cancel",
        private_metadata=encode(ref),
        blocks=[
            section(quote(text)),
            InputBlock(
                block_id=BlockId.ITEM_REASON,
                label="What's blocking it?",
                element=PlainTextInputElement(
                    action_id=Action.ITEM_REASON,
                    multiline=True,
                    max_length=REASON_MAX,
                    placeholder="A sentence is enough",
                ),
            ),
            context(f"{mention(other_user_id)} gets this in a direct message, so they can help clear the way."),
        ],
    )


def edit_modal(*, ref: ItemRef, text: str, due: date | None, tz: str) -> View:
    """Change what an item says and when it's due."""
    return View(
        type="modal",
        callback_id=Callback.ITEM_EDIT,
        title="Edit action item",
        submit="Save",
        close="Cancel",
        private_metadata=encode(ref),
        blocks=[
            InputBlock(
                block_id=BlockId.ITEM_TEXT,
                label="What needs doing",
                element=PlainTextInputElement(
                    action_id=Action.ITEM_TEXT,
                    multiline=True,
                    initial_value=text[:ITEM_TEXT_MAX],
                    max_length=ITEM_TEXT_MAX,
                ),
            ),
            InputBlock(
                block_id=BlockId.ITEM_DUE,
                label="Due date",
                optional=True,
                hint=f"Leave it empty if there's no deadline. Days are in your time zone ({tz}).",
                element=DatePickerElement(
                    action_id=Action.ITEM_DUE,
                    placeholder="No due date",
                    initial_date=due.isoformat() if due else None,
                ),
            ),
            context("Both of you see the new wording and date, and the change is noted in the item's history."),
        ],
    )


def blocked_block_for(field: str) -> str:
    """The Blocked form's block for a domain field's error (its one input, unless named)."""
    return FIELD_BLOCKS.get(field, BlockId.ITEM_REASON)


def edit_block_for(field: str) -> str:
    """The Edit form's block for a domain field's error (the text, unless named)."""
    return FIELD_BLOCKS.get(field, BlockId.ITEM_TEXT)


def typed_reason(state: parse.State) -> str:
    return parse.text_value(state, BlockId.ITEM_REASON, Action.ITEM_REASON)


def typed_edit(state: parse.State) -> tuple[str, date | None]:
    """The new wording and due date (None: no due date)."""
    text = parse.text_value(state, BlockId.ITEM_TEXT, Action.ITEM_TEXT)
    return text, parse.selected_date(state, BlockId.ITEM_DUE, Action.ITEM_DUE)
