"""The answer form for an ask: yes (what happens next, an optional action item), not now (a reason,
an optional date to revisit) or redirect (a person, or a link and a note); built, read back, errors placed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from slack_sdk.models.blocks import (
    Block,
    DatePickerElement,
    InputBlock,
    InputInteractiveElement,
    Option,
    PlainTextInputElement,
    RadioButtonsElement,
    StaticSelectElement,
    UserSelectElement,
)
from slack_sdk.models.views import View

from bot.domain import asks as domain
from bot.domain.ask_views import AskLine
from bot.slack import parse
from bot.slack.blocks.asks import answer_text, ask_text
from bot.slack.blocks.common import context, mention, section
from bot.slack.ids import Action, Callback
from bot.slack.ids import Block as BlockId
from bot.slack.values import AskButton, encode

YES, NOT_NOW, REDIRECT = "yes", "not_now", "redirect"
OWNER_THEM, OWNER_ME = "them", "me"
F_CHOICE = "choice"
FIELD_BLOCKS: dict[str, str] = {
    F_CHOICE: BlockId.ASK_CHOICE,
    domain.F_NEXT: BlockId.ASK_TEXT,
    domain.F_REASON: BlockId.ASK_TEXT,
    "note": BlockId.ASK_TEXT,
    domain.F_REVISIT: BlockId.ASK_REVISIT,
    domain.F_ITEM: BlockId.ASK_ITEM_TEXT,
    domain.F_OWNER: BlockId.ASK_ITEM_OWNER,
    domain.F_DUE: BlockId.ASK_ITEM_DUE,
    domain.F_TARGET: BlockId.ASK_TARGET,
    domain.F_RESOURCE: BlockId.ASK_RESOURCE,
}


def _optional(block_id: str, label: str, element: InputInteractiveElement, hint: str | None = None) -> InputBlock:
    return InputBlock(block_id=block_id, label=label, element=element, optional=True, hint=hint)


def answer_modal(line: AskLine) -> View:
    """One form for every answer: pick yes / not now / redirect and fill what goes with it."""
    who = mention(line.employee_user_id)
    choices = [
        Option(value=YES, label="Yes", description="Say what happens next; add an action item if you like."),
        Option(value=NOT_NOW, label="Not now", description="Give the reason; pick a date to look again if you can."),
        Option(value=REDIRECT, label="Redirect", description="Someone else, or a link, is a better fit."),
    ]
    owners = [Option(value=OWNER_THEM, label=f"{line.employee_name}"[:75]), Option(value=OWNER_ME, label="Me")]
    earlier = answer_text(line)
    blocks: list[Block] = [
        section(f"{who} asked: {ask_text(line)}" + (f"\nSo far: {earlier}" if earlier else "")),
        InputBlock(
            block_id=BlockId.ASK_CHOICE,
            label="Your answer",
            element=RadioButtonsElement(action_id=Action.ASK_CHOICE, options=choices),
        ),
        _optional(
            BlockId.ASK_TEXT,
            "In your words",
            PlainTextInputElement(action_id=Action.ASK_TEXT, multiline=True, max_length=domain.TEXT_MAX),
            hint="Yes: what happens next. Not now: the reason (needed). Redirect: a short note.",
        ),
        _optional(BlockId.ASK_REVISIT, "Not now: look at it again on", DatePickerElement(action_id=Action.ASK_REVISIT)),
        _optional(
            BlockId.ASK_ITEM_TEXT,
            "Yes: an action item",
            PlainTextInputElement(action_id=Action.ASK_ITEM_TEXT, max_length=500),
        ),
        _optional(
            BlockId.ASK_ITEM_OWNER,
            "Who does it",
            StaticSelectElement(action_id=Action.ASK_ITEM_OWNER, options=owners, initial_option=owners[1]),
        ),
        _optional(BlockId.ASK_ITEM_DUE, "Due", DatePickerElement(action_id=Action.ASK_ITEM_DUE)),
        _optional(BlockId.ASK_TARGET, "Redirect: to a person", UserSelectElement(action_id=Action.ASK_TARGET)),
        _optional(
            BlockId.ASK_RESOURCE,
            "Redirect: or to a link or place",
            PlainTextInputElement(action_id=Action.ASK_RESOURCE, max_length=domain.TEXT_MAX),
        ),
        context(
            f"{who} gets your answer by DM in their working hours. A person you redirect to sees the ask only "
            f"if {who} agrees."
        ),
    ]
    return View(
        type="modal",
        callback_id=Callback.ASK_ANSWER,
        title="Answer an ask",
        submit="Send answer",
        close="Cancel",
        private_metadata=encode(AskButton(ask_id=line.ask_id)),
        blocks=blocks,
    )


@dataclass(frozen=True)
class AnswerInput:
    choice: str | None
    text: str
    revisit_on: date | None
    item_text: str
    item_mine: bool
    item_due: date | None
    target_user_id: str | None
    resource: str


def read_answer(state: parse.State) -> AnswerInput:
    owner = parse.selected_option(state, BlockId.ASK_ITEM_OWNER, Action.ASK_ITEM_OWNER)
    return AnswerInput(
        choice=parse.selected_radio(state, BlockId.ASK_CHOICE, Action.ASK_CHOICE),
        text=parse.text_value(state, BlockId.ASK_TEXT, Action.ASK_TEXT),
        revisit_on=parse.selected_date(state, BlockId.ASK_REVISIT, Action.ASK_REVISIT),
        item_text=parse.text_value(state, BlockId.ASK_ITEM_TEXT, Action.ASK_ITEM_TEXT),
        item_mine=owner != OWNER_THEM,
        item_due=parse.selected_date(state, BlockId.ASK_ITEM_DUE, Action.ASK_ITEM_DUE),
        target_user_id=parse.selected_user(state, BlockId.ASK_TARGET, Action.ASK_TARGET),
        resource=parse.text_value(state, BlockId.ASK_RESOURCE, Action.ASK_RESOURCE),
    )


def missing(form: AnswerInput) -> dict[str, str]:
    """What the form needs before the domain looks at it."""
    if form.choice not in (YES, NOT_NOW, REDIRECT):
        return {F_CHOICE: "Pick yes, not now or redirect."}
    if form.choice == REDIRECT and not form.target_user_id and not form.resource.strip():
        return {domain.F_TARGET: "Pick a person, or add a link or place below."}
    return {}


def block_for(field: str) -> str:
    return FIELD_BLOCKS.get(field, BlockId.ASK_TEXT)
