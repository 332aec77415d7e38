"""The recap modal: built from the saved recap (or what was typed so far, when it grows), read back
into domain input, and each domain field's error placed on its block."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    CheckboxesElement,
    DatePickerElement,
    HeaderBlock,
    InputBlock,
    Option,
    PlainTextInputElement,
    RadioButtonsElement,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.domain.items import ITEM_TEXT_MAX
from bot.domain.recap import RecapState
from bot.domain.recap_input import F_FEEDBACK, F_TAKEAWAYS, MAX_ROWS, TAKEAWAYS_MAX, Owner, RecapInput, RecapRow
from bot.slack import parse
from bot.slack.blocks.common import clip, context, format_local, mention, section
from bot.slack.forms.recap_asks import AskRow, ask_blocks, read_asks, shown_ids, typed_rows
from bot.slack.ids import Action, Callback, recap_ask_block, recap_row_block
from bot.slack.ids import Block as BlockId
from bot.slack.values import MAX_ROW_ID, RecapRef, encode

MET = "met"
SKIPPED = "skipped"
CARRIED_SHOWN = 10  # a checkbox group holds ten options


@dataclass(frozen=True)
class CarriedChoice:
    item_id: int
    text: str
    owner_name: str


@dataclass(frozen=True)
class RecapForm:
    """What the recap modal shows: saved values when editing, typed values when growing."""

    conversation_id: int
    scheduled_at: datetime
    tz: str
    manager_user_id: str
    manager_name: str
    met: bool = True
    takeaways: str = ""
    feedback: str = ""
    rows: tuple[RecapRow, ...] = ()
    row_count: int = 3
    carried: tuple[CarriedChoice, ...] = ()
    closing: frozenset[int] = frozenset()
    editing: bool = False
    asks: tuple[AskRow, ...] = ()


def _row(index: int, row: RecapRow | None, owners: list[Option]) -> list[Block]:
    owner = owners[0] if row is None or row.owner is Owner.ME else owners[1]
    return [
        InputBlock(
            block_id=recap_row_block(index, "text"),
            label=f"Action {index + 1}",
            optional=True,
            element=PlainTextInputElement(
                action_id=Action.RECAP_ITEM_TEXT,
                max_length=ITEM_TEXT_MAX,
                placeholder="e.g. Ask the platform lead about shadowing their on-call week",
                initial_value=(row.text or None) if row else None,
            ),
        ),
        InputBlock(
            block_id=recap_row_block(index, "owner"),
            label="Who does it",
            optional=True,
            element=StaticSelectElement(action_id=Action.RECAP_ITEM_OWNER, options=owners, initial_option=owner),
        ),
        InputBlock(
            block_id=recap_row_block(index, "due"),
            label="By when",
            optional=True,
            element=DatePickerElement(
                action_id=Action.RECAP_ITEM_DUE,
                placeholder="No date",
                initial_date=row.due.isoformat() if row and row.due else None,
            ),
        ),
    ]


def recap_form(form: RecapForm) -> View:
    met_options = [
        Option(value=MET, label="We met"),
        Option(value=SKIPPED, label="We skipped it or moved it", description="Open items carry over untouched."),
    ]
    owners = [
        Option(value=Owner.ME.value, label="Me"),
        Option(value=Owner.MANAGER.value, label=clip(form.manager_name, 75)),
    ]
    count = min(max(form.row_count, len(form.rows), 1), MAX_ROWS)
    when = format_local(form.scheduled_at, form.tz)
    blocks: list[Block] = [
        section(
            f"*Recap of your 1:1 with {mention(form.manager_user_id)}* on {when}.\n"
            + (
                "You're editing a saved recap; your manager's copy will update."
                if form.editing
                else "Write it while it's fresh; within a day is best. Your manager gets it with a thank-you."
            )
        ),
        InputBlock(
            block_id=BlockId.RECAP_MET,
            label="Did it happen?",
            element=RadioButtonsElement(
                action_id=Action.RECAP_MET, options=met_options, initial_option=met_options[0 if form.met else 1]
            ),
        ),
        _text(
            BlockId.RECAP_TAKEAWAYS,
            "Key takeaways",
            "e.g. a move to product is realistic within a year",
            form.takeaways,
        ),
        _text(BlockId.RECAP_FEEDBACK, "Feedback you heard", "e.g. speak up earlier in design reviews", form.feedback),
        HeaderBlock(text="Action items"),
        context("Who does what, by when. Both of you will be checked in with a few weeks from now."),
    ]
    for index in range(count):
        blocks += _row(index, form.rows[index] if index < len(form.rows) else None, owners)
    if count < MAX_ROWS:
        blocks.append(
            ActionsBlock(elements=[ButtonElement(text="Add another", action_id=Action.RECAP_ADD_ROW, value="add")])
        )
    if form.carried:
        blocks.append(_carried(form))
    blocks += ask_blocks(form.asks, manager_name=form.manager_name)
    return View(
        type="modal",
        callback_id=Callback.RECAP_FORM,
        title="Recap your 1:1",
        submit="Save recap",
        close="Cancel",
        blocks=blocks,
        private_metadata=encode(
            RecapRef(
                conversation_id=form.conversation_id,
                item_ids=[r.item_id for r in form.rows][:count],
                ask_ids=shown_ids(form.asks),
            )
        ),
    )


def _text(block_id: str, label: str, placeholder: str, value: str) -> InputBlock:
    return InputBlock(
        block_id=block_id,
        label=label,
        optional=True,
        element=PlainTextInputElement(
            action_id=Action.RECAP_TEXT,
            multiline=True,
            max_length=TAKEAWAYS_MAX,
            placeholder=placeholder,
            initial_value=value or None,
        ),
    )


def _carried(form: RecapForm) -> InputBlock:
    options = [
        Option(value=str(c.item_id), label=clip(c.text, 75), description=clip(f"Owner: {c.owner_name}", 75))
        for c in form.carried[:CARRIED_SHOWN]
    ]
    initial = [o for o in options if int(o.value) in form.closing] or None
    return InputBlock(
        block_id=BlockId.RECAP_CLOSE_CARRIED,
        label="Open items from earlier conversations that are now done",
        optional=True,
        element=CheckboxesElement(action_id=Action.RECAP_CLOSE_CARRIED, options=options, initial_options=initial),
    )


def form_from_state(state: RecapState) -> RecapForm:
    return RecapForm(
        conversation_id=state.conversation_id,
        scheduled_at=state.scheduled_at,
        tz=state.tz,
        manager_user_id=state.manager_user_id,
        manager_name=state.manager_name,
        takeaways=state.takeaways,
        feedback=state.feedback,
        rows=state.rows,
        row_count=max(3, len(state.rows)),
        carried=tuple(CarriedChoice(i.id, i.text, i.owner.display_name) for i in state.carried),
        editing=state.editing,
        asks=tuple(AskRow(a.ask_id, a.kind, a.detail, a.asked_on) for a in state.asks),
    )


def form_with_typed(state: RecapState, typed: RecapInput, *, extra_rows: int = 0) -> RecapForm:
    """The form showing what the person typed so far (Slack forgets it on views.update)."""
    base = form_from_state(state)
    return replace(
        base,
        met=typed.met,
        takeaways=typed.takeaways,
        feedback=typed.feedback,
        rows=typed.rows,
        row_count=len(typed.rows) + extra_rows,
        closing=typed.close_item_ids,
        asks=typed_rows(base.asks, typed.asks),
    )


def recap_input(state: parse.State, ref: RecapRef) -> RecapInput:
    """What was typed, as domain input; each row keeps the saved item it was built from."""
    met = parse.selected_radio(state, BlockId.RECAP_MET, Action.RECAP_MET) in (None, MET)
    rows = []
    for index in range(MAX_ROWS):
        if recap_row_block(index, "text") not in state:
            break
        owner = parse.selected_option(state, recap_row_block(index, "owner"), Action.RECAP_ITEM_OWNER)
        rows.append(
            RecapRow(
                text=parse.text_value(state, recap_row_block(index, "text"), Action.RECAP_ITEM_TEXT),
                owner=Owner(owner) if owner in set(Owner) else Owner.ME,
                due=parse.selected_date(state, recap_row_block(index, "due"), Action.RECAP_ITEM_DUE),
                item_id=ref.item_ids[index] if index < len(ref.item_ids) else None,
            )
        )
    closing = parse.checked_values(state, BlockId.RECAP_CLOSE_CARRIED, Action.RECAP_CLOSE_CARRIED)
    return RecapInput(
        met=met,
        takeaways=parse.text_value(state, BlockId.RECAP_TAKEAWAYS, Action.RECAP_TEXT),
        feedback=parse.text_value(state, BlockId.RECAP_FEEDBACK, Action.RECAP_TEXT),
        rows=tuple(rows),
        close_item_ids=frozenset(int(v) for v in closing if v.isdigit() and int(v) <= MAX_ROW_ID),
        asks=read_asks(state, ref),
    )


def block_for(field: str) -> str:
    """The input block that shows a domain field's error."""
    if field == F_TAKEAWAYS:
        return BlockId.RECAP_TAKEAWAYS
    if field == F_FEEDBACK:
        return BlockId.RECAP_FEEDBACK
    if field.startswith("row_"):
        _, index, part = field.split("_", 2)
        return recap_row_block(int(index), part)
    if field.startswith("ask_"):
        _, index, part = field.split("_", 2)
        return recap_ask_block(int(index), part)
    return BlockId.RECAP_TAKEAWAYS
