"""The meeting request forms: the employee's request and the manager's proposal of another time; built,
read back, and field errors placed."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import Block, DatePickerElement, InputBlock, PlainTextInputElement, TimePickerElement
from slack_sdk.models.views import View

from bot.domain.meeting_request import F_DATE, F_MESSAGE, F_TIME, MESSAGE_MAX, missing_slot
from bot.domain.meeting_request_draft import RequestDraft
from bot.slack import parse
from bot.slack.blocks.common import context, format_local, mention, section
from bot.slack.ids import Action, Callback
from bot.slack.ids import Block as BlockId
from bot.slack.values import RequestRef, encode

FIELD_BLOCKS: dict[str, str] = {
    F_MESSAGE: BlockId.REQUEST_MESSAGE,
    F_DATE: BlockId.REQUEST_DATE,
    F_TIME: BlockId.REQUEST_TIME,
}


def _slot_inputs(*, local: datetime | None, tz: str, date_label: str) -> list[Block]:
    return [
        InputBlock(
            block_id=BlockId.REQUEST_DATE,
            label=date_label,
            element=DatePickerElement(
                action_id=Action.REQUEST_DATE,
                placeholder="Pick a date",
                initial_date=local.date().isoformat() if local else None,
            ),
        ),
        InputBlock(
            block_id=BlockId.REQUEST_TIME,
            label="Start time",
            hint=f"In your time zone ({tz}).",
            element=TimePickerElement(
                action_id=Action.REQUEST_TIME,
                placeholder="Pick a time",
                initial_time=local.strftime("%H:%M") if local else None,
                timezone=tz,
            ),
        ),
    ]


def request_modal(draft: RequestDraft) -> View:
    """The employee's form: an editable draft and a proposed slot, prefilled."""
    blocks: list[Block] = [
        section(
            f"Ask {mention(draft.manager_user_id)} for a 30-minute career development conversation. "
            "Edit the draft below so it sounds like you."
        ),
        InputBlock(
            block_id=BlockId.REQUEST_MESSAGE,
            label="Your message",
            element=PlainTextInputElement(
                action_id=Action.REQUEST_MESSAGE,
                multiline=True,
                initial_value=draft.message,
                max_length=MESSAGE_MAX,
            ),
        ),
        *_slot_inputs(local=draft.slot_local, tz=draft.tz, date_label="Proposed date"),
        context(
            "When you send this, your manager gets it as a direct message from me and can accept your time "
            "or suggest another. I'll tell you their answer, and an agreed time becomes your next 1:1."
        ),
    ]
    return View(
        type="modal",
        callback_id=Callback.REQUEST_FORM,
        title="Request a conversation",
        submit="Send",
        close="Cancel",
        blocks=blocks,
    )


def counter_modal(*, request_id: int, employee_user_id: str, proposed_at: datetime, tz: str) -> View:
    """The manager's form for another time, prefilled with the employee's proposal in the manager's zone."""
    return View(
        type="modal",
        callback_id=Callback.REQUEST_COUNTER,
        title="Propose another time",
        submit="Propose",
        close="Cancel",
        private_metadata=encode(RequestRef(request_id=request_id)),
        blocks=[
            section(
                f"{mention(employee_user_id)} proposed {format_local(proposed_at, tz)}. Pick a time that "
                "works better for you; they'll be asked to accept it."
            ),
            *_slot_inputs(local=proposed_at.astimezone(ZoneInfo(tz)).replace(tzinfo=None), tz=tz, date_label="Date"),
        ],
    )


def block_for(field: str) -> str:
    """The input block that shows a domain field's error."""
    return FIELD_BLOCKS[field]


def typed_message(state: parse.State) -> str:
    return parse.text_value(state, BlockId.REQUEST_MESSAGE, Action.REQUEST_MESSAGE)


def picked_slot(state: parse.State) -> tuple[datetime | None, dict[str, str]]:
    """The picked local date and time, or the field errors for whichever is empty."""
    day = parse.selected_date(state, BlockId.REQUEST_DATE, Action.REQUEST_DATE)
    at = parse.selected_time(state, BlockId.REQUEST_TIME, Action.REQUEST_TIME)
    if day is None or at is None:
        return None, missing_slot(meeting_date=day, meeting_time=at)
    return datetime.combine(day, at), {}
