"""The recap modal, the manager's thank-you recap and the employee's confirmation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    CheckboxesElement,
    DatePickerElement,
    DividerBlock,
    HeaderBlock,
    InputBlock,
    Option,
    PlainTextInputElement,
    RadioButtonsElement,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.domain.items import ITEM_TEXT_MAX
from bot.domain.recap import MAX_ROWS, TAKEAWAYS_MAX, Owner, RecapRow
from bot.slack.blocks.common import Message, clip, context, escape, escaped_clip, format_local, mention, section
from bot.slack.ids import Action, Callback, RecapRef, encode
from bot.slack.ids import Block as BlockId

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


def row_block(index: int, part: str) -> str:
    return f"recap_row_{index}_{part}"


def _row(index: int, row: RecapRow | None, owners: list[Option]) -> list[Block]:
    owner = owners[0] if row is None or row.owner is Owner.ME else owners[1]
    return [
        InputBlock(
            block_id=row_block(index, "text"),
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
            block_id=row_block(index, "owner"),
            label="Who does it",
            optional=True,
            element=StaticSelectElement(action_id=Action.RECAP_ITEM_OWNER, options=owners, initial_option=owner),
        ),
        InputBlock(
            block_id=row_block(index, "due"),
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
    return View(
        type="modal",
        callback_id=Callback.RECAP_FORM,
        title="Recap your 1:1",
        submit="Save recap",
        close="Cancel",
        blocks=blocks,
        private_metadata=encode(
            RecapRef(conversation_id=form.conversation_id, item_ids=[r.item_id for r in form.rows][:count])
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


@dataclass(frozen=True)
class ItemLine:
    text: str
    owner_user_id: str
    due: date | None


def _lines(items: list[ItemLine]) -> str:
    return "\n".join(
        f"• {escaped_clip(i.text, 300)}" + (f" — by {i.due:%a} {i.due.day} {i.due:%b}" if i.due else "") for i in items
    )


def manager_recap(
    *,
    employee_user_id: str,
    employee_name: str,
    manager_user_id: str,
    scheduled_at: datetime,
    reader_tz: str,
    takeaways: str,
    feedback: str,
    items: list[ItemLine],
    check_in_on: datetime | None,
) -> Message:
    """The thank-you recap to the manager: what was agreed and who does what by when."""
    who = mention(employee_user_id)
    theirs = [i for i in items if i.owner_user_id == employee_user_id]
    yours = [i for i in items if i.owner_user_id == manager_user_id]
    blocks: list[Block] = [
        HeaderBlock(text="Thank you for the career conversation"),
        context(f"{who} wrote up your 1:1 on {format_local(scheduled_at, reader_tz)}."),
    ]
    if takeaways:
        blocks.append(section("*Takeaways*\n>" + escaped_clip(takeaways, 1500).replace("\n", "\n>")))
    if feedback:
        blocks.append(section(f"*Feedback {who} heard*\n>" + escaped_clip(feedback, 1500).replace("\n", "\n>")))
    blocks.append(section("*What you'll do*\n" + (_lines(yours) if yours else "_Nothing this time._")))
    blocks.append(section(f"*What {who} will do*\n" + (_lines(theirs) if theirs else "_Nothing this time._")))
    blocks.append(DividerBlock())
    follow = f" I'll check in on what you agreed on {format_local(check_in_on, reader_tz)}." if check_in_on else ""
    blocks.append(ActionsBlock(elements=[ButtonElement(text="My action items", action_id=Action.OPEN_ITEMS)]))
    blocks.append(context(f"Thanks for making time for {who}'s growth.{follow}"))
    return Message(text=f"{escape(employee_name)} sent a recap of your career conversation", blocks=blocks)


def recap_saved(
    *,
    manager_user_id: str,
    employee_user_id: str,
    items: list[ItemLine],
    tz: str,
    check_in_on: datetime | None,
    held: str | None = None,
) -> Message:
    """The employee's confirmation that the recap is stored and sent, or when the manager gets it
    (`held`, from `gets_it`) if it waits for their working hours."""
    mine = [i for i in items if i.owner_user_id == employee_user_id]
    theirs = [i for i in items if i.owner_user_id == manager_user_id]
    if held is None:
        parts = [f":white_check_mark: Recap saved and sent to {mention(manager_user_id)} with a thank-you."]
    else:
        parts = [f":white_check_mark: Recap saved. {held}, with a thank-you."]
    if mine:
        parts.append("*Yours*\n" + _lines(mine))
    if theirs:
        parts.append(f"*{mention(manager_user_id)}'s*\n" + _lines(theirs))
    if check_in_on is not None and items:
        parts.append(f"I'll check in on these on {format_local(check_in_on, tz)}.")
    return Message(
        text="Recap saved and sent to your manager"
        if held is None
        else "Recap saved; your manager gets it in their working hours",
        blocks=[
            *(section(p) for p in parts),
            ActionsBlock(elements=[ButtonElement(text="My action items", action_id=Action.OPEN_ITEMS)]),
            context("Change it any time with `/career-prep recap`; your manager's copy updates itself."),
        ],
    )
